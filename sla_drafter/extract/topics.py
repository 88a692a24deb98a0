"""Topic detection: each topic is present, absent, by_reference or negated, with evidence.

The cues are data (lexicon.yaml). All cues of all topics are compiled into one trie
regex and scanned once over the lowered document text; hits are mapped to sentences
by bisect. Only sentences that hold a hit are looked at again (negation, references,
conditions), so the cost grows with the hits, not with sentences x patterns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any

from .._cache import YamlError, rx, yaml_data
from ..document import BlockKind, Document
from ..errors import InputError
from ..terms import Evidence, TopicFinding
from ..topics import TOPICS, TopicStatus
from .cues import CueSet, cue_key
from .scan import indexes_at, offsets_of
from .sentences import Sentence

HEADING, STRONG, WEAK, NEGATED = "heading", "strong", "weak", "negated"
_CATEGORIES = (HEADING, STRONG, WEAK, NEGATED)
_ONLY_WEAK = frozenset({WEAK})
_HIT_START = itemgetter(1)  # of a (category, hit_start, cue) item
MAX_EVIDENCE = 3

_NEGATOR = rx(
    r"\b(?:no|not|never|without|nor|none|neither|cannot|has\s+no|have\s+no|"
    # contractions with a straight or a curly apostrophe: "won't", "doesn’t", "isn’t"
    r"(?:can|won|doesn|don|didn|isn|aren|wasn|weren|wouldn|shan|shouldn|mustn|hasn|haven)['’]t)"
    r"(?![\w'’])"
)
# literal needles for a fast pre-scan (str.find); a superset of what _NEGATOR accepts
_NO_WORDS = ("no ", "no\n", "not ", "not\n", "not,", "none", "nor ")
_OTHER_NEGATORS = ("never", "without", "neither")
_NOT_A_NEGATION = rx(
    r"(?:no|not)\s+(?:only|later|less|more|fewer|earlier|sooner)\b|whether\s+or\s+not|"
    r"without\s+(?:undue|limitation|prejudice|delay|the\s+need)|not\s+to\s+exceed|"
    r"without\s+(?:any\s+)?(?:early\s+)?(?:charge|cost|penalt|fee|liabilit|payment|paying|further|termination\s+(?:fee|charge))|"
    r"no\s+(?:event|case)\b|"
    # a severity described by its impact: "major function impaired, no workaround"
    r"no\s+(?:known\s+|acceptable\s+|available\s+|viable\s+)?work[\s-]?arounds?\b|"
    # a credit classed as a price adjustment: "the reductions ... are not a penalty"
    r"not\s+(?:(?:be|constitute|amount\s+to|represent)\s+)?(?:an?\s+)?penalt(?:y|ies)\b"
)
_CONDITIONAL = rx(r"\b(?:if|where|when|whenever|unless|in\s+the\s+event|provided\s+that)\b")
# a condition between the negation and the cue: the negation governs the main verb and the cue
# is the condition ("the power target does not apply while the Customer exceeds the agreed
# load", "events do not occur where the cause is excess heat load")
_GAP_CONDITION = rx(r"\b(?:if|where|when|whenever|while|whilst|unless|to\s+the\s+extent|in\s+the\s+event|so\s+long\s+as)\b")
_CLAUSE_BREAK = rx(r"[,;:()\[\]|]|\bbut\b|\bhowever\b|\bexcept\b|\bsave\b|\n\s*\n")
_LEAD_IN_PREFIX = rx(r"^[\s*_]*(?:[A-Z]{1,5}-?\d+[a-z]?\s*(?:\([A-Z]\))?:?|\(?[\divx]+(?:\.\d+)*[.)]?)\s+")
_SELF_NEGATING_CUE = rx(r"^(?:no|not|does not|do not|without|is not|are not|will not|shall not)\b")
_MAX_GAP_WORDS = 7
_MAX_HEADER_CELL_WORDS = 12


@dataclass(frozen=True, slots=True)
class CueSpec:
    topic: str
    category: str
    with_re: tuple[re.Pattern[str], ...] = ()  # all must be found in the sentence
    without_re: re.Pattern[str] | None = None
    then_re: re.Pattern[str] | None = None  # must match right at the cue (cheaper than `with`)
    # must be found in the clause around the cue: its sentence, the sentences before it in
    # the same section (a lead-in, the conditions before "then, Customer may terminate")
    # or its headings
    near_re: re.Pattern[str] | None = None
    # must be found in the cue's table row (its cells joined by " | "; a text line with "|"
    # cells is its own row): a row header and the bare counts beside it
    row_re: re.Pattern[str] | None = None
    # (heading cues) must be found in the section under the heading: a bare "Support" heading
    # gives a response target only when its body states a time
    body_re: re.Pattern[str] | None = None


@dataclass(slots=True)
class Lexicon:
    cues: CueSet  # strong, weak and negated cues, scanned over the whole text
    specs: list[list[CueSpec]]  # cue index -> specs
    heading_cues: CueSet  # scanned over heading-like sentences only
    heading_specs: list[list[CueSpec]]
    references: CueSet
    reference_documents: re.Pattern[str]
    generic_negation: dict[str, bool] = field(default_factory=dict)
    # topic -> a sentence matching this describes the topic itself, so it is present even
    # when it also points at another document ("... as further set out in the Order Form")
    describes: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # cue index -> its (topic, category) pairs when no spec of the cue has a with/without
    # condition (most cues): a hit of such a cue is recorded without looking at its sentence
    plain: list[tuple[tuple[str, str], ...] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.plain:
            self.plain = [
                None
                if any(
                    sp.with_re
                    or sp.without_re is not None
                    or sp.then_re is not None
                    or sp.near_re is not None
                    or sp.row_re is not None
                    or sp.body_re is not None
                    for sp in specs
                )
                else tuple((sp.topic, sp.category) for sp in specs)
                for specs in self.specs
            ]


def _compile(data: dict[str, Any], source: str) -> Lexicon:
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise InputError("lexicon has no 'topics' mapping", path=source)
    entries: list[tuple[str, CueSpec]] = []
    generic: dict[str, bool] = {}
    describes: dict[str, re.Pattern[str]] = {}
    for topic, spec in topics.items():
        if topic not in TOPICS:
            raise InputError(f"unknown topic {topic!r} in lexicon", path=source)
        if not isinstance(spec, dict):
            raise InputError(f"topic {topic!r} must be a mapping", path=source)
        generic[topic] = bool(spec.get("generic_negation", True))
        desc = spec.get("describes")
        if desc:
            parts = [desc] if isinstance(desc, str) else list(desc)
            if not all(isinstance(x, str) for x in parts):
                raise InputError(f"{topic}.describes must be regexes", path=source)
            describes[topic] = rx("|".join(f"(?:{x})" for x in parts))
        for cat in _CATEGORIES:
            for item in spec.get(cat) or []:
                if isinstance(item, str):
                    entries.append((item, CueSpec(topic, cat)))
                elif isinstance(item, dict) and isinstance(item.get("cue"), str):
                    w = item.get("with") or []
                    wo = item.get("without")
                    then = item.get("then")
                    near = item.get("near")
                    row = item.get("row")
                    body = item.get("body")
                    # "^" and "$" anchor at line starts and ends: a condition is searched
                    # from the sentence's offset in the whole text, where a plain "^" never matches
                    withs = tuple(
                        rx(x, re.MULTILINE) for x in ([w] if isinstance(w, str) else w)
                    )
                    spec_ = CueSpec(
                        topic,
                        cat,
                        withs,
                        rx(wo) if wo else None,
                        rx(then) if then else None,
                        rx(near) if near else None,
                        rx(row, re.MULTILINE) if row else None,
                        rx(body) if body else None,
                    )
                    entries.append((item["cue"], spec_))
                else:
                    raise InputError(f"bad cue {item!r} under {topic}.{cat}", path=source)
    body = [(c, sp) for c, sp in entries if sp.category != HEADING]
    head = [(c, sp) for c, sp in entries if sp.category == HEADING]
    cues, specs = _cue_set(body)
    heading_cues, heading_specs = _cue_set(head)
    refs = CueSet(data.get("reference") or [])
    ref_docs = rx(str(data.get("reference_documents") or r"\bagreement\b"))
    return Lexicon(
        cues, specs, heading_cues, heading_specs, refs, ref_docs, generic, describes=describes
    )


def _cue_set(entries: list[tuple[str, CueSpec]]) -> tuple[CueSet, list[list[CueSpec]]]:
    cues = CueSet(c for c, _ in entries)
    specs: list[list[CueSpec]] = [[] for _ in cues.cues]
    for cue, spec in entries:
        specs[cues.index[cue_key(cue)]].append(spec)
    return cues, specs


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The bundled lexicon, or one at `path` (a lawyer's edited copy)."""
    if path is None:
        text = resources.files(__package__).joinpath("lexicon.yaml").read_text(encoding="utf-8")
        source = "lexicon.yaml"
    else:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read lexicon: {exc.strerror}", path=path) from None
        source = path
    try:
        data = yaml_data(text, "lexicon")
    except YamlError as exc:
        raise InputError(f"lexicon is not valid YAML: {exc}", path=source) from None
    if not isinstance(data, dict):
        raise InputError("lexicon must be a mapping", path=source)
    return _compile(data, source)


def _is_heading_like(sent: Sentence, first_in_block: bool) -> bool:
    block = sent.block
    if block.kind is BlockKind.HEADING:
        return True
    if block.kind is BlockKind.TABLE_CELL:
        # a header cell names its column; a long first-row cell is a sentence (readers turn
        # numbered lists into two-column tables: "1. | Monitoring of production logs ...;")
        return block.row == 0 and len(sent.text.split()) <= _MAX_HEADER_CELL_WORDS
    text = sent.text
    if len(text) > 70:
        return False
    if first_in_block and sent.end < block.end and text.rstrip("*_").endswith((".", ":")):
        # a lead-in title: "8.5 No resolution commitment. Brightloom will ...",
        # "SLR-14 (M): Termination for service failure. The Trust must ..."
        title = _LEAD_IN_PREFIX.sub("", text, count=1)
        return len(title.split()) <= 6 and title[:1].isupper()
    # a standalone short line in plain text: "2. UPTIME", "SERVICE CREDITS", "What doesn't count"
    return _standalone_title(sent, numbered=True)


_PIPE_HEADER_CELL_WORDS = 6
_PLAIN_TITLE_WORDS = 6


def _plain_title(kind: BlockKind, text: str) -> bool:
    """A short paragraph of its own in sentence case, without a full stop: plain-language
    pages title their sections so ("What doesn't count", "If we miss it", "Your part")."""
    return (
        kind is BlockKind.PARAGRAPH
        and text[:1].isupper()
        and not text.endswith(":")
        and "\n" not in text
        and len(text.split()) <= _PLAIN_TITLE_WORDS
    )


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a plain-text table row ("P1 | Site down | 15 minutes | 4 hours")."""
    if "|" not in line:
        return None
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells if len(cells) >= 2 else None


def _is_pipe_header(cells: list[str]) -> bool:
    return not any(
        not c or len(c.split()) > _PIPE_HEADER_CELL_WORDS or any(ch.isdigit() for ch in c)
        for c in cells
    )


def _pipe_header_rows(sents: list[Sentence]) -> dict[int, int]:
    """Header lines of tables written as plain text, one row a line with cells between
    pipes: the first row of two or more with the same number of cells, whose cells are short
    names without figures ("Priority | First reply | Restoration target"). Such a line names
    its columns like a table header cell. Sentence index -> the header line's end offset
    (the rows may be one sentence with it, or one sentence each)."""
    out: dict[int, int] = {}
    for i, sent in enumerate(sents):
        if "|" not in sent.text or sent.block.kind is not BlockKind.PARAGRAPH:
            continue
        lines = sent.text.split("\n")
        cells = _pipe_cells(lines[0])
        if cells is None or not _is_pipe_header(cells):
            continue
        # readers give each row its own paragraph, or keep the rows on lines of one
        if len(lines) > 1:
            nxt_cells = _pipe_cells(lines[1])
        elif i + 1 < len(sents) and sents[i + 1].block.kind is BlockKind.PARAGRAPH:
            nxt_cells = _pipe_cells(sents[i + 1].text.split("\n")[0])
        else:
            nxt_cells = None
        # a header over a first column of row names leaves its corner empty: " | Response | Fix"
        corner = lines[0].lstrip().startswith("|") and not lines[0].rstrip().endswith("|")
        if nxt_cells is None or len(nxt_cells) not in (len(cells), len(cells) + corner):
            continue
        prev = sents[i - 1] if i > 0 else None
        if prev is not None and prev.block.kind is BlockKind.PARAGRAPH and _pipe_cells(prev.text.split("\n")[-1]):
            continue  # not the first row
        out[i] = sent.start + len(lines[0])
    return out


_TOC_LINE = rx(r"(?:\.{3,}|…|\s{2,}|\t)\s*(?:\d{1,3}|[ivxlc]{1,6})\s*$", re.IGNORECASE)


def _toc_entry(line: str) -> bool:
    t = line.rstrip()
    if not t or len(t) > 120 or not (t[-1].isdigit() or t[-1] in "ivxlcIVXLC"):
        return False  # cheap test first: an entry ends with a page number
    return _TOC_LINE.search(t[-16:]) is not None


_PAGE_NUMBER = rx(r"\d{1,3}|[ivxlc]{1,6}", re.IGNORECASE)
_NUMBERED_TITLE = rx(r"\d+(?:\.\d+)*\.?\s+\S")


def _toc_tables(doc: Document) -> frozenset[int]:
    """Tables that are a table of contents: every row ends in a bare page number and the
    numbers never go down; the table follows a "Contents" heading or line (directly, or
    through other contents tables, as readers make one table per blank-line-separated
    entry), or has two or more rows of numbered titles."""
    found: set[int] = set()
    for table, rows in doc.tables().items():
        if any(len(r) < 2 for r in rows):
            continue
        pages = [r[-1].strip() for r in rows]
        if not all(_PAGE_NUMBER.fullmatch(p) for p in pages):
            continue
        if all(p.isdigit() for p in pages) and [int(p) for p in pages] != sorted(int(p) for p in pages):
            continue
        first = next(b for b in doc.blocks if b.table == table)
        before = doc.blocks[first.index - 1] if first.index else None
        if before is not None and before.kind is BlockKind.TABLE_CELL and before.table in found:
            found.add(table)
            continue
        context = " ".join((*first.heading_path, before.text if before else "")).lower()
        numbered = len(rows) >= 2 and all(_NUMBERED_TITLE.match(r[0].strip()) for r in rows)
        if "contents" in context or numbered:
            found.add(table)
    return frozenset(found)


def _is_toc_line(text: str) -> bool:
    """"12. Indemnification ........ 14": an entry (or a block of entries) in a table of contents."""
    if "\n" in text:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        hits = sum(1 for ln in lines if _toc_entry(ln))
        return hits >= 2 and hits >= 0.6 * len(lines)
    return _toc_entry(text)


def _negator_offsets(low: str) -> list[int]:
    """Offsets of words that may negate ("no", "not", "none", "nor", "never", "without"...).

    The words starting "no" are found with one scan for "no" (seven scans of a long text
    cost twice as much as one scan and a look at each of its few hundred hits)."""
    out = []
    find, startswith = low.find, low.startswith
    i = find("no")
    while i >= 0:
        if i == 0 or not low[i - 1].isalnum():
            if startswith(_NO_WORDS, i):
                out.append(i)
        elif i >= 3 and startswith("cannot", i - 3) and (i == 3 or not low[i - 4].isalnum()):
            out.append(i - 3)  # "cannot" holds "no"
        i = find("no", i + 1)
    for needle in _OTHER_NEGATORS:
        i = find(needle)
        while i >= 0:
            if i == 0 or not low[i - 1].isalnum():
                out.append(i)
            i = find(needle, i + 1)
    for needle in ("n't", "n’t"):
        i = find(needle)
        while i >= 0:
            out.append(i)
            i = find(needle, i + 1)
    out.sort()
    return out


# A negation denies a topic only when it governs the topic cue itself: as a determiner
# ("no service credits are provided", "carries no penalties or credits", "has no
# obligation to indemnify") or through a verb that gives or withholds the thing ("does not
# create any indemnity", "does not commit to any time for resolution"). A negated verb of
# another meaning ("will not charge for the monthly report", "must not exceed") or a
# prohibition ("No maintenance may take place outside the window") does not deny it.
_DETERMINER_NEGATORS = frozenset({"no", "without", "none", "neither", "nor"})
_GAP_WORD = rx(r"[a-z][a-z'’-]*|\d+")
_SKIP_AFTER_NOT = frozenset({
    "be", "been", "being", "have", "has", "had", "do", "does", "did", "any", "a", "an", "the",
    "also", "currently", "expressly", "otherwise", "itself", "ever", "normally", "generally",
    "directly", "separately", "yet", "as", "such",
})
# verbs (and their forms) that, negated, withhold what follows: "does not offer credits"
_PROVISION_VERB = rx(
    r"(?:provid|offer|giv|gave|grant|creat|commit|includ|guarante|warrant|promis|issu|pay|paid|"
    r"appl[yi]|publish|produc|deliver|mak|made|ha[sv]|had|accept|assum|ow[ei]|undertak|contain|"
    r"extend|carr[yi]|accru|entitl|award|afford|specif|recogni[sz]|obliged?|obligat|require|"
    r"bound|eligible|subject|agree|measur|monitor|report|escalat|indemnif|audit|maintain|schedul|"
    r"plan|perform|receiv|obtain|earn|claim|permit|allow)\w*$|sets?$|use[sd]?$|using$|rel(?:y|ies|ied)$"
)
_OBLIGATION_NOUN = rx(
    r"(?:obligation|commitment|liabilit|duty|duties|responsibilit|right|entitlement|guarantee|"
    r"warrant|promise|undertaking|requirement|provision|offer)\w*$"
)
_PREPOSITIONS = frozenset({
    "of", "for", "to", "on", "about", "in", "at", "with", "from", "by", "outside", "during",
    "before", "after", "beyond", "than", "within", "between", "into", "until", "unless", "except",
})
# after the topic's noun phrase: a modal + another verb is a prohibition, not a denial
_PREDICATE = rx(
    r"^\W*(?:[\w'’-]+\s+){0,4}?(?:may|can|could|must|should|shall|will|would|is|are|was|were)"
    r"\s+(?:not\s+)?(?:be\s+|been\s+)?([a-z]+)"
)
_DENIAL_PREDICATE = rx(
    r"(?:provided|given|offered|available|payable|due|issued|granted|made|paid|applied|"
    r"applicable|included|accrued|credited|owed|awarded|apply|applies|accrue|exist|arise|"
    r"extended|recogni[sz]ed|published|produced|delivered|sent|set|defined|specified|"
    r"committed|guaranteed|part|agreed|measured|monitored|reported|held|carried|performed|"
    r"undertaken|scheduled|planned|done|promised|warranted|assured)$"
)
# the topic's noun phrase, then its denial: "Resolution times cannot be guaranteed",
# "service credits are not offered"; at most a few words between, within the clause
_DENIED_AFTER = rx(
    r"[^.;:,()\n]{0,40}?\b(?:is|are|will|shall|can|could|may|would)\s*(?:not|n['’]t)\s+(?:be\s+)?"
    r"(?:guaranteed|promised|committed|warranted|assured|offered|given|provided|granted)\b"
    r"|[^.;:,()\n]{0,40}?\bcannot\s+be\s+(?:guaranteed|promised|committed|warranted|assured)\b"
    # a list of things or a longer phrase, then a verdict on its standing: "customer-side
    # monitoring, third-party probe results and screenshots are not accepted as a measure of
    # Downtime", "response times ... are described elsewhere and are not Service Levels"
    r"|[^.;:()\n]{0,120}?\b(?:is|are|will|shall)\s*(?:not|n['’]t)\s+(?:be\s+)?(?:accepted|recogni[sz]ed|"
    r"treated|used|relied\s+(?:up)?on)\s+(?:as|for)\s+(?:a\s+|an\s+|the\s+)?(?:measure|evidence|basis|"
    r"proof|determin|calculat)"
    r"|[^.;:()\n]{0,120}?\b(?:is|are)\s*(?:not|n['’]t)\s+(?:a\s+|an\s+)?(?:part\s+of\s+(?:the|this|these)\s+)?"
    r"(?:service\s+levels?|slas?|service\s+level\s+(?:commitments?|objectives?|targets?))\b"
)
# a denial limited in time or place restricts the topic instead: "no maintenance is carried
# out during business hours", "no service credits apply during the first month"
_RESTRICTED = rx(
    r"\b(?:outside|during|before|after|between|beyond|other\s+than|more\s+(?:often\s+)?than|"
    r"on\s+(?:weekdays|business\s+days|working\s+days)|in\s+(?:business|working)\s+hours)\b"
)
_QUALIFIED = rx(
    r"\b(?:unless|until|except|other\s+than|if|where|when|provided\s+that|save)\b"
    r"|\bwithout\s+(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:prior\s+)?(?:written\s+)?(?:agreement|consent|approval)"
)
# a condition that is only the miss itself ("no credits or other remedies apply if a target is not
# met"): every remedy is triggered by a miss, so this condition limits nothing and the denial is whole
_MISS_CONDITION = rx(
    r"\b(?:if|where|when|whenever|in\s+the\s+event\s+(?:that\s+)?)\s*(?:a|an|any|the|one|our|its)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:targets?|service\s+levels?|levels?|objectives?|slos?|slas?|kpis?|commitments?|"
    r"standards?|metrics?)\s+(?:(?:is|are|was|were|has\s+been|have\s+been)\s+(?:not\s+(?:met|achieved)|missed|"
    r"breached|failed)|(?:has|have)\s+not\s+been\s+(?:met|achieved))\s*$"
)
_POST_END = rx(r"[.;:\n]")
_WORD = rx(r"[\w'’%=()-]+")
_RESTRICTION_WORDS = 5  # "no maintenance is carried out during ...": right after the topic's words
_COPULA_BEFORE = rx(r"\b(?:is|are|was|were|be)\s+$")
_NOUN_PHRASE_AFTER = rx(r"\s*(?:the|a|an|any|its|their|our|your|[a-z]+['’]s?)\s")
_BE_NOUN_PHRASE = rx(r"\s*be\s+(?:the|a|an|any|its|their|our|your|[a-z]+['’]s)\s")


# after the negated verb, a place or manner preposition puts the topic outside its object
_PLACE_WORDS = frozenset({"in", "into", "from", "within", "on", "at", "outside", "during"})
_NOT_REQUIRED = frozenset({"required", "obliged", "obligated", "bound", "need", "needs"})
_CLAIM_ACTS = frozenset({"claim", "request", "apply", "notify", "ask", "submit", "lodge", "raise"})
_NEED_BEFORE = rx(r"\bneed\s+$")
# what a measure leaves out is carved out of it: "Downtime does not include ...", "Unavailability
# shall not count ..."; the thing left out is given (an exclusion), not denied
_MEASURE_BEFORE = rx(
    r"\b(?:downtime|unavailab\w*|outages?|interruptions?|downtime\s+minutes|service\s+disruptions?)"
    r"[\s\"'’”)]*(?:(?:does|do|shall|will|must|should)\s+)?$"
)
_LEAVES_OUT = rx(r"\s*(?:include|includes|count|counts|cover|covers|comprise|comprises)\b")


def _restricted(post: str) -> bool:
    """A limit in time or place right after the topic's words (not after a list: "does not
    create any indemnity, warranty or other obligation beyond those stated")."""
    head = post.split(",", 1)[0]
    return _RESTRICTED.search(" ".join(head.split()[:_RESTRICTION_WORDS])) is not None


def _denies(negator: str, gap: str, post: str) -> bool:
    """Whether `negator`, `gap` words before the cue and `post` (the text after the cue's
    words, to the clause end) deny the topic rather than another verb or noun."""
    post = _MISS_CONDITION.sub("", post)
    words = _GAP_WORD.findall(gap)
    if negator in _DETERMINER_NEGATORS:
        if negator == "neither" and words[:1] in (["party"], ["of"]):
            # "Neither party may amend this SLA except ...": a subject, not a determiner
            content = [w for w in words[1:] if w not in _SKIP_AFTER_NOT and w not in (
                "may", "can", "shall", "will", "must", "parties", "of", "the")]
            if content and _PROVISION_VERB.match(content[0]) is None:
                return False
            return not _QUALIFIED.search(post)
        if words and (_OBLIGATION_NOUN.match(words[0]) or (
            words[0].endswith("ing") and _PROVISION_VERB.match(words[0])
        )):
            return not _QUALIFIED.search(post)  # "no obligation to", "without providing"
        if words and words[0].endswith("ing"):
            return False  # "without affecting the credits": another verb is negated
        if any(w in _PREPOSITIONS for w in words):
            return False  # "no charge for the monthly report": "no" governs another noun
        m = _PREDICATE.match(post)
        if m is not None and not _DENIAL_PREDICATE.match(m.group(1)):
            return False  # "No maintenance may take place outside the window"
        return not _QUALIFIED.search(post) and not _restricted(post)
    content = [w for w in words if w not in _SKIP_AFTER_NOT]
    if not content:  # "is not an indemnity", "does not monitor"; not "may not audit more than once"
        return not _QUALIFIED.search(post) and not _restricted(post)
    first = content[0]
    if first == "under" and len(content) > 1:
        first = content[1]  # "is not under any obligation to"
    if not (_PROVISION_VERB.match(first) or _OBLIGATION_NOUN.match(first)):
        return False  # "will not charge for", "must not exceed", "may not take place"
    rest = content[content.index(first) + 1 :]
    if first.startswith("rel") and rest[:1] == ["on"]:
        rest = rest[1:]  # "may not rely on independent monitoring"
    if any(w in _PLACE_WORDS for w in rest):
        return False  # "will not include maintenance in the monthly report": another object
    if first in ("apply", "applies") and rest[:1] == ["to"]:
        return False  # "the levels do not apply to traffic above the committed rate": the cue is what is carved out
    if first in _NOT_REQUIRED and len(rest) > 1 and rest[0] == "to" and rest[1] in _CLAIM_ACTS:
        return False  # "is not required to claim service credits": they are automatic
    return not _QUALIFIED.search(post) and not _restricted(post)


def _denied_after(low: str, sent: Sentence, hit_start: int, cue: str) -> bool:
    """The cue's noun phrase is the subject of its own denial ("Resolution times cannot be
    guaranteed"), not limited by a condition or a time ("... are not given where ...")."""
    if _CONDITIONAL.search(low, sent.start, hit_start):
        return False
    pos = hit_start
    for _ in range(sum(1 for w in cue.split() if w != "...")):
        word = _WORD.search(low, pos, sent.end)
        if word is None:
            return False
        pos = word.end()
    m = _DENIED_AFTER.match(low, pos, sent.end)
    if m is None:
        return False
    stop = _POST_END.search(low, m.end(), sent.end)
    rest = _MISS_CONDITION.sub("", low[m.end() : stop.start() if stop else sent.end])
    if _SCOPE_AFTER.match(rest):
        return False  # "are not offered for beta features": a limit, not a denial
    return not _QUALIFIED.search(rest) and not _restricted(rest)


_SCOPE_AFTER = rx(r"\s*(?:for|to|on|in|in\s+respect\s+of|with\s+respect\s+to)\s+\w")


# a segment between commas that is a clause of its own (a verb, a pronoun subject), not a list item
_CLAUSE_WORD = rx(
    r"\b(?:is|are|was|were|will|shall|may|must|can|could|would|should|does|do|did|has|have|we|you|it|they|"
    r"which|that|who|apply|applies)\b"
)
_COORDINATOR = rx(r"\b(?:or|and|nor)\b")
_LIST_ITEM_WORDS = 4


def _list_start(prefix: str, breaks: list[re.Match[str]], after: str) -> tuple[int, int] | None:
    """A cue that is a later item of a list ("does not create contractual service levels,
    service credits or refunds") shares the negation of the list's head: where the clause
    holding the list's head starts, and where the list's first item ends; None when the
    commas before the cue do not separate short coordinated noun phrases."""
    seg_end = len(prefix)
    first_comma: int | None = None
    k = len(breaks) - 1
    while k >= 0 and breaks[k].group(0) == ",":
        seg = prefix[breaks[k].end() : seg_end]
        if len(seg.split()) > _LIST_ITEM_WORDS or _CLAUSE_WORD.search(seg):
            break
        first_comma = breaks[k].start()
        seg_end = first_comma
        k -= 1
    if first_comma is None:
        return None
    if not (_COORDINATOR.search(prefix, first_comma) or _COORDINATOR.search(after.split(",", 1)[0])):
        return None
    return (breaks[k].end() if k >= 0 else 0), first_comma


def _generic_negation(low: str, sent: Sentence, hit_start: int, cue: str) -> bool:
    lo = max(sent.start, hit_start - 120)
    prefix = low[lo:hit_start]
    breaks = list(_CLAUSE_BREAK.finditer(prefix))
    cut = breaks[-1].end() if breaks else 0
    gap_end = len(prefix)
    clause = prefix[cut:]
    last: re.Match[str] | None = None
    for m in _NEGATOR.finditer(clause):
        last = m
    if last is None:
        listed = _list_start(prefix, breaks, low[hit_start : min(sent.end, hit_start + 60)])
        if listed is None:
            return False
        cut, gap_end = listed
        clause = prefix[cut:]
        for m in _NEGATOR.finditer(clause, 0, gap_end - cut):
            last = m
        if last is None:
            return False
    if _NOT_A_NEGATION.match(low, lo + cut + last.start()):
        return False
    gap = prefix[cut + last.end() : gap_end]
    if len(gap.split()) > _MAX_GAP_WORDS:
        return False
    if _CONDITIONAL.search(clause, 0, last.start()):
        return False
    if _GAP_CONDITION.search(gap):
        return False  # "the target does not apply while the Customer exceeds its power": a condition
    if _NEED_BEFORE.search(clause, 0, last.start()):
        return False  # "the Customer need not claim service credits"
    if _MEASURE_BEFORE.search(clause, 0, last.start()) and _LEAVES_OUT.match(gap):
        return False  # "Downtime does not include planned maintenance": left out, not denied
    negator = last.group(0)
    negator = "no" if negator.startswith(("has", "have")) else negator
    if negator.endswith(("n't", "n’t", "not")) or negator in ("cannot", "never"):
        negator = "not"
        if (_COPULA_BEFORE.search(clause, 0, last.start()) and _NOUN_PHRASE_AFTER.match(gap)) or (
            _BE_NOUN_PHRASE.match(gap)
        ):
            # "are not the Customer's sole remedy", "shall not be the Buyer's only remedy":
            # the noun phrase is denied
            negator = "no"
    # the text after the cue's own words, to the end of the clause
    tail = low[hit_start : min(sent.end, hit_start + 160)]
    pos = 0
    for _ in range(sum(1 for w in cue.split() if w != "...")):
        word = _WORD.search(tail, pos)
        if word is None:
            break
        pos = word.end()
    stop = _POST_END.search(tail, pos)
    return _denies(negator, gap, tail[pos : stop.start() if stop else len(tail)])


# a contrast that turns the sentence: "..., but", "; however", "although"
_CONTRAST = rx(r"\bbut\b|\bhowever\b|\balthough\b|\bthough\b|[,;]\s*yet\b")


def _deciding_hit(items: list[tuple[str, int, str]], low: str) -> tuple[str, int, str]:
    """The hit that decides a sentence for a topic: the first one, unless it is a background
    word (a weak cue) and a contrast turns the sentence to a stronger cue ("works until a fix or
    workaround is provided, but does not commit to any resolution time": the commitment after
    "but", not "workaround", decides)."""
    first = min(items, key=_HIT_START)
    if first[0] != WEAK:
        return first
    stronger = [it for it in items if it[0] != WEAK]
    if not stronger:
        return first
    turn = min(stronger, key=_HIT_START)
    return turn if _CONTRAST.search(low, first[1], turn[1]) else first


@dataclass(slots=True)
class _TopicState:
    heading: list[int] = field(default_factory=list)  # sentence indexes
    strong: list[int] = field(default_factory=list)
    weak: list[int] = field(default_factory=list)
    negated: list[int] = field(default_factory=list)  # denied through a weak cue
    negated_strong: list[int] = field(default_factory=list)  # denied through a strong cue
    reference: list[int] = field(default_factory=list)


def detect_topics(
    doc: Document,
    sents: list[Sentence],
    low: str,
    lexicon: Lexicon | None = None,
) -> dict[str, TopicFinding]:
    lex = lexicon or load_lexicon()
    starts = [s.start for s in sents]
    first_in_block: set[int] = set()
    prev_block = -1
    for i, s in enumerate(sents):
        if s.block.index != prev_block:
            first_in_block.add(i)
            prev_block = s.block.index
    states: dict[str, _TopicState] = {t: _TopicState() for t in TOPICS}
    # sentence -> topic -> list of (category, hit_start, cue)
    per_sentence: dict[int, dict[str, list[tuple[str, int, str]]]] = {}

    cond_cache: dict[tuple[int, str], bool] = {}

    def holds(si: int, pattern: re.Pattern[str]) -> bool:
        key = (si, pattern.pattern)
        got = cond_cache.get(key)
        if got is None:
            got = cond_cache[key] = bool(pattern.search(low, sents[si].start, sents[si].end))
        return got

    def near(si: int, pattern: re.Pattern[str]) -> bool:
        key = (~si, pattern.pattern)
        got = cond_cache.get(key)
        if got is None:
            got = cond_cache[key] = _near(sents, low, si, pattern)
        return got

    def row(si: int, pattern: re.Pattern[str]) -> bool:
        key = (-1 - len(sents) - si, pattern.pattern)
        got = cond_cache.get(key)
        if got is None:
            got = cond_cache[key] = pattern.search(_row_text(sents, low, si)) is not None
        return got

    def body(si: int, pattern: re.Pattern[str]) -> bool:
        key = (-1 - 2 * len(sents) - si, pattern.pattern)
        got = cond_cache.get(key)
        if got is None:
            end = _section_end(sents, si)
            got = cond_cache[key] = pattern.search(low, sents[si].end, end) is not None
        return got

    def add(si: int, hit_start: int, cue: str, specs: list[CueSpec]) -> bool:
        """The hit's specs whose conditions hold, recorded. True when one did, or when a
        `without` ruled the place out (the cue's words are here, in a context that is not
        the topic): then no shorter cue at the place is tried either."""
        settled = False
        for spec in specs:
            if spec.then_re is not None and not spec.then_re.match(low, hit_start, sents[si].end):
                continue
            if spec.with_re and not all(holds(si, w) for w in spec.with_re):
                continue
            if spec.without_re is not None and holds(si, spec.without_re):
                settled = True
                continue
            if spec.near_re is not None and not near(si, spec.near_re):
                continue
            if spec.row_re is not None and not row(si, spec.row_re):
                continue
            if spec.body_re is not None and not body(si, spec.body_re):
                continue
            per_sentence.setdefault(si, {}).setdefault(spec.topic, []).append(
                (spec.category, hit_start, cue)
            )
            settled = True
        return settled

    def add_or_shadowed(si: int, hit_start: int, cue_i: int) -> None:
        """The trie's cue at a place, or, when it is no cue there (what its conditions ask for
        is missing, and no `without` ruled the place out), the shorter cues it hid there
        ("availability" as a formula's name fails; "availab*" with a figure holds)."""
        if add(si, hit_start, cue_texts[cue_i], cue_specs[cue_i]):
            return
        for j in lex.cues.shadowed_at(cue_i, low, hit_start, sents[si].end):
            add(si, hit_start, cue_texts[j], cue_specs[j])

    # hits come in text order: walk the sentences alongside instead of bisecting each time
    si = 0
    n_sents = len(sents)
    cue_texts, cue_specs = lex.cues.cues, lex.specs
    plain = lex.plain
    toc: dict[int, bool] = {}  # a table-of-contents line names a topic without giving it
    toc_tables: frozenset[int] | None = None  # computed on the first cue found in a table
    for cue_i, hit_start, _ in lex.cues.hits(low):
        while si + 1 < n_sents and starts[si + 1] <= hit_start:
            si += 1
        if not n_sents or hit_start < starts[si] or hit_start >= sents[si].end:
            continue
        in_toc = toc.get(si)
        if in_toc is None:
            block = sents[si].block
            if block.kind is BlockKind.TABLE_CELL:
                if toc_tables is None:
                    toc_tables = _toc_tables(doc)
                in_toc = block.table in toc_tables
            else:
                in_toc = False
            in_toc = toc[si] = in_toc or _is_toc_line(sents[si].text)
        if in_toc:
            continue
        pairs = plain[cue_i]
        if pairs is None:
            add_or_shadowed(si, hit_start, cue_i)
            continue
        by_topic = per_sentence.get(si)
        if by_topic is None:
            by_topic = per_sentence[si] = {}
        cue = cue_texts[cue_i]
        for topic, category in pairs:
            items = by_topic.get(topic)
            if items is None:
                by_topic[topic] = [(category, hit_start, cue)]
            else:
                items.append((category, hit_start, cue))
    # heading cues: one scan over the heading-like sentences joined together
    pipe_heads = _pipe_header_rows(sents)
    heads = [
        si
        for si, sent in enumerate(sents)
        if (_is_heading_like(sent, si in first_in_block) or si in pipe_heads) and not toc.get(si, False)
    ]
    if heads:
        joined_starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for si in heads:
            joined_starts.append(pos)
            part = low[sents[si].start : pipe_heads.get(si, sents[si].end)]
            parts.append(part)
            pos += len(part) + 1
        joined = "\n".join(parts)
        for hit in lex.heading_cues.finditer(joined):
            k = bisect_right(joined_starts, hit.start) - 1
            si = heads[k]
            doc_offset = sents[si].start + hit.start - joined_starts[k]
            add(si, doc_offset, lex.heading_cues.cues[hit.cue], lex.heading_specs[hit.cue])
    # negators found once over the text; a hit is checked for negation only when one is near
    neg_offsets = _negator_offsets(low)
    # a reference names another document: only sentences holding such a word are checked
    may_refer = set(indexes_at(starts, offsets_of(low, _REFERENCE_DOC_NEEDLES)))

    generic = lex.generic_negation
    for si, topics in per_sentence.items():
        sent = sents[si]
        ref_checked: bool | None = None
        for topic, items in topics.items():
            st = states[topic]
            # most topics have one hit in a sentence: no set or min() for them
            first = items[0] if len(items) == 1 else _deciding_hit(items, low)
            cats = {first[0]} if len(items) == 1 else {it[0] for it in items}
            negated = NEGATED in cats
            strong_negation = negated
            if not negated and generic.get(topic, True):
                # the first cue of the topic in the sentence decides: "does not commit to
                # any time for resolution, workaround or fix" is negated, "may terminate ...
                # without paying early termination charges" is not
                _, start, cue = first
                i = bisect_right(neg_offsets, start) - 1
                negated = (
                    i >= 0
                    and start - neg_offsets[i] <= 120
                    and not _SELF_NEGATING_CUE.match(cue)
                    and _generic_negation(low, sent, start, cue)
                ) or (
                    i + 1 < len(neg_offsets)
                    and neg_offsets[i + 1] < sent.end
                    and _denied_after(low, sent, start, cue)
                )
                strong_negation = negated and cats != _ONLY_WEAK
            if negated:
                (st.negated_strong if strong_negation else st.negated).append(si)
                continue
            if cats == _ONLY_WEAK:
                # a weak word beside a reference ("modify ... under the licence in Annex B",
                # "maintenance fee ... as specified in the Agreement") does not incorporate
                # the topic: it counts as a weak hit like any other
                st.weak.append(si)
                continue
            if ref_checked is None:
                ref_checked = si in may_refer and _is_reference(lex, low, sent)
            if ref_checked:
                desc = lex.describes.get(topic)
                if desc is None or not holds(si, desc):
                    st.reference.append(si)
                    continue
            if HEADING in cats:
                st.heading.append(si)
            elif STRONG in cats:
                st.strong.append(si)
            elif WEAK in cats:
                st.weak.append(si)
    out: dict[str, TopicFinding] = {}
    for topic in TOPICS:
        st = states[topic]
        st.heading.sort()
        st.strong.sort()
        st.weak.sort()
        st.negated = sorted(st.negated_strong) + sorted(st.negated)
        st.reference.sort()
        denied = set(st.negated)
        # a heading whose body only points elsewhere ("As set out in clause 20 of the
        # Master Agreement.") incorporates the topic by reference
        headings: list[int] = []
        pointers: list[int] = []
        for h in st.heading:
            if _section_denies(sents, h, denied):
                continue
            if _body_is_reference(lex, low, sents, h):
                pointers.append(h)
                continue
            headings.append(h)
            if len(headings) == MAX_EVIDENCE:
                # the topic is present and its evidence starts with these headings: the
                # later ones (pointers or not) can change neither
                break
        if pointers and len(headings) < MAX_EVIDENCE:
            st.reference = sorted({*st.reference, *pointers, *(p + 1 for p in pointers)})
        if (
            (headings or st.strong)
            and topic in _TIME_TARGETS
            and not any(_time_stated_near(sents, i) for i in (*headings, *st.strong, *st.weak))
        ):
            # response or resolution named but no time anywhere near: the times are set in
            # another document ("within the period specified in our SLA") or nowhere
            pointed = [
                i
                for i in (*headings, *st.strong)
                if _is_reference(lex, low, sents[i]) or _SET_ELSEWHERE.search(sents[i].text)
            ]
            headings, st.strong = [], []
            if pointed:
                out[topic] = _finding(doc, sents, TopicStatus.BY_REFERENCE, pointed)
                continue
        if headings or st.strong:
            chosen = headings + [s for s in st.strong if s not in headings]
            if headings:
                chosen = [headings[0], *_body_after(sents, headings[0], st), *chosen[1:]]
            out[topic] = _finding(doc, sents, TopicStatus.PRESENT, chosen)
        elif st.negated:
            out[topic] = _finding(doc, sents, TopicStatus.NEGATED, st.negated)
        elif st.reference:
            out[topic] = _finding(doc, sents, TopicStatus.BY_REFERENCE, st.reference)
        elif len(st.weak) >= 3 and (
            topic not in _TIME_TARGETS or any(_STATES_A_TIME.search(sents[i].text) for i in st.weak)
        ):
            # words alone ("workaround", "resolved", "restore") make no time target: a topic that
            # is a time to respond or to fix needs a time in one of them
            out[topic] = _finding(doc, sents, TopicStatus.PRESENT, st.weak)
        else:
            out[topic] = TopicFinding()
    if out["availability"].status is TopicStatus.PRESENT and _AVAILABILITY_FIGURE.search(low) is None:
        # an availability target is a figure: "availability is provided as best effort" or "we strive
        # for the availability declared in each service's own SLA" states none
        out["availability"] = TopicFinding()
    if out["service_description"].status is TopicStatus.ABSENT:
        named = _named_service(doc.text, sents)
        if named is not None:
            out["service_description"] = _finding(doc, sents, TopicStatus.PRESENT, [named])
    return out


# A covered service named as a product: one to four capitalised words, at least one of them a
# name, before a service noun ("the Pathfinder SSO", "TiDB Cloud", "GOV.UK Pay", "the Event
# Streams Standard Plan"). A bare defined term ("the Cloud Service", "Hosting Services", "our
# service") names nothing: the service is then described, if at all, in another document.
_NAMED_SERVICE = rx(
    r"\b((?:[A-Z][\w&'’-]*(?:\.[A-Za-z][\w-]*)*[ \t]+){1,4})"
    r"(?:Services?|Platforms?|APIs?|Plans?|Clusters?|Cloud|SSO|Hosting|Storage|Portal|Desk|Network|Software"
    r"|Products?|Applications?|App|Suite|Engine|Databases?|Servers?|Registry|Gateway|Pay|Forms)\b"
)
# capitalised words that name no product: defined terms, tiers, kinds of service
_GENERIC_NAME_WORDS = frozenset(
    [
        "service", "services", "level", "agreement", "sla", "cloud", "hosting", "hosted", "online", "support",
        "technical", "covered", "core", "managed", "platform", "software", "subscription", "professional",
        "customer", "client", "provider", "supplier", "vendor", "premium", "standard", "enterprise", "basic",
        "business", "production", "primary", "secondary", "additional", "custom", "dedicated", "virtual",
        "shared", "the", "our", "your", "this", "these", "each", "all", "any", "third-party", "internet", "web",
        "email", "data", "network", "storage", "api", "plan", "portal", "desk", "system", "product",
        "application", "database", "server", "cluster", "global",
    ]
)
_LOWER_WORD = rx(r"\b[a-z][a-z'’-]*\b")


def _named_service(text: str, sents: list[Sentence]) -> int | None:
    """The sentence naming the covered service as a product, or None. A name is a word with
    capitals or digits inside ("TiDB", "ARDC", "GOV.UK"), or a capitalised word the text
    never writes in lower case and uses more than once ("Pathfinder"), so a title-cased
    heading's ordinary words ("Calculated") are none."""
    lower_words: set[str] | None = None
    for m in _NAMED_SERVICE.finditer(text):
        for tok in m.group(1).split():
            core = tok.removesuffix("'s").removesuffix("’s").strip(".")
            if len(core) < 2 or core.lower() in _GENERIC_NAME_WORDS:
                continue
            if not (any(c.isupper() or c.isdigit() for c in core[1:]) or core[0].isdigit()):
                if lower_words is None:
                    lower_words = set(_LOWER_WORD.findall(text))
                if core.lower() in lower_words or text.count(core) < 2:
                    continue
            return _sentence_at(sents, m.start())
    # an acronym names a product even before a lower-case noun: "levels of reliability for CDN
    # services", "the VPN service"; not a generic one ("IT services", "SLA terms")
    for m in _ACRONYM_SERVICE.finditer(text):
        if m.group(1) not in _GENERIC_ACRONYMS:
            return _sentence_at(sents, m.start())
    # the target's object named: "99.99% monthly uptime to teams on Basecamp Big", "keep the
    # zephly platform available"; a lower-case name only when it acts as the provider ("zephly will")
    for m in _TARGET_OBJECT.finditer(text):
        name = m.group("cap") or m.group("low")
        tok = name.split()[0].removesuffix("'s").removesuffix("’s")
        if tok.lower() in _GENERIC_NAME_WORDS or len(tok) < 3:
            continue
        if m.group("cap"):
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            if tok.lower() in lower_words or text.count(tok) < 2:
                continue
        elif not re.search(rf"(?:^|[.\n]\s*|\s){re.escape(tok)}\s+(?:will|shall|may|reserves|provides|guarantees|commits)\b", text):
            continue
        return _sentence_at(sents, m.start())
    return None


def _sentence_at(sents: list[Sentence], pos: int) -> int | None:
    i = bisect_right([s.start for s in sents], pos) - 1
    return i if i >= 0 else None


_ACRONYM_SERVICE = rx(r"\b([A-Z][A-Z0-9]{1,7})s?[ \t]+(?:services?|platforms?|network|hosting|cloud|portal|software|applications?|system)\b")
_GENERIC_ACRONYMS = frozenset(
    ["SLA", "SLO", "SLOS", "IT", "ICT", "API", "UK", "US", "USA", "EU", "EEA", "HR", "FAQ", "TOS", "MSA", "SOW", "KPI", "ITIL",
     "PDF", "CEO", "CTO", "CIO", "IP", "DNS", "LAN", "WAN", "SAAS", "PAAS", "IAAS", "SAN", "NAS", "OS", "UI", "ERP", "CRM"]
)
_TARGET_OBJECT = rx(
    r"\b(?:uptime|availability)\b[^.\n]{0,60}?\b(?:to|for)\s+(?:all\s+)?(?:teams|customers|users|accounts|subscribers|clients)\s+(?:on|of|using)\s+"
    r"(?P<cap>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2})"
    r"|\b(?:make|keep)\s+the\s+(?P<low>[a-z][\w-]+)\s+(?:platform|service|api|cloud|network|application|app|software|product)\s+"
    r"(?:available|accessible|online)\b"
)


# topics that are a time to respond or to fix, and the time one of their weak sentences must state
_TIME_TARGETS = frozenset({"resolution", "support_response"})
_STATES_A_TIME = rx(
    r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)[\s-]*"
    r"(?:\(\d+\)[\s-]*)?(?:business\s+|working\s+|office\s+|support\s+|clock\s+|calendar\s+)?"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|h|wd|bd)\b|\b\d+d\b"
    r"|\b(?:next|same|following)\s+(?:business\s+|working\s+)?day\b"
    r"|\bwithin\s+(?:an?|the|a\s+(?:couple|few)\s+(?:of\s+)?)\s*(?:hour|day|week)s?\b",
    re.IGNORECASE,
)
# a share of time (50-100%), "nines", or an allowance of downtime in minutes or hours
_AVAILABILITY_FIGURE = rx(
    r"(?<![\d.])(?:[5-9]\d|100)(?:\.\d+)?\s*(?:%|per\s*cent|percent)|\bnines\b"
    r"|\b(?:minutes?|hours?)\s+of\s+(?:downtime|unavailability|outage)|\b(?:downtime|outages?|unavailability)\s+of\s+(?:no|not|less|at\s+most)\b",
    re.IGNORECASE,
)


# literal pre-scan for reference_documents (a superset; the lexicon's regex decides)
_REFERENCE_DOC_NEEDLES = (
    "agreement", "terms", "msa", "contract", "order form", "master", "framework", "policy",
    "schedule", "exhibit", "annex", "appendix", "attachment",
)
_SELF_REFERENCE_BEFORE = rx(r"\b(?:this|these|the\s+present)\s+$")
_SELF_REFERENCE_AFTER = rx(r"^\s+of\s+(?:this|these)\b")


def _is_reference(lex: Lexicon, low: str, sent: Sentence) -> bool:
    """A reference phrase plus another document named in the sentence ("as set out in
    Section 12 of the Master Agreement"); "the terms of this SLA" is not another document."""
    for _ in lex.references.finditer(low, sent.start, sent.end):
        for m in lex.reference_documents.finditer(low, sent.start, sent.end):
            before = low[max(sent.start, m.start() - 16) : m.start()]
            after = low[m.end() : min(sent.end, m.end() + 12)]
            if not _SELF_REFERENCE_BEFORE.search(before) and not _SELF_REFERENCE_AFTER.match(after):
                return True
        return False
    return False


def _body_is_reference(lex: Lexicon, low: str, sents: list[Sentence], head: int) -> bool:
    nxt = head + 1
    if nxt >= len(sents) or sents[nxt].block.kind is BlockKind.HEADING:
        return False
    if sents[head].block.kind is not BlockKind.HEADING and sents[nxt].block is not sents[head].block:
        return False  # a table header cell, not a heading with a body
    body = sents[nxt]
    if body.end - body.start > 200:
        return False
    first_ref = next(iter(lex.references.finditer(low, body.start, body.end)), None)
    return first_ref is not None and first_ref.start - body.start <= 60 and _is_reference(lex, low, body)


_NEAR_SENTENCES = 3  # a clause's lead-in or conditions sit in the few sentences before it


def _near(sents: list[Sentence], low: str, si: int, pattern: re.Pattern[str]) -> bool:
    """`pattern` in the sentence, in the sentences before it back to its section's heading
    (at most _NEAR_SENTENCES), in a table cell's column header, or in its block's headings."""
    start = sents[si].start
    j = si
    while j > 0 and si - j < _NEAR_SENTENCES and sents[j].block.kind is not BlockKind.HEADING:
        j -= 1
        start = sents[j].start
    if pattern.search(low, start, sents[si].end):
        return True
    block = sents[si].block
    if block.kind is BlockKind.TABLE_CELL and block.row:
        # the header cell of the column: "| Severity | Acknowledgement |" above "| 3 | within 1 day |"
        k = j
        while k > 0 and sents[k - 1].block.kind is BlockKind.TABLE_CELL and sents[k - 1].block.table == block.table:
            k -= 1
            head = sents[k].block
            if head.row == 0 and head.col == block.col:
                if pattern.search(low, sents[k].start, sents[k].end):
                    return True
                break
    path = block.heading_path
    return bool(path) and pattern.search(" ".join(path).lower()) is not None


_BODY_SENTENCES = 25  # a section body: up to the next heading, at most this many sentences


# how far a time may sit from the words naming a response or resolution target: before them, and
# after them under a heading (its section's sub-headings and tables) or in body text
_TIME_BEFORE = 2
_TIME_AFTER_HEADING = 30
_TIME_AFTER_BODY = 10


def _time_stated_near(sents: list[Sentence], si: int) -> bool:
    """A time in the sentence `si`, the _TIME_BEFORE before it, the sentences after it (under a
    heading its next _TIME_AFTER_HEADING, else up to _TIME_AFTER_BODY before the next heading) or
    its table: a "Resolution Times" heading over "| P1 | 4 hours |" states a target; "we
    communicate estimated resolution times" or "response times are set in the Service Agreement"
    state none."""
    lo = max(0, si - _TIME_BEFORE)
    block = sents[si].block
    if block.kind is BlockKind.HEADING:
        hi = min(len(sents), si + 1 + _TIME_AFTER_HEADING)
    else:
        hi = min(len(sents), si + 1 + _TIME_AFTER_BODY)
        hi = next((j for j in range(si + 1, hi) if sents[j].block.kind is BlockKind.HEADING), hi)
    if block.kind is BlockKind.TABLE_CELL:
        while lo > 0 and sents[lo - 1].block.table == block.table:
            lo -= 1
        while hi < len(sents) and sents[hi].block.table == block.table:
            hi += 1
    return any(_STATES_A_TIME.search(sents[j].text) for j in range(lo, hi))


# times kept in another document: "within the period specified in our Service Level Agreement",
# "targets are listed on the Support Tiers page"
_SET_ELSEWHERE = rx(
    r"\b(?:specified|set\s+(?:out|forth)|described|defined|detailed|listed|stated|published|found)\s+"
    r"(?:in|on|at)\s+(?:our|the|its|a\s+separate)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:agreement|sla|policy|page|schedule|document|terms|contract|order\s+form|website|portal)\b",
    re.IGNORECASE,
)


def _section_end(sents: list[Sentence], head: int) -> int:
    """Where the section under the heading-like sentence `head` ends: at the next heading
    block, after at most _BODY_SENTENCES sentences, or at the end of the text."""
    j = head + 1
    last = min(len(sents), head + 1 + _BODY_SENTENCES)
    block = sents[head].block
    if block.kind is BlockKind.TABLE_CELL:
        # a header cell's body is its table, not the rest of the section
        while j < last and sents[j].block.kind is BlockKind.TABLE_CELL and sents[j].block.table == block.table:
            j += 1
    elif block.kind is BlockKind.HEADING:
        while j < last and sents[j].block.kind is not BlockKind.HEADING:
            j += 1
    elif _pipe_cells(sents[head].text) and j < last and _pipe_cells(sents[j].text):
        # a table written with bars, one row a paragraph: the header row's body is its rows
        while j < last and _pipe_cells(sents[j].text) and sents[j].block.kind is not BlockKind.HEADING:
            j += 1
    else:
        # under a title the reader left as a paragraph, the next such title ends the section too
        while j < last and sents[j].block.kind is not BlockKind.HEADING and not _standalone_title(sents[j]):
            j += 1
    return sents[j - 1].end if j > head + 1 else sents[head].end


def _standalone_title(sent: Sentence, numbered: bool = False) -> bool:
    """A sentence that is a whole block and a title: capitals or a short sentence-case line
    without a full stop ("SERVICE CREDITS", "What doesn't count"), or with `numbered` also a
    numbered one ("2. Uptime")."""
    block = sent.block
    text = sent.text
    if sent.start != block.start or sent.end != block.end or text.endswith((".", ";", ",")):
        return False
    if numbered and text[:1].isdigit() and text.upper() != text.lower():
        return True
    return text.isupper() or _plain_title(block.kind, text)


def _row_text(sents: list[Sentence], low: str, si: int) -> str:
    """The lowered text of the table row holding sentence `si`, its cells joined by " | "
    ("tickets per calendar month | 10 | 40"); a sentence outside a table is its own row."""
    block = sents[si].block
    if block.kind is not BlockKind.TABLE_CELL:
        return low[sents[si].start : sents[si].end]

    def same_row(j: int) -> bool:
        b = sents[j].block
        return b.kind is BlockKind.TABLE_CELL and b.table == block.table and b.row == block.row

    lo = si
    while lo > 0 and same_row(lo - 1):
        lo -= 1
    hi = si
    while hi + 1 < len(sents) and same_row(hi + 1):
        hi += 1
    cells: dict[int, list[str]] = {}
    for j in range(lo, hi + 1):
        cells.setdefault(sents[j].block.index, []).append(low[sents[j].start : sents[j].end])
    return " | ".join(" ".join(parts) for _, parts in sorted(cells.items()))


def _section_denies(sents: list[Sentence], head: int, negated: set[int]) -> bool:
    """A heading whose own text or first body sentences deny the topic does not count."""
    return head in negated or any(j in negated for j in range(head + 1, min(head + 3, len(sents))))


def _body_after(sents: list[Sentence], head: int, st: _TopicState) -> list[int]:
    """The first body sentence under a heading, so evidence shows what the section says."""
    nxt = head + 1
    if nxt < len(sents) and sents[nxt].block.kind is not BlockKind.HEADING:
        return [nxt]
    return []


def _finding(
    doc: Document, sents: list[Sentence], status: TopicStatus, idx: list[int]
) -> TopicFinding:
    seen: list[int] = []
    for i in idx:
        if i not in seen:
            seen.append(i)
        if len(seen) >= MAX_EVIDENCE:
            break
    return TopicFinding(
        status=status,
        evidence=[Evidence(sents[i].text, sents[i].location(doc)) for i in seen],
    )
