"""The web app's Compare page over HTTP, with Starlette's test client.

Each result is checked against what the CLI gives for the same files (`compare
--format json`, `compare -o x.xlsx`, `rfp REQ -o matrix.xlsx`), byte for byte, and
the workbooks are read back with openpyxl. Every error path has a test: bad
requirements YAML, an unreadable vendor file among good ones, missing CSRF, oversize.
"""

from __future__ import annotations

import html
import io
import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
openpyxl = pytest.importorskip("openpyxl")

import httpx  # noqa: E402
from click.testing import CliRunner  # noqa: E402

with warnings.catch_warnings():  # Starlette's note that it prefers httpx2 to httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from test_rfp_outputs import VENDOR_A, VENDOR_B  # noqa: E402
from test_web import vendor_docx_bytes  # noqa: E402

from sla_drafter.cli import cli  # noqa: E402
from sla_drafter.resources import examples_dir  # noqa: E402
from sla_drafter.rfp.matrix import INSTRUCTIONS_SHEET, MATRIX_SHEET  # noqa: E402
from sla_drafter.web import create_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8800"
EXAMPLE = examples_dir() / "requirements" / "rfp.yaml"
BAD_REQS = ROOT / "tests" / "fixtures" / "requirements"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VENDORS = [("alder.md", VENDOR_A.encode()), ("birch.txt", VENDOR_B.encode())]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), base_url=BASE) as c:
        c.get("/")  # receive the CSRF cookie
        yield c


def csrf(client: TestClient) -> str:
    value = client.cookies.get("sla_csrf")
    assert value
    return value


def post(client: TestClient, vendors: list[tuple[str, bytes]], *, example: str = "rfp.yaml",
         requirements: tuple[str, bytes] | None = None, token: str | None = None) -> httpx.Response:
    files = [("files", (n, b)) for n, b in vendors]
    if requirements is not None:
        files.append(("requirements_file", requirements))
    data = {"example": example, "csrf": csrf(client) if token is None else token}
    return client.post("/compare", data=data, files=files, follow_redirects=False)


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def cli_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The web's inputs under the same names in a folder, for the CLI to run from."""
    (tmp_path / "examples" / "requirements").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "examples" / "requirements" / "rfp.yaml")
    for name, data in VENDORS:
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- the page


def test_compare_form_offers_the_examples_an_upload_and_the_nav_entry(client: TestClient) -> None:
    r = client.get("/compare")
    assert r.status_code == 200
    assert '<option value="rfp.yaml" selected>rfp.yaml</option>' in r.text
    assert 'type="file" name="requirements_file"' in r.text and 'accept=".yaml,.yml"' in r.text
    assert 'type="file" name="files" id="files" multiple' in r.text
    assert f'name="csrf" value="{csrf(client)}"' in r.text
    assert '<a href="/compare" aria-current="page">Compare</a>' in r.text
    assert 'href="/compare"' in client.get("/").text


def test_two_vendors_side_by_side_with_scores_and_the_clis_json(client: TestClient, cli_inputs: Path) -> None:
    r = post(client, VENDORS)
    assert r.status_code == 303
    location = r.headers["location"]
    page = client.get(location)
    assert page.status_code == 200
    assert "2 vendors" in page.text and "examples/requirements/rfp.yaml" in page.text
    assert f'src="{location}/report.html"' in page.text
    cli_json = CliRunner().invoke(
        cli, ["compare", "examples/requirements/rfp.yaml", "alder.md", "birch.txt", "--format", "json"])
    assert cli_json.exit_code == 0, cli_json.output
    got = client.get(location + "/report.json")
    assert got.headers["content-type"].startswith("application/json")
    assert 'filename="rfp-comparison.json"' in got.headers["content-disposition"]
    assert got.content == cli_json.output.encode()  # byte for byte the CLI's report
    data = json.loads(got.content)
    for vendor in data["vendors"]:  # each vendor's score and counts are on the page
        name, summary = vendor["vendor"], vendor["summary"]
        row = page.text.split(f"<tr><td>{name}</td>", 1)[1].split("</tr>", 1)[0]
        assert f"<strong>{summary['score']:g}</strong>" in row
        assert [int(x.rsplit(">", 1)[-1]) for x in row.split("</td>")[1:6]] == [
            summary[s] for s in ("met", "exceeded", "weaker", "missing", "unclear")]
        assert (", ".join(summary["mandatory_failed"]) or "none") in row


def test_the_report_frame_is_the_clis_html_report_under_the_report_policy(client: TestClient) -> None:
    hostile = b"AVAILABILITY\n\nAvailability of the <script>alert(1)</script> service will be 99.5% in each calendar month.\n"
    location = post(client, [*VENDORS, ("x.txt", hostile)]).headers["location"]
    report = client.get(location + "/report.html")
    assert report.status_code == 200
    assert "<h2>Side by side</h2>" in report.text
    assert "<th>alder.md</th><th>birch.txt</th><th>x.txt</th>" in report.text
    assert '<td class="exceeded">exceeded</td><td class="weaker">weaker</td>' in report.text  # SLR-01
    assert "independent third-party monitoring service" in report.text  # the vendor's words
    assert "§1. Availability" in report.text  # where they are
    assert "<script>" not in report.text and "&lt;script&gt;" in report.text
    csp = report.headers["content-security-policy"]
    assert "sandbox" in csp and "script-src" not in csp
    assert report.headers["x-frame-options"] == "SAMEORIGIN"


def test_filled_and_blank_matrices_are_the_clis_workbooks(client: TestClient, cli_inputs: Path) -> None:
    location = post(client, VENDORS).headers["location"]
    filled = client.get(location + "/matrix.xlsx")
    assert filled.status_code == 200 and filled.headers["content-type"] == XLSX_TYPE
    assert 'filename="rfp-comparison.xlsx"' in filled.headers["content-disposition"]
    runner = CliRunner()
    args = ["compare", "examples/requirements/rfp.yaml", "alder.md", "birch.txt", "-o", "filled.xlsx"]
    assert runner.invoke(cli, args).exit_code == 0
    assert filled.content == (cli_inputs / "filled.xlsx").read_bytes()
    ws = workbook(filled.content)[MATRIX_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert any("alder.md" in str(v) for v in rows[0]) and any("birch.txt" in str(v) for v in rows[0])
    assert any(str(r[0]).lower().startswith("score") for r in rows if r[0])

    blank = client.get(location + "/blank-matrix.xlsx")
    assert 'filename="rfp-matrix.xlsx"' in blank.headers["content-disposition"]
    assert runner.invoke(cli, ["rfp", "examples/requirements/rfp.yaml", "-o", "matrix.xlsx"]).exit_code == 0
    assert blank.content == (cli_inputs / "matrix.xlsx").read_bytes()
    wb = workbook(blank.content)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, MATRIX_SHEET]
    first = [c.value for c in wb[MATRIX_SHEET][2]]
    assert first[0] == "SLR-01" and first[5:] == [None, None, None, None]
    # the same blank matrix straight from the form page, before any vendor
    assert client.get("/compare/matrix.xlsx?example=rfp.yaml").content == blank.content


def test_one_vendor_fills_the_bidders_columns(client: TestClient) -> None:
    location = post(client, VENDORS[:1]).headers["location"]
    assert "1 vendor</h1>" in client.get(location).text
    ws = workbook(client.get(location + "/matrix.xlsx").content)[MATRIX_SHEET]
    assert ws["A2"].value == "SLR-01" and ws["G2"].value == "Yes"


def test_an_uploaded_requirements_file_is_used_instead_of_the_example(client: TestClient) -> None:
    good = (BAD_REQS / "good_minimal.yaml").read_bytes()
    location = post(client, VENDORS, requirements=("mine.yaml", good)).headers["location"]
    page = client.get(location).text
    assert "<code>mine.yaml</code>" in page
    data = json.loads(client.get(location + "/report.json").content)
    assert data["requirements_file"] == "mine.yaml"
    assert [[o["id"] for o in v["requirements"]] for v in data["vendors"]] == [["SLR-01"], ["SLR-01"]]
    assert "1 requirement from" in page


# --------------------------------------------------------------------------- error paths


@pytest.mark.parametrize("fixture", ["bad_several.yaml", "bad_not_yaml.yaml", "bad_duplicate_id.yaml"])
def test_bad_requirements_yaml_shows_the_clis_lines(client: TestClient, fixture: str, tmp_path: Path) -> None:
    text = (BAD_REQS / fixture).read_bytes()
    r = post(client, VENDORS, requirements=(fixture, text))
    assert r.status_code == 422
    local = tmp_path / fixture
    local.write_bytes(text)
    result = CliRunner().invoke(cli, ["compare", str(local), str(ROOT / "tests/fixtures/lint/vendor.txt")])
    assert result.exit_code == 2
    cli_lines = ("error: " + result.output.removeprefix("error: ")).replace(str(local), fixture).splitlines()
    shown = [html.unescape(line.split(">", 1)[1].split("</p>")[0])
             for line in r.text.splitlines() if 'class="error-line"' in line]
    assert shown == [line if line.startswith("error: ") else "error: " + line for line in cli_lines]
    assert shown and all(s.startswith(f"error: {fixture}:") for s in shown)
    assert 'type="file" name="files"' in r.text  # back on the form
    assert client.get("/compare").status_code == 200  # still serving


def test_requirements_that_are_not_text_or_empty(client: TestClient) -> None:
    r = post(client, VENDORS, requirements=("req.yaml", b"\xff\xfe\x00binary"))
    assert r.status_code == 422 and "error: req.yaml: not a text file (expected UTF-8 YAML)" in r.text
    r = post(client, VENDORS, requirements=("req.yaml", b""))
    assert r.status_code == 422 and "error: req.yaml: " in r.text


def test_unknown_example_is_a_one_line_error(client: TestClient) -> None:
    r = post(client, VENDORS, example="../../etc/passwd")
    assert r.status_code == 422 and "error: no bundled requirements file &#39;../../etc/passwd&#39;" in r.text
    assert "passwd" not in r.text.split('role="alert"', 1)[1].split("</p>", 1)[1]  # not offered back
    assert '<option value="rfp.yaml" selected>' in r.text
    assert client.get("/compare/matrix.xlsx?example=nope.yaml").status_code == 404


def test_an_unreadable_vendor_among_good_ones(client: TestClient) -> None:
    r = post(client, [VENDORS[0], ("broken.docx", b"this is not a zip"), VENDORS[1]])
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "error: broken.docx: not a DOCX file (not a zip archive)" in page
    assert "sla-drafter-web-" not in page  # the temporary folder is never shown
    assert "2 vendors" in page
    data = json.loads(client.get(r.headers["location"] + "/report.json").content)
    assert [v["vendor"] for v in data["vendors"]] == ["alder.md", "birch.txt"]


def test_only_unreadable_vendors_stay_on_the_form(client: TestClient) -> None:
    r = post(client, [("scan.pdf", b"%PDF-1.4 garbage"), ("empty.txt", b"")])
    assert r.status_code == 422
    assert "error: scan.pdf: " in r.text and "error: empty.txt: file is empty (0 bytes)" in r.text
    assert 'type="file" name="files"' in r.text


def test_no_vendor_file(client: TestClient) -> None:
    r = client.post("/compare", data={"example": "rfp.yaml", "csrf": csrf(client)})
    assert r.status_code == 400 and "error: choose at least one vendor SLA" in r.text


def test_compare_post_without_csrf_is_refused(client: TestClient) -> None:
    r = client.post("/compare", data={"example": "rfp.yaml"}, files=[("files", VENDORS[0])])
    assert r.status_code == 403 and "security token" in r.text
    assert post(client, VENDORS, token="forged-value-forged-value").status_code == 403


def test_oversize_upload_shows_the_error_on_the_compare_page() -> None:
    with TestClient(create_app(max_body=4096), base_url=BASE) as c:
        c.get("/compare")
        token = c.cookies.get("sla_csrf")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it arrives
            yield (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + str(token).encode()
                   + b"\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n")
            for _ in range(10):
                yield b"x" * 1024
            yield b"\r\n--b--\r\n"

        r = c.post("/compare", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        assert "error: upload is too large (limit 4096 bytes in all)" in r.text
        assert "Compare vendor SLAs" in r.text
        assert c.get("/compare").status_code == 200


def test_a_file_over_the_readers_limit_is_one_line(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.web import reviewing

    monkeypatch.setattr(reviewing, "MAX_BYTES", len(VENDOR_A) + 10)
    r = post(client, [VENDORS[0], ("huge.txt", b"x" * (len(VENDOR_A) + 11))])
    assert r.status_code == 303
    assert "error: huge.txt: file is too large" in client.get(r.headers["location"]).text
    r = post(client, VENDORS[:1], requirements=("big.yaml", b"#" * (len(VENDOR_A) + 11)))
    assert r.status_code == 422 and "error: big.yaml: file is too large" in r.text


def test_unknown_comparisons_and_downloads_are_404(client: TestClient) -> None:
    assert client.get("/compare/not-a-comparison").status_code == 404
    location = post(client, VENDORS[:1]).headers["location"]
    r = client.get(location + "/report.csv")
    assert r.status_code == 404 and "no download" in r.text


def test_vendors_are_compared_in_a_private_folder_removed_afterwards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os
    import tempfile

    from sla_drafter.rfp import compare
    from sla_drafter.web.comparing import compare_uploads, example_requirements
    from sla_drafter.web.reviewing import Upload

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[str, int]] = []
    real = compare.compare_path

    def spy(reqs: object, path: str) -> object:
        seen.append((path, os.stat(Path(path).parent).st_mode & 0o777))
        return real(reqs, path)  # type: ignore[arg-type]

    monkeypatch.setattr(compare, "compare_path", spy)
    done = compare_uploads(example_requirements("rfp.yaml"), [Upload("../../x/alder.md", VENDOR_A.encode())])
    assert [v.path for v in done.vendors] == ["../../x/alder.md"]
    (path, mode), = seen
    assert Path(path).name == "01.md" and Path(path).parent.parent == tmp_path
    assert mode == 0o700
    assert list(tmp_path.iterdir()) == []


def test_compare_store_forgets_the_oldest() -> None:
    from starlette.exceptions import HTTPException

    from sla_drafter.rfp.compare import Comparison
    from sla_drafter.web.comparing import CompareStore, example_requirements

    store = CompareStore(limit=2)
    reqs = example_requirements("rfp.yaml")
    keys = [store.add(Comparison(reqs)) for _ in range(3)]
    with pytest.raises(HTTPException):
        store.get(keys[0])
    assert store.get(keys[2]).requirements is reqs


def test_a_docx_vendor_is_compared(client: TestClient) -> None:
    location = post(client, [("Vendor SLA.docx", vendor_docx_bytes())]).headers["location"]
    data = json.loads(client.get(location + "/report.json").content)
    assert data["vendor"] == "Vendor SLA.docx"
    assert data["requirements"][0]["status"] == "weaker"  # 99.5% offered against 99.9%
