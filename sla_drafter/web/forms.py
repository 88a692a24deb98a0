"""Reading POSTed forms safely: size limits, file-count limits and the CSRF check.

The CSRF token is a random value in an HttpOnly, SameSite=Strict cookie that each
form repeats in a hidden `csrf` field (or a fetch in the `X-CSRF-Token` header);
a POST whose field does not match the cookie is refused before anything runs.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request

from .security import BodyTooLarge

MAX_FILES = 20
MAX_FIELDS = 2000
MAX_FIELD_BYTES = 1024 * 1024  # a pasted spec or one text field


class FormRefused(Exception):
    """A POST refused before processing: `status` and the one-line reason to show."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    cookie = str(request.scope.get("state", {}).get("csrf_cookie", ""))
    value = submitted or request.headers.get("x-csrf-token", "")
    return bool(cookie) and bool(value) and hmac.compare_digest(cookie.encode(), value.encode())


async def read_form(request: Request, *, max_files: int = MAX_FILES) -> FormData:
    """The parsed form, or FormRefused (413 too large, 400 malformed, 403 CSRF)."""
    try:
        form = await request.form(
            max_files=max_files, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES
        )
    except BodyTooLarge as exc:
        raise FormRefused(413, str(exc)) from None
    except MultiPartException as exc:
        raise FormRefused(400, f"the form could not be read ({exc.message})") from None
    except ClientDisconnect:
        raise FormRefused(400, "the upload was interrupted") from None
    token = form.get("csrf")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        await form.close()
        raise FormRefused(403, "the form's security token is missing or stale; reload the page "
                          "and submit it again")
    return form
