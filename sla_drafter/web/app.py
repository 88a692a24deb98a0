"""The routes, and `create_app` which wraps them in the guard middleware."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..read import MAX_BYTES
from . import browse, comparing, drafting, reviewing
from .security import Guard, GuardMiddleware, allowed_host_names
from .templating import STATIC_DIR, page

# One request may carry several files of up to the readers' limit each; this caps the whole.
DEFAULT_MAX_BODY = MAX_BYTES


async def home(request: Request) -> Response:
    return page(request, "home.html", title="Home")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    return page(request, "error.html", status_code=status, title=f"Error {status}",
                message=str(detail), status=status)


async def _server_error(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: say so in one line; the traceback stays in the terminal log.
    return page(request, "error.html", status_code=500, title="Error 500",
                message=f"internal error ({type(exc).__name__}); the server keeps running",
                status=500)


def create_app(
    *,
    host: str = "127.0.0.1",
    port: int = 8800,
    token: str | None = None,
    extra_hosts: Iterable[str] = (),
    max_body: int = DEFAULT_MAX_BODY,
) -> Starlette:
    """The ASGI app. `host`/`port`/`extra_hosts` decide which Host headers are served;
    `token`, when set, is required on every request."""
    guard = Guard(
        allowed_hosts=allowed_host_names(host, port, extra_hosts),
        token=token,
        max_body=max_body,
    )
    routes = [
        Route("/", home),
        *reviewing.routes(),
        *comparing.routes(),
        *drafting.routes(),
        *browse.routes(),
        Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GuardMiddleware, guard=guard)],
        exception_handlers={HTTPException: _http_error, 500: _server_error},
    )
    reviewing.install(app.state)
    comparing.install(app.state)
    return app
