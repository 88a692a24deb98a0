from __future__ import annotations

import importlib

import pytest

from sla_drafter.document import Block, BlockKind, Document
from sla_drafter.extract.sentences import Sentence, sentences


def test_sentence_offsets_point_into_document_text() -> None:
    doc = Document.build(
        "x.txt",
        [
            (BlockKind.HEADING, "5. Credits", {"level": 1}),
            (
                BlockKind.PARAGRAPH,
                "Credits are applied automatically, e.g. to the next invoice. "
                "They are not the sole remedy. See Section 3.2 of the Agreement.",
                {},
            ),
        ],
    )
    sents = sentences(doc)
    assert [s.text for s in sents] == [
        "5. Credits",
        "Credits are applied automatically, e.g. to the next invoice.",
        "They are not the sole remedy.",
        "See Section 3.2 of the Agreement.",
    ]
    for s in sents:
        assert doc.text[s.start : s.end] == s.text
        assert s.location(doc).heading == "5. Credits"


def test_a_lint_splits_the_document_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.lint import lint_document

    module = importlib.import_module("sla_drafter.extract.sentences")

    doc = Document.build(
        "a.txt",
        [
            (BlockKind.HEADING, "1. Support", {"level": 1}),
            (BlockKind.PARAGRAPH, "Provider will respond within 1 hour. Automated replies count.", {}),
        ],
    )
    calls: list[int] = []
    real = module.split_block

    def counting(block: Block) -> list[Sentence]:
        calls.append(block.index)
        return real(block)

    monkeypatch.setattr(module, "split_block", counting)
    lint_document(doc)
    assert sorted(calls) == [b.index for b in doc.blocks]  # extraction and rules shared one split
