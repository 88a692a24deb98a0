"""Parties: defined names and the other names each side goes by.

'Brightloom Software, Inc. ("Brightloom")', '(the "Provider")', '("Customer")' are
definitions; "we", "us", "our", "the Company" refer to the provider side and "you",
"your", "the Client" to the customer side. The result lets a rule report names that
are used but never defined, or several names for one side.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .._cache import rx

_DEFINITION = rx(
    r"\(\s*(?:each\s+a\s+|together\s+|collectively\s+|hereinafter\s+)?(?:the\s+|a\s+)?[\"“”']"
    r"(?P<name>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})[\"“”']"
    r"(?P<more>(?:\s*(?:,|or|and)\s*(?:the\s+)?[\"“”'][^\"“”']{1,30}[\"“”'])*)\s*\)"
)
_QUOTED = rx(r"[\"“”']([^\"“”']{1,30})[\"“”']")
_PROVIDER_ROLES = (
    "Provider", "Service Provider", "Supplier", "Vendor", "Company", "Contractor",
    "Licensor", "Seller", "Host", "Operator",
)
_CUSTOMER_ROLES = (
    "Customer", "Client", "Buyer", "Purchaser", "Subscriber", "Licensee", "Recipient",
    "Authority", "Trust", "User Organisation",
)
_NOT_PARTIES = rx(
    r"^(?:SLA|Agreement|Terms|Services?|Service Levels?|Covered Service|Schedule|Order Form|"
    r"MSA|Master Agreement|Effective Date|Platform|Downtime|Response|Resolution)$"
)
_USED_ROLES = (
    "Provider", "Supplier", "Vendor", "Company", "Contractor",
    "Customer", "Client", "Buyer", "Purchaser", "Subscriber", "Licensee", "Authority", "Trust",
)
_NAMED_ROLE = rx(
    r"\bthe\s+(?P<role>Customer|Client|Buyer|Purchaser|Subscriber|Licensee|Provider|Supplier|Vendor)"
    r"\s+(?:named|identified|specified|set\s+out|described)\s+(?:in|on)\b"
)


def extract_parties(text: str) -> dict[str, list[str]]:
    """{"provider": names used, "customer": names used, "defined": defined terms}."""
    defined: list[str] = []
    aliases: list[str] = []
    for dm in _DEFINITION.finditer(text):
        name = " ".join(dm["name"].split())
        for q in _QUOTED.finditer(dm["more"] or ""):
            alias = q.group(1).strip()
            if alias.lower() in ("we", "us", "our", "you", "your") and alias.lower() not in aliases:
                aliases.append(alias.lower())
        if _NOT_PARTIES.match(name) or name in defined:
            continue
        if name in _PROVIDER_ROLES or name in _CUSTOMER_ROLES or _looks_like_party(text, dm.start()):
            defined.append(name)
    for i in _named_offsets(text):
        m = _NAMED_ROLE.search(text, max(0, i - 30), i + 40)
        if m is None:
            continue
        if m["role"] not in defined:
            defined.append(m["role"])
    provider: list[str] = []
    customer: list[str] = []
    unknown: list[str] = []
    for name in defined:
        if name in _PROVIDER_ROLES:
            provider.append(name)
        elif name in _CUSTOMER_ROLES:
            customer.append(name)
        else:
            unknown.append(name)
    # a company's own defined name ("Brightloom") fills the side that has no role name
    for name in unknown:
        if not provider:
            provider.append(name)
        elif not customer:
            customer.append(name)
    for role in _USED_ROLES:
        if role in text and _used_as_party(text, role):
            side = provider if role in _PROVIDER_ROLES else customer
            if role not in side:
                side.append(role)
    if any(_has_word(text, w) for w in ("we", "We", "WE", "us", "Us", "our", "Our", "OUR")):
        provider.append("we")
    if any(_has_word(text, w) for w in ("you", "You", "YOU", "your", "Your", "YOUR")):
        customer.append("you")
    for alias in aliases:
        if alias not in defined:
            defined.append(alias)
    return {"provider": provider, "customer": customer, "defined": defined}


_FUNCTION_WORDS = frozenset(
    ["The", "This", "That", "Each", "Any", "If", "Where", "When", "A", "An", "Such", "Neither", "Either", "No", "Every", "All", "Both", "Only", "Unless", "Whether", "Until", "Where", "While"]
)


def _used_as_party(text: str, role: str) -> bool:
    """`role` used on its own ("the Client"), not inside a name ("Cloud Customer Agreement")."""
    i = text.find(role)
    while i >= 0:
        end = i + len(role)
        if (i == 0 or not text[i - 1].isalnum()) and (end >= len(text) or not text[end].isalnum()):
            before = text[max(0, i - 30) : i].split()
            prev = before[-1] if before else ""
            inside_name = bool(prev) and prev[0].isupper() and prev.isalpha() and prev not in _FUNCTION_WORDS
            if not inside_name:
                return True
        i = text.find(role, i + 1)
    return False


def _has_word(text: str, word: str) -> bool:
    """`word` as a whole word: neither side touches a letter or digit. The regex starts with
    the literal word (searched for in C, where a \\b regex would try every position) and
    checks the character after; only the few hits ending a word are checked in Python."""
    pattern = _word_ending(word)
    m = pattern.search(text)
    while m is not None:
        i = m.start()
        if i == 0 or not text[i - 1].isalnum():
            return True
        m = pattern.search(text, i + 1)
    return False


@lru_cache(maxsize=64)
def _word_ending(word: str) -> re.Pattern[str]:
    """`word` not followed by a letter or digit (`[^\\W_]` is exactly `str.isalnum`)."""
    return re.compile(re.escape(word) + r"(?![^\W_])")


def _named_offsets(text: str) -> list[int]:
    out = []
    for needle in (" named ", " identified ", " specified ", " set out ", " described "):
        i = text.find(needle)
        while i >= 0:
            out.append(i)
            i = text.find(needle, i + 1)
    return out


def _looks_like_party(text: str, at: int) -> bool:
    """A definition right after a company name: 'Greyfield Data Centres Limited ("Greyfield")'."""
    before = text[max(0, at - 80) : at]
    return bool(
        re.search(
            r"\b(?:Inc|Ltd|Limited|LLC|LLP|plc|PLC|GmbH|AG|SA|BV|Corp|Corporation|Co|Group|Partners)\.?,?\s*$",
            before,
        )
    )
