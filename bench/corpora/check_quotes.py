#!/usr/bin/env python3
"""Check that every evidence quote in labels.yaml occurs verbatim (whitespace-normalised) in its document.

One checker for every set here: usage: check_quotes.py CORPUS_DIR
.docx: python-docx paragraphs plus table rows joined with ' | '; .pdf: the reading text in <name>.source.txt
(as in real_dev) where the set keeps one, else pypdfium2's text; .txt/.md: file text. Also checks the 25-word
limit, and where a set records them, that every label in label_names is present for every document and that
the `words` and `n_true_labels` fields match.
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
        source = path.with_suffix(".source.txt")
        if source.is_file():
            return source.read_text(encoding="utf-8")
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(str(path))
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return path.read_text(encoding="utf-8")


def main():
    root = Path(sys.argv[1])
    lab = yaml.safe_load((root / "labels.yaml").read_text())
    names = lab.get("label_names")
    bad = 0
    total = 0
    for d in lab["documents"]:
        raw = doc_text(root / d["file"])
        text = norm(raw)
        if names is not None:
            missing = [n for n in names if n not in d["labels"]]
            extra = [n for n in d["labels"] if n not in names]
            if missing or extra:
                print(f"{d['file']}: labels missing {missing} extra {extra}"); bad += 1
        ntrue = sum(1 for v in d["labels"].values() if v.get("present") is True)
        if "n_true_labels" in d and d["n_true_labels"] != ntrue:
            print(f"{d['file']}: n_true_labels {d['n_true_labels']} != {ntrue}"); bad += 1
        if "words" in d and d["words"] != len(raw.split()):
            print(f"{d['file']}: words {d['words']} != {len(raw.split())}"); bad += 1
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
