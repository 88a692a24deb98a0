#!/usr/bin/env python3
"""Check that every evidence quote in labels.yaml occurs verbatim (whitespace-normalised) in its document.

usage: check_quotes.py [CORPUS_DIR]   (default: this script's directory)
.docx: python-docx paragraphs plus table rows joined with ' | '; .pdf: pypdfium2 text; .txt/.md: file text.
Also checks the 25-word limit and that every label in label_names is present for every document.
"""
import re
import sys
from pathlib import Path

import yaml


def norm(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def doc_text(path):
    path = Path(path)
    if path.suffix == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.append(" | ".join(c.text for c in row.cells))
        return "\n".join(parts)
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(str(path))
        out = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            out.append(tp.get_text_range())
        return "\n".join(out)
    return path.read_text(encoding="utf-8")


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    lab = yaml.safe_load((root / "labels.yaml").read_text())
    names = lab["label_names"]
    bad = 0
    total = 0
    for d in lab["documents"]:
        text = norm(doc_text(root / d["file"]))
        missing = [n for n in names if n not in d["labels"]]
        if missing:
            print(f"{d['file']}: labels missing {missing}"); bad += 1
        quotes = [(k, v.get("evidence")) for k, v in d["labels"].items() if v.get("present")]
        quotes += [(f"risk:{g['slug']}", g.get("evidence")) for g in d.get("gaming_risks", [])]
        for key, q in quotes:
            total += 1
            if not q:
                print(f"{d['file']}: {key}: no evidence"); bad += 1; continue
            if len(q.split()) > 25:
                print(f"{d['file']}: {key}: quote has {len(q.split())} words (>25)"); bad += 1
            if norm(q) not in text:
                print(f"{d['file']}: {key}: NOT FOUND: {q}"); bad += 1
    print(f"checked {total} quotes in {len(lab['documents'])} documents: {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
