"""The web app's guards, as one pure ASGI middleware around every request.

In order: the Host header must name this server (a DNS-rebinding page cannot
reach it under its own name); a POST's Origin, when the browser sends one, must
be this server too; when a token is set, the request must carry it
(cookie, `Authorization: Bearer`, or `?token=` once, which sets the cookie and
redirects to the same URL without it); request bodies larger than the limit
are refused with 413 (by Content-Length, and by counting what arrives, for
chunked uploads); every response gets the security headers unless the route
set its own. The CSRF cookie is issued here; routes compare it with the form's
field (`forms.read_form`).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "sla_token"
CSRF_COOKIE = "sla_csrf"
TOKEN_ENV = "SLA_DRAFTER_TOKEN"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# Pages: our own scripts and styles only, no inline code, no framing, forms post to us.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
# The lint report shown in a frame: its inline stylesheet, nothing else, no scripts at all.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-same-origin"
)

BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("x-content-type-options", "nosniff"),
    # same-origin, not no-referrer: with no-referrer Chrome sends `Origin: null` on our own POSTs
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


def is_loopback(host: str) -> bool:
    return host.strip("[]") in LOOPBACK_HOSTS or host.startswith("127.")


def allowed_host_names(bind_host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """Every Host header value this server answers to: loopback names, the bound address
    (unless it is a wildcard) and `extra`, each bare and with `:port`."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if bind_host not in ("0.0.0.0", "::", ""):
        names.add(f"[{bind_host}]" if ":" in bind_host else bind_host)
    names.update(h.strip().lower() for h in extra if h.strip())
    return frozenset({*names, *(f"{n}:{port}" for n in names)})


@dataclass(frozen=True, slots=True)
class Guard:
    """What the middleware enforces; built by `create_app` from the serve options."""

    allowed_hosts: frozenset[str]
    token: str | None = None
    max_body: int = 50 * 1024 * 1024
    secure_cookies: bool = False


class BodyTooLarge(Exception):
    """Raised from `receive` once a request body passes the limit; routes that read
    bodies turn it into their own 413 page (`forms.read_form`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(too_large_message(limit))


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is the same as none
        return {}
    return {k: m.value for k, m in jar.items()}


def _cookie_header(name: str, value: str, secure: bool) -> tuple[bytes, bytes]:
    attrs = f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"
    return b"set-cookie", (attrs + ("; Secure" if secure else "")).encode("latin-1")


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        *[(k.encode(), v.encode()) for k, v in BASE_HEADERS],
        (b"content-security-policy", b"default-src 'none'"),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = self.guard
        headers = _headers(scope)
        host = headers.get("host", "").lower()
        if host not in guard.allowed_hosts:
            await _plain(send, 421, f"error: this server does not answer to host {host or '(none)'!r}")
            return
        origin = headers.get("origin")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and origin is not None \
                and urlsplit(origin).netloc.lower() not in guard.allowed_hosts:
            # a browser always names the page a POST comes from; only our own pages may post
            await _plain(send, 403, f"error: requests from {origin!r} are not accepted")
            return
        cookies = _cookies(headers)
        set_cookies: list[tuple[bytes, bytes]] = []
        if guard.token is not None:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            given = dict(query).get("token")
            if _same(given, guard.token) and scope["method"] in ("GET", "HEAD"):
                rest = urlencode([(k, v) for k, v in query if k != "token"])
                location = scope.get("path", "/") + (f"?{rest}" if rest else "")
                await _plain(send, 303, "see other", [
                    (b"location", location.encode("latin-1")),
                    _cookie_header(TOKEN_COOKIE, guard.token, guard.secure_cookies),
                ])
                return
            bearer = headers.get("authorization", "")
            bearer = bearer[7:] if bearer.lower().startswith("bearer ") else ""
            if not (_same(cookies.get(TOKEN_COOKIE), guard.token) or _same(bearer, guard.token)):
                await _plain(send, 401, "error: this server needs its access token; open the "
                             "address `sla-drafter serve` printed (it ends in ?token=...)")
                return
        csrf = cookies.get(CSRF_COOKIE, "")
        if len(csrf) < 20 or not csrf.replace("-", "").replace("_", "").isalnum():
            csrf = secrets.token_urlsafe(24)
            set_cookies.append(_cookie_header(CSRF_COOKIE, csrf, guard.secure_cookies))
        scope.setdefault("state", {})["csrf"] = csrf
        scope["state"]["csrf_cookie"] = cookies.get(CSRF_COOKIE, "")

        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > guard.max_body:
            await _plain(send, 413, "error: " + too_large_message(guard.max_body))
            return
        await self._run(scope, receive, send, set_cookies)

    async def _run(self, scope: Scope, receive: Receive, send: Send,
                   set_cookies: list[tuple[bytes, bytes]]) -> None:
        received = 0
        started = False
        limit = self.guard.max_body

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message)
                message["headers"] = _with_security_headers(list(message.get("headers", [])), set_cookies)
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _plain(send, 413, "error: " + too_large_message(limit))


def too_large_message(limit: int) -> str:
    size = f"{limit / 2**20:.0f} MiB" if limit >= 2**20 else f"{limit} bytes"
    return f"upload is too large (limit {size} in all)"


def _with_security_headers(headers: list[Any], set_cookies: list[tuple[bytes, bytes]]) -> list[Any]:
    present = {bytes(k).lower() for k, _ in headers}
    out = list(headers)
    for name, value in BASE_HEADERS:
        if name.encode() not in present:
            out.append((name.encode(), value.encode()))
    if b"content-security-policy" not in present:
        out.append((b"content-security-policy", PAGE_CSP.encode()))
    if b"x-frame-options" not in present:
        out.append((b"x-frame-options", b"DENY"))
    if b"cache-control" not in present:
        out.append((b"cache-control", b"no-store"))
    out.extend(set_cookies)
    return out
