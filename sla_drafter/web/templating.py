"""Server-rendered pages: one sandboxed, autoescaping Jinja2 environment over web/templates.

Every value a user supplied (file names, spec text, findings' evidence) reaches the
page through autoescape; templates never mark user text safe. The only markup
passed in as Markup is what `mdhtml` builds after escaping its input itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import __version__

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

NAV = (("review", "/review", "Review"), ("compare", "/compare", "Compare"), ("draft", "/draft", "Draft"),
       ("library", "/library", "Library"), ("rules", "/rules", "Rules"))  # fmt: skip


@cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.globals.update(version=__version__, nav=NAV)
    return env


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render templates/`name` with the request's CSRF token and the active nav entry."""
    state = request.scope.get("state", {})
    html = environment().get_template(name).render(
        csrf=state.get("csrf", ""), path=request.url.path, **context
    )
    return HTMLResponse(html, status_code=status_code)
