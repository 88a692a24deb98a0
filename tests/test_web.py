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
