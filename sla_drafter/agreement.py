"""Agreement: an assembled, numbered document, independent of output format.

Assembly (Spec + clause library + stance) produces it; the DOCX, PDF and
Markdown renderers only lay it out. All text here is final data, never
template code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass(slots=True)
class Paragraph:
    text: str
    number: str = ""  # e.g. "4.2"; empty for unnumbered text
    style: str = "body"  # "body", "note", "list"


Content = Paragraph | Table


@dataclass(slots=True)
class Section:
    number: str  # "4"
    title: str
    content: list[Content] = field(default_factory=list)
    clause_ids: list[str] = field(default_factory=list)  # library clauses this section came from
    level: int = 1  # 1 = top-level section; 2 = section inside a level part


@dataclass(slots=True)
class Part:
    """A group of sections; multi-level agreements have one per level (corporate, customer, service)."""

    title: str
    sections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Definition:
    term: str
    meaning: str


@dataclass(slots=True)
class SignatureBlock:
    """Where the parties sign (an SLA) or the teams' roles approve (an internal OLA).

    The table has one column per party (an SLA: rows Signature, Name, Title, Date) or
    one row per team (an OLA: Team, Role, Name, Signature, Date); blank cells are
    left for the signer to complete.
    """

    title: str
    intro: str
    table: Table


@dataclass(slots=True)
class Agreement:
    title: str
    subtitle: str
    provider: str
    customer: str
    effective_date: str  # ISO date, also used as the fixed metadata date
    governing_law: str
    stance: str
    parts: list[Part] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # derived-figure conventions, e.g. "a month is 30 days"
    version: str = "1.0"
    kind: str = "sla"  # "sla" or "ola": which vocabulary the cover, metadata and signatures use
    reference: str = ""  # the agreement's own reference, e.g. "SLA-2026-014"
    signatures: SignatureBlock | None = None
    provider_short: str = "Provider"  # the defined name the cover gives each party
    customer_short: str = "Customer"

    @property
    def category(self) -> str:
        return "Operational Level Agreement" if self.kind == "ola" else "Service Level Agreement"

    def sections(self) -> list[Section]:
        return [s for p in self.parts for s in p.sections]
