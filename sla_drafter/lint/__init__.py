"""Lint SLAs: the public API behind `sla-drafter lint`.

    result = lint(["vendor.pdf", "contracts/"], stance="customer")
    result.exit_code()          # 0 clean, 1 findings at/above fail-on, 2 unreadable inputs
    result.to_dict()            # the JSON contract, docs/json-contract.md (schema_version 1)

Each path is read into a Document, its Terms are extracted, the rules run, and
inline `sla-lint:` directives are applied (see `suppress`). A YAML file with a
top-level `sla_drafter:` key is a spec: its Terms come straight from the spec,
and wording rules read the Markdown rendering of the agreement it assembles.

Unreadable files are not findings: they are collected in `LintResult.errors`
as (path, one-line message), printed on stderr by the CLI, and make the exit
code 2, while the other files still go through. The JSON `summary.errors`
counts error-severity *findings* only.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import Document
from ..errors import InputError
from ..findings import Finding, Severity
from ..terms import Evidence, Terms, TopicFinding
from ..topics import TOPICS, TopicStatus
from .config import LintConfig

if TYPE_CHECKING:
    from ..extract.sentences import Sentence

__all__ = [
    "DocumentResult",
    "LintConfig",
    "LintResult",
    "is_spec_file",
    "lint",
    "lint_document",
    "lint_path",
]

SCHEMA_VERSION = 1


@dataclass(slots=True)
class DocumentResult:
    """One linted document. `doc` is kept only when a formatter needs the text (HTML, SARIF)."""

    path: str
    kind: str  # "document" (read from a file) or "spec" (a sla_drafter spec)
    terms: Terms
    findings: list[Finding]
    doc: Document | None = None
    suppressed: int = 0  # findings silenced by inline directives

    def to_dict(self) -> dict[str, Any]:
        topics = self.terms.topics
        return {
            "path": self.path,
            "kind": self.kind,
            "topics": {t: topics[t].to_dict() for t in TOPICS if t in topics}
            | {t: {"status": "absent", "evidence": []} for t in TOPICS if t not in topics},
            "metrics": [m.to_dict() for m in self.terms.metrics],
            "findings": [f.to_dict() for f in self.findings],
        }

    def compact(self) -> DocumentResult:
        """What a batch keeps of a finished file: no Document, and only the Terms the reports
        show (kind, topics with evidence, metrics without their evidence)."""
        from dataclasses import replace

        terms = Terms(
            kind=self.terms.kind,
            topics=self.terms.topics,
            metrics=[replace(m, evidence=None) for m in self.terms.metrics],
        )
        return DocumentResult(self.path, self.kind, terms, self.findings, None, self.suppressed)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass(slots=True)
class LintResult:
    # A list, or (from `lint()` without keep_documents) a compressed sequence that
    # unpacks each DocumentResult on access: iterate it, do not mutate what it yields.
    documents: Sequence[DocumentResult] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    fail_on: Severity = Severity.ERROR

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in Severity}
        for d in self.documents:
            for f in d.findings:
                counts[f.severity] += 1
        return {
            "documents": len(self.documents),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "documents": [d.to_dict() for d in self.documents],
            "summary": self.summary(),
        }

    def failed(self, fail_on: Severity | None = None) -> bool:
        """True when some finding is at or above `fail_on`."""
        level = (fail_on or self.fail_on).rank
        return any(f.severity.rank >= level for d in self.documents for f in d.findings)

    def exit_code(self, fail_on: Severity | None = None) -> int:
        if self.errors:
            return 2
        return 1 if self.failed(fail_on) else 0


# --------------------------------------------------------------------------- pipeline
# The stages live in modules other people own; they are imported on first use
# so that this front end (and its tests) work before and without them.


def _read_document(path: str) -> Document:
    from ..read import read_document

    return read_document(path)


def _sentences(doc: Document) -> list[Sentence]:
    from ..extract.sentences import sentences

    return sentences(doc)


def _extract_terms(doc: Document, sents: list[Sentence]) -> Terms:
    from ..extract import extract_terms

    terms: Terms = extract_terms(doc, sents)
    return terms


def _run_rules(
    doc: Document, terms: Terms, config: LintConfig, stance: str, sents: list[Sentence]
) -> list[Finding]:
    from .config import canonical
    from .engine import run_rules

    findings: list[Finding] = run_rules(
        doc,
        terms,
        sents=sents,
        stance="customer" if stance == "balanced" else stance,
        select=[canonical(s) for s in config.select] if config.select is not None else None,
        ignore=tuple(canonical(s) for s in config.ignore),
        severities={canonical(k): v for k, v in config.severity_for(stance).items()} or None,
    )
    return _balanced(findings) if stance == "balanced" else findings


def _balanced(findings: list[Finding]) -> list[Finding]:
    """The balanced stance: the customer's findings, except that a finding the provider's
    stance softens (a protection for the customer alone) is at most a warning, so the
    review shows it without failing on it."""
    from dataclasses import replace

    from .registry import get_rule

    out: list[Finding] = []
    for f in findings:
        try:
            rule = get_rule(f.code)
        except KeyError:
            out.append(f)
            continue
        spec = getattr(rule, "spec", None)  # missing-<topic> rules: severity per stance
        softened = "provider" in rule.stance_severity or (
            spec is not None and (spec.provider is None or spec.provider.rank < f.severity.rank)
        )
        if softened and f.severity is Severity.ERROR:
            f = replace(f, severity=Severity.WARNING)
        out.append(f)
    return out



def is_spec_file(path: Path) -> bool:
    """A YAML file whose top level has a `sla_drafter:` key (a line starting with it)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return any(line.startswith("sla_drafter:") for line in head.splitlines())


def _spec_document(path: Path, stance: str) -> tuple[Document, Terms]:
    """Terms straight from the spec; the Document from the Markdown of its assembled agreement.

    The agreement is assembled with the lint stance, so a customer checks the
    customer-side draft the spec would produce.
    """
    import importlib

    from ..assemble.markdown import render_markdown
    from ..library import load_library
    from ..read import read_text
    from ..spec import load_spec
    from ..spec_terms import spec_to_terms

    spec = load_spec(path)
    terms: Terms = spec_to_terms(spec)
    assembler = importlib.import_module("sla_drafter.assemble.assembler")
    agreement, _warnings = assembler.build_agreement(spec, load_library(), stance)
    markdown = render_markdown(agreement).decode("utf-8")
    doc: Document = read_text(markdown, str(path), fmt="markdown")
    return doc, terms


# --------------------------------------------------------------------------- API


def lint_document(
    doc: Document,
    *,
    stance: str | None = None,
    config: LintConfig | None = None,
    terms: Terms | None = None,
    kind: str = "document",
    keep_document: bool = True,
) -> DocumentResult:
    """Lint one Document already read: extract Terms (unless given), run the rules, apply
    the config's required topics and severity overrides, and report inline `sla-lint:`
    directives (honoured only with `config.allow_inline_suppression`).
    `stance` defaults to the config's (itself `customer` by default)."""
    from .suppress import apply_suppressions

    cfg = config or LintConfig()
    stance = stance or cfg.stance
    sents = _sentences(doc)  # one split, read by extraction and the rules
    if terms is None:
        terms = _extract_terms(doc, sents)
    findings = _run_rules(doc, terms, cfg, stance, sents)
    _topics_shown_by(terms, findings)
    findings = cfg.postprocess(findings, terms, stance)
    if kind == "document":  # another language, or no SLA text: one note, not every topic missing
        from .applicability import judge

        findings, note = judge(doc, terms, findings)
        if note is not None:
            findings.extend(cfg.postprocess([note], terms, stance, required=False))
    findings, suppressed, notes = apply_suppressions(
        doc, findings, honour=cfg.allow_inline_suppression
    )
    findings.extend(cfg.postprocess(notes, terms, stance, required=False))
    findings.sort(key=_finding_key)
    result = DocumentResult(
        path=doc.path, kind=kind, terms=terms, findings=findings, doc=doc, suppressed=suppressed
    )
    return result if keep_document else result.compact()


# rules whose finding quotes the very clause of their topic, so proves the clause is there:
# credits that must be claimed are a claim process, a cap judged low is a cap, maintenance judged
# uncapped is excluded maintenance, a provider that may amend the SLA is a change mechanism
_SHOWS_ITS_TOPIC = frozenset(
    {
        "credits-require-claim",
        "sole-and-exclusive-remedy",
        "maintenance-exclusion-uncapped",
        "low-credit-cap",
        "unilateral-amendment",
    }
)


def _topics_shown_by(terms: Terms, findings: list[Finding]) -> None:
    """Mark a topic present, with the finding's quote as evidence, where a rule quoted the very
    clause (the topic cues missed its wording) and the topic was found absent."""
    for f in findings:
        if f.rule not in _SHOWS_ITS_TOPIC or f.topic is None or f.location is None or not f.evidence:
            continue
        found = terms.topics.get(f.topic)
        if found is not None and found.status is not TopicStatus.ABSENT:
            continue
        terms.topics[f.topic] = TopicFinding(TopicStatus.PRESENT, [Evidence(f.evidence, f.location)])


def _finding_key(f: Finding) -> tuple[int, int, str, str, str, str]:
    start, end, code = f.sort_key()
    return (start, end, code, f.rule, f.message, f.evidence)


def lint_path(
    path: str | Path,
    *,
    stance: str | None = None,
    config: LintConfig | None = None,
    keep_document: bool = True,
) -> DocumentResult:
    """Read and lint one file (a document or a spec). Raises InputError when unreadable."""
    stance = stance or (config.stance if config is not None else "customer")
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", str(path))
    if p.is_dir():
        raise InputError("is a directory", str(path))
    if is_spec_file(p):
        doc, terms = _spec_document(p, stance)
        doc.path = str(path)
        return lint_document(
            doc, stance=stance, config=config, terms=terms, kind="spec", keep_document=keep_document
        )
    doc = _read_document(str(path))
    doc.path = str(path)
    return lint_document(doc, stance=stance, config=config, keep_document=keep_document)


def prepare() -> None:
    """Load what every lint needs and keeps (the modules of each stage, the rule catalogue,
    the topic lexicon, the sentence splitter's model) before the first document: a batch
    forks its workers after this, and a CLI run ends its start-up here (`release_gc`)."""
    import importlib

    from .. import _cache
    from ..extract.topics import load_lexicon
    from . import engine, suppress  # noqa: F401  (loaded for good: the rules' engine)
    from .registry import all_rules

    all_rules()
    load_lexicon()
    importlib.import_module("sla_drafter.extract.sentences").load_splitter()
    importlib.import_module("sla_drafter.extract")
    _cache.release_gc()


def lint(
    paths: str | Path | Sequence[str | Path],
    *,
    stance: str | None = None,
    config: LintConfig | None = None,
    jobs: int | None = None,
    keep_documents: bool = False,
    progress: bool = False,
) -> LintResult:
    """Lint files and folders (searched recursively), in parallel when there are several.
    `paths` is one path (str or Path) or a sequence of them.

    `stance` overrides the config's stance. Documents are kept in the result only with
    `keep_documents=True` (the HTML and SARIF formatters use their text); otherwise the
    result holds compact per-document Terms and findings so memory stays flat.
    """
    from .batch import Packed, PackedResults, collect_paths, run_batch

    cfg = config or LintConfig()
    if stance is not None:
        cfg = cfg.with_stance(stance)
    if isinstance(paths, str | os.PathLike):  # one path, not a sequence of characters
        paths = [paths]
    files, errors = collect_paths(paths)
    if files:
        prepare()
    # One document is kept as it is (compact unless documents are kept: packing it would
    # only cost a pickle round trip); a batch is kept compressed (documents too, when the
    # format needs their text), so a batch's memory grows by kilobytes per file, not by
    # each document's whole object tree.
    batch = len(files) > 1
    kept: list[DocumentResult] = []
    packed = PackedResults()
    result = LintResult(
        documents=packed if batch else kept,
        errors=list(errors),
        fail_on=cfg.fail_on,
    )
    for path, outcome in run_batch(
        files,
        config=cfg,
        jobs=jobs,
        keep_documents=keep_documents,
        progress=progress,
        packed=batch,
    ):
        if isinstance(outcome, str):
            result.errors.append((path, outcome))
        elif not batch:
            kept.append(outcome.unpack() if isinstance(outcome, Packed) else outcome)
        else:
            packed.append(outcome)
    return result


class _CallableModule(types.ModuleType):
    """`sla_drafter.lint` is both this package and, per DESIGN.md, the API function.

    Once the package is imported, the attribute `sla_drafter.lint` is the package,
    so the package itself is made callable: `sla_drafter.lint(paths, ...)` runs
    `lint()` either way.
    """

    __call__ = staticmethod(lint)


sys.modules[__name__].__class__ = _CallableModule
