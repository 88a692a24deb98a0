"""Sentences with document offsets: the unit that wording rules and topic detection read.

Split per block with nupunkt (fast, no data download, knows legal abbreviations),
so a sentence never crosses a heading or a table cell.

Extraction and the rules both read them: a lint splits once and passes the list to
both (`extract_terms(doc, sents)`, `run_rules(..., sents=sents)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..document import Block, Document, Location


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in Document.text
    end: int
    block: Block

    def location(self, doc: Document) -> Location:
        return Location(
            page=self.block.page,
            block=self.block.index,
            heading=self.block.heading,
            start=self.start,
            end=self.end,
        )


@lru_cache(maxsize=1)
def _spans():  # type: ignore[no-untyped-def]
    import nupunkt

    return nupunkt.sent_spans


def load_splitter() -> None:
    """Load the splitter and its model now: nupunkt reads the model on the first split
    (a lint loads it before its first document, and a batch before forking its workers)."""
    _spans()("Loaded. Now.")


def split_block(block: Block) -> list[Sentence]:
    text = block.text
    if len(text) < 40 or (". " not in text and "; " not in text):
        return [Sentence(text, block.start, block.end, block)] if text else []
    out: list[Sentence] = []
    for s, e in _spans()(text):
        # trim whitespace inside the span so offsets point at text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(text[s:e], block.start + s, block.start + e, block))
    return out


def sentences(doc: Document) -> list[Sentence]:
    """The document's sentences in order."""
    return [s for b in doc.blocks for s in split_block(b)]
