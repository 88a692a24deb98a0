"""HTML -> blocks with lxml.html: headings, paragraphs, nested list items, table cells.

Page furniture (script, style, nav, header, footer, noscript...) is dropped;
`<br>` stays a line break inside its paragraph; comments holding `sla-lint:`
become directives placed at the next block.
"""

from __future__ import annotations

from typing import Any

from .._cache import rx
from ..document import BlockKind
from ..errors import InputError
from ._build import Item, PendingDirective

_DROP = frozenset(
    [
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "template",
        "head",
        "iframe",
        "object",
        "svg",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
    ]
)
_CONTENT = frozenset(("article", "main", "section"))
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset(("ul", "ol", "dl", "menu"))
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "body",
        "li",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "address",
        "center",
        "figure",
        "figcaption",
        "details",
        "summary",
        "hr",
        "fieldset",
        "menu",
        "html",
    ]
)
_SPACES = rx(r"[ \t\r\n\f\u00a0\u200b]+")


def _dropped(el: Any, tag: str) -> bool:
    """Page furniture; a <header>/<footer> inside an article or section is content."""
    if tag not in _DROP:
        return False
    if tag in ("header", "footer"):
        return not any(a.tag in _CONTENT for a in el.iterancestors())
    return True


def _norm(text: str) -> str:
    """Collapse whitespace as a browser would, keeping <br> line breaks (marked \x02)."""
    lines = [_SPACES.sub(" ", part).strip() for part in text.split("\x02")]
    return "\n".join(ln for ln in lines if ln)


class _Walker:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self.directives: list[PendingDirective] = []
        self.table = 0
        self.list_depth = 0

    def add(self, kind: BlockKind, text: str, **extra: Any) -> None:
        self.items.append((kind, text, extra))

    def inline(self, el: Any, buf: list[str]) -> None:
        """Text of an inline element and its inline descendants into buf (blocks walked)."""
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            buf.append("\x02")
        elif tag and not _dropped(el, tag):
            if el.text:
                buf.append(el.text)
            for child in el:
                self.child(child, buf)
        if el.tail:
            buf.append(el.tail)

    def child(self, child: Any, buf: list[str]) -> None:
        ctag = child.tag
        if not isinstance(ctag, str):  # comment or processing instruction
            text = child.text or ""
            if "sla-lint:" in text and callable(ctag) and ctag.__name__ == "Comment":
                self.flush(buf, BlockKind.PARAGRAPH, {})
                self.directives.append((len(self.items), text[text.index("sla-lint:") :].strip()))
            if child.tail:
                buf.append(child.tail)
            return
        ctag = ctag.lower()
        if ctag in _BLOCKS:
            self.flush(buf, BlockKind.PARAGRAPH, {})
            self.block(child)
            if child.tail:
                buf.append(child.tail)
        else:
            self.inline(child, buf)

    def flush(self, buf: list[str], kind: BlockKind, extra: dict[str, Any]) -> None:
        if buf:
            text = _norm("".join(buf))
            buf.clear()
            if text:
                self.items.append((kind, text, extra))

    def contents(self, el: Any, kind: BlockKind, extra: dict[str, Any]) -> None:
        """Emit el's inline text as one block of `kind`; nested blocks follow it in order."""
        buf: list[str] = []
        if el.text:
            buf.append(el.text)
        first_kind = kind
        for child in el:
            ctag = child.tag.lower() if isinstance(child.tag, str) else ""
            if ctag in _BLOCKS and buf and first_kind is not BlockKind.PARAGRAPH:
                self.flush(buf, first_kind, extra)
                first_kind = BlockKind.PARAGRAPH
                extra = {}
            if ctag in _BLOCKS and first_kind is not BlockKind.PARAGRAPH and ctag == "p":
                # <li><p>text</p></li>: the first paragraph is the item's text
                inner: list[str] = []
                self.inline_children(child, inner)
                self.flush(inner, first_kind, extra)
                first_kind = BlockKind.PARAGRAPH
                extra = {}
                if child.tail:
                    buf.append(child.tail)
                continue
            self.child(child, buf)
        self.flush(buf, first_kind, extra)

    def inline_children(self, el: Any, buf: list[str]) -> None:
        if el.text:
            buf.append(el.text)
        for child in el:
            self.inline(child, buf)

    def block(self, el: Any) -> None:
        tag = el.tag.lower()
        if tag in _HEADINGS:
            buf: list[str] = []
            self.inline_children(el, buf)
            self.flush(buf, BlockKind.HEADING, {"level": _HEADINGS[tag]})
        elif tag == "table":
            self.table_block(el)
        elif tag in _LISTS:
            self.list_depth += 1
            self.contents(el, BlockKind.PARAGRAPH, {})
            self.list_depth -= 1
        elif tag in ("li", "dd", "dt"):
            self.contents(el, BlockKind.LIST_ITEM, {"level": max(self.list_depth, 1)})
        elif tag == "pre":
            text = el.text_content()
            if text.strip():
                self.add(BlockKind.PARAGRAPH, text.strip("\n"))
        elif tag == "hr":
            return
        else:
            self.contents(el, BlockKind.PARAGRAPH, {})

    def table_block(self, table: Any) -> None:
        ordinal = self.table
        self.table += 1
        rows: list[Any] = []
        nested: list[Any] = []
        for el in table.iter("tr", "table"):
            if el is table:
                continue
            if el.tag == "table":
                nested.append(el)
            elif not any(anc in nested for anc in el.iterancestors("table")):
                rows.append(el)
        nested_top = [t for t in nested if next(t.iterancestors("table"), None) is table]
        for r, tr in enumerate(rows):
            col = 0
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                    continue
                buf: list[str] = []
                if cell.text:
                    buf.append(cell.text)
                inner_tables = []
                for child in cell:
                    if isinstance(child.tag, str) and child.tag == "table":
                        inner_tables.append(child)
                        if child.tail:
                            buf.append(child.tail)
                    elif isinstance(child.tag, str) and child.tag in _BLOCKS:
                        if buf and not "".join(buf).endswith("\x02"):
                            buf.append("\x02")
                        self.inline_children(child, buf)
                        buf.append("\x02")
                        if child.tail:
                            buf.append(child.tail)
                    else:
                        self.child(child, buf)
                self.add(BlockKind.TABLE_CELL, _norm("".join(buf)), table=ordinal, row=r, col=col)
                try:
                    span = int(cell.get("colspan", "1"))
                except ValueError:
                    span = 1
                col += max(span, 1)
                for inner in inner_tables:
                    if inner in nested_top:
                        self.table_block(inner)


def parse_html(text: str, path: str) -> tuple[list[Item], list[PendingDirective], str]:
    """Items, pending directives and the <title> of an HTML document."""
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    if not text.strip():
        raise InputError("file is empty", path)
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"not readable HTML ({exc})", path) from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels and drops the rest: say so rather than read half
        raise InputError("HTML is nested too deeply to read (more than 255 levels)", path)
    title_el = root.find(".//title")
    title = _norm(title_el.text_content()) if title_el is not None else ""
    body = root.find("body")
    walker = _Walker()
    walker.block(body if body is not None else root)
    return walker.items, walker.directives, title


def _parser() -> Any:
    import lxml.html

    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=False, remove_pis=True, no_network=True, huge_tree=False
    )
