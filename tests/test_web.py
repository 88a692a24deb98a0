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

import httpx
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
    assert r.headers["referrer-policy"] == "same-origin"
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
            text = path.read_text("utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
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
           token: str | None = None) -> httpx.Response:
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
    location = upload(client, [("vendor.txt", VENDOR_TXT)]).headers["location"]
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
    text = client.get(r.headers["location"]).text
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
    location = r.headers["location"]
    text = client.get(location).text
    assert f'href="{location}/annotated/0"' in text
    got = client.get(location + "/annotated/0")
    assert got.status_code == 200 and got.headers["content-type"] == DOCX_TYPE
    assert 'filename="Vendor_SLA-annotated.docx"' in got.headers["content-disposition"]
    comments = docx.Document(io.BytesIO(got.content)).comments
    assert len(comments) >= 1 and any("SLA" in c.text for c in comments)


def test_annotated_copy_only_for_docx_and_unknown_reviews_are_404(client: TestClient) -> None:
    location = upload(client, [("vendor.txt", VENDOR_TXT)]).headers["location"]
    assert "/annotated/" not in client.get(location).text
    r = client.get(location + "/annotated/0")
    assert r.status_code == 404 and "DOCX uploads only" in r.text
    assert client.get("/review/not-a-review").status_code == 404
    assert client.get(location + "/report.xml").status_code == 404


def test_review_post_without_csrf_is_refused(client: TestClient) -> None:
    r = client.post("/review", data={"stance": "customer"}, files=[("files", ("v.txt", VENDOR_TXT))])
    assert r.status_code == 403 and "security token" in r.text
    r = upload(client, [("vendor.txt", VENDOR_TXT)], token="forged-value-forged-value")
    assert r.status_code == 403


def test_review_post_with_no_file_or_bad_stance(client: TestClient) -> None:
    r = client.post("/review", data={"stance": "customer", "csrf": csrf(client)})
    assert r.status_code == 400 and "choose at least one file" in r.text
    r = upload(client, [("vendor.txt", VENDOR_TXT)], stance="judge")
    assert r.status_code == 400 and "unknown stance" in r.text


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


# --------------------------------------------------------------------------- piece 3: draft

from html.parser import HTMLParser  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

EXAMPLES = ROOT / "examples"


class FormFields(HTMLParser):
    """What a browser submits from the form with `form_id` (without a button): the first
    option of a select with none selected, checked boxes only, textarea text."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.chosen: str | None = None
        self.first: str | None = None
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "file", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.chosen, self.first = a["name"], None, None
        elif tag == "option" and self.select:
            self.first = a.get("value", "") if self.first is None else self.first
            if "selected" in a:
                self.chosen = a.get("value", "")
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.fields.append((self.select, self.chosen if self.chosen is not None else self.first or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea[0], self.textarea[1]))
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1] += data


def form_fields(html: str, form_id: str = "draft") -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id!r}"
    return parser.fields


def set_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(k == name for k, _ in fields), name
    return [(k, value if k == name else v) for k, v in fields]


def post_draft(client: TestClient, fields: list[tuple[str, str]], action: str,
               url: str = "/draft") -> httpx.Response:
    return client.post(url, content=urlencode([*fields, ("action", action)]),
                       headers={"content-type": "application/x-www-form-urlencoded"})


@pytest.fixture(scope="module")
def saas_fields(client: TestClient) -> list[tuple[str, str]]:
    return form_fields(client.get("/draft?example=saas").text)


def test_blank_questionnaire_is_generated_from_the_schema(client: TestClient) -> None:
    r = client.get("/draft")
    assert r.status_code == 200
    for title in ("Agreement", "Parties", "Services", "Service levels", "Credits and maintenance",
                  "Stance and clauses", "Preview and download"):
        assert title in r.text
    assert 'type="date" id="f-agreement.effective_date" name="agreement.effective_date"' in r.text
    assert 'name="metrics[0].kind"' in r.text and '<option value="system_response_time">' in r.text
    assert 'name="services[0].coverage.business_hours"' in r.text and "e.g. 08:00-18:00" in r.text
    assert 'name="service_credits.tiers[0].credit"' not in r.text  # optional lists start empty
    assert 'value="add:service_credits.tiers"' in r.text
    assert 'name="stance" value="balanced" checked' in r.text
    assert "data-error-for" in r.text and "Problems" in r.text


@pytest.mark.parametrize("kind", ["saas", "managed-services", "internal-ola", "multi-level"])
def test_each_example_round_trips_through_the_form_to_the_clis_draft(client: TestClient, kind: str) -> None:
    """Form filled from the example, posted back: the same Markdown `sla-drafter draft` writes."""
    import importlib

    from sla_drafter.assemble.markdown import render_markdown
    from sla_drafter.library import load_library
    from sla_drafter.spec import load_spec

    fields = form_fields(client.get(f"/draft?example={kind}").text)
    r = post_draft(client, fields, "download:md")
    assert r.status_code == 200, r.text[:2000]
    assembler = importlib.import_module("sla_drafter.assemble.assembler")
    agreement, _ = assembler.build_agreement(load_spec(EXAMPLES / f"{kind}.yaml"), load_library(), "balanced")
    assert r.content == render_markdown(agreement)


def test_problems_show_beside_their_field_with_the_validate_messages(
    client: TestClient, saas_fields: list[tuple[str, str]], tmp_path: Path
) -> None:
    import html

    import yaml

    from sla_drafter.spec import SpecError, load_spec

    fields = set_field(saas_fields, "metrics[0].target", "150%")
    fields = set_field(fields, "agreement.effective_date", "")
    r = post_draft(client, fields, "check")
    assert r.status_code == 422
    text = html.unescape(r.text)
    # the CLI's messages for the same spec
    data = yaml.safe_load(EXAMPLES.joinpath("saas.yaml").read_text("utf-8"))
    data["metrics"][0]["target"] = "150%"
    del data["agreement"]["effective_date"]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data), "utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    cli_messages = {line.split(" ", 1)[1] for line in caught.value.errors}
    assert len(cli_messages) == 2
    for message in cli_messages:
        where, what = message.split(": ", 1)
        assert f'data-error-for="{where}">{what}</div>' in text, message
    assert 'class="field invalid" data-path="metrics[0].target"' in text
    assert 'data-step-count="levels">1<' in text.replace(" hidden", "")


def test_live_validation_returns_the_same_problems_as_json(
    client: TestClient, saas_fields: list[tuple[str, str]]
) -> None:
    ok = client.post("/draft/validate", content=urlencode(saas_fields),
                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert ok.json() == {"ok": True, "lines": [], "fields": {}}
    bad = set_field(saas_fields, "services[0].capacity.concurrent_users", "lots")
    r = client.post("/draft/validate", content=urlencode(bad),
                    headers={"content-type": "application/x-www-form-urlencoded"}).json()
    assert r["ok"] is False
    assert r["fields"] == {"services[0].capacity.concurrent_users": ["must be a whole number"]}
    assert r["lines"][0].startswith("spec.yaml:") and r["lines"][0].endswith(
        "services[0].capacity.concurrent_users: must be a whole number")


def test_list_items_are_added_and_removed(client: TestClient, saas_fields: list[tuple[str, str]]) -> None:
    n = sum(1 for k, _ in saas_fields if k.endswith(".kind") and k.startswith("metrics["))
    r = post_draft(client, saas_fields, "add:metrics")
    assert r.status_code == 200
    added = form_fields(r.text)
    assert ("__count__.metrics", str(n + 1)) in added and any(k == f"metrics[{n}].id" for k, _ in added)
    assert f'data-focus="metrics[{n}]"' in r.text
    # the empty new metric is reported, not dropped
    r = post_draft(client, added, "check")
    assert r.status_code == 422 and f'data-error-for="metrics[{n}].id">required key is missing' in r.text
    first_id = dict(saas_fields)["metrics[0].id"]
    second_id = dict(saas_fields)["metrics[1].id"]
    r = post_draft(client, saas_fields, "remove:metrics[0]")
    removed = dict(form_fields(r.text))
    assert removed["metrics[0].id"] == second_id and first_id not in removed.values()
    assert removed["__count__.metrics"] == str(n - 1)


def test_preview_renders_the_agreement_and_the_stance_changes_it(
    client: TestClient, saas_fields: list[tuple[str, str]]
) -> None:
    r = post_draft(client, saas_fields, "preview")
    assert r.status_code == 200
    text = r.text
    assert '<article class="preview" id="preview"><h1>' in text
    assert "Harbour &amp; Vale Logistics plc" in text and "<table>" in text
    customer = post_draft(client, [*saas_fields, ("stance", "customer")], "preview")
    provider = post_draft(client, [*saas_fields, ("stance", "provider")], "preview")

    def article(resp: httpx.Response) -> str:
        body: str = resp.text
        return body.split('<article class="preview"', 1)[1].split("</article>", 1)[0]

    assert article(customer) != article(provider)
    assert 'name="stance" value="provider" checked' in provider.text


def test_preview_escapes_what_the_user_typed(client: TestClient, saas_fields: list[tuple[str, str]]) -> None:
    fields = set_field(saas_fields, "parties.customer.name", "<script>alert(1)</script> & Co")
    text = post_draft(client, fields, "preview").text
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in text


def test_downloads_open_in_their_own_readers(client: TestClient, saas_fields: list[tuple[str, str]]) -> None:
    import io

    import docx
    import yaml

    r = post_draft(client, saas_fields, "download:docx")
    assert r.headers["content-type"] == DOCX_TYPE
    assert 'filename="SLA-2026-014.docx"' in r.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "Northwind Cloud Services Ltd" in text
    r = post_draft(client, saas_fields, "download:yaml")
    spec = yaml.safe_load(r.content)
    original = yaml.safe_load(EXAMPLES.joinpath("saas.yaml").read_text("utf-8"))
    assert spec["parties"] == original["parties"] and len(spec["metrics"]) == len(original["metrics"])
    r = post_draft(client, saas_fields, "download:md")
    assert r.content.startswith(b"# ")


def test_pdf_download(client: TestClient, saas_fields: list[tuple[str, str]]) -> None:
    r = post_draft(client, saas_fields, "download:pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    import pypdfium2

    pdf = pypdfium2.PdfDocument(r.content)
    assert len(pdf) >= 2 and "Northwind" in pdf[0].get_textpage().get_text_range()
    # and the drafted PDF reviews like a vendor's: uploaded, read, its findings reported
    review = upload(client, [("drafted.pdf", r.content)])
    assert review.status_code == 303
    import json

    report = json.loads(client.get(review.headers["location"] + "/report.json").content)
    assert report["documents"][0]["path"] == "drafted.pdf"
    assert report["documents"][0]["topics"]["availability"]["status"] == "present"
    assert report["summary"]["errors"] == 0  # our own drafts lint clean


def test_invalid_spec_is_not_drafted_but_its_yaml_can_be_saved(
    client: TestClient, saas_fields: list[tuple[str, str]]
) -> None:
    fields = set_field(saas_fields, "agreement.type", "")
    for action in ("preview", "download:docx"):
        r = post_draft(client, fields, action)
        assert r.status_code == 422 and "agreement.type: required key is missing" in r.text
    r = post_draft(client, fields, "download:yaml")
    assert r.status_code == 200 and b"agreement:" in r.content


def test_pinned_clause_unknown_is_one_line_on_the_page(
    client: TestClient, saas_fields: list[tuple[str, str]]
) -> None:
    from sla_drafter.library import load_library

    library = load_library()
    topic = next(t for t in library.topics() if len(library.for_topic(t)) > 1)
    other = next(c for c in library.for_topic(topic) if not c.default)
    assert f'<option value="{other.id}">' in client.get("/draft").text
    pinned = [*saas_fields, (f"clauses.{topic}", other.id)]
    r = post_draft(client, pinned, "download:yaml")
    assert f"clauses:\n  {topic}: {other.id}" in r.content.decode()
    r = post_draft(client, [*saas_fields, ("clauses.availability", "no.such.clause")], "preview")
    assert r.status_code == 422 and "no.such.clause" in r.text


def test_stance_step_shows_each_clauses_drafting_notes(client: TestClient) -> None:
    import html

    from sla_drafter.library import load_library

    text = html.unescape(client.get("/draft").text)
    clause = load_library().for_topic("service_credits")[0]
    for stance in ("customer", "balanced", "provider"):
        assert clause.notes[stance] in text


def test_load_an_existing_spec(client: TestClient) -> None:
    spec = EXAMPLES.joinpath("managed-services.yaml").read_bytes()
    r = client.post("/draft/load", data={"csrf": csrf(client)},
                    files={"spec_file": ("my spec.yaml", spec, "application/yaml")})
    assert r.status_code == 200
    fields = dict(form_fields(r.text))
    import yaml

    data = yaml.safe_load(spec)
    assert fields["parties.provider.name"] == data["parties"]["provider"]["name"]
    r = client.post("/draft/load", data={"csrf": csrf(client), "spec_text": "sla_drafter: 1\nagreement: [\n"})
    assert r.status_code == 422 and "error: spec.yaml:3: not valid YAML:" in r.text
    r = client.post("/draft/load", data={"csrf": csrf(client), "spec_text": "- a list\n"})
    assert r.status_code == 422 and "the top level must be a mapping" in r.text
    r = client.post("/draft/load", data={"csrf": csrf(client), "spec_text": "sla_drafter: 1\nfoo: 2\n"})
    assert r.status_code == 200 and "ignored keys the questionnaire does not know: foo" in r.text
    r = client.post("/draft/load", data={"csrf": csrf(client)},
                    files={"spec_file": ("x.yaml", b"\xff\xfe\x00bad", "application/yaml")})
    assert r.status_code == 422 and "x.yaml: not a text file" in r.text
    r = client.post("/draft/load", data={"csrf": csrf(client), "spec_text": "  "})
    assert r.status_code == 400


def test_draft_posts_without_csrf_are_refused(client: TestClient, saas_fields: list[tuple[str, str]]) -> None:
    no_token = [(k, v) for k, v in saas_fields if k != "csrf"]
    assert post_draft(client, no_token, "download:docx").status_code == 403
    r = post_draft(client, no_token, "check", url="/draft/validate")
    assert r.status_code == 403 and r.json() == {"error": "refused"}
    assert client.post("/draft/load", data={"spec_text": "sla_drafter: 1"}).status_code == 403


def test_unknown_example_is_a_one_line_error(client: TestClient) -> None:
    r = client.get("/draft?example=nope")
    assert r.status_code == 404 and "error: unknown kind &#39;nope&#39;" in r.text


def test_script_parses_when_node_is_available() -> None:
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to syntax-check app.js")
    subprocess.run([node, "--check", str(STATIC_DIR / "app.js")], check=True, capture_output=True)


# --------------------------------------------------------------------------- piece 4: library and rules


def test_library_page_shows_every_clause_in_each_stance_with_its_note(client: TestClient) -> None:
    import html

    from sla_drafter.library import load_library

    r = client.get("/library")
    assert r.status_code == 200
    text = html.unescape(r.text)
    library = load_library()
    for clause in library.clauses.values():
        assert f'id="{clause.id}"' in text, clause.id
        for stance in ("customer", "balanced", "provider"):
            assert clause.notes[stance] in text
    some = next(iter(library.clauses.values()))
    assert some.render_defaults("provider") in text
    only = html.unescape(client.get("/library?stance=customer").text)
    assert "<h4>customer</h4>" in only and "<h4>provider</h4>" not in only


def test_rules_page_lists_every_rule_with_rationale_and_examples(client: TestClient) -> None:
    import html

    from sla_drafter.lint.registry import all_rules

    text = html.unescape(client.get("/rules").text)
    rules = all_rules()
    for rule in rules:
        d = rule.describe()
        assert f'id="{d["code"]}"' in text and str(d["rationale"]) in text
        if d["anti_pattern"]:
            assert str(d["anti_pattern"]) in text
    errors = client.get("/rules?severity=error").text
    n_errors = sum(1 for r in rules if r.severity.value == "error")
    assert f"{n_errors} of {len(rules)} rules shown" in errors
    # every fix points at a clause the library page has
    library = client.get("/library").text
    for rule in rules:
        if rule.fix_clause:
            assert f'id="{rule.fix_clause}"' in library, rule.code


def test_form_pairs_are_what_the_page_submits(client: TestClient) -> None:
    """`questionnaire.form_pairs` (used by bench/web.py) matches the rendered form field for field."""
    import yaml

    from sla_drafter.web.questionnaire import form_pairs

    data = yaml.safe_load(EXAMPLES.joinpath("multi-level.yaml").read_text("utf-8"))
    page_fields = [(k, v) for k, v in form_fields(client.get("/draft?example=multi-level").text)
                   if k not in ("csrf", "stance") and not (k.startswith("clauses.") and not v)]
    assert sorted(form_pairs(data)) == sorted(page_fields)


def test_posts_from_other_origins_are_refused(client: TestClient) -> None:
    data = {"csrf": csrf(client), "spec_text": "sla_drafter: 1\n"}
    r = client.post("/draft/load", data=data, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and "not accepted" in r.text
    r = client.post("/draft/load", data=data, headers={"origin": "null"})
    assert r.status_code == 403
    assert client.post("/draft/load", data=data, headers={"origin": BASE}).status_code == 200


def test_review_store_forgets_the_oldest_reviews() -> None:
    from sla_drafter.lint import LintResult
    from sla_drafter.web.reviewing import Review, ReviewStore

    store = ReviewStore(limit=2, max_bytes=100)
    first = store.add(Review("customer", LintResult(), {}))
    second = store.add(Review("customer", LintResult(), {0: ("a.docx", b"x" * 60)}))
    assert store.get(first) and store.get(second)
    third = store.add(Review("customer", LintResult(), {0: ("b.docx", b"y" * 60)}))
    for gone in (first, second):  # the count limit, then the byte limit
        with pytest.raises(Exception, match="no longer in memory"):
            store.get(gone)
    assert store.get(third)


def test_serve_runs_a_real_server_that_needs_its_token(tmp_path: Path) -> None:
    """The command itself: uvicorn on a free port, the URL with the token printed."""
    import os
    import time

    from webdriver import free_port

    port = free_port()
    env = {**os.environ, "SLA_DRAFTER_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        server = subprocess.Popen([sys.executable, "-m", "sla_drafter.cli", "serve", "--port", str(port)],
                                  stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                first = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, out.read_text()
                time.sleep(0.1)
        assert first.status_code == 401
        assert f"{base}/?token={TOKEN}" in out.read_text()
        with httpx.Client(base_url=base, follow_redirects=True) as browser:
            r = browser.get(f"/?token={TOKEN}")
            assert r.status_code == 200 and str(r.url) == base + "/" and "server" not in r.headers
    finally:
        server.terminate()
        server.wait(10)
