"""SLA408 legal-name-variants."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ..registry import Rule

if TYPE_CHECKING:
    from ..context import RuleContext

# A company's legal form, grouped so that "Ltd", "Ltd." and "Limited" are one form spelled three ways.
_FORMS: dict[str, str] = {
    "ltd": "limited", "ltd.": "limited", "limited": "limited",
    "inc": "inc", "inc.": "inc", "incorporated": "inc",
    "corp": "corp", "corp.": "corp", "corporation": "corp",
    "llc": "llc", "l.l.c.": "llc",
    "plc": "plc", "p.l.c.": "plc",
    "llp": "llp", "l.l.p.": "llp",
    "gmbh": "gmbh", "pty ltd": "pty", "pty. ltd.": "pty", "pty limited": "pty",
}
_LEGAL_NAME = rx(
    r"(?<![\w&])(?P<base>(?:[A-Z][\w&'’-]*|&)(?:[^\S\n]+(?:[A-Z][\w&'’-]*|&|of|and|for)){0,5}?)"
    r"(?P<comma>,?)[^\S\n]+"
    r"(?P<form>Pty\.?[^\S\n]+(?:Ltd\.?|Limited)|Ltd\.?|Limited|Inc\.?|Incorporated|Corp\.?|Corporation|"
    r"LLC|L\.L\.C\.|PLC|plc|p\.l\.c\.|LLP|L\.L\.P\.|GmbH)(?![\w])"
)
# "Inc." before the end of a sentence: the full stop may be the sentence's, not the name's.
_NEXT_SENTENCE = rx(r"[\"”)]?[^\S\n]+[A-Z(]")
_LEADING = rx(r"^(?:The|This|That|Between|And|Or|With|By|For|From|Of|To|Each|Our|Your)[^\S\n]+")


def _ends_sentence(text: str, at: int) -> bool:
    rest = text[at: at + 3]
    return not rest.strip() or rest[:1] == "\n" or _NEXT_SENTENCE.match(text, at) is not None


class LegalNameVariants(Rule):
    """A party's legal name is spelled in more than one way."""

    code = "SLA408"
    name = "legal-name-variants"
    severity = Severity.WARNING
    topic = None
    groups = ("drafting",)
    rationale = (
        "A legal name identifies the entity that is bound. 'Northwind Ltd' and 'Northwind "
        "Limited', or 'Acme Inc' and 'Acme, Inc.', invite the argument that two entities are "
        "meant (a parent and a subsidiary), and registries and courts search on the exact form. "
        "Spell each legal name once, exactly as registered, and use the defined short name after."
    )
    anti_pattern = (
        'This SLA is made between Northwind Cloud Ltd (the "Supplier") and Harbour Logistics '
        "plc. Notices to the Supplier go to Northwind Cloud Limited at its registered office."
    )
    best_practice = (
        'This SLA is made between Northwind Cloud Ltd (the "Supplier") and Harbour Logistics '
        "plc. Notices to the Supplier go to Northwind Cloud Ltd at its registered office."
    )
    fix_clause = ""
    fix_text = "Use the registered name exactly, once, and the defined short name everywhere else."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        spellings: dict[tuple[str, str], dict[str, int]] = {}
        text = ctx.doc.text
        for m, _ in ctx.scan(_LEGAL_NAME):
            base = _LEADING.sub("", m.group("base")).strip()
            form_text = " ".join(m.group("form").split())
            form = _FORMS.get(form_text.casefold())
            if not base or form is None:
                continue
            shown = f"{base}{m.group('comma')} {form_text}"
            if form_text.endswith(".") and _ends_sentence(text, m.end()):
                # "... with Acme Inc." at a sentence end: the dot is ambiguous; count it as either
                shown = "?" + shown
            found = spellings.setdefault((base.casefold(), form), {})
            found.setdefault(shown, m.start())
        for (_, _), found in sorted(spellings.items(), key=lambda kv: min(kv[1].values())):
            clear = {s: at for s, at in found.items() if not s.startswith("?")}
            ambiguous = [s[1:] for s in found if s.startswith("?")]
            distinct = set(clear)
            for s in ambiguous:  # matches a clear spelling with or without its final dot
                if s not in distinct and s.rstrip(".") not in distinct:
                    distinct.add(s)
            if len(distinct) < 2 or len(clear) < 1:
                continue
            names = sorted(distinct, key=lambda s: found.get(s, found.get("?" + s, 0)))
            at = max(clear.values())
            message = "One legal name is spelled " + " and ".join(f'"{n}"' for n in names) + "."
            yield ctx.finding_near(self, at, at, message=message)
