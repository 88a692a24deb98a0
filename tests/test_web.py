"""The web app (`sla-drafter serve`) over HTTP, with Starlette's test client.

No server is started: the ASGI app is called in-process. Routes and their error
paths (wrong Host, missing token, missing CSRF, oversize and broken uploads) each
have a test; downloads are read back with the library that opens them.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings

from click.testing import CliRunner

with warnings.catch_warnings():  # Starlette's note that it prefers httpx2 to httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sla_drafter.cli import cli
from sla_drafter.web import create_app
from sla_drafter.web.templating import STATIC_DIR, TEMPLATES_DIR

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8800"
TOKEN = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), base_url=BASE) as c:
        c.get("/")  # receive the CSRF cookie
        yield c


def csrf(client: TestClient) -> str:
    value = client.cookies.get("sla_csrf")
    assert value
    return value


# --------------------------------------------------------------------------- piece 1: the server


def test_home_page_and_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "<h1>" in r.text and 'href="/review"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"


def test_csrf_cookie_is_httponly_and_strict() -> None:
    with TestClient(create_app(), base_url=BASE) as c:
        cookie = c.get("/").headers["set-cookie"]
    assert cookie.startswith("sla_csrf=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_static_assets_are_served_and_nothing_is_fetched_from_elsewhere(client: TestClient) -> None:
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert "javascript" in client.get("/static/app.js").headers["content-type"]
    for path in [*TEMPLATES_DIR.rglob("*"), *STATIC_DIR.rglob("*")]:
        if path.is_file():
            text = path.read_text("utf-8")
            assert "http://" not in text and "https://" not in text and "//cdn" not in text, path


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "error: Not Found" in r.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8800", "127.0.0.1.nip.io:8800"])
def test_foreign_host_header_is_refused(host: str) -> None:
    """DNS rebinding: a page on another name that resolves to us gets nothing."""
    with TestClient(create_app(), base_url=f"http://{host}") as c:
        r = c.get("/")
    assert r.status_code == 421
    assert "does not answer to host" in r.text


@pytest.mark.parametrize("host", ["127.0.0.1:8800", "localhost:8800", "localhost", "[::1]:8800"])
def test_loopback_host_names_are_served(host: str) -> None:
    with TestClient(create_app(), base_url=f"http://{host}") as c:
        assert c.get("/").status_code == 200


def test_bound_elsewhere_every_request_needs_the_token() -> None:
    app = create_app(host="192.168.1.20", port=8800, token=TOKEN)
    with TestClient(app, base_url="http://192.168.1.20:8800", follow_redirects=False) as c:
        assert c.get("/").status_code == 401
        assert c.get("/static/app.css").status_code == 401
        assert c.get("/?token=wrong-token-value").status_code == 401
        assert c.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        r = c.get(f"/review?token={TOKEN}&x=1")
        assert r.status_code == 303 and r.headers["location"] == "/review?x=1"
        assert "sla_token=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie now carries it


def test_oversize_body_is_refused_by_content_length() -> None:
    with TestClient(create_app(max_body=1000), base_url=BASE) as c:
        r = c.post("/", content=b"x" * 2000)
    assert r.status_code == 413
    assert "upload is too large" in r.text


def test_serve_refuses_other_hosts_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLA_DRAFTER_TOKEN", raising=False)
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0") and "--token" in lines[0]
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token", "short"])
    assert r.exit_code == 2 and "too short" in r.output


def test_serve_is_listed_and_other_commands_do_not_load_the_web_stack() -> None:
    assert "serve" in CliRunner().invoke(cli, ["--help"]).output
    code = (
        "import sys\n"
        "from sla_drafter.cli import main\n"
        "try:\n    main(['rules', 'SLA001'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'sla_drafter.web') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# --------------------------------------------------------------------------- piece 2: review

FIXTURES = ROOT / "tests" / "fixtures"
VENDOR_TXT = (FIXTURES / "lint" / "vendor.txt").read_bytes()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vendor_docx_bytes() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Vendor Service Level Agreement", 0)
    d.add_heading("1. Availability", 1)
    d.add_paragraph("Provider will use commercially reasonable efforts to make the Service "
                    "available 99.5% of the time in each month.")
    d.add_heading("2. Support", 1)
    d.add_paragraph("An automated acknowledgment of a ticket counts as a response.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def upload(client: TestClient, files: list[tuple[str, bytes]], stance: str = "customer",
           token: str | None = None) -> object:
    data = {"stance": stance, "csrf": csrf(client) if token is None else token}
    return client.post("/review", data=data, files=[("files", (n, b)) for n, b in files],
                       follow_redirects=False)


def test_review_form_has_a_plain_file_input_and_a_csrf_field(client: TestClient) -> None:
    r = client.get("/review")
    assert r.status_code == 200
    assert 'type="file" name="files"' in r.text and "multiple" in r.text
    assert f'name="csrf" value="{csrf(client)}"' in r.text
    assert 'enctype="multipart/form-data"' in r.text


def test_review_of_a_text_sla_shows_the_cli_report_and_downloads(client: TestClient) -> None:
    r = upload(client, [("vendor.txt", VENDOR_TXT)])
    assert r.status_code == 303
    location = r.headers["location"]
    page_ = client.get(location)
    assert page_.status_code == 200 and "vendor.txt" in page_.text
    assert f'src="{location}/report.html?severity=error&amp;severity=warning&amp;severity=info"' in page_.text
    report = client.get(location + "/report.html")
    assert report.status_code == 200
    assert "SLA lint report" in report.text and "<mark" in report.text
    assert "&lt;script&gt;" in report.text and "<script>" not in report.text
    assert "script-src" not in report.headers["content-security-policy"]
    assert "sandbox" in report.headers["content-security-policy"]
    assert report.headers["x-frame-options"] == "SAMEORIGIN"
    import json

    data = json.loads(client.get(location + "/report.json").content)
    assert data["schema_version"] == 1 and data["documents"][0]["path"] == "vendor.txt"
    codes = {f["code"] for f in data["documents"][0]["findings"]}
    assert codes
    sarif = client.get(location + "/report.sarif")
    assert "attachment" in sarif.headers["content-disposition"]
    assert json.loads(sarif.content)["version"] == "2.1.0"
    # the same bytes as the CLI's JSON for the same file (the label is the path)
    from sla_drafter.lint import LintConfig, LintResult, lint_path
    from sla_drafter.lint.formatters import render

    cli_doc = lint_path(FIXTURES / "lint" / "vendor.txt", config=LintConfig())
    assert [f["code"] for f in data["documents"][0]["findings"]] == [f.code for f in cli_doc.findings]
    cli_doc.path = "vendor.txt"
    assert render(LintResult(documents=[cli_doc]), "json").encode() == client.get(location + "/report.json").content


def test_review_filters_by_severity_and_topic(client: TestClient) -> None:
    location = upload(client, [("vendor.txt", VENDOR_TXT)]).headers["location"]  # type: ignore[attr-defined]
    import json

    findings = json.loads(client.get(location + "/report.json").content)["documents"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    others = [f for f in findings if f["severity"] != "error"]
    assert errors and others
    only_errors = client.get(location + "/report.html?severity=error").text
    assert only_errors.count('<li class="finding error"') == len(errors)
    assert '<li class="finding warning"' not in only_errors and '<li class="finding info"' not in only_errors
    topic = next(f["topic"] for f in findings if f["topic"])
    by_topic = client.get(f"{location}/report.html?topic={topic}").text
    assert by_topic.count('<li class="finding ') == sum(1 for f in findings if f["topic"] == topic)
    shown = client.get(f"{location}?severity=error").text
    assert f"showing {len(errors)} of {len(findings)} findings" in shown
    assert 'value="error" checked' in shown and 'value="info" checked' not in shown


def test_review_of_several_files_with_a_broken_one(client: TestClient) -> None:
    """The broken file gets the CLI's one-line error on the page; the others are reviewed."""
    r = upload(client, [("vendor.txt", VENDOR_TXT), ("broken.docx", b"this is not a zip"),
                        ("notes.md", b"# Notes\n\nThe Service is available 99.9% of the time.\n")])
    assert r.status_code == 303
    text = client.get(r.headers["location"]).text  # type: ignore[attr-defined]
    assert "error: broken.docx: not a DOCX file (not a zip archive)" in text
    assert "sla-drafter-web-" not in text  # the temporary folder is never shown
    assert "Review: 2 documents" in text
    assert client.get("/").status_code == 200  # still serving


def test_review_with_only_broken_files_stays_on_the_upload_page(client: TestClient) -> None:
    r = upload(client, [("scan.pdf", b"%PDF-1.4 garbage"), ("empty.txt", b"")])
    assert r.status_code == 422
    assert "error: scan.pdf: " in r.text and "error: empty.txt: file is empty (0 bytes)" in r.text
    assert 'type="file"' in r.text


def test_review_of_a_docx_offers_the_annotated_copy(client: TestClient) -> None:
    import io

    import docx

    r = upload(client, [("Vendor SLA.docx", vendor_docx_bytes())])
    location = r.headers["location"]  # type: ignore[attr-defined]
    text = client.get(location).text
    assert f'href="{location}/annotated/0"' in text
    got = client.get(location + "/annotated/0")
    assert got.status_code == 200 and got.headers["content-type"] == DOCX_TYPE
    assert 'filename="Vendor_SLA-annotated.docx"' in got.headers["content-disposition"]
    comments = docx.Document(io.BytesIO(got.content)).comments
    assert len(comments) >= 1 and any("SLA" in c.text for c in comments)


def test_annotated_copy_only_for_docx_and_unknown_reviews_are_404(client: TestClient) -> None:
    location = upload(client, [("vendor.txt", VENDOR_TXT)]).headers["location"]  # type: ignore[attr-defined]
    assert "/annotated/" not in client.get(location).text
    r = client.get(location + "/annotated/0")
    assert r.status_code == 404 and "DOCX uploads only" in r.text
    assert client.get("/review/not-a-review").status_code == 404
    assert client.get(location + "/report.xml").status_code == 404


def test_review_post_without_csrf_is_refused(client: TestClient) -> None:
    r = client.post("/review", data={"stance": "customer"}, files=[("files", ("v.txt", VENDOR_TXT))])
    assert r.status_code == 403 and "security token" in r.text
    r = upload(client, [("vendor.txt", VENDOR_TXT)], token="forged-value-forged-value")
    assert r.status_code == 403  # type: ignore[attr-defined]


def test_review_post_with_no_file_or_bad_stance(client: TestClient) -> None:
    r = client.post("/review", data={"stance": "customer", "csrf": csrf(client)})
    assert r.status_code == 400 and "choose at least one file" in r.text
    r = upload(client, [("vendor.txt", VENDOR_TXT)], stance="judge")
    assert r.status_code == 400 and "unknown stance" in r.text  # type: ignore[attr-defined]


def test_oversize_upload_shows_the_error_on_the_page() -> None:
    with TestClient(create_app(max_body=4096), base_url=BASE) as c:
        c.get("/review")
        token = c.cookies.get("sla_csrf")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it arrives
            head = (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + str(token).encode()
                    + b"\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n")
            yield head
            for _ in range(10):
                yield b"x" * 1024
            yield b"\r\n--b--\r\n"

        r = c.post("/review", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        assert "error: upload is too large (limit 4096 bytes in all)" in r.text
        r = c.post("/review", content=b"x" * 5000, headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        assert c.get("/review").status_code == 200


def test_upload_names_are_labels_never_paths() -> None:
    from sla_drafter.web.reviewing import display_name, safe_suffix

    assert display_name("../../etc/passwd", 0) == "passwd"
    assert display_name("C:\\Users\\me\\SLA.docx", 0) == "SLA.docx"
    assert display_name("..", 3) == "upload-4"
    assert display_name("a\x00b\nc.pdf", 0) == "abc.pdf"
    assert len(display_name("x" * 500 + ".pdf", 0)) == 120
    assert safe_suffix("evil.sh") == ".txt" and safe_suffix("A.PDF") == ".pdf"


def test_uploads_are_processed_in_a_private_folder_removed_afterwards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os
    import tempfile

    from sla_drafter.web.reviewing import Upload, lint_uploads

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[str, int]] = []
    from sla_drafter.lint import batch

    real = batch._lint_one

    def spy(task: tuple[str, object, bool]) -> object:
        folder = Path(task[0]).parent
        seen.append((task[0], os.stat(folder).st_mode & 0o777))
        return real(task)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_lint_one", spy)
    review = lint_uploads([Upload("../../x/vendor.txt", VENDOR_TXT)], "customer")
    assert review.result.documents[0].path == "../../x/vendor.txt"
    (path, mode), = seen
    assert Path(path).name == "01.txt" and Path(path).parent.parent == tmp_path
    assert mode == 0o700
    assert list(tmp_path.iterdir()) == []
