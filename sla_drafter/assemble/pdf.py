"""Render an Agreement to PDF: sandboxed Jinja HTML + print CSS, laid out by WeasyPrint.

The stylesheet is inlined and the URL fetcher refuses every URL, so a
rendering never reads a file or the network. Metadata dates are the
agreement's effective date. WeasyPrint is imported inside the functions: it
costs ~1.8 s to import.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from markupsafe import Markup

from ..agreement import Agreement
from ..resources import templates_dir
from .jinja import html_env, view

# Tagged PDF (PDF/UA-1): headings, tables and reading order survive for screen readers.
PDF_VARIANT = "pdf/ua-1"
TEMPLATE = "agreement/document.html.j2"


@cache
def stylesheet() -> str:
    return (templates_dir() / "html" / "agreement" / "style.css").read_text(encoding="utf-8")


def html_context(agreement: Agreement) -> dict[str, Any]:
    # The stylesheet is our own file, not data: inline it verbatim (autoescape would break quotes).
    return {**view(agreement), "css": Markup(stylesheet())}


def render_html(agreement: Agreement) -> str:
    """The self-contained HTML the PDF is laid out from."""
    return html_env().get_template(TEMPLATE).render(html_context(agreement))


def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every URL (files, http, data: and all)."""
    from weasyprint.urls import URLFetcher

    class _Refuse(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"external resources are not allowed: {url}")

    return _Refuse(allowed_protocols=())


def pdf_options(html: str) -> dict[str, Any]:
    # A content-derived identifier keeps equal documents byte-identical.
    return {
        "pdf_variant": PDF_VARIANT,
        "pdf_identifier": hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii"),
    }


def render_pdf(agreement: Agreement) -> bytes:
    """The agreement as a tagged A4 PDF."""
    from weasyprint import HTML

    html = render_html(agreement)
    pdf: bytes = HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf(**pdf_options(html))
    return pdf
