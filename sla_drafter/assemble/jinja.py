"""Shared, sandboxed Jinja environments and the format-neutral view of an Agreement.

Every value in an Agreement is data, never template code: the environments are
sandboxed, autoescape and fail on undefined names, so a party called
"{{ 7*7 }} & <Ltd>" comes out exactly so in every format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import MutableMapping
from functools import cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, nodes
from jinja2.sandbox import SandboxedEnvironment

from .._cache import derived, fingerprint, rx
from ..agreement import Agreement, Definition, Paragraph, Table
from ..errors import InputError
from ..resources import templates_dir

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


def sandboxed_env() -> SandboxedEnvironment:
    """A fresh sandboxed environment for string templates (docxtpl renders XML parts with it)."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


class _KeptCodeEnvironment(SandboxedEnvironment):
    """`sandboxed_env()` whose `from_string` keeps each source's compiled code between runs."""

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        if not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()
        code = derived(_kept_code_kind(), digest, lambda: self.compile(source))
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)


@cache
def _kept_code_kind() -> str:
    import jinja2

    return f"docx-template-jinja-{jinja2.__version__}-{fingerprint(__file__)}"


def template_env() -> SandboxedEnvironment:
    """`sandboxed_env()` for the text of the DOCX template itself, which docxtpl compiles on
    every render (its XML parts and core properties, ~2 ms): the compiled code is kept
    between runs by the source's hash, as Python keeps a module's. Only for text that
    ships with the package; a value from a spec would be a new cache entry every run.
    """
    return _KeptCodeEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


@cache
def html_env() -> SandboxedEnvironment:
    """The sandboxed environment that loads templates/html/; compiled templates are cached."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir() / "html")),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def effective_datetime(agreement: Agreement) -> dt.datetime:
    """The effective date as a naive midnight datetime: the fixed date of all output metadata."""
    try:
        day = dt.date.fromisoformat(str(agreement.effective_date).strip())
    except ValueError:
        raise InputError(
            f"effective date {agreement.effective_date!r} is not an ISO date (YYYY-MM-DD)"
        ) from None
    return dt.datetime(day.year, day.month, day.day)


def long_date(agreement: Agreement) -> str:
    """'2026-01-01' -> '1 January 2026', independent of the locale."""
    day = effective_datetime(agreement)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def definition_parts(definition: Definition) -> tuple[str, str]:
    """(quoted term, the rest): '“Downtime”', ' means ...' - the meaning may already say 'means'."""
    meaning = definition.meaning.strip()
    lead = meaning.lower()
    if lead.startswith(("means", "has the meaning", "includes", "refers to")):
        rest = " " + meaning
    else:
        rest = " means " + meaning
    if not rest.rstrip().endswith((".", ";", ":")):
        rest = rest.rstrip() + "."
    return f"“{definition.term}”", rest


_MARKER = rx(r"^(\((?:[a-z]{1,2}|[ivx]{1,5}|[0-9]{1,2})\))\s+(?=\S)")


def split_marker(text: str) -> tuple[str, str]:
    """'(a) P1: 15 minutes' -> ('(a)', 'P1: 15 minutes'); no marker -> ('', text).

    Library list items carry their own letters; renderers show them instead of a bullet.
    """
    match = _MARKER.match(text)
    if match is None:
        return "", text
    return match.group(1), text[match.end():]


def particulars(agreement: Agreement) -> str:
    """One line of agreement particulars for the cover block (no governing law if none is set)."""
    bits = [f"Effective date: {long_date(agreement)}"]
    if agreement.governing_law.strip():
        bits.append(f"Governing law: {agreement.governing_law}")
    bits.append(f"Version {agreement.version}")
    return "  ·  ".join(bits)


def party_label(full: str, short: str) -> str:
    """' (the “Provider”)': the defined name the cover gives a party; none when it is the name itself."""
    return f" (the “{short}”)" if short and short != full else ""


def keywords(agreement: Agreement) -> str:
    """Metadata keywords: the kind, the parties, the reference and the version, never the stance.

    A draft is sent to the other side; its metadata must not say whose side drafted it.
    """
    bits = [agreement.category, agreement.provider, agreement.customer, agreement.reference,
            f"version {agreement.version}" if agreement.version else ""]
    return ", ".join(b for b in bits if b)


def heading_level(section_level: int) -> int:
    """Word/HTML heading level of a section: top-level sections are Heading 1, nested Heading 2."""
    return 1 if section_level <= 1 else 2


def view(agreement: Agreement) -> dict[str, Any]:
    """Plain data for templates: strings, lists and dicts only, no behaviour."""
    parts: list[dict[str, Any]] = []
    for part in agreement.parts:
        sections: list[dict[str, Any]] = []
        for section in part.sections:
            items: list[dict[str, Any]] = []
            for item in section.content:
                if isinstance(item, Table):
                    items.append(
                        {"kind": "table", "caption": item.caption, "header": list(item.header),
                         "rows": [list(r) for r in item.rows]}
                    )
                elif isinstance(item, Paragraph) and item.style == "list":
                    marker, text = split_marker(item.text)
                    entry = {"number": item.number, "marker": marker, "text": text}
                    if items and items[-1]["kind"] == "list":
                        items[-1]["entries"].append(entry)
                    else:
                        items.append({"kind": "list", "entries": [entry]})
                elif isinstance(item, Paragraph):
                    items.append(
                        {"kind": "paragraph", "text": item.text, "number": item.number,
                         "style": item.style}
                    )
            sections.append(
                {"number": section.number, "title": section.title,
                 "heading": section_heading(section.number, section.title),
                 "level": heading_level(section.level), "items": items}
            )
        parts.append({"title": part.title, "sections": sections})
    return {
        "title": agreement.title,
        "subtitle": agreement.subtitle,
        "provider": agreement.provider,
        "customer": agreement.customer,
        "provider_label": party_label(agreement.provider, agreement.provider_short),
        "customer_label": party_label(agreement.customer, agreement.customer_short),
        "effective_date": agreement.effective_date,
        "effective_date_long": long_date(agreement),
        "governing_law": agreement.governing_law,
        "stance": agreement.stance,
        "version": agreement.version,
        "particulars": particulars(agreement),
        "keywords": keywords(agreement),
        "definitions": [
            {"term": term, "rest": rest}
            for term, rest in (definition_parts(d) for d in agreement.definitions)
        ],
        "notes": list(agreement.notes),
        "parts": parts,
        "signatures": _signature_view(agreement),
    }


def _signature_view(agreement: Agreement) -> dict[str, Any] | None:
    block = agreement.signatures
    if block is None:
        return None
    return {"title": block.title, "intro": block.intro, "header": list(block.table.header),
            "rows": [list(r) for r in block.table.rows]}


def section_heading(number: str, title: str) -> str:
    return f"{number}. {title}" if number else title
