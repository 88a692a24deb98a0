"""`sla-drafter serve`: the local web app (draft, review, library, rules) in the browser.

Bound to 127.0.0.1 by default. Any other address needs an access token (--token
or the SLA_DRAFTER_TOKEN environment variable) that every request must carry.
Starlette and uvicorn are imported only here, so other commands do not load them.
"""

from __future__ import annotations

import os
import secrets

import click

from ..errors import InputError
from . import user_errors


def check_binding(host: str, token: str | None) -> None:
    """Refuse to listen beyond this computer without a token (the issue's safety rule)."""
    from ..web.security import is_loopback

    if not is_loopback(host) and not token:
        raise InputError(
            f"--host {host} makes the app reachable from other computers; give an access token "
            "with --token or the SLA_DRAFTER_TOKEN environment variable "
            f"(for example --token {secrets.token_urlsafe(16)})"
        )
    if token is not None and len(token) < 12:
        raise InputError("the access token is too short (use at least 12 characters)")


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1/localhost needs --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8800, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default browser.")
@click.option("--token", default=None, metavar="TOKEN",
              help="Access token every request must carry (default: $SLA_DRAFTER_TOKEN).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name the browser may use for this server (repeatable).")
@user_errors
def command(host: str, port: int, open_browser: bool, token: str | None,
            allow_hosts: tuple[str, ...]) -> None:
    """Run the web app: draft and review SLAs in the browser, on this computer."""
    token = token or os.environ.get("SLA_DRAFTER_TOKEN") or None
    check_binding(host, token)
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        raise InputError(f"the web app needs {exc.name}; install it with "
                         "`pip install 'starlette>=0.40' uvicorn python-multipart`") from None
    extra = list(allow_hosts)
    if host in ("0.0.0.0", "::"):
        import socket

        extra += [socket.gethostname(), socket.getfqdn()]
    app = create_app(host=host, port=port, token=token, extra_hosts=extra)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"sla-drafter web app: {url}  (Ctrl+C to stop)")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False, access_log=False)
