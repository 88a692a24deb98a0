"""The agreement preview: the Markdown `sla-drafter draft -o x.md` writes, as HTML.

Only the subset `assemble.markdown` produces: ATX headings, paragraphs, `- ` list
items, `> ` notes, pipe tables (with `\\|` and `\\\\` escapes in cells), `**bold**`
and `*italic*`. Every piece of text is HTML-escaped before the inline marks are
turned into tags, so a party name like `<script>` shows as text.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .._cache import rx

_BOLD = rx(r"\*\*(.+?)\*\*")
_ITALIC = rx(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_HEADING = rx(r"^(#{1,6}) (.*)$")
_SEPARATOR = rx(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")


def _inline(text: str) -> str:
    html = str(escape(text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


def _cells(line: str) -> list[str]:
    body = line.strip()[1:]
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells, current, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "|\\":
            current += body[i + 1]
            i += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current.strip())
    return cells


def markdown_to_html(markdown: str) -> Markup:
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            flush()
            header = _cells(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            head = "".join(f"<th>{_inline(c)}</th>" for c in header)
            body = "".join(
                "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            continue
        elif line.startswith("- "):
            flush()
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline(lines[i][2:])}</li>")
                i += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif line.startswith("> "):
            flush()
            out.append(f"<blockquote>{_inline(line[2:])}</blockquote>")
        else:
            paragraph.append(line.strip())
        i += 1
    flush()
    return Markup("\n".join(out))
