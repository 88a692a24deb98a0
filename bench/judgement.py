"""Judgement benchmark: how often the linter is right, per topic and per rule.

    python bench/judgement.py                       # own fixtures, plus the corpus if found
    python bench/judgement.py --corpus DIR          # a labelled corpus (labels.yaml + score.py, or ../score.py)
    python bench/judgement.py --corpus DIR -v       # also list every false positive and negative

Scores, in process (no subprocess per document):

1. The project's own labelled cases: every topic case in
   tests/fixtures/extract/topic_cases*.yaml (expected present/by_reference counts as
   positive), every rule case in tests/fixtures/rules/*.yaml (`fail_str` must fire the
   rule, `pass_str` must not), and the unseen documents in tests/fixtures/unseen
   (`must` entries reported, `must_not` rules not reported).
2. A labelled corpus of real SLAs, when one is given or sits at ../shared/real_dev:
   its labels.yaml, scored with the label-to-rule table of the scorer beside it
   (score.py's TOPIC, RISK and ABSENT_RULE), so the figures match that scorer's.

Prints precision and recall per topic and per rule, and a headline line per part.
Nothing here is timed; see bench/lint.py for speed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sla_drafter.errors import InputError  # noqa: E402
from sla_drafter.extract import extract_terms  # noqa: E402
from sla_drafter.lint import lint_path  # noqa: E402
from sla_drafter.lint.engine import run_rules  # noqa: E402
from sla_drafter.read import read_text  # noqa: E402
from sla_drafter.terms import DocKind  # noqa: E402
from sla_drafter.topics import TopicStatus  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
GIVEN = {TopicStatus.PRESENT, TopicStatus.BY_REFERENCE}
Counts = dict[str, list[int]]  # name -> [tp, fp, fn]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _table(title: str, counts: Counts) -> tuple[int, int, int]:
    print(f"\n{title:36} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn")
    total = [0, 0, 0]
    for name, (tp, fp, fn) in sorted(counts.items()):
        if tp + fp + fn == 0:
            continue
        p, r, f = _prf(tp, fp, fn)
        flag = "  <- P<0.7" if tp + fp and p < 0.7 else ""
        print(f"{name:36} {p:5.2f} {r:5.2f} {f:5.2f}  {tp:3} {fp:3} {fn:3}{flag}")
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    return total[0], total[1], total[2]


def _tally(c: list[int], want: bool, got: bool) -> bool:
    """Count one judgement into [tp, fp, fn]; True when it was wrong."""
    if want and got:
        c[0] += 1
    elif got:
        c[1] += 1
    elif want:
        c[2] += 1
    return want != got


def _headline(label: str, t: tuple[int, int, int]) -> str:
    p, r, f = _prf(*t)
    return f"{label} F1={f:.3f} (P {p:.2f} R {r:.2f})"


def _lint_text(text: str, kind: str, stance: str, fmt: str) -> set[str]:
    doc = read_text(text, "<case>", fmt)
    terms = extract_terms(doc)
    terms.kind = DocKind(kind)
    return {f.code for f in run_rules(doc, terms, stance=stance)}


def own_fixtures(verbose: bool) -> None:
    from textdocs import doc_from_text

    topics: Counts = defaultdict(lambda: [0, 0, 0])
    for path in sorted((FIXTURES / "extract").glob("topic_cases*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            want = TopicStatus(case["status"]) in GIVEN
            got = extract_terms(doc_from_text(case["text"])).topics[case["topic"]].status in GIVEN
            if _tally(topics[case["topic"]], want, got) and verbose:
                print(f"  {'FP' if got else 'FN'} topic {case['topic']}: {case['text'][:90]!r}")
    rules: Counts = defaultdict(lambda: [0, 0, 0])
    for path in sorted((FIXTURES / "rules").glob("SLA*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = f"{data['rule']} {data['name']}"
        for case in data["cases"]:
            failing = "fail_str" in case
            text = case["fail_str"] if failing else case["pass_str"]
            fired = data["rule"] in _lint_text(
                text, case.get("kind", "sla"), case.get("stance", "customer"), case.get("format", "markdown")
            )
            if _tally(rules[name], failing, fired) and verbose:
                print(f"  {'FP' if fired else 'FN'} {name}: {case['name']}")
    unseen: Counts = defaultdict(lambda: [0, 0, 0])
    for path in sorted((FIXTURES / "unseen").glob("*.expect.yaml")):
        exp = yaml.safe_load(path.read_text(encoding="utf-8"))
        got = {f.rule for f in lint_path(FIXTURES / "unseen" / exp["document"]).findings}
        for entry in exp.get("must") or []:
            options = {entry} if isinstance(entry, str) else set(entry)
            key = "|".join(sorted(options))
            hit = bool(options & got)
            unseen[key][0 if hit else 2] += 1
            if not hit and verbose:
                print(f"  FN {key}: {exp['document']}")
        for rule in exp.get("must_not") or []:
            if rule in got:
                unseen[rule][1] += 1
                if verbose:
                    print(f"  FP {rule}: {exp['document']}")
    print("== own labelled fixtures")
    t = _table("topic case", topics)
    r = _table("rule case", rules)
    u = _table("unseen document expectation", unseen)
    print("\n" + "; ".join([_headline("topic cases", t), _headline("rule cases", r), _headline("unseen", u)]))


def _load_scorer(corpus: Path) -> Any:
    # beside labels.yaml, else one shared by the sets of its folder, else the repository's own
    # copy of real_dev's scorer (bench/corpora/score.py), whose tables every labelled set here uses
    shared = Path(__file__).resolve().parent / "corpora" / "score.py"
    path = next((p for p in (corpus / "score.py", corpus.parent / "score.py", shared) if p.is_file()), None)
    if path is None:
        raise SystemExit(f"{corpus}: no score.py beside labels.yaml (its label-to-rule table is needed)")
    spec = importlib.util.spec_from_file_location("_corpus_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_scores(corpus: Path, verbose: bool) -> None:
    scorer = _load_scorer(corpus)
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    docs = labels["documents"] if isinstance(labels, dict) else labels
    topic_c: Counts = defaultdict(lambda: [0, 0, 0])
    risk_c: Counts = defaultdict(lambda: [0, 0, 0])
    errors = 0
    for d in docs:
        path = corpus / d["file"]
        try:
            result = lint_path(path, keep_document=False)
            statuses = {t: f.status for t, f in result.terms.topics.items()}
            got_rules = {f.rule for f in result.findings}
        except InputError as exc:
            print(f"  error {d['file']}: {exc}")
            errors += 1
            statuses, got_rules = {}, set()
        for label, slug in scorer.TOPIC.items():
            v = d["labels"].get(label)
            if v is None:
                continue
            want = v.get("present") in (True, "by_reference")
            got = statuses.get(slug) in GIVEN
            if _tally(topic_c[slug], want, got) and verbose:
                print(f"  {'FP' if got else 'FN'} topic {slug}: {d['file']}")
        want_rules = {scorer.RISK[g["slug"]] for g in d.get("gaming_risks", []) if g.get("slug") in scorer.RISK}
        for topic, rule in scorer.ABSENT_RULE.items():
            v = d["labels"].get({"termination": "termination_right_for_sla_failure"}.get(topic, topic))
            if v is not None and v.get("present") is False:
                want_rules.add(rule)
        for rule in set(scorer.RISK.values()):
            if _tally(risk_c[rule], rule in want_rules, rule in got_rules) and verbose:
                print(f"  {'FP' if rule in got_rules else 'FN'} rule {rule}: {d['file']}")
    print(f"\n== corpus {corpus} ({len(docs)} documents, {errors} unreadable)")
    t = _table("topic", topic_c)
    _table("rule", risk_c)
    gaming = {k: v for k, v in risk_c.items() if not k.startswith("missing-")}
    g = tuple(map(sum, zip(*gaming.values(), strict=False))) if gaming else (0, 0, 0)
    gp, gr, _ = _prf(*g)  # type: ignore[arg-type]
    low = sorted(k for k, (tp, fp, _fn) in risk_c.items() if tp + fp and tp / (tp + fp) < 0.7)
    print(
        f"\ncorpus: topic micro-{_headline('', t).strip()}; gaming rules P {gp:.2f} R {gr:.2f}; "
        f"rules below P 0.7: {', '.join(low) or 'none'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="a labelled corpus folder (labels.yaml + score.py)")
    ap.add_argument("--no-fixtures", action="store_true", help="skip the project's own cases")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every false positive and negative")
    a = ap.parse_args()
    if not a.no_fixtures:
        own_fixtures(a.verbose)
    corpus = a.corpus or ROOT.parent / "shared" / "real_dev"
    if (corpus / "labels.yaml").is_file():
        corpus_scores(corpus, a.verbose)
    elif a.corpus is not None:
        raise SystemExit(f"{corpus}: no labels.yaml")


if __name__ == "__main__":
    main()
