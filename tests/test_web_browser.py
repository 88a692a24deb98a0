"""End-to-end tests of the web app in a real headless Chromium (marked `browser`).

They need Debian's `chromium` and `chromium-driver` and are skipped cleanly without them.
The app runs under uvicorn in a thread; ChromeDriver is driven over its W3C HTTP API
(tests/webdriver.py). With SLA_WEB_SCREENSHOTS=<folder> (what `make demo-web` sets),
each page's screenshot is written there.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

from webdriver import Browser, browser_paths, free_port  # noqa: E402

from sla_drafter.web import create_app  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(browser_paths() is None, reason="needs chromium and chromium-driver"),
]

SHOTS = os.environ.get("SLA_WEB_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(port=port), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Browser]:
    paths = browser_paths()
    assert paths is not None
    b = Browser(*paths, downloads=downloads)
    yield b
    b.quit()


def shot(browser: Browser, name: str) -> None:
    if SHOTS:
        browser.screenshot(Path(SHOTS) / f"web-{name}.png")


def no_console_errors(browser: Browser) -> None:
    severe = [e for e in browser.console() if e.get("level") == "SEVERE"]
    assert severe == [], severe


def downloaded(folder: Path, suffix: str) -> Path:
    end = time.monotonic() + 30
    while time.monotonic() < end:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download in {sorted(folder.iterdir())}")


def test_pages_load_without_console_errors(browser: Browser, server: str) -> None:
    for name, path in (("home", "/"), ("library", "/library"), ("rules", "/rules")):
        browser.get(server + path)
        assert browser.run("return document.querySelector('h1').textContent")
        shot(browser, name)
        no_console_errors(browser)


def test_review_a_vendor_docx_in_the_browser(browser: Browser, server: str, downloads: Path,
                                             tmp_path: Path) -> None:
    import docx
    from test_web import vendor_docx_bytes

    vendor = tmp_path / "Vendor SLA.docx"
    vendor.write_bytes(vendor_docx_bytes())
    browser.get(server + "/review")
    shot(browser, "review-upload")
    browser.type("#files", str(vendor), clear=False)
    assert "Vendor SLA.docx" in browser.run("return document.querySelector('[data-file-list]').textContent")
    browser.click("#upload button[type=submit]")
    browser.wait(lambda: "/review/" in browser.run("return location.pathname"))
    count = browser.wait(lambda: browser.run(
        "const f = document.querySelector('iframe.report');"
        "return f && f.contentDocument ? f.contentDocument.querySelectorAll('li.finding').length : 0"))
    assert count >= 1
    shot(browser, "review-report")
    browser.click("a[href*='/annotated/0']")
    annotated = downloaded(downloads, ".docx")
    assert annotated.name == "Vendor_SLA-annotated.docx"
    assert len(docx.Document(io.BytesIO(annotated.read_bytes())).comments) >= 1
    annotated.unlink()
    no_console_errors(browser)


def test_fill_the_questionnaire_and_download_a_docx(browser: Browser, server: str, downloads: Path) -> None:
    import docx

    browser.get(server + "/draft?example=saas")
    visible = "return [...document.querySelectorAll('section.step')].filter(s => s.offsetParent !== null).length"
    browser.wait(lambda: browser.run(visible) == 1)  # one step at a time
    shot(browser, "draft-agreement")
    browser.click("[data-step-link='parties']")
    browser.type("[id='f-parties.customer.name']", "Harbour Shipping Ltd")
    browser.click("[data-step-link='levels']")
    browser.type("[id='f-metrics[0].target']", "150%")
    browser.click("[id='f-metrics[0].name']")  # leaving the field fires change
    error = "return document.querySelector(\"[data-error-for='metrics[0].target']\").textContent"
    assert browser.wait(lambda: browser.run(error)) == "must be between 0 and 100"
    assert browser.run("return document.querySelector(\"[data-step-count='levels']\").textContent") == "1"
    shot(browser, "draft-validation")
    browser.type("[id='f-metrics[0].target']", "99.95%")
    browser.click("[id='f-metrics[0].name']")
    browser.wait(lambda: browser.run(error) == "")
    browser.click("[data-step-link='stance']")
    browser.click("input[name=stance][value=customer]")
    shot(browser, "draft-stance")
    browser.click("[data-step-link='finish']")
    browser.click("button[value='download:docx']")
    drafted = downloaded(downloads, ".docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(drafted.read_bytes())).paragraphs)
    assert "Harbour Shipping Ltd" in text and "99.95%" in text
    drafted.unlink()
    browser.click("button[value='preview']")
    browser.wait(lambda: browser.run("return document.querySelector('#preview') !== null"))
    assert "Harbour Shipping Ltd" in browser.run("return document.querySelector('#preview').textContent")
    shot(browser, "draft-preview")
    no_console_errors(browser)


def test_compare_a_vendor_docx_against_the_example_requirements(browser: Browser, server: str, downloads: Path,
                                                                tmp_path: Path) -> None:
    import openpyxl
    from test_web import vendor_docx_bytes

    vendor = tmp_path / "Vendor SLA.docx"
    vendor.write_bytes(vendor_docx_bytes())
    browser.get(server + "/compare")
    assert browser.run("return document.querySelector('#example').value") == "rfp.yaml"
    browser.type("#files", str(vendor), clear=False)
    assert "Vendor SLA.docx" in browser.run("return document.querySelector('[data-file-list]').textContent")
    shot(browser, "compare-upload")
    browser.click("#compare-upload button[type=submit]")
    browser.wait(lambda: "/compare/" in browser.run("return location.pathname"))
    assert "Vendor SLA.docx" in browser.run("return document.querySelector('#scores').textContent")
    statuses = browser.wait(lambda: browser.run(
        "const f = document.querySelector('iframe.report');"
        "const d = f && f.contentDocument;"
        "return d ? [...d.querySelectorAll('td.met, td.exceeded, td.weaker, td.missing, td.unclear')]"
        ".map(td => td.textContent) : null"))
    assert len(statuses) == 13 and statuses[0] == "weaker"  # 99.5% offered against 99.9%
    shot(browser, "compare-result")
    browser.click("a[href$='/matrix.xlsx']")
    filled = downloaded(downloads, ".xlsx")
    assert filled.name == "rfp-comparison.xlsx"
    ws = openpyxl.load_workbook(filled)["Response matrix"]
    assert ws["A2"].value == "SLR-01" and ws["G2"].value in ("No", "Partial")
    filled.unlink()
    no_console_errors(browser)
