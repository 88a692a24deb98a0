"""Charts of attainment against target for the service report, drawn with matplotlib.

matplotlib is imported inside `_pyplot()` on first use (it costs well over a second) with
the Agg backend. Output is deterministic: SVG ids come from a fixed salt, and neither
SVG nor PNG carries a date or the library version, so equal inputs give equal bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# House colours (templates/html/agreement/style.css).
NAVY = "#1f3a5f"
GREY = "#555f6b"
LINE = "#8896a8"
MET = "#4c7a5a"
MISSED = "#b0483a"


def scoped_svg(svg: str, prefix: str) -> str:
    """Prefix every id (and each reference to one) so several charts can share one page:
    HTML ids are page-wide, and matplotlib reuses names like `DejaVuSans-30` in each."""
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = re.sub(r'(?<![\w:])(xlink:href|href)="#', lambda m: f'{m[1]}="#{prefix}', svg)
    return re.sub(r"url\(#", f"url(#{prefix}", svg)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart ready for each format: SVG for HTML/PDF, PNG for DOCX, and its alt text."""

    title: str
    alt: str
    svg: str
    png: bytes


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.hashsalt": "sla-drafter",  # fixed ids: byte-identical SVG
        "svg.fonttype": "path",  # glyphs as paths: no font needed to view it
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.edgecolor": LINE,
        "axes.labelcolor": GREY,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
    })  # fmt: skip
    return plt


def _save(fig: Any) -> tuple[str, bytes]:
    plt = _pyplot()
    svg, png = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Contributor": None},
                bbox_inches=None)  # fmt: skip
    fig.savefig(png, format="png", dpi=200, metadata={"Software": None})
    plt.close(fig)
    text = svg.getvalue().decode("utf-8")
    return text[text.index("<svg"):], png.getvalue()  # inline: no XML prolog or DOCTYPE


def attainment_chart(title: str, months: list[str], values: list[float | None], target: float,
                     unit: str = "%", higher_is_better: bool = True) -> Chart:  # fmt: skip
    """Bars of attainment per month against a dashed target line (met green, missed red)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 2.4))
    shown = [v if v is not None else 0.0 for v in values]
    colours = [MET if v is not None and ((v >= target) if higher_is_better else (v <= target)) else MISSED
               for v in values]  # fmt: skip
    ax.bar(range(len(months)), shown, color=colours, width=0.6)
    ax.axhline(target, color=NAVY, linestyle="--", linewidth=1)
    ax.set_xticks(range(len(months)), months)
    measured = [v for v in values if v is not None]
    if unit == "%" and higher_is_better:
        low = min([target, *measured])
        span = max(100 - low, 0.1)
        ax.set_ylim(max(0.0, low - span * 0.5), 100 + span * 0.05)
    ax.set_ylabel(unit)
    ax.set_title(title, color=NAVY, fontsize=9, loc="left")
    ax.text(1.0, target, f" target {target:g}{unit}", transform=ax.get_yaxis_transform(),
            color=NAVY, va="center", ha="left", fontsize=7, clip_on=False)  # fmt: skip
    fig.subplots_adjust(left=0.1, right=0.86, top=0.85, bottom=0.15)
    svg, png = _save(fig)
    described = ", ".join(f"{m}: {v:g}{unit}" if v is not None else f"{m}: not measured" for m, v in zip(months, values, strict=True))
    return Chart(title, f"{title}: target {target:g}{unit}; {described}", svg, png)


def tickets_chart(title: str, labels: list[str], values: list[float | None]) -> Chart:
    """Share of tickets within their target per priority (100% is the commitment)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 2.4))
    shown = [v if v is not None else 0.0 for v in values]
    colours = [MET if v == 100 else (MISSED if v is not None else LINE) for v in values]
    ax.bar(range(len(labels)), shown, color=colours, width=0.6)
    ax.axhline(100, color=NAVY, linestyle="--", linewidth=1)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% within target")
    ax.set_title(title, color=NAVY, fontsize=9, loc="left")
    fig.subplots_adjust(left=0.1, right=0.97, top=0.85, bottom=0.15)
    svg, png = _save(fig)
    described = ", ".join(f"{lab}: {v:g}%" if v is not None else f"{lab}: no tickets" for lab, v in zip(labels, values, strict=True))
    return Chart(title, f"{title}: {described}", svg, png)
