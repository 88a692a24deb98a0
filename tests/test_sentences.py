from __future__ import annotations

from sla_drafter.document import BlockKind, Document
from sla_drafter.extract.sentences import sentences


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


def test_split_is_remembered_for_the_same_document_only() -> None:
    import importlib

    mod = importlib.import_module("sla_drafter.extract.sentences")

    items = [(BlockKind.PARAGRAPH, "One sentence here. And a second one follows it.", {})]
    doc = Document.build("a.txt", list(items))
    first = sentences(doc)
    again = sentences(doc)
    assert again == first and again is not first  # a fresh list each time
    again.clear()
    assert sentences(doc) == first  # callers cannot spoil the remembered split
    other = Document.build("a.txt", list(items))  # equal text, another document
    assert [s.block for s in sentences(other)] == other.blocks[:1] * 2
    doc.blocks = doc.blocks[:0]
    assert sentences(doc) == []  # blocks changed: split again
    mod.forget()
    assert mod._last is None
