"""Render an Agreement as Markdown: deterministic, plain CommonMark plus pipe tables.

Values are written as they are (Markdown is text, not a template); only table
cells are escaped, because a pipe or a line break would end the cell.
"""

from __future__ import annotations

from ..agreement import Agreement, Paragraph, Table
from .jinja import (
    definition_parts,
    heading_level,
    particulars,
    party_label,
    section_heading,
    split_marker,
)


def _cell(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _table(table: Table) -> list[str]:
    lines: list[str] = []
    if table.caption:
        lines += [f"**{table.caption}**", ""]
    width = max([1, len(table.header), *(len(r) for r in table.rows)])
    header = [*table.header, *([""] * (width - len(table.header)))]
    lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
    lines.append("|" + "|".join(" --- " for _ in header) + "|")
    for row in table.rows:
        cells = [*row, *([""] * (width - len(row)))]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def _paragraph(paragraph: Paragraph) -> list[str]:
    text = " ".join(paragraph.text.split("\n"))
    if paragraph.style == "list":
        marker, rest = split_marker(text)
        if marker:  # a lettered item is its own paragraph: "(a) ..." needs no bullet
            return [f"{marker} {rest}", ""]
        return [f"- {text}"] if not paragraph.number else [f"- **{paragraph.number}** {text}"]
    if paragraph.style == "note":
        return [f"> {text}", ""]
    if paragraph.number:
        return [f"**{paragraph.number}** {text}", ""]
    return [text, ""]


def markdown_lines(agreement: Agreement) -> list[str]:
    lines: list[str] = [f"# {agreement.title}", ""]
    if agreement.subtitle:
        lines += [f"*{agreement.subtitle}*", ""]
    lines += [
        "This agreement is made between:",
        "",
        f"**{agreement.provider}**{party_label(agreement.provider, agreement.provider_short)}",
        "",
        "and",
        "",
        f"**{agreement.customer}**{party_label(agreement.customer, agreement.customer_short)}",
        "",
        particulars(agreement),
        "",
    ]
    if agreement.definitions or agreement.notes:
        lines += ["## Definitions", ""]
        for definition in agreement.definitions:
            term, rest = definition_parts(definition)
            lines += [f"**{term}**{rest}", ""]
        if agreement.notes:
            lines += ["### Interpretation", ""]
            lines += [f"- {' '.join(note.split())}" for note in agreement.notes]
            lines.append("")
    for part in agreement.parts:
        if part.title:
            lines += [f"## {part.title}", ""]
        for section in part.sections:
            hashes = "#" * (heading_level(section.level) + 1)
            lines += [f"{hashes} {section_heading(section.number, section.title)}", ""]
            previous_list = False
            for item in section.content:
                is_list = (
                    isinstance(item, Paragraph) and item.style == "list" and not split_marker(item.text)[0]
                )
                if previous_list and not is_list:
                    lines.append("")
                if isinstance(item, Table):
                    lines += _table(item)
                else:
                    lines += _paragraph(item)
                previous_list = is_list
            if previous_list:
                lines.append("")
    if agreement.signatures is not None:
        block = agreement.signatures
        lines += [f"## {block.title}", "", block.intro, ""]
        lines += _table(block.table)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def render_markdown(agreement: Agreement) -> bytes:
    """The agreement as UTF-8 Markdown; the same Agreement always gives the same bytes."""
    return ("\n".join(markdown_lines(agreement)) + "\n").encode("utf-8")
