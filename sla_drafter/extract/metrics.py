"""Metrics: availability targets, support response and resolution targets, system
response time and throughput.

Targets come from prose ("at least 99.9% in each calendar month", "available
ninety-nine and one half percent of the time", "we will respond within four (4)
business hours"), from tables (Markdown/DOCX cells) and from column-aligned or
dotted-leader rows in plain text ("P1  15 minutes  2 hours  every 30 minutes  24x7",
"Urgent (24x7) ......  30 minutes").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import partial

from .._cache import rx
from ..document import Block, BlockKind, Document
from ..terms import Clock, Evidence, MeasuredBy, Metric, MetricKind, Window
from ..units import Duration
from .durations import find_durations
from .numbers import find_percents
from .scan import indexes_at, offsets_of
from .sentences import Sentence
from .tables import Table, doc_tables
from .windows import clock_in, defined_windows, window_by_definition, window_in

_AVAIL_CONTEXT = rx(
    r"\bavailab\w*|\buptime\b|\bup[\s-]time\b|\bunavailab\w*|\bservice\s+level\s+target\b",
    re.IGNORECASE,
)
# goods "available to sell" in a warehouse KPI are stock, not a service that is up
_STOCK_AVAILABLE = rx(
    r"\bavailable\s+(?:to\s+(?:sell|buy|order|pick|ship)|for\s+(?:sale|picking|dispatch|despatch|collection|pick-?up|shipping|delivery))\b",
    re.IGNORECASE,
)
# plain words for a service that is up: "the API will be up for 99.95% of the minutes", "stays reachable"
_UP = r"\b(?:is|be|are|stays?|remains?|kept)\s+(?:up|online|reachable|accessible|operational)\b(?!\s+to\b)"
_AVAIL_NEEDLES = ("availab", "uptime", "up-time", "up time", "service level target", " up ", " up\n", "online", "reachable", "accessible", "operational")
_AVAIL_SENTENCE = rx(
    rf"(?:{_UP}|\b(?:un)?availab\w*|\buptime\b|\btarget\b|\bcommitment\b|\bguarantee\w*|\bachieve\w*|"
    r"\bof\s+the\s+time\b|\bmeasured\s+over\b|\bper\s+contract\s+year\b)",
    re.IGNORECASE,
)
_BAND_BEFORE = rx(
    r"(?:less\s+than|below|under|lower\s+than|between|above|exceed\w*|more\s+than|greater\s+than|"
    r"at\s+or\s+above|at\s+or\s+below|and|to|falls?|drops?|from|[<>≤≥=–-])\s*$",
    re.IGNORECASE,
)
# "99.5% > Availability >= 99.0%": a band row with the figure on the left
_BAND_AFTER = rx(r"^\s*(?:%\s*)?(?:and|to|or\s+(?:more|less|above|below)|[–-]\s*\d|[<>≤≥])", re.IGNORECASE)
_CREDIT = rx(r"\bcredit|\brebate|\bfee\s+reduction|\bpenalt", re.IGNORECASE)
_UNAVAIL_PCT = rx(r"^\s*(?:%|per\s*cent|percent)?\s*(?:of\s+)?(?:unavailab|downtime)", re.IGNORECASE)
_FORMULA = rx(
    r"(?:availab\w*|uptime)[^=\n]{0,60}=|\bcalculated\s+as(?:\s+follows)?\b", re.IGNORECASE
)
_PROBE = rx(
    r"\btest\s+transaction|\bsynthetic\b|\bprobe|\bpoll(?:s|ed|ing)?\b|\bping\b|\bevery\s+\d+\s+(?:seconds|minutes)\b|"
    r"\bmonitoring\s+locations?\b",
    re.IGNORECASE,
)
_THIRD_PARTY = rx(
    r"\bindependent(?:ly)?\b[^.;]{0,40}\b(?:monitor\w*|measur\w*|third[\s-]part\w*)"
    r"|\bthird[\s-]part(?:y|ies)\s+(?:synthetic\s+)?(?:monitor\w*|measur\w*)",
    re.IGNORECASE,
)
_CUSTOMER_MEASURES = rx(
    r"\bmeasured\s+by\s+(?:the\s+)?(?:customer|client|you)\b|\b(?:customer|client)['’]s\s+(?:own\s+)?monitoring\b"
    r"|\byour\s+(?:own\s+)?monitoring\b",
    re.IGNORECASE,
)
_CUSTOMER_VERIFIES = rx(
    r"\bexport\w*\s+(?:the\s+)?raw\b|\braw\s+(?:monitoring\s+)?data\b|\b(?:customer|client)\s+may\s+(?:verify|audit|inspect)\b"
    r"|\bverify\s+the\s+(?:measurement|monitoring|data)",
    re.IGNORECASE,
)
# "Acme's monitoring tools": someone's own monitoring, when that someone is not the customer
_POSSESSIVE_MONITORING = rx(
    r"\b(?!Customer|Client|Buyer|Purchaser|Subscriber|Licensee|Trust|Authority)[A-Z][\w-]+['’]s\s+(?:own\s+)?(?:internal\s+)?"
    r"(?:monitoring|measurement|building\s+management|power\s+distribution|ticketing\s+system|[Mm]anagement\s+[Ss]ystem)"
)
_PROVIDER_GENERIC = (
    r"provider|supplier|vendor|company|contractor|we|our|us|its\s+own|internal|in[\s-]house"
)
_PRIORITY = rx(
    r"\b(?:P[\s-]?[0-5]|Priority[\s-]+[0-5]|Severity[\s-]+[0-5]|Sev[\s-]?[0-5]|S[0-5]|Level\s+[0-5]|"
    r"critical|urgent|high|medium|normal|low|standard|major|minor|emergency)\b",
    re.IGNORECASE,
)
_RESPONSE_HDR = rx(r"\brespon[sd]\w*|\backnowledg\w*|\breact\w*|\barriv\w*", re.IGNORECASE)
_RESOLUTION_HDR = rx(
    r"\bresol\w*|\brestor\w*|\bfix\b|\bworkaround\b|\brepair\b|\brecover\w*", re.IGNORECASE
)
_HOURS_HDR = rx(r"\bhours\b|\bcover\w*|\bsupport\s+window\b|\bavailability\b|\bclock\b", re.IGNORECASE)
_UPDATE_HDR = rx(r"\bupdate", re.IGNORECASE)
_PRIORITY_HDR = rx(r"\bpriority\b|\bseverity\b|\blevel\b|\bcategory\b|\bclass\b|\btype\b|\bimpact\b", re.IGNORECASE)
_PROSE_RESPONSE = rx(
    r"\b(?:respon[sd]\w*|acknowledg\w*|attended(?:\s+to)?)\b[^.;,]{0,60}?\bwithin\b", re.IGNORECASE
)
_PROSE_RESOLUTION = rx(
    r"\b(?:resol\w*|restor\w*|fix\w*|repair\w*)\b[^.;,]{0,60}?\bwithin\b", re.IGNORECASE
)
# a literal every match of each holds (lower case)
_PROSE_NEEDLES = {
    "response": ("respon", "acknowledg", "attended"),
    "resolution": ("resol", "restor", "fix", "repair"),
}
# Characters IGNORECASE matches to an ASCII letter that lower() leaves as they are (dotless i,
# long s): in a text holding one, a lower-case literal check could wrongly skip a window.
_FOLD_ODD = ("\u0131", "\u017f")
# "within a Mean Time To Repair (MTTR) of five (5) hours", "within the target time of 4 hours"
_NAMED_TARGET = rx(
    r"\s*(?:an?\s+|the\s+)?(?:mean\s+time\s+to\s+(?:repair|restore|restoration|resolve|resolution)|mttr|"
    r"target(?:\s+(?:time|period))?|maximum\s+(?:time|period))\s*(?:\(\s*mttr\s*\)\s*)?(?:of|:)\s*$",
    re.IGNORECASE,
)
_SUPPORT_SUBJECT = rx(
    r"\b(?:incident|issue|fault|problem|ticket|request|priorit|severity|P[0-5]\b|critical|urgent|defect|"
    r"error|outage|call|case)",
    re.IGNORECASE,
)
_NOT_SUPPORT = rx(
    r"\b(?:dispute|claim|mediat|arbitrat|invoice|credit|complain|breach of personal)"
    # an API call that "receives no response within 60 seconds" is a failed request, not support
    r"|\bno\s+response\s+within\b|\b(?:http|status\s+codes?|api\s+calls?|time[\s-]?outs?)\b",
    re.IGNORECASE,
)
_DOTTED_ROW = rx(r"^\s*(?P<label>\S[^\n]*?)\s*(?:\.{3,}|…+|\s{3,})\s*(?P<value>\S[^\n]*?)\s*$", re.MULTILINE)
_DASH_RULE = rx(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_PERCENTILE = rx(
    r"\b(?P<p>\d{2}(?:\.\d+)?)(?:st|nd|rd|th)?[\s-]*percentile\b[^.;]{0,80}?\bresponse\s+time\b"
    r"|\bresponse\s+time\b[^.;]{0,60}?\b(?P<p2>\d{2}(?:\.\d+)?)(?:st|nd|rd|th)[\s-]*percentile\b"
    # a latency level on its own, whatever the metric is called ("Page Time | 90th percentile
    # at most 2 seconds"): a percentile bounding a time is a response time
    r"|\b(?P<p3>\d{2}(?:\.\d+)?)(?:st|nd|rd|th)[\s-]*percentile\s+(?:(?:is\s+|of\s+)?(?:at\s+most|within|"
    r"under|below|no\s+more\s+than|not\s+exceeding|less\s+than)\s+|(?:of\s+)?(?:≤|<=?)\s*)"
    r"(?=\d[\d,]*(?:\.\d+)?\s*(?:ms|milliseconds?|seconds?|secs?)\b)",
    re.IGNORECASE,
)
_MS = rx(r"(?<![\w.,])(?P<v>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<u>ms|milliseconds?|seconds?|secs?|s)\b", re.IGNORECASE)
_THROUGHPUT = rx(
    r"(?<![\w.])(?P<v>\d[\d,]*(?:\.\d+)?)\s+(?P<what>requests|transactions|messages|calls|api\s+calls)\s+per\s+(?P<per>second|minute)",
    re.IGNORECASE,
)
_CONCURRENT = rx(
    r"(?<![\w.])(?P<v>\d[\d,]*)\s+(?P<what>concurrent|simultaneous)\s+(?:users|sessions)", re.IGNORECASE
)


def _finditer_near(
    pattern: re.Pattern[str],
    text: str,
    offsets: list[int],
    reach: int,
    low: str | None = None,
    needles: tuple[str, ...] = (),
) -> list[re.Match[str]]:
    """Matches of `pattern` in windows of +-`reach` around literal pre-scan offsets.

    `needles` (lower case; `low` is the lowered text): every match holds one of them, so a
    window without any is skipped unscanned.
    """
    out: list[re.Match[str]] = []
    last_end = -1
    if low is None or any(c in low for c in _FOLD_ODD):
        needles = ()
    for off in offsets:
        lo = max(0, off - reach, last_end)
        if lo >= off + reach:
            continue
        hi = min(len(text), off + reach)
        if needles:
            window = low[lo:hi]  # type: ignore[index]
            if not any(n in window for n in needles):
                continue
        for m in pattern.finditer(text, lo, hi):
            if m.start() >= last_end:
                out.append(m)
                last_end = m.end()
    return out


def _found_near(pattern: re.Pattern[str], text: str, offsets: list[int], reach: int) -> bool:
    """Whether `pattern` occurs within +-`reach` of any offset (windows merged, first match wins)."""
    lo = hi = -1
    for off in offsets:
        a, b = max(0, off - reach), min(len(text), off + reach)
        if a <= hi:
            hi = max(hi, b)
            continue
        if hi > lo and pattern.search(text, lo, hi):
            return True
        lo, hi = a, b
    return hi > lo and pattern.search(text, lo, hi) is not None


class _Ctx:
    """Shared per-document helpers: sentence lookup, evidence."""

    def __init__(self, doc: Document, sents: list[Sentence], low: str | None = None) -> None:
        self.doc = doc
        self.sents = sents
        self.starts = [s.start for s in sents]
        self.low = doc.text.lower() if low is None else low
        self.block_starts = [b.start for b in doc.blocks]
        self.defined_windows = defined_windows(doc.text)
        # a document-wide defined measurement period ("Service Period" means a calendar month)
        self.period_window = next(
            (w for term, w in self.defined_windows.items() if "period" in term), None
        )

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
        text = self.doc.text[start:end]
        return Evidence(text, self.doc.location(start, end))

    def previous_block(self, block: Block) -> Block | None:
        return self.doc.blocks[block.index - 1] if block.index > 0 else None


def _duration_unit(d: Duration) -> tuple[float, str]:
    unit = d.unit.value + "s"
    return d.value, ("business_" + unit if d.business else unit)


def _context(ctx: _Ctx, block: Block) -> str:
    prev = ctx.previous_block(block)
    heading = " ".join(block.heading_path[-1:])
    return (prev.text if prev is not None else "") + "\n" + heading + "\n" + block.text


# ---------------------------------------------------------------- availability


def _availability(ctx: _Ctx, measured_by: MeasuredBy, method: str | None, default_window: Window | None) -> list[Metric]:
    out: list[Metric] = []
    doc = ctx.doc
    seen: set[tuple[float, Window | None, str]] = set()
    sentence_facts: dict[int, tuple[bool, bool, bool]] = {}
    sentence_window: dict[int, Window | None] = {}  # window_in(sentence), per sentence
    sentence_defined: dict[int, list[Window | None]] = {}  # window_by_definition, per sentence
    pct_blocks = indexes_at(ctx.block_starts, offsets_of(ctx.low, ("%", "per cent", "percent")))
    for bi in pct_blocks:
        block = doc.blocks[bi]
        if block.kind is BlockKind.TABLE_CELL:
            continue  # tables of attainment are credit schedules
        text = block.text
        # cheap pre-check on the lowered text from the previous block to this one
        lo = doc.blocks[bi - 1].start if bi > 0 else block.start
        near = ctx.low[lo : block.end] + "\n" + block.heading.lower()
        if not any(n in near for n in _AVAIL_NEEDLES):
            continue
        ctx_text = _context(ctx, block)
        hits = list(find_percents(text))
        # per line, not per percentage: one line can be a whole long paragraph
        first_on_line: dict[int, int] = {}
        for hit in hits:
            first_on_line.setdefault(text.rfind("\n", 0, hit.start) + 1, hit.start)
        line_facts: dict[int, tuple[str, bool, str | None, list[Window | None]]] = {}
        ctx_window: list[Window | None] = []
        for hit in hits:
            value = hit.value
            before = text[max(0, hit.start - 30) : hit.start]
            after = text[hit.end : hit.end + 40]
            if _UNAVAIL_PCT.match(after) and value < 10:
                value = round(100.0 - value, 6)  # "0.1% unavailability" -> 99.9
            elif not 90.0 <= value <= 100.0:
                continue
            elif _BAND_BEFORE.search(before) or (_BAND_AFTER.match(after) and not _target_or_more(ctx, block, hit.start, after)):
                continue  # a credit band or a threshold, not the target
            start = block.start + hit.start
            sent = ctx.sentence_at(start)
            stext = sent.text if sent is not None else text
            line_start = text.rfind("\n", 0, hit.start) + 1
            if line_start not in line_facts:
                line = _line_at(text, hit.start)
                row = len(line) <= _ROW_MAX and _DOTTED_ROW.match(line) is not None
                line_facts[line_start] = (line, row, _row_label(line) if row else None, [])
            line, row, label, line_window = line_facts[line_start]
            skey = sent.start if sent is not None else -1 - bi
            facts = sentence_facts.get(skey)
            if facts is None:  # per sentence, not per percentage: sentences can be long
                credit = bool(_CREDIT.search(stext))
                avail_words = bool(_AVAIL_SENTENCE.search(_STOCK_AVAILABLE.sub(" ", stext)))
                band = credit and avail_words and _is_band_sentence(stext)
                facts = sentence_facts[skey] = (credit, avail_words, band)
            credit, avail_words, band = facts
            if credit and (not avail_words or band):
                continue  # "less than 99.9% but at least 99.0%: 10% credit" is a tier
            if not (avail_words or row):
                continue
            if label is not None and (
                _SUPPORT_LABEL.search(label) or first_on_line[line_start] != hit.start
            ):
                continue  # "Helpdesk Response  95% of calls", or a threshold column after the target
            if _ACHIEVEMENT.match(after):
                continue  # "95% of calls answered": an achievement rate, not availability
            name = label or _heading_name(block)
            if skey not in sentence_window:
                sentence_window[skey] = window_in(stext) or None
            window = (
                sentence_window[skey]
                or _once(line_window, partial(window_in, line))
                or _once(
                    sentence_defined.setdefault(skey, []),
                    partial(window_by_definition, stext, ctx.defined_windows),
                )
                or _once(ctx_window, partial(window_in, ctx_text))
                or default_window
                or ctx.period_window
            )
            # a target restated elsewhere ("Summary: 99.9%" ... "4.1 ... 99.9% each month") is one metric
            key = (value, window, label or "")
            if key in seen:
                continue
            seen.add(key)
            clock = Clock.ALWAYS if clock_in(stext) is Clock.ALWAYS else None
            out.append(
                Metric(
                    kind=MetricKind.AVAILABILITY,
                    target=value,
                    unit="percent",
                    name=name or "availability",
                    window=window,
                    clock=clock,
                    measured_by=measured_by,
                    method=method,
                    evidence=ctx.evidence(start, block.start + hit.end),
                )
            )
    return out


_OR_MORE = rx(r"^\s*(?:%\s*)?or\s+(?:more|above|higher|greater|better)\b", re.IGNORECASE)


def _target_or_more(ctx: _Ctx, block: Block, pos: int, after: str) -> bool:
    """ "shall be 99.9% or more" outside any credit wording states the target, not a band."""
    if not _OR_MORE.match(after):
        return False
    sent = ctx.sentence_at(block.start + pos)
    return sent is not None and not _CREDIT.search(sent.text)


_SUPPORT_LABEL = rx(
    r"\brespon|\bresol|\bhelp\s*desk|\bservice\s+desk|\bcalls?\b|\bticket|\bincident|\bfix\b",
    re.IGNORECASE,
)
_ACHIEVEMENT = rx(
    r"^\s*(?:of\s+(?:all\s+)?(?:calls|tickets|incidents|requests|cases|p\d|priority))", re.IGNORECASE
)


def _once(memo: list[Window | None], compute: Callable[[], Window | None]) -> Window | None:
    """compute() the first time, its remembered value after (memo holds it)."""
    if not memo:
        memo.append(compute())
    return memo[0]


_ROW_MAX = 1000  # a "label ..... value" row is short; longer lines are prose


def _is_band_sentence(text: str) -> bool:
    """A sentence that states an attainment band (some percentage has a comparator before it)."""
    return any(
        _BAND_BEFORE.search(text[max(0, h.start - 30) : h.start]) for h in find_percents(text)
    )


def _heading_name(block: Block) -> str:
    h = re.sub(r"^[\d.()\s]+", "", block.heading).strip()
    return h if len(h) < 60 else ""


def _line_at(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a : b if b >= 0 else len(text)]


def _row_label(line: str) -> str | None:
    m = _DOTTED_ROW.match(line)
    if not m:
        return None
    label = m["label"].strip()
    if find_percents(label) or len(label) > 60:
        return None
    return label


def _method(doc: Document, low: str) -> str | None:
    """The availability formula (a block with '=' after "calculated as"), else a probe sentence."""
    text = doc.text
    starts = [b.start for b in doc.blocks]
    formula_blocks = indexes_at(starts, offsets_of(low, ("=",)))
    for bi in formula_blocks:
        block = doc.blocks[bi]
        if _FORMULA.search(block.text):
            return block.text.strip()[:300]
        prev = doc.blocks[bi - 1] if bi > 0 else None
        if prev is not None and _FORMULA.search(prev.text):
            return block.text.strip()[:300]
    for off in offsets_of(
        low, ("test transaction", "synthetic", "probe", "poll", "ping", "every ", "monitoring location")
    ):
        m = _PROBE.match(text, off) or _PROBE.search(text, max(0, off - 1), off + 40)
        if m:
            a = max(text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1)
            b = text.find(".", m.end())
            return text[a : b if b >= 0 else len(text)].strip()[:300]
    return None


def measurement(
    doc: Document, provider_names: Iterable[str] = (), low: str | None = None
) -> tuple[MeasuredBy, str | None]:
    """Who measures availability (document-wide) and how (formula or probe text)."""
    text = doc.text
    names = [re.escape(n) for n in provider_names if n and n.lower() not in ("we", "provider")]
    who = "|".join([*names, _PROVIDER_GENERIC])
    provider_re = re.compile(
        r"\b(?:" + who + r")(?:['’]s)?\s+(?:own\s+)?(?:internal\s+)?"
        r"(?:monitoring|systems?|tools?|records|building\s+management|power\s+distribution|measurements?|data"
        r"|(?:[\w-]+\s+){1,2}?(?:management|monitoring)\s+system)"
        r"|\b(?:measured|calculated|computed|determined|recorded|monitored)\s+(?:solely\s+)?(?:by|at)\s+(?:the\s+)?(?:service\s+)?(?:" + who + r")\b"
        r"|\bmonitoring\s+data\b[^.]{0,80}\bsole\b|\bas\s+it\s+considers\s+appropriate\b"
        # the provider's monitoring with a word or two naming its kind: "as seen by our edge monitoring",
        # "from its synthetic probes", "our load-balancer logs"
        r"|\b(?:our|its|(?:the\s+)?(?:" + who + r")['’]s)\s+(?:own\s+)?(?:[\w-]+\s+){1,2}?(?:monitoring|probes?|health[\s-]checks?|logs|telemetry|monitors|controllers?|consoles?)\b"
        # availability read off the provider's own status page: "available less than 99% ... on our status page"
        # (not maintenance announced there)
        r"|\b(?:availab\w*|uptime|downtime|unavailab\w*)\b(?:[^.]|\.(?=\d)){0,100}?\b(?:on|from|by|per|as\s+(?:shown|reported|recorded)\s+(?:on|by))\s+"
        r"(?:our|its|(?:the\s+)?(?:" + who + r")['’]s)\s+(?:own\s+)?status\s+(?:page|site|dashboard)\b",
        re.IGNORECASE,
    )
    low = text.lower() if low is None else low
    method = _method(doc, low)
    low = text.lower() if low is None else low
    if _found_near(_THIRD_PARTY, text, offsets_of(low, ("independent", "third")), 80):
        return MeasuredBy.THIRD_PARTY, method
    if _found_near(_CUSTOMER_MEASURES, text, offsets_of(low, (" monitoring", "measured by")), 40):
        return MeasuredBy.CUSTOMER, method
    cue_offsets = offsets_of(
        low, ("monitor", "measure", "calculated", "computed", "recorded", "determined", "system", "tools",
              "records", "data", "considers appropriate", "building management", "power distribution", "status")
    )
    provider = _found_near(provider_re, text, cue_offsets, 90) or _found_near(
        _POSSESSIVE_MONITORING, text, cue_offsets, 60
    )
    if provider and _found_near(
        _CUSTOMER_VERIFIES, text, offsets_of(low, ("raw", "export", "verify", "audit", "inspect")), 60
    ):
        return MeasuredBy.JOINT, method
    if provider:
        return MeasuredBy.PROVIDER, method
    return MeasuredBy.UNSPECIFIED, method


# ---------------------------------------------------------------- support targets


def _kind_of_header(cell: str) -> MetricKind | str | None:
    if _UPDATE_HDR.search(cell):
        return "update"
    if _RESOLUTION_HDR.search(cell):
        return MetricKind.RESOLUTION
    if _RESPONSE_HDR.search(cell):
        return MetricKind.SUPPORT_RESPONSE
    if _HOURS_HDR.search(cell):
        return "hours"
    if _PRIORITY_HDR.search(cell):
        return "priority"
    return None


def _rows_to_metrics(
    ctx: _Ctx,
    header: list[str],
    rows: list[tuple[list[str], int, int]],
    context_clock: Clock | None,
) -> list[Metric]:
    kinds = [_kind_of_header(h) for h in header]
    if not any(k in (MetricKind.SUPPORT_RESPONSE, MetricKind.RESOLUTION) for k in kinds):
        return []
    out: list[Metric] = []
    prio_col = kinds.index("priority") if "priority" in kinds else 0
    for cells, start, end in rows:
        if not cells:
            continue
        priority = cells[prio_col].strip() if prio_col < len(cells) else cells[0].strip()
        row_text = " ".join(cells)
        row_clock = None
        if "hours" in kinds:
            hc = kinds.index("hours")
            if hc < len(cells):
                row_clock = clock_in(cells[hc])
        row_clock = row_clock or clock_in(priority) or context_clock
        for col, kind in enumerate(kinds):
            if not isinstance(kind, MetricKind) or col >= len(cells):
                continue
            durs = find_durations(cells[col])
            if not durs:
                continue
            d = durs[0].duration
            target, unit = _duration_unit(d)
            clock = Clock.BUSINESS_HOURS if d.business else row_clock
            out.append(
                Metric(
                    kind=kind,
                    target=target,
                    unit=unit,
                    name=f"{kind.value} {priority}".strip(),
                    clock=clock,
                    priority=priority or None,
                    evidence=Evidence(row_text, ctx.doc.location(start, end)),
                )
            )
    return out


def _table_metrics(ctx: _Ctx, tables: list[Table]) -> list[Metric]:
    """Support targets from tables with a header row (Priority | Response | Resolution),
    or, without one, from the lead-in ("Response times are measured from ...:")."""
    out: list[Metric] = []
    for t in tables:
        if _CREDIT.search(t.context) and any(find_percents(b.text) for r in t.rows for b in r):
            continue  # a credit schedule
        lead_clock = clock_in(t.lead_in)
        data = [([b.text for b in r], r[0].start, r[-1].end) for r in t.rows]
        found: list[Metric] = []
        if t.header is not None:
            found = _rows_to_metrics(
                ctx, t.header, data, lead_clock if lead_clock is Clock.ALWAYS else None
            )
        if not found and t.header is not None:
            found = _transposed_rows(ctx, t.header, data)
        if not found:
            lead = t.lead_in + "\n" + (" ".join(t.header) if t.header else "")
            kind: MetricKind | None = None
            if _RESOLUTION_HDR.search(lead) and not _RESPONSE_HDR.search(lead):
                kind = MetricKind.RESOLUTION
            elif _RESPONSE_HDR.search(lead):
                kind = MetricKind.SUPPORT_RESPONSE
            if kind is not None:
                found = _label_rows(ctx, kind, data)
        out.extend(found)
    return out


def _transposed_rows(
    ctx: _Ctx, header: list[str], rows: list[tuple[list[str], int, int]]
) -> list[Metric]:
    """Priorities across the top, targets down the side:
    | | P1 | P2 |  /  | Response | 15 minutes | 1 hour |  /  | Resolution | 4 hours | 8 hours |"""
    out: list[Metric] = []
    hours_row = next((cells for cells, _, _ in rows if cells and _HOURS_HDR.search(cells[0])), None)
    for cells, start, end in rows:
        if not cells:
            continue
        kind = _kind_of_header(cells[0])
        if not isinstance(kind, MetricKind):
            continue
        for j in range(1, min(len(cells), len(header))):
            durs = find_durations(cells[j])
            if not durs:
                continue
            d = durs[0].duration
            target, unit = _duration_unit(d)
            priority = header[j].strip()
            row_clock = clock_in(hours_row[j]) if hours_row is not None and j < len(hours_row) else None
            out.append(
                Metric(
                    kind=kind,
                    target=target,
                    unit=unit,
                    name=f"{kind.value} {priority}".strip(),
                    clock=Clock.BUSINESS_HOURS if d.business else row_clock or clock_in(priority),
                    priority=priority or None,
                    evidence=Evidence(" | ".join(cells), ctx.doc.location(start, end)),
                )
            )
    return out


def _label_rows(
    ctx: _Ctx, kind: MetricKind, rows: list[tuple[list[str], int, int]]
) -> list[Metric]:
    """Rows of 'label | duration' ("Urgent (24x7) | 30 minutes")."""
    out: list[Metric] = []
    for cells, start, end in rows:
        if len(cells) < 2:
            continue
        label = cells[0].strip()
        for cell in cells[1:]:
            durs = find_durations(cell)
            if not durs or durs[0].start > 3:
                continue
            d = durs[0].duration
            target, unit = _duration_unit(d)
            out.append(
                Metric(
                    kind=kind,
                    target=target,
                    unit=unit,
                    name=f"{kind.value} {label}",
                    clock=Clock.BUSINESS_HOURS if d.business else clock_in(label),
                    priority=re.sub(r"\s*\(.*?\)\s*", " ", label).strip() or None,
                    evidence=Evidence(" | ".join(cells), ctx.doc.location(start, end)),
                )
            )
            break
    return out


def _table_availability(
    ctx: _Ctx, tables: list[Table], measured_by: MeasuredBy, method: str | None
) -> list[Metric]:
    """'Dual-Fed Rack | 99.999%' rows under "power with the following availability"."""
    out: list[Metric] = []
    for t in tables:
        context = t.context
        if _CREDIT.search(context):
            continue
        table_avail = bool(_AVAIL_CONTEXT.search(context))
        for r in t.rows:
            cells = [b.text for b in r]
            label = cells[0]
            if not table_avail and not _AVAIL_CONTEXT.search(label):
                continue  # a mixed table of objectives: only its availability rows
            if _SUPPORT_LABEL.search(label) and not _AVAIL_CONTEXT.search(label):
                continue  # "Helpdesk Response | 95% of calls"
            for b in r[1:]:
                hits = find_percents(b.text)
                if len(hits) != 1 or not 90.0 <= hits[0].value <= 100.0:
                    continue
                if _BAND_BEFORE.search(b.text[: hits[0].start]) or _ACHIEVEMENT.match(
                    b.text[hits[0].end :]
                ):
                    continue
                out.append(
                    Metric(
                        kind=MetricKind.AVAILABILITY,
                        target=hits[0].value,
                        unit="percent",
                        name=cells[0].strip() or "availability",
                        window=window_in(context)
                        or window_in(" ".join(cells))
                        or window_by_definition(context, ctx.defined_windows)
                        or ctx.period_window,
                        measured_by=measured_by,
                        method=method,
                        evidence=Evidence(" | ".join(cells), ctx.doc.location(r[0].start, r[-1].end)),
                    )
                )
                break
    return out


def _split_columns(line: str, spans: list[tuple[int, int]]) -> list[str]:
    cells = []
    for i, (a, _) in enumerate(spans):
        b = spans[i + 1][0] if i + 1 < len(spans) else len(line)
        cells.append(line[a:b].strip() if a < len(line) else "")
    return cells


def _text_table_metrics(ctx: _Ctx) -> list[Metric]:
    """Column-aligned rows in plain-text blocks, headed by a line naming Response/Resolution."""
    out: list[Metric] = []
    for block in ctx.doc.blocks:
        if block.kind is BlockKind.TABLE_CELL or "\n" not in block.text or "  " not in block.text:
            continue
        text = block.text
        blow = ctx.low[block.start : block.end]
        if "respon" not in blow and "resol" not in blow and "restor" not in blow:
            continue
        lines = text.split("\n")
        offsets = []
        pos = 0
        for ln in lines:
            offsets.append(pos)
            pos += len(ln) + 1
        for i, ln in enumerate(lines):
            if not re.search(r"\S\s{2,}\S", ln):
                continue
            hdr_cells = [m for m in re.finditer(r"\S+(?:\s\S+)*", ln)]
            names = [m.group() for m in hdr_cells]
            kinds = [_kind_of_header(n) for n in names]
            if not any(k in (MetricKind.SUPPORT_RESPONSE, MetricKind.RESOLUTION) for k in kinds):
                continue
            if any(find_durations(n) for n in names) or any(n.isdigit() for n in names):
                continue  # a data row, not a header
            has_rule = i + 1 < len(lines) and bool(_DASH_RULE.match(lines[i + 1]))
            if not has_rule and sum(1 for k in kinds if k is not None) < 2:
                continue
            spans = [(m.start(), m.end()) for m in hdr_cells]
            j = i + 1
            if j < len(lines) and _DASH_RULE.match(lines[j]):
                spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[j])]
                j += 1
            rows: list[tuple[list[str], int, int]] = []
            last: list[str] | None = None
            while j < len(lines) and lines[j].strip():
                cells = _split_columns(lines[j], spans)
                if cells and cells[0]:
                    last = cells
                    a = block.start + offsets[j]
                    rows.append((cells, a, a + len(lines[j])))
                elif last is not None:  # a wrapped continuation line
                    for k, c in enumerate(cells):
                        if c and k < len(last):
                            last[k] = (last[k] + " " + c).strip()
                j += 1
            out.extend(_rows_to_metrics(ctx, names, rows, None))
            break
    return out


def _dotted_metrics(ctx: _Ctx) -> list[Metric]:
    """'Urgent (24x7) ........  30 minutes' rows after a sentence about response times."""
    out: list[Metric] = []
    for block in ctx.doc.blocks:
        if block.kind is BlockKind.TABLE_CELL or (".." not in block.text and "…" not in block.text):
            continue
        context = _context(ctx, block)
        if _CREDIT.search(block.text):
            continue
        lead = block.text.split("\n", 1)[0] + "\n" + (ctx.previous_block(block).text if block.index else "")  # type: ignore[union-attr]
        if _RESOLUTION_HDR.search(lead):
            kind = MetricKind.RESOLUTION
        elif _RESPONSE_HDR.search(context):
            kind = MetricKind.SUPPORT_RESPONSE
        else:
            continue
        pos = 0
        for line in block.text.split("\n"):
            m = _DOTTED_ROW.match(line)
            if m and (".." in line or "…" in line):
                durs = find_durations(m["value"])
                if durs and not find_percents(line):
                    d = durs[0].duration
                    label = m["label"].strip()
                    target, unit = _duration_unit(d)
                    a = block.start + pos
                    out.append(
                        Metric(
                            kind=kind,
                            target=target,
                            unit=unit,
                            name=f"{kind.value} {label}",
                            clock=Clock.BUSINESS_HOURS if d.business else clock_in(label),
                            priority=re.sub(r"\s*\(.*?\)\s*", " ", label).strip() or None,
                            evidence=Evidence(line.strip(), ctx.doc.location(a, a + len(line))),
                        )
                    )
            pos += len(line) + 1
    return out


def _prose_metrics(ctx: _Ctx, taken: set[int]) -> list[Metric]:
    out: list[Metric] = []
    text = ctx.doc.text
    withins = offsets_of(ctx.low, ("within",))
    for pattern, kind, needles in (
        (_PROSE_RESPONSE, MetricKind.SUPPORT_RESPONSE, _PROSE_NEEDLES["response"]),
        (_PROSE_RESOLUTION, MetricKind.RESOLUTION, _PROSE_NEEDLES["resolution"]),
    ):
        for m in _finditer_near(pattern, text, withins, 80, ctx.low, needles):
            sent = ctx.sentence_at(m.start())
            if sent is None or sent.block.index in taken or sent.block.kind is BlockKind.TABLE_CELL:
                continue
            if not _SUPPORT_SUBJECT.search(sent.text) or _NOT_SUPPORT.search(sent.text):
                continue
            rest = text[m.end() : min(sent.end, m.end() + 90)]
            durs = find_durations(rest)
            if not durs or (durs[0].start > 25 and not _NAMED_TARGET.match(rest[: durs[0].start])):
                continue
            d = durs[0].duration
            pm = _PRIORITY.search(sent.text)
            priority = pm.group() if pm else None
            out.append(_prose_metric(ctx, sent, kind, d, priority))
            # "P1 incidents within four hours and P2 incidents within eight hours"
            pos = m.end() + durs[0].end
            for w in re.finditer(r"\bwithin\b", text[pos : sent.end]):
                seg = text[pos : pos + w.start()]
                pm2 = _PRIORITY.search(seg)
                more = find_durations(text[pos + w.end() : min(sent.end, pos + w.end() + 40)])
                if pm2 is None or not more or more[0].start > 25:
                    continue
                out.append(_prose_metric(ctx, sent, kind, more[0].duration, pm2.group()))
                pos = pos + w.end() + more[0].end
    return out


def _prose_metric(
    ctx: _Ctx, sent: Sentence, kind: MetricKind, d: Duration, priority: str | None
) -> Metric:
    target, unit = _duration_unit(d)
    clock = Clock.BUSINESS_HOURS if d.business else clock_in(sent.text)
    return Metric(
        kind=kind,
        target=target,
        unit=unit,
        name=f"{kind.value} {priority or ''}".strip(),
        clock=clock,
        priority=priority,
        evidence=Evidence(sent.text, sent.location(ctx.doc)),
    )


# "The Provider will respond to faults within the following times:" then one line per priority
_LEADIN_KIND = rx(
    r"\b(?P<resp>respon[sd]\w*|acknowledg\w*)|\b(?P<res>resol\w*|restor\w*|fix\w*|repair\w*)", re.IGNORECASE
)
_LEADIN_LIST = rx(r"\bwithin\s+the\s+following\b|\b(?:times|targets)\b[^.:\n]{0,60}:\s*$", re.IGNORECASE)
_PRIORITY_LINE = rx(r"^\s*(?:[-•*]\s*)?(?P<label>[^:\n]{1,60}):\s*(?P<value>[^\n]+)$")
_LEADIN_REACH = 8


def _leadin_list_metrics(ctx: _Ctx, taken: set[int]) -> list[Metric]:
    out: list[Metric] = []
    blocks = ctx.doc.blocks
    for s in ctx.sents:
        text = s.text.rstrip()
        if not text.endswith(":") or not _LEADIN_LIST.search(text):
            continue
        kinds = {k for m in _LEADIN_KIND.finditer(text) for k, v in m.groupdict().items() if v}
        if len(kinds) != 1:
            continue  # one kind of target per list; a mixed table is read elsewhere
        kind = MetricKind.SUPPORT_RESPONSE if kinds == {"resp"} else MetricKind.RESOLUTION
        for block in blocks[s.block.index + 1 : s.block.index + 1 + _LEADIN_REACH]:
            m = _PRIORITY_LINE.match(block.text)
            if block.index in taken or block.kind is BlockKind.HEADING or m is None:
                break
            pm = _PRIORITY.search(m["label"])
            durs = find_durations(m["value"])
            if pm is None or not durs or durs[0].start > 10:
                break
            d = durs[0].duration
            target, unit = _duration_unit(d)
            out.append(
                Metric(
                    kind=kind,
                    target=target,
                    unit=unit,
                    name=f"{kind.value} {pm.group()}",
                    clock=Clock.BUSINESS_HOURS if d.business else clock_in(m["value"]),
                    priority=pm.group(),
                    evidence=Evidence(block.text, ctx.doc.location(block.start, block.end)),
                )
            )
    return out


def _performance_metrics(ctx: _Ctx) -> list[Metric]:
    out: list[Metric] = []
    text = ctx.doc.text
    low = ctx.low
    for m in _finditer_near(_PERCENTILE, text, offsets_of(low, ("percentile",)), 120):
        p = float(m["p"] or m["p2"] or m["p3"])
        sent = ctx.sentence_at(m.start())
        # the level may follow the match in its own cell ("Response Time | 95th percentile at
        # most 800 ms"): read on to the end of the match's line, not only the first sentence
        line_end = text.find("\n", m.end())
        line_end = min(m.end() + 120, len(text) if line_end < 0 else line_end)
        tail = text[m.start() : max(sent.end if sent else m.end() + 120, line_end)]
        durs = find_durations(tail)
        ms = _MS.search(tail)
        value: float | None = None
        unit = "seconds"
        if durs:
            d = durs[0].duration
            value = d.minutes() * 60.0
        elif ms:
            value = float(ms["v"].replace(",", ""))
            unit = "ms" if ms["u"].lower().startswith("m") else "seconds"
        out.append(
            Metric(
                kind=MetricKind.SYSTEM_RESPONSE_TIME,
                target=value,
                unit=unit,
                name="response time",
                percentile=p,
                evidence=ctx.evidence(m.start(), m.end()),
            )
        )
    for m in _finditer_near(_THROUGHPUT, text, offsets_of(low, (" per second", " per minute")), 60):
        out.append(
            Metric(
                kind=MetricKind.THROUGHPUT,
                target=float(m["v"].replace(",", "")),
                unit="per_second" if m["per"].lower() == "second" else "per_minute",
                name=" ".join(m["what"].lower().split()),
                evidence=ctx.evidence(m.start(), m.end()),
            )
        )
    seen: set[tuple[str, float]] = set()
    for m in _finditer_near(_CONCURRENT, text, offsets_of(low, ("concurrent", "simultaneous")), 20):
        key = (m["what"].lower(), float(m["v"].replace(",", "")))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Metric(
                kind=MetricKind.CUSTOM,
                target=float(m["v"].replace(",", "")),
                unit="users",
                name=f"{m['what'].lower()} users",
                evidence=ctx.evidence(m.start(), m.end()),
            )
        )
    return out


# "no more than 22 minutes of Downtime in any calendar month": a target stated as a downtime allowance
_ALLOWANCE = rx(
    r"\b(?:no\s+more\s+than|not\s+(?:to\s+)?exceed|(?:a\s+)?maximum\s+of|at\s+most|up\s+to|fewer\s+than|less\s+than)\s+"
    r"(?P<n>\d+(?:\.\d+)?)\s+(?P<unit>minutes?|hours?)\s+of\s+(?:total\s+)?(?:downtime|unavailability|outages?)\b"
    r"[^.;\n]{0,30}?\b(?:in|per|each|during)\s+(?:any\s+|each\s+|a\s+|the\s+)?(?:calendar\s+)?(?P<period>month|quarter|year)",
    re.IGNORECASE,
)
_PERIOD_MINUTES = {"month": 30 * 24 * 60, "quarter": 91 * 24 * 60, "year": 365 * 24 * 60}
_PERIOD_WINDOW = {"month": Window.MONTH, "quarter": Window.QUARTER, "year": Window.YEAR}


def _allowance_metrics(ctx: _Ctx, measured_by: MeasuredBy, method: str | None) -> list[Metric]:
    out: list[Metric] = []
    for m in _finditer_near(_ALLOWANCE, ctx.doc.text, offsets_of(ctx.low, ("of downtime", "of unavailability", "of outage")), 80):
        sent = ctx.sentence_at(m.start())
        if sent is None or _CREDIT.search(sent.text) or re.search(r"\bbeyond\b|\bexceed(?:s|ed)\b", sent.text[: m.start() - sent.start], re.IGNORECASE):
            continue  # a credit trigger ("for each hour beyond ..."), not the commitment
        minutes = float(m["n"]) * (60.0 if m["unit"].lower().startswith("hour") else 1.0)
        period = m["period"].lower()
        target = round(100.0 * (1.0 - minutes / _PERIOD_MINUTES[period]), 3)
        out.append(
            Metric(
                kind=MetricKind.AVAILABILITY,
                target=target,
                unit="percent",
                name="downtime allowance",
                window=_PERIOD_WINDOW[period],
                measured_by=measured_by,
                method=method,
                evidence=Evidence(sent.text, sent.location(ctx.doc)),
            )
        )
    return out


def extract_metrics(
    doc: Document,
    sents: list[Sentence],
    provider_names: Iterable[str] = (),
    low: str | None = None,
    tables: list[Table] | None = None,
) -> list[Metric]:
    ctx = _Ctx(doc, sents, low)
    measured_by, method = measurement(doc, provider_names, ctx.low)
    tables = doc_tables(doc) if tables is None else tables
    metrics = _availability(ctx, measured_by, method, None)
    if not metrics:
        metrics = _allowance_metrics(ctx, measured_by, method)
    metrics += _table_availability(ctx, tables, measured_by, method)
    support = _table_metrics(ctx, tables) + _text_table_metrics(ctx) + _dotted_metrics(ctx)
    taken = {m.evidence.location.block for m in support if m.evidence and m.evidence.location}
    support += _prose_metrics(ctx, taken)
    support += _leadin_list_metrics(ctx, taken)
    return metrics + support + _performance_metrics(ctx)
