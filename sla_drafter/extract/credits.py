"""Credits, maintenance and chronic failure.

Credit tiers come from table cells ("Less than 99.5% but at least 99.0% | 5%"),
plain-text rows ("Below 99.999% but at or above 99.99%      5%", "Uptime between
99.5% and 99.0% ...... 5% of the monthly fee") and prose ("if Cooling Availability
... is below 99.99%, Greyfield will credit five percent (5%)"). Bounds and their
inclusivity are kept exactly so rules can find gaps and overlaps.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .._cache import rx
from ..document import Block, BlockKind, Document
from ..terms import (
    ChronicFailure,
    Credits,
    CreditSchedule,
    CreditTier,
    Evidence,
    Maintenance,
    Window,
)
from ..units import Duration, TimeUnit
from .durations import find_durations
from .numbers import _DIGITS, _NUMWORD, PercentHit, find_percents, parse_digits, parse_words
from .scan import indexes_at, offsets_of
from .sentences import Sentence
from .tables import Table, doc_tables
from .windows import window_in

# Indian and some public-sector SLAs call service credits "penalties"; "without penalty" is not one
_CREDIT = rx(
    r"\bcredit|\brebate|\bfee\s+reduction|(?<!without\s)(?<!without\sany\s)(?<!no\s)\bpenalt(?:y|ies)\b", re.IGNORECASE
)
_CREDIT_NEEDLES = ("credit", "rebate", "fee reduction", "penalt")
_UPPER_EXCL = rx(
    r"(?:less\s+than|below|under|lower\s+than|fewer\s+than|<|up\s+to\s+but\s+(?:excluding|not\s+including))\s*$", re.IGNORECASE
)
_UPPER_INCL = rx(
    r"(?:at\s+or\s+below|no\s+more\s+than|not\s+more\s+than|up\s+to(?:\s+and\s+including)?|<=|≤|=<|equal\s+to\s+or\s+(?:less|lower)\s+than"
    r"|(?:less|lower)\s+than\s+or\s+equal\s+to)\s*$",
    re.IGNORECASE,
)
_LOWER_INCL = rx(
    r"(?:at\s+least|at\s+or\s+above|at\s+or\s+over|not\s+less\s+than|no\s+less\s+than|>=|≥|=>|equal\s+to\s+or\s+(?:more|greater|higher)\s+than"
    r"|(?:more|greater|higher)\s+than\s+or\s+equal\s+to|from)\s*$",
    re.IGNORECASE,
)
_LOWER_EXCL = rx(r"(?:more\s+than|above|over|greater\s+than|higher\s+than|exceed\w*|>)\s*$", re.IGNORECASE)
# "99.00 - 99.49%": the first figure of a range without its own percent sign
_BARE_RANGE_START = rx(r"(?<![\d.])(\d{2,3}(?:\.\d+)?)\s*(?:-|–|—|to)\s*$")
_AFTER_LOWER_INCL = rx(r"^\s*%?\s*(?:or\s+(?:more|above|higher|greater)|and\s+(?:above|over|higher))", re.IGNORECASE)
_AFTER_UPPER_INCL = rx(r"^\s*%?\s*(?:or\s+(?:less|below|lower)|and\s+below)", re.IGNORECASE)
# "99.9% > Availability >= 99.0%": the figure is on the left of the comparison
_AFTER_GT = rx(r"^\s*%?\s*(?P<op>>=|≥|=>|>)", re.IGNORECASE)
_AFTER_LT = rx(r"^\s*%?\s*(?P<op><=|≤|=<|<)", re.IGNORECASE)
_BETWEEN = rx(r"\bbetween\b", re.IGNORECASE)
_RANGE_SEP = rx(r"^\s*%?\s*(?:-|–|—|to)\s*(?:<=?|≤|below|under|less\s+than)?\s*$", re.IGNORECASE)
_CREDIT_AMOUNT_AFTER = rx(
    r"^\s*(?:of\s+(?:the\s+|one\s+|one\s+\(1\)\s+|a\s+)?(?:monthly|month['’]s|mrc|fees?|charges?|annual|the\s+fee|invoice)|credit)",
    re.IGNORECASE,
)
_DOTS_OR_CELLS = rx(r"\.{3,}|…|\||\s{3,}|\t")

_CAP_CUE = rx(
    r"\b(?:not\s+(?:to\s+)?exceed|capped\s+at|cap(?:ped)?\b|maximum|in\s+(?:the\s+)?aggregate|limited\s+to|up\s+to\s+a\s+maximum|no\s+more\s+than)",
    re.IGNORECASE,
)
_MONTHS_FEES = rx(
    r"\b(?P<n>" + _NUMWORD + r"|\d+)(?:\s*\((?P<d>\d+)\))?\s+(?:month['’]?s['’]?|months['’]?)\s+"
    r"(?:of\s+(?:the\s+)?)?(?:mrc|fees?|charges?|monthly|recurring|service\s+fees?|subscription)",
    re.IGNORECASE,
)
_AUTO_FALSE = rx(
    r"\bnot\s+(?:be\s+)?(?:issued|applied|credited|given|paid|granted)\s+automatically\b|\bnot\s+automatic\b"
    r"|\bmust\s+(?:request|claim|submit|apply|notify|send|make\s+a\s+(?:written\s+)?(?:claim|request))\b"
    r"|\b(?:on|upon)\s+(?:written\s+)?request\b|\bto\s+(?:claim|receive|request)\s+(?:a\s+|any\s+)?(?:service\s+)?credit"
    r"|\bvalid\s+claim\b|\bmust\s+be\s+(?:claimed|requested)\b",
    re.IGNORECASE,
)
_AUTO_NOT = rx(
    r"\bnot\s+(?:be\s+)?(?:\w+\s+)?automatic(?:ally)?\b|\bno\s+automatic\b", re.IGNORECASE
)
_AUTO_TRUE = rx(
    r"\b(?:applied|issued|credited|given|paid|granted)\s+automatically\b|\bautomatically\s+(?:applied|issued|credited|apply|credit)"
    r"|\bwithout\s+(?:the\s+)?(?:need\s+(?:for|to)|having\s+to|any\s+need\s+to)\s+(?:make\s+)?(?:a\s+|any\s+)?(?:claim|request)"
    r"|\b(?:does|do|will)\s+not\s+(?:need|have)\s+to\s+(?:claim|request)|\bwithout\s+(?:a|any)\s+(?:claim|request)\b"
    r"|\bautomatically\b|\bnot\s+(?:be\s+)?(?:required|obliged)\s+to\s+(?:claim|request|apply\s+for)\b"
    r"|\bneed\s+not\s+(?:claim|request)\b",
    re.IGNORECASE,
)
# a credit sentence is read for flags only when it holds one of these (cheap str checks)
_FLAG_NEEDLES = (
    "automatic", "claim", "request", "notify", "submit", "apply", "cash", "refund", "invoice",
    "expir", "forfeit", "laps", "due", "arrears", "standing", "outstanding", "unpaid",
    "up to date", "longer", "money",
)
_END_OF_PERIOD = rx(
    r"\bby\s+the\s+end\s+of\s+the\s+(?P<ord>next|following|second|third|first)\s+"
    r"(?:full\s+)?(?:billing\s+(?:cycle|period|month)|calendar\s+month|month)",
    re.IGNORECASE,
)
_WITHIN = rx(r"\bwithin\b|\b(?:no|not)\s+later\s+than\b|\bbefore\s+the\s+end\s+of\b", re.IGNORECASE)
_ORDINAL_WORDS = {"next": 1, "following": 1, "first": 1, "second": 2, "third": 3}
_CLAIM = rx(r"\b(?:claims?|requests?|notify|submit|apply\s+for)\b", re.IGNORECASE)
_CASH_FALSE = rx(
    r"\bnot\s+(?:be\s+)?(?:paid|payable|refundable|redeemable|refunded|exchangeable|convertible)\b[^.;]{0,30}\b(?:cash|refund\w*|money)"
    r"|\bnot\s+(?:be\s+)?(?:paid|payable|refundable|redeemable)\s+(?:as|in|for)\s+cash\b"
    r"|\bno\s+cash\b|\bnot\s+(?:be\s+)?refund(?:ed|able)\b|\bfuture\s+invoices?\s+only\b|\bonly\s+against\s+future\s+invoices?\b"
    r"|\bagainst\s+future\s+invoices?\b[^.;]{0,40}\bnot\b|\bhave\s+no\s+cash\s+value\b"
    r"|\bnot\s+entitle\w*\b[^.;]{0,40}\b(?:refund|cash|payment)"
    r"|\b(?:applied|credited)\s+(?:only\s+)?(?:against|to)\s+future\s+(?:invoices?|payments?|charges|bills?)",
    re.IGNORECASE,
)
_CASH_TRUE = rx(
    r"\b(?:paid|refunded|payable)\s+(?:to\s+(?:the\s+)?\w+\s+)?(?:in\s+cash|as\s+(?:a\s+)?(?:cash|refund))\b|\brefund\s+(?:the\s+)?credit\b|\bcash\s+refund\b",
    re.IGNORECASE,
)
_FORFEIT = rx(
    r"\bexpir\w*|\bforfeit\w*|\blapse\w*|\bpast\s+due\b|\boverdue\b|\bup\s+to\s+date\s+with\s+(?:payment|its\s+payments)"
    r"|\bin\s+arrears\b|\bgood\s+standing\b|\boutstanding\s+(?:amounts?|invoices?|fees?)\b|\bunpaid\b"
    r"|\bno\s+longer\s+(?:a\s+)?customer\b",
    re.IGNORECASE,
)
# "are not forfeited on termination", "do not expire", "survive termination"
_NOT_FORFEIT = rx(
    r"\b(?:not|never)\s+(?:be\s+)?(?:forfeit\w*|lapse\w*|expire\w*|lost)\b|\bdo(?:es)?\s+not\s+(?:expire|lapse)\b"
    r"|\bsurviv\w*\s+(?:the\s+)?(?:termination|expiry)",
    re.IGNORECASE,
)
_NUM = r"(?:" + _NUMWORD + r"(?:[\s-]+" + _NUMWORD + r")?(?:\s*\(\s*\d+\s*\))?|\d+)"
_CHRONIC = rx(
    r"(?P<n>" + _NUM + r")(?:\s+or\s+more)?(?:\s+[\w-]+){0,4}?\s+"
    r"(?:months?|times|occasions|outages|failures|breaches|incidents|periods|cycles|instances|consecutive\s+months)\b"
    r"[^.;]{0,60}?\b(?:within|in|during|over|of)\s+(?:any|a|each|the)?\s*(?:rolling\s+|consecutive\s+|period\s+of\s+)?"
    r"(?:(?P<m>" + _NUM + r")[\s-]*(?:calendar\s+|consecutive\s+)*"
    r"(?:months?|(?:measurement|service|billing)\s+periods?|billing\s+cycles?)"
    r"|(?P<year>contract\s+year|calendar\s+year|year|twelve\s+months|12\s+months))",
    re.IGNORECASE,
)
_CHRONIC_ALT = rx(
    r"(?P<n>" + _NUM + r")\s+(?:or\s+more\s+)?consecutive\s+(?:calendar\s+)?"
    r"(?P<unit>months|service\s+periods|measurement\s+periods|billing\s+(?:periods|cycles)|quarters)\b"
    r"|(?P<n2>" + _NUM + r")\s+(?:out\s+)?of\s+(?:any\s+|the\s+)?(?:last\s+|previous\s+)?(?P<m2>" + _NUM + r")\s+"
    r"(?:consecutive\s+|rolling\s+)?(?:calendar\s+)?(?:months|service\s+periods|measurement\s+periods|billing\s+(?:periods|cycles))\b",
    re.IGNORECASE,
)
_FEE_PHRASES = rx(
    r"\bmonthly\s+(?:recurring\s+)?(?:charges?|fees?|bill|invoice|subscription|service\s+fees?)|\bmonth['’]s\s+(?:mrc|fees?|charges?)",
    re.IGNORECASE,
)
_WHOLE_FEE = rx(
    r"\b(?:the|one|a)\s+(?:monthly|month['’]s)\s+(?:recurring\s+)?(?:fees?|charges?|mrc|subscription\s+fees?|service\s+fees?)\b",
    re.IGNORECASE,
)
_MAX_CHRONIC_SENTENCE = 700
_CHRONIC_UNITS = rx(r"month|year|period|quarter|cycle", re.IGNORECASE)
_CHRONIC_CONTEXT = rx(r"\bchronic|\bterminat|\bpersistent|\brepeated|\bexit\b", re.IGNORECASE)
# planned outages and works are maintenance by another name (telecoms, utilities)
_MAINT = rx(
    # (repair work is the service, not maintenance excluded from it: "on-site corrective maintenance")
    r"(?<!corrective\s)(?<!reactive\s)(?<!breakdown\s)(?<!responsive\s)\bmaintenances?\b|\b(?:planned|scheduled)\s+(?:outages?|works?|downtime|engineering\s+works?)\b", re.IGNORECASE
)
_MAINT_NEEDLES = ("maintenance", "planned outage", "scheduled outage", "planned work", "scheduled work",
                  "planned downtime", "scheduled downtime", "planned engineering", "scheduled engineering")
_EXCLUSIONS_HEADING = rx(r"exclu|exception|not\s+covered|does\s+not\s+apply|not\s+included", re.IGNORECASE)
_MAINT_EXCLUDED = rx(
    r"\bnot\s+(?:be\s+)?(?:count\w*|considered|treated|included|deemed)\b|\bnot\s+downtime\b|(?<!not\s)(?<!never\s)\bexclud\w*|\bdoes\s+not\s+include\b"
    r"|\bexcept\w*|\bminutes\s+of\s+(?:permitted\s+)?(?:planned|scheduled)\s+maintenance\b|\bless\s+(?:any\s+)?(?:permitted\s+)?(?:planned|scheduled)\s+maintenance\b"
    r"|\bdo(?:es)?\s+not\s+apply\b|\bwithout\s+regard\b"
    # "the SLA does not cover scheduled maintenance", "planned work is not covered by the guarantee"
    r"|\bdo(?:es)?\s+not\s+cover\b|\b(?:is|are)\s+not\s+covered\b"
    # "downtime during planned maintenance does not affect uptime goals"
    r"|\bdo(?:es)?\s+not\s+(?:affect|impact|count\s+(?:against|towards?))\s+(?:the\s+)?(?:uptime|availability|service\s+level)",
    re.IGNORECASE,
)
_MAINT_COUNTS = rx(
    r"\b(?:counts?|is|are|will\s+be|shall\s+be)\s+(?:as\s+)?(?:a\s+)?(?:downtime|power\s+outage|outage|unavailab\w*)\b"
    r"|\b(?:is|are|will|shall)\s+not\s+(?:be\s+)?excluded\b",
    re.IGNORECASE,
)
_NOTICE = rx(r"\bnotice\b|\bnotif\w*|\bintimation\b|\bin\s+advance\b|\bannounce\w*|\bahead\b", re.IGNORECASE)
_PER_MONTH = rx(r"^\s*(?:of\s+\w+\s+)?(?:per|each|in\s+any|a|in\s+each|every)\s+(?:calendar\s+)?month", re.IGNORECASE)
_TIME_WINDOW = rx(
    r"(?:(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s+)?(?:between\s+)?\d{1,2}(?:[:.]\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?\s*(?:and|to|-|–)\s*\d{1,2}(?:[:.]\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
    r"(?:\s+(?:[A-Z]{2,4}|local)\b(?:\s+time\b)?)?",
    re.IGNORECASE,
)
_MAINT_WINDOW_NAMED = rx(r"\bmaintenance\s+window\b", re.IGNORECASE)
_EMERGENCY = rx(r"\bemergency\s+(?:maintenance|work|changes?)\b|\bunplanned\s+maintenance\b", re.IGNORECASE)
_DISCRETION = rx(
    r"\bsole\s+discretion\b|\babsolute\s+discretion\b|\bat\s+any\s+time\b|\bwithout\s+(?:prior\s+)?notice\b|\bas\s+it\s+(?:deems|considers)\b"
    r"|\b(?:decides|determines)\b",
    re.IGNORECASE,
)
_EMERGENCY_BOUND = rx(r"\bnotice\b|\bcounts?\s+as\s+downtime\b|\bexplain\b|\breport\b", re.IGNORECASE)


_UP_EXCL_BEFORE = rx(r"<(?!=)|less\s+than|below", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Band:
    lower: float | None
    upper: float | None
    lower_inclusive: bool
    upper_inclusive: bool
    loose: bool = field(default=False, compare=False)  # a bare range: where a shared figure belongs is unstated


def _tier(credit_pct: float, band: Band, evidence: Evidence) -> CreditTier:
    """A credit tier: the credit for attainment within `band`."""
    return CreditTier(
        credit_pct=credit_pct,
        lower=band.lower,
        upper=band.upper,
        lower_inclusive=band.lower_inclusive,
        upper_inclusive=band.upper_inclusive,
        loose=band.loose,
        evidence=evidence,
    )


def parse_band(text: str) -> Band | None:
    """Attainment bounds of a credit band.

    "Less than 99.5% but at least 99.0%" -> [99.0, 99.5); "Below 99.90%" -> (None, 99.9);
    "between 99.5% and 99.0%" -> [99.0, 99.5] (both ends inclusive); "99.0% - 99.5%" -> [99.0, 99.5].
    """
    hits = [h for h in find_percents(text) if 0 <= h.value <= 100]
    if not hits:
        return None
    if len(hits) == 1:
        bare = _BARE_RANGE_START.search(text, 0, hits[0].start)
        if bare is not None:
            first = float(bare.group(1))
            if 50 <= first < hits[0].value:
                return Band(first, hits[0].value, True, True, loose=True)
            if hits[0].value < first <= 100:  # written from the top: "99.95 to 99%"
                return Band(hits[0].value, first, True, True, loose=True)
    lower: float | None = None
    upper: float | None = None
    lo_inc, up_inc = True, False
    if len(hits) >= 2 and (
        _BETWEEN.search(text[: hits[0].start]) or _RANGE_SEP.match(text[hits[0].end : hits[1].start])
    ):
        a, b = hits[0].value, hits[1].value
        before_b = text[hits[0].end : hits[1].start]
        up_excl = bool(_UP_EXCL_BEFORE.search(before_b))
        return Band(min(a, b), max(a, b), True, not up_excl, loose=not up_excl)
    for h in hits[:2]:
        before = text[max(0, h.start - 40) : h.start]
        after = text[h.end : h.end + 20]
        gt = _AFTER_GT.match(after)
        lt = _AFTER_LT.match(after)
        if gt and not _LOWER_INCL.search(before) and not _UPPER_EXCL.search(before):
            upper, up_inc = h.value, gt["op"] != ">"
        elif lt and not _LOWER_INCL.search(before) and not _UPPER_EXCL.search(before):
            lower, lo_inc = h.value, lt["op"] != "<"
        elif _UPPER_INCL.search(before) or _AFTER_UPPER_INCL.match(after):
            upper, up_inc = h.value, True
        elif _UPPER_EXCL.search(before):
            upper, up_inc = h.value, False
        elif _LOWER_INCL.search(before) or _AFTER_LOWER_INCL.match(after):
            lower, lo_inc = h.value, True
        elif _LOWER_EXCL.search(before):
            lower, lo_inc = h.value, False
        elif len(hits) == 1:
            return None
    if lower is None and upper is None:
        return None
    return Band(lower, upper, lo_inc, up_inc)


def _split_band_credit(line: str) -> tuple[str, PercentHit] | None:
    """A row's attainment text and its credit percentage (the last percentage)."""
    hits = find_percents(line)
    if len(hits) < 2:
        return None
    credit = hits[-1]
    return line[: credit.start], credit


class _Ctx:
    def __init__(self, doc: Document, sents: list[Sentence], low: str | None = None) -> None:
        self.doc = doc
        self.sents = sents
        self.starts = [s.start for s in sents]
        self.low = doc.text.lower() if low is None else low
        self.block_starts = [b.start for b in doc.blocks]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        s = self.sents[i]
        return s if offset < s.end else None

    def evidence(self, start: int, end: int) -> Evidence:
        s = self.sentence_at(start)
        if s is not None and end <= s.end:
            return Evidence(s.text, s.location(self.doc))
        return Evidence(self.doc.text[start:end].strip(), self.doc.location(start, end))


def _schedule_name(doc: Document, block: Block) -> str:
    prev = doc.blocks[block.index - 1] if block.index > 0 else None
    first = block.text.split("\n", 1)[0].strip()
    for cand in (first, prev.text.strip() if prev else ""):
        if cand.endswith(":") and len(cand) < 80 and not find_percents(cand):
            return re.sub(r"^[\d.()\s]+", "", cand.rstrip(":")).strip()
    return re.sub(r"^[\d.()\s]+", "", block.heading).strip()


def _window_of(text: str) -> Window | None:
    """The measurement window a schedule's header names; "monthly charges" is the fee, not it."""
    return window_in(_FEE_PHRASES.sub(" ", text))


def _target_from(tiers: list[CreditTier]) -> float | None:
    uppers = [t.upper for t in tiers if t.upper is not None]
    return max(uppers) if uppers else None


# A tier written credit first in prose, as table cells of calculations often are: "10% of the
# amount paid in a quarter where Uptime was less than or equal to 99.9%, but greater than 99.0%"
_CREDIT_WHERE = rx(
    r"(?<![\d.])(?P<credit>\d{1,3}(?:\.\d+)?)\s*%\s+of\b[^.%;]{0,120}?\b(?:where|if|when|in\s+which)\b"
    r"(?P<band>[^%;]{0,120}?%(?:(?:[^%.;]|\.(?=\d)){0,40}?%)?)",
    re.IGNORECASE,
)


def _credit_where_tiers(ctx: _Ctx, text: str, start: int) -> list[CreditTier]:
    """Tiers of a cell or paragraph that states each credit before its band; [] unless two or more."""
    tiers: list[CreditTier] = []
    for m in _CREDIT_WHERE.finditer(text):
        band = parse_band(m["band"])
        if band is None:
            continue
        where = ctx.doc.location(start + m.start(), start + m.end())
        tiers.append(_tier(float(m["credit"]), band, Evidence(m.group().strip(), where)))
    return tiers if len(tiers) >= 2 else []


def _table_schedules(
    ctx: _Ctx, default_window: Window | None, tables: list[Table]
) -> list[CreditSchedule]:
    out: list[CreditSchedule] = []
    for t in tables:
        # a column of days of service ("Service days added | 3") is a credit column too
        days_col = next((j for j, h in enumerate(t.header or []) if _DAYS_HEADER.search(h)), None)
        if not _CREDIT.search(t.context) and days_col is None:
            continue
        tiers: list[CreditTier] = []
        for r in t.rows:
            cells = [b.text for b in r]
            prose = next((found for b in r if (found := _credit_where_tiers(ctx, b.text, b.start))), None)
            if prose:
                tiers.extend(prose)
                continue
            band: Band | None = None
            credit: float | None = None
            for j, c in enumerate(cells):
                hits = find_percents(c)
                if not hits:
                    # a days column by its header, or a cell that says so itself ("3 days") under a
                    # credit header ("Availability | Service Credit")
                    days = _BARE_DAYS.fullmatch(c) if band is not None else None
                    if days is not None and (j == days_col or days["unit"]):
                        credit = round(float(days["n"]) * _DAY_PCT, 4)
                    continue
                if band is None:
                    band = parse_band(c)
                    if band is not None:
                        continue
                credit = hits[-1].value
            if band is None or credit is None:
                continue
            tiers.append(_tier(credit, band, Evidence(" | ".join(cells), ctx.doc.location(r[0].start, r[-1].end))))
        if not tiers:
            continue
        lead = t.lead_in.strip()
        if lead.endswith(":") and len(lead) < 80 and not find_percents(lead):
            name = re.sub(r"^[\d.()\s]+", "", lead.rstrip(":")).strip()
        else:
            name = re.sub(r"^[\d.()\s]+", "", t.heading).strip()
        head = " ".join(t.header) if t.header else ""
        first, last = t.rows[0][0], t.rows[-1][-1]
        out.append(
            CreditSchedule(
                name=name,
                tiers=tiers,
                target=_target_from(tiers),
                window=_window_of(head) or _window_of(lead) or default_window,
                evidence=Evidence(head or lead, ctx.doc.location(first.start, last.end)),
            )
        )
    return out


def _text_schedules(ctx: _Ctx, default_window: Window | None) -> list[CreditSchedule]:
    out: list[CreditSchedule] = []
    pct = offsets_of(ctx.low, ("%", "percent", "per cent"))
    counts: dict[int, int] = {}
    for off in pct:
        bi = bisect_right(ctx.block_starts, off) - 1
        counts[bi] = counts.get(bi, 0) + 1
    for bi, n in sorted(counts.items()):
        block = ctx.doc.blocks[bi]
        if n < 2 or block.kind is BlockKind.TABLE_CELL:
            continue
        if "\n" not in block.text:
            continue  # one row per block: read by _row_schedules, which joins consecutive rows
        text = block.text
        prev = ctx.doc.blocks[block.index - 1] if block.index > 0 else None
        context = text + "\n" + (prev.text if prev else "") + "\n" + block.heading
        if not _CREDIT.search(context):
            continue
        tiers: list[CreditTier] = []
        header_window: Window | None = None
        pos = 0
        for line in text.split("\n"):
            split = _split_band_credit(line) if _DOTS_OR_CELLS.search(line) else None
            if split is not None:
                band_text, credit = split
                band = parse_band(band_text)
                if band is not None:
                    a = block.start + pos
                    tiers.append(_tier(credit.value, band, Evidence(line.strip(), ctx.doc.location(a, a + len(line)))))
            elif not tiers and header_window is None:
                header_window = _window_of(line)
            pos += len(line) + 1
        if tiers:
            out.append(
                CreditSchedule(
                    name=_schedule_name(ctx.doc, block),
                    tiers=tiers,
                    target=_target_from(tiers),
                    window=header_window or _window_of(prev.text if prev else "") or default_window,
                    evidence=Evidence(text[:200], ctx.doc.location(block.start, block.end)),
                )
            )
    return out


# One band per line or list item: "Below 99.0 per cent but at or above 98.0 per cent: 10 per cent
# of the Monthly Service Fee", "99.95% > Availability >= 99.5%: 2 days of service".
_ROW_SPLIT = rx(r"(?:%|\bper\s*cent\b|\bpercent\b)\s*(?::|–|—|=>|→|-(?=\s)|\|)\s*", re.IGNORECASE)
_DAYS_OF_SERVICE = rx(
    r"^\s*(?P<n>" + _DIGITS + r"|" + _NUMWORD + r")(?:\s*\(\s*\d+\s*\))?\s+(?:additional\s+|further\s+)?"
    r"days?['’]?\s+(?:of\s+)?(?:service|rental|charges?|fees?|(?:service\s+)?credits?)\b",
    re.IGNORECASE,
)
_DAYS_CAP = rx(
    r"\b(?P<n>" + _DIGITS + r"|" + _NUMWORD + r")(?:\s*\(\s*\d+\s*\))?\s+days?['’]?\s+(?:of\s+)?(?:service|rental)\b",
    re.IGNORECASE,
)
_COLUMN_GAP = rx(r"[\s.…|:–—-]*")
_DAYS_HEADER = rx(
    r"\b(?:service\s+days|days?\s+of\s+(?:service|credit)|days?\s+(?:added|credited)|additional\s+days|free\s+days)\b",
    re.IGNORECASE,
)
_BARE_DAYS = rx(r"\s*(?P<n>\d{1,3})(?P<unit>\s*(?:service\s+)?days?)?\s*", re.IGNORECASE)
_SECOND_BOUND = rx(r"\s*(?:<=?|>=?|≤|≥|=>|=<|at\s+least|below|under|less\s+than)", re.IGNORECASE)
# two table rows glued into one line by a reader ("95% - 99% | 25% < 95% | 50%"): a new row
# starts where a comparison opens a band after a credit cell
_GLUED_ROW = rx(r"(?<=%)\s+(?=(?:<=?|>=?|≤|≥)\s*\d{1,3}(?:\.\d+)?\s*%\s*\|)")
# a day of service is a thirtieth of the month's charge
_DAY_PCT = 100.0 / 30.0
_ROW_MAX = 240
# the credit cell written as words: "Client credit of 10% of the fees", "a service credit equal to
# 5%", or "no credit" for the band that meets the target
_CREDIT_LEAD = rx(
    r"\s*(?:(?P<none>no)\s+(?:(?:client|customer|service)\s+)?credits?\b\.?\s*$"
    r"|(?:(?:a|the)\s+)?(?:(?:client|customer|service)\s+)?credits?\s+(?:of|equal\s+to|equivalent\s+to)\s+(?=\d))",
    re.IGNORECASE,
)


def _days_credit(text: str) -> float | None:
    m = _DAYS_OF_SERVICE.match(text)
    if m is None:
        return None
    n = _num(m["n"])
    return None if n is None else round(n * _DAY_PCT, 4)


# UK public-sector schedules: bands earn Service (Failure) Points, each worth a set percentage
_POINTS = rx(
    r"^\s*(?P<n>" + _DIGITS + r"|" + _NUMWORD + r")(?:\s*\(\s*\d+\s*\))?\s+service\s+(?:failure\s+|credit\s+)?points?\b",
    re.IGNORECASE,
)
_POINT_VALUE = rx(
    r"\bservice\s+(?:failure\s+|credit\s+)?points?\b[^.;\n]{0,80}?(?P<pct>" + _DIGITS + r")\s*(?:%|per\s*cent|percent)"
    r"|(?P<pct2>" + _DIGITS + r")\s*(?:%|per\s*cent|percent)[^.;\n]{0,60}?\b(?:for\s+)?(?:each|every|per)\s+service\s+(?:failure\s+|credit\s+)?point\b",
    re.IGNORECASE,
)


def _point_value(ctx: _Ctx) -> float | None:
    """The percentage one Service (Failure) Point is worth, when the document says so."""
    if "point" not in ctx.low:
        return None
    for s in ctx.sents:
        if "point" in s.text.lower() and _CREDIT.search(s.text):
            m = _POINT_VALUE.search(s.text)
            if m is not None:
                return parse_digits(m["pct"] or m["pct2"])
    return None


def _row_credit(rest: str, point_pct: float | None) -> float | None:
    lead = _CREDIT_LEAD.match(rest)
    if lead is not None:
        if lead["none"]:
            return 0.0  # "no Client credit": the band that meets the target
        rest = rest[lead.end() :]
    hits = find_percents(rest)
    if hits and hits[0].start < 8:
        return hits[0].value
    days = _days_credit(rest)
    if days is not None:
        return days
    points = _POINTS.match(rest) if point_pct is not None else None
    if points is not None and point_pct is not None:
        n = _num(points["n"])
        return None if n is None else round(n * point_pct, 4)
    return None


def _row_tier(ctx: _Ctx, text: str, start: int, point_pct: float | None) -> CreditTier | None:
    if "\n" in text:
        return None
    if len(text) > _ROW_MAX:
        # a band and its credit lead a long item ("2. Availability >= 99.5% and < 99.95%: a credit
        # of 10% of the fees paid in the month in which ... "): read its head
        head = text[:_ROW_MAX]
        if not _CREDIT_LEAD.search(head):
            return None
        text = head
    # the band ends at a colon or dash after a percentage; in columns that lost their
    # alignment ("Below 99.9% but at or above 99.5%  5%") the credit is the last figure
    splits = [m.end() for m in _ROW_SPLIT.finditer(text)]
    hits = find_percents(text)
    if len(hits) >= 2 and len(text) - hits[-1].end <= 40 and _COLUMN_GAP.fullmatch(text[hits[-2].end : hits[-1].start]):
        splits.append(hits[-1].start)
    for cut in splits:
        if _SECOND_BOUND.match(text, cut):
            continue  # "< 99.9% - >= 99.0%": the band goes on, this is not the credit
        credit = _row_credit(text[cut:], point_pct)
        if credit is None:
            continue
        band = parse_band(text[:cut])
        if band is not None:
            break
    else:
        return None
    return _tier(credit, band, Evidence(text.strip(), ctx.doc.location(start, start + len(text))))


def _rows_of(ctx: _Ctx, block: Block) -> list[tuple[str, int]]:
    """A block as one row, or its sentences as rows ("Below 99.5%: 5 points. Below 99.0%: 10 points.")."""
    if "\n" in block.text:  # plain-text rows: one band per line
        out: list[tuple[str, int]] = []
        pos = block.start
        for line in block.text.split("\n"):
            out.append((line, pos))
            pos += len(line) + 1
        return out
    lo = bisect_right(ctx.starts, block.start - 1)
    hi = bisect_right(ctx.starts, block.end - 1)
    rows = [(s.text, s.start) for s in ctx.sents[lo:hi] if s.block is block]
    if len(rows) > 1:
        return rows
    if "|" in block.text and _GLUED_ROW.search(block.text):
        cuts = [0] + [m.end() for m in _GLUED_ROW.finditer(block.text)] + [len(block.text)]
        return [(block.text[a:b].rstrip(), block.start + a) for a, b in itertools.pairwise(cuts)]
    return [(block.text, block.start)]


def _row_schedules(ctx: _Ctx, taken: set[int], default_window: Window | None) -> list[CreditSchedule]:
    """Consecutive one-line bands (paragraphs, list items or sentences) under a credit lead-in or heading."""
    out: list[CreditSchedule] = []
    run: list[tuple[Block, CreditTier]] = []
    point_pct = _point_value(ctx)

    def flush() -> None:
        if not run:
            return
        first = run[0][0]
        prev = ctx.doc.blocks[first.index - 1] if first.index > 0 else None
        context = (prev.text if prev else "") + "\n" + first.heading
        if _CREDIT.search(context) or all(_CREDIT.search(b.text) for b, _ in run) or point_pct is not None:
            tiers = [tier for _, tier in run]
            last = run[-1][0]
            out.append(
                CreditSchedule(
                    name=_schedule_name(ctx.doc, first),
                    tiers=tiers,
                    target=_target_from(tiers),
                    window=_window_of(prev.text if prev else "") or default_window,
                    evidence=Evidence(
                        "\n".join(tier.evidence.text for _, tier in run if tier.evidence)[:200],
                        ctx.doc.location(first.start, last.end),
                    ),
                )
            )
        run.clear()

    seen: set[int] = set()
    for off in sorted(offsets_of(ctx.low, ("%", "per cent", "percent"))):
        bi = bisect_right(ctx.block_starts, off) - 1
        if bi < 0 or bi in taken or bi in seen:
            continue
        seen.add(bi)
        block = ctx.doc.blocks[bi]
        if block.kind in (BlockKind.TABLE_CELL, BlockKind.HEADING):
            continue
        contiguous = True  # sentences of one block are rows only while each one is a band
        for text, start in _rows_of(ctx, block):
            tier = _row_tier(ctx, text, start, point_pct)
            if tier is None:
                contiguous = False
                continue
            if run and (not contiguous or (bi != run[-1][0].index and bi != run[-1][0].index + 1)):
                flush()
            contiguous = True
            run.append((block, tier))
    flush()
    return out


_PROSE_TIER = rx(
    r"\b(?P<cmp>below|less\s+than|under|lower\s+than)\s+(?P<pct>" + _DIGITS + r")\s*%[^.;]{0,120}?\bcredit\w*\b[^.;]{0,30}?(?P<credit>"
    + _NUMWORD + r"[^()%]{0,20}?(?:per\s*cent|percent)\s*\(\s*" + _DIGITS + r"\s*%\s*\)|" + _DIGITS + r"\s*%|"
    + _NUMWORD + r"(?:[\s-]+" + _NUMWORD + r")?\s+(?:per\s*cent|percent))",
    re.IGNORECASE,
)


def _prose_schedules(
    ctx: _Ctx, taken_blocks: set[int], default_window: Window | None, csents: list[Sentence]
) -> list[CreditSchedule]:
    out: list[CreditSchedule] = []
    text = ctx.doc.text
    matches = [
        m
        for s in csents
        if "%" in s.text and s.block.index not in taken_blocks
        for m in _PROSE_TIER.finditer(text, s.start, s.end)
    ]
    for m in matches:
        block = ctx.doc.block_at(m.start())
        if block.index in taken_blocks or block.kind is BlockKind.TABLE_CELL:
            continue
        credit_hits = find_percents(m["credit"])
        if not credit_hits:
            continue
        upper = parse_digits(m["pct"])
        sent = ctx.sentence_at(m.start())
        stext = sent.text if sent else m.group()
        name_m = re.search(r"\b([A-Z][a-z]+)\s+Availability\b", stext)
        tier = CreditTier(
            credit_pct=credit_hits[-1].value,
            lower=None,
            upper=upper,
            lower_inclusive=True,
            upper_inclusive=False,
            evidence=ctx.evidence(m.start(), m.end()),
        )
        out.append(
            CreditSchedule(
                name=name_m.group(1) if name_m else re.sub(r"^[\d.()\s]+", "", block.heading).strip(),
                tiers=[tier],
                target=upper,
                window=window_in(stext) or default_window,
                evidence=tier.evidence,
            )
        )
    return out


def _credit_sentences(ctx: _Ctx) -> list[Sentence]:
    """Sentences that mention credits, or sit under a heading that does."""
    idx = set(indexes_at(ctx.starts, offsets_of(ctx.low, _CREDIT_NEEDLES)))
    credit_headings: dict[str, bool] = {}
    for i, s in enumerate(ctx.sents):
        h = s.block.heading
        if h not in credit_headings:
            hl = h.lower()
            credit_headings[h] = any(n in hl for n in _CREDIT_NEEDLES)
        if credit_headings[h]:
            idx.add(i)
    return [ctx.sents[i] for i in sorted(idx)]


def _cap(sents: list[Sentence]) -> tuple[float | None, Window | None, Sentence | None]:
    for s in sents:
        if not _CREDIT.search(s.text) or not _CAP_CUE.search(s.text):
            continue
        months = _MONTHS_FEES.search(s.text)
        if months:
            n = _num(months["n"] + (f" ({months['d']})" if months["d"] else ""))
            if n is None:
                continue
            rest = s.text[: months.start()] + " " + s.text[months.end() :]
            return n * 100.0, window_in(rest) or Window.MONTH, s
        m = _CAP_CUE.search(s.text)
        assert m is not None
        pcts = [h for h in find_percents(s.text) if h.start >= m.start() - 5]
        if pcts:
            return pcts[0].value, window_in(_FEE_PHRASES.sub(" ", s.text)) or window_in(s.text), s
        days = _DAYS_CAP.search(s.text, m.start())
        if days:  # "will not exceed 15 days of service": days are thirtieths of the month's charge
            n = _num(days["n"])
            if n is not None:
                return round(n * _DAY_PCT, 4), window_in(_FEE_PHRASES.sub(" ", s.text)) or Window.MONTH, s
        whole = _WHOLE_FEE.search(s.text)
        if whole:  # "will not exceed the monthly fee": capped at 100% of a month's fees
            rest = s.text[: whole.start()] + " " + s.text[whole.end() :]
            return 100.0, window_in(rest) or Window.MONTH, s
    return None, None, None


def extract_credits(
    doc: Document,
    sents: list[Sentence],
    default_window: Window | None = None,
    sole_remedy: bool | None = None,
    low: str | None = None,
    tables: list[Table] | None = None,
) -> Credits:
    ctx = _Ctx(doc, sents, low)
    tables = doc_tables(doc) if tables is None else tables
    schedules = _table_schedules(ctx, default_window, tables) + _text_schedules(ctx, default_window)
    taken = {t.evidence.location.block for s in schedules for t in s.tiers if t.evidence and t.evidence.location}
    rows = _row_schedules(ctx, taken, default_window)
    schedules += rows
    taken |= {t.evidence.location.block for s in rows for t in s.tiers if t.evidence and t.evidence.location}
    csents = _credit_sentences(ctx)
    schedules += _prose_schedules(ctx, taken, default_window, csents)
    credits = Credits(schedules=schedules, sole_remedy=sole_remedy)
    cap, cap_window, cap_sent = _cap(csents)
    credits.cap_pct = cap
    credits.cap_window = cap_window
    evidence: list[Evidence] = []
    if cap_sent is not None:
        evidence.append(Evidence(cap_sent.text, cap_sent.location(doc)))
    for s in csents:
        t = s.text
        tl = t.lower()
        if not any(n in tl for n in _FLAG_NEEDLES):
            continue
        if credits.automatic is None or credits.automatic is True:
            # "not issued automatically" and "must request" beat "applied automatically"
            if _AUTO_NOT.search(t) or (_AUTO_FALSE.search(t) and not _AUTO_TRUE.search(t)):
                credits.automatic = False
                evidence.append(Evidence(t, s.location(doc)))
            elif credits.automatic is None and _AUTO_TRUE.search(t):
                credits.automatic = True
                evidence.append(Evidence(t, s.location(doc)))
        if credits.claim_window is None and _CLAIM.search(t):
            end_of = _END_OF_PERIOD.search(t)
            if end_of is not None:
                n = _ORDINAL_WORDS.get(end_of["ord"].lower(), 1)
                credits.claim_window = Duration(float(n), TimeUnit.MONTH)
                evidence.append(Evidence(t, s.location(doc)))
            w = _WITHIN.search(t)
            if w and end_of is None:
                durs = [d for d in find_durations(t) if d.start >= w.start()]
                if durs and durs[0].start - w.end() < 40:
                    credits.claim_window = durs[0].duration
                    evidence.append(Evidence(t, s.location(doc)))
        if credits.cash is None or credits.cash is True:
            if _CASH_FALSE.search(t):
                credits.cash = False
                evidence.append(Evidence(t, s.location(doc)))
            elif credits.cash is None and _CASH_TRUE.search(t):
                credits.cash = True
        if credits.forfeitable is None and _FORFEIT.search(t):
            credits.forfeitable = not _NOT_FORFEIT.search(t)
            evidence.append(Evidence(t, s.location(doc)))
    # forfeiture in a bullet list under a "Service Credits:" lead-in
    if credits.forfeitable is None or credits.cash is None:
        for b in doc.blocks:
            if b.kind is BlockKind.LIST_ITEM and b.index > 0:
                intro = _list_intro(doc, b)
                if intro is not None and _CREDIT.search(intro):
                    if credits.forfeitable is None and _FORFEIT.search(b.text):
                        credits.forfeitable = not _NOT_FORFEIT.search(b.text)
                        evidence.append(Evidence(b.text, doc.location(b.start, b.end)))
                    if credits.cash is None and _CASH_FALSE.search(b.text):
                        credits.cash = False
                        evidence.append(Evidence(b.text, doc.location(b.start, b.end)))
    credits.evidence = evidence
    return credits


def _list_intro(doc: Document, item: Block) -> str | None:
    """The text of the block a list item's list hangs from (None at the document start)."""
    i = _intro_indexes(doc)[item.index]
    return doc.blocks[i].text if i >= 0 else None


# The last document's intro indexes: computed once per document in one pass, not by walking
# back over every earlier item of a long list for each item (quadratic in the list's length).
_INTROS: list[tuple[Document, list[int]]] = []


def _intro_indexes(doc: Document) -> list[int]:
    if _INTROS and _INTROS[0][0] is doc:
        return _INTROS[0][1]
    out: list[int] = []
    last = -1  # the latest block that is not a list item
    for i, block in enumerate(doc.blocks):
        out.append(last)
        if block.kind is not BlockKind.LIST_ITEM:
            last = i
    _INTROS[:] = [(doc, out)]
    return out


# ---------------------------------------------------------------- maintenance


def extract_maintenance(
    doc: Document, sents: list[Sentence], low: str | None = None
) -> Maintenance:
    m = Maintenance()
    evidence: list[Evidence] = []
    low = doc.text.lower() if low is None else low
    starts = [s.start for s in sents]
    for si in indexes_at(starts, offsets_of(low, _MAINT_NEEDLES)):
        s = sents[si]
        t = s.text
        in_exclusions = bool(_EXCLUSIONS_HEADING.search(s.block.heading))
        if not _MAINT.search(t):
            continue
        ev = Evidence(t, s.location(doc))
        used = False
        if m.excluded_from_downtime is not True:
            if _maint_excluded(t) or in_exclusions or _excluded_list_item(doc, s):
                m.excluded_from_downtime = True
                used = True
            elif m.excluded_from_downtime is None and _MAINT_COUNTS.search(t):
                m.excluded_from_downtime = False
                used = True
        # durations matter only while the notice or the monthly cap is still unknown
        durs = find_durations(t) if m.notice is None or m.monthly_cap is None else []
        if durs:
            if m.notice is None and _NOTICE.search(t) and not _EMERGENCY.search(t):
                nm = _NOTICE.search(t)
                assert nm is not None
                candidates = [d for d in durs if not _PER_MONTH.match(t[d.end :])]
                if candidates:
                    near = min(candidates, key=lambda d: abs(d.start - nm.start()))
                    m.notice = near.duration
                    used = True
            if m.monthly_cap is None:
                for d in durs:
                    if _PER_MONTH.match(t[d.end :]) and d.duration.unit in (TimeUnit.MINUTE, TimeUnit.HOUR):
                        m.monthly_cap = d.duration
                        used = True
                        break
        if m.window is None:
            w = _TIME_WINDOW.search(t) if _DIGIT.search(t) else None  # every window has a digit
            if w and re.search(r"[:.]\d{2}|am|pm|[ap]\.m\.", w.group(), re.IGNORECASE):
                m.window = w.group().strip()
                used = True
        if _EMERGENCY.search(t):
            if _DISCRETION.search(t):
                m.emergency_discretionary = True
                used = True
            elif m.emergency_discretionary is None and _EMERGENCY_BOUND.search(t):
                m.emergency_discretionary = False
                used = True
        if used and len(evidence) < 6:
            evidence.append(ev)
    m.evidence = evidence
    return m


# a word every _MAINT_EXCLUDED match holds (lower case); and the characters for which a
# lower-case check is not exact (IGNORECASE matches them to "i" or "s"; "İ" lowers to two)
_EXCLUDED_WORDS = ("not", "exclud", "except", "minutes", "less", "without")
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_DIGIT = rx(r"\d")


def _maint_excluded(t: str) -> bool:
    """`_MAINT_EXCLUDED.search(t)`, answered without the regex where none of its words is there."""
    if not any(c in t for c in _FOLD_ODD):
        tl = t.lower()
        if not any(w in tl for w in _EXCLUDED_WORDS):
            return False
    return _MAINT_EXCLUDED.search(t) is not None


def _excluded_list_item(doc: Document, s: Sentence) -> bool:
    if s.block.kind is not BlockKind.LIST_ITEM:
        return False
    intro = _list_intro(doc, s.block)
    return intro is not None and bool(_MAINT_EXCLUDED.search(intro) or re.search(r"\bexclu", intro, re.IGNORECASE))


# ---------------------------------------------------------------- chronic failure


def extract_chronic_failure(
    doc: Document, sents: list[Sentence], low: str | None = None
) -> ChronicFailure | None:
    low = doc.text.lower() if low is None else low
    starts = [s.start for s in sents]
    candidates = set(indexes_at(starts, offsets_of(low, ("chronic", "terminat", "persistent", "repeated", "exit"))))
    heading_context: dict[str, bool] = {}
    for i, s in enumerate(sents):
        if i not in candidates:
            h = s.block.heading
            if h not in heading_context:
                heading_context[h] = bool(_CHRONIC_CONTEXT.search(h))
            if not heading_context[h]:
                continue
        if not (_CHRONIC_CONTEXT.search(s.text) or _CHRONIC_CONTEXT.search(s.block.heading)):
            continue
        if len(s.text) > _MAX_CHRONIC_SENTENCE or not _CHRONIC_UNITS.search(s.text):
            continue  # the nested lazy pattern below is for clause-sized sentences only
        m = _CHRONIC.search(s.text)
        if not m:
            alt = _CHRONIC_ALT.search(s.text)
            if alt is None:
                continue
            if alt["n"]:
                n = _num(alt["n"])
                if n is not None:
                    return ChronicFailure(int(n), int(n), Evidence(s.text, s.location(doc)))
            else:
                n, w = _num(alt["n2"]), _num(alt["m2"])
                if n is not None and w is not None:
                    return ChronicFailure(int(n), int(w), Evidence(s.text, s.location(doc)))
            continue
        misses = _num(m["n"])
        within = 12.0 if m["year"] else (_num(m["m"]) if m["m"] else None)
        if misses is None or within is None:
            continue
        return ChronicFailure(int(misses), int(within), Evidence(s.text, s.location(doc)))
    return None


def _num(text: str | None) -> float | None:
    if not text:
        return None
    d = re.search(r"\((\d+)\)", text)
    if d:
        return float(d.group(1))
    if text.strip()[0].isdigit():
        return parse_digits(text.strip())
    return parse_words(text)
