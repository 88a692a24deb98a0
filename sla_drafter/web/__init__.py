"""`sla-drafter serve`: a local web app for drafting and reviewing SLAs in the browser.

A small Starlette application with server-rendered pages (`templating`), guarded
by `security.GuardMiddleware` (Host check, optional token, body limit, security
headers, CSRF cookie). Everything it needs ships in this package: templates and
static files, no build step and no network access. The web stack (Starlette,
uvicorn) is imported only by `serve` and by code that imports this package.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
