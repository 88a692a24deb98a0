"""Topic status from text: one YAML table of cases, run by one test (see fixtures/extract)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from textdocs import doc_from_text

from sla_drafter.errors import InputError
from sla_drafter.extract import extract_terms
from sla_drafter.extract.topics import load_lexicon
from sla_drafter.read import read_text
from sla_drafter.topics import TOPICS, TopicStatus

CASES_DIR = Path(__file__).parent / "fixtures" / "extract"
# topic_cases.yaml and topic_cases_<theme>.yaml: one list of cases each
CASES: list[dict[str, Any]] = [
    case
    for path in sorted(CASES_DIR.glob("topic_cases*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []
]


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['topic']}-{c['status']}-{i}" for i, c in enumerate(CASES)]
)
def test_topic_case(case: dict[str, Any]) -> None:
    doc = doc_from_text(case["text"])
    finding = extract_terms(doc).topics[case["topic"]]
    assert finding.status is TopicStatus(case["status"]), [e.text for e in finding.evidence]
    if finding.status is not TopicStatus.ABSENT:
        assert finding.evidence, "a status other than absent carries evidence"
        for ev in finding.evidence:
            assert ev.location is not None
            assert doc.text[ev.location.start : ev.location.end] == ev.text


def test_every_topic_has_present_and_absent_cases() -> None:
    for topic in TOPICS:
        statuses = {c["status"] for c in CASES if c["topic"] == topic}
        assert "present" in statuses, f"no present case for {topic}"
        assert "absent" in statuses, f"no absent case for {topic}"


def test_lexicon_covers_every_topic() -> None:
    lex = load_lexicon()
    topics_with_cues = {spec.topic for specs in lex.specs for spec in specs}
    topics_with_cues |= {spec.topic for specs in lex.heading_specs for spec in specs}
    assert topics_with_cues == set(TOPICS)


def test_edited_lexicon_adds_a_synonym_in_one_line(tmp_path: Path) -> None:
    bundled = Path(__file__).parents[1] / "sla_drafter" / "extract" / "lexicon.yaml"
    data = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    data["topics"]["audit_rights"]["strong"].append("books and records inspection")
    edited = tmp_path / "lexicon.yaml"
    edited.write_text(yaml.safe_dump(data), encoding="utf-8")
    from sla_drafter.extract.cues import lower_same_length
    from sla_drafter.extract.sentences import sentences
    from sla_drafter.extract.topics import detect_topics

    doc = doc_from_text("Customer has a books and records inspection right.")
    low = lower_same_length(doc.text)
    before = detect_topics(doc, sentences(doc), low)["audit_rights"].status
    after = detect_topics(doc, sentences(doc), low, load_lexicon(str(edited)))["audit_rights"].status
    assert (before, after) == (TopicStatus.ABSENT, TopicStatus.PRESENT)


def test_a_cue_spelled_with_a_hyphen_and_with_a_space_keeps_both_conditions(tmp_path: Path) -> None:
    """The trie reads a hyphen as a space: the two spellings are one cue, and each entry's
    conditions still apply (the later entry used to hide the earlier one's)."""
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(
        "topics:\n  audit_rights:\n    strong:\n"
        "      - {cue: on site check, with: 'records'}\n"
        "      - {cue: on-site check, with: 'premises'}\n",
        encoding="utf-8",
    )
    from sla_drafter.extract.cues import lower_same_length
    from sla_drafter.extract.sentences import sentences
    from sla_drafter.extract.topics import detect_topics

    lex = load_lexicon(str(lexicon))
    for text in ("The Buyer may make an on-site check of the records.", "The Buyer may make an on site check of the premises."):
        doc = doc_from_text(text)
        assert detect_topics(doc, sentences(doc), lower_same_length(doc.text), lex)["audit_rights"].status is TopicStatus.PRESENT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- just a list", "must be a mapping"),
        ("topics: {not_a_topic: {strong: [x]}}", "unknown topic"),
        ("topics: {audit_rights: {strong: [{nocue: 1}]}}", "bad cue"),
        ("topics: [", "not valid YAML"),
    ],
)
def test_bad_lexicon_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lex.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_lexicon(str(path))


def test_lexicon_then_and_describes(tmp_path: Path) -> None:
    """`then` is matched at the cue itself; `describes` keeps a describing sentence present
    when it also points at another document."""
    from sla_drafter.extract.cues import lower_same_length
    from sla_drafter.extract.sentences import sentences
    from sla_drafter.extract.topics import detect_topics

    data = {
        "reference": ["as described in"],
        "reference_documents": r"\border form\b",
        "topics": {
            "audit_rights": {
                "strong": [{"cue": "inspects", "then": r"inspects\s+the\s+books"}],
                "describes": r"\binspects\s+the\s+books\s+and\s+records\b",
            },
        },
    }
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    lex = load_lexicon(str(path))

    def status(text: str) -> TopicStatus:
        doc = doc_from_text(text)
        low = lower_same_length(doc.text)
        return detect_topics(doc, sentences(doc), low, lex)["audit_rights"].status

    assert status("The Customer inspects the books once a year.") is TopicStatus.PRESENT
    assert status("The Customer inspects the premises once a year.") is TopicStatus.ABSENT
    assert status("The Customer inspects the books as described in the Order Form.") is (
        TopicStatus.BY_REFERENCE
    )
    assert status("The Customer inspects the books and records as described in the Order Form.") is (
        TopicStatus.PRESENT
    )


# A plain-text table (rows as lines, cells between bars) whose header leaves the corner over
# the row names empty: the header still names the columns, so the rows' times are targets.
_CORNER_TABLE = "Targets by priority:\n\n | {a} | {b}\nP1 | 30 minutes | 6 hours\nP2 | 2 hours | 2 Days\n"


@pytest.mark.parametrize(
    ("a", "b", "topic", "status"),
    [
        ("Reply Level Target", "Fix Level Target", "resolution", "present"),
        ("Response Level Target", "Restore Level Target", "support_response", "present"),
        ("Setup Level", "Monthly Level", "resolution", "absent"),
        ("Setup Level", "Monthly Level", "support_response", "absent"),
    ],
)
def test_plain_text_table_with_empty_corner(a: str, b: str, topic: str, status: str) -> None:
    doc = read_text(_CORNER_TABLE.format(a=a, b=b), "<text>", "text")
    assert extract_terms(doc).topics[topic].status is TopicStatus(status)
