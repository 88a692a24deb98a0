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
