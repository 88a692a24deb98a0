"""The linter lints SLAs only: unknown file types, its own reports, text with no SLA in
it and text in another language are each said so in one line, not judged as SLAs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_drafter.cli import cli
from sla_drafter.lint.applicability import guess_language

ENGLISH_SLA = (
    "# Service Level Agreement\n\n"
    "1. Availability. The Provider shall make the Service available 99.9% of the time in each "
    "calendar month, as measured by the Provider.\n\n"
    "2. Service credits. If availability falls below 99.9%, the Customer may claim a credit of "
    "5% of the monthly fee.\n"
)
GERMAN = (
    "Dienstgütevereinbarung\n\n"
    "1. Verfügbarkeit. Der Anbieter stellt sicher, dass der Dienst in jedem Kalendermonat zu "
    "99,9 % verfügbar ist. Die Verfügbarkeit wird von dem Anbieter gemessen und ist nicht "
    "garantiert, wenn Wartungsarbeiten stattfinden.\n\n"
    "2. Gutschriften. Wird die Verfügbarkeit nicht erreicht, erhält der Kunde eine Gutschrift "
    "von 5 % der monatlichen Gebühr. Die Gutschrift ist auf 10 % begrenzt.\n"
)
FRENCH = (
    "Le prestataire garantit une disponibilité du service de 99,9 % par mois. Les crédits de "
    "service sont accordés au client sur demande écrite dans un délai de trente jours. La "
    "responsabilité du prestataire est limitée aux crédits de service pour les pannes.\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", "--jobs", "1", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config file above a fresh folder


def findings_of(out: str) -> list[dict[str, object]]:
    docs = json.loads(out)["documents"]
    assert len(docs) == 1
    found: list[dict[str, object]] = docs[0]["findings"]
    return found


def test_unknown_extension_named_is_one_line_exit_2_and_skipped_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "hello.xyz").write_text("hello\n")
    code, out, err = run("hello.xyz")
    assert code == 2 and err.count("\n") == 1
    assert "hello.xyz: not a supported file type (.xyz)" in err
    (tmp_path / "sla.md").write_text(ENGLISH_SLA)
    code, out, err = run("--format", "json", ".")
    assert [d["path"] for d in json.loads(out)["documents"]] == ["sla.md"] and err == ""


def test_a_yaml_file_that_is_no_spec_is_refused(tmp_path: Path) -> None:
    (tmp_path / "playbook.yaml").write_text("name: strict\n")
    code, _, err = run("playbook.yaml")
    assert code == 2 and "not an sla-drafter spec" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "fmt", "what"),
    [
        ("report.html", "html", "an HTML lint report"),
        ("report.json", "json", "a JSON lint report"),
        ("report.sarif", "sarif", "a SARIF log"),
        ("report.txt", "human", "a lint report"),
        ("annotations.txt", "github", "a GitHub annotations report"),
        ("report.md", "json", "a JSON lint report"),
    ],
)
def test_our_own_reports_are_skipped_in_a_folder(tmp_path: Path, name: str, fmt: str, what: str) -> None:
    folder = tmp_path / "vendors"
    folder.mkdir()
    (folder / "sla.md").write_text(ENGLISH_SLA)
    code, _, err = run("--format", fmt, "-o", str(folder / name), str(folder))
    assert code in (0, 1), err
    assert (folder / name).exists()
    code, out, err = run("--format", "json", str(folder))
    assert [Path(str(d["path"])).name for d in json.loads(out)["documents"]] == ["sla.md"]
    assert err == ""
    code, _, err = run(str(folder / name))  # named: refused, one line
    assert code == 2 and f"{what} written by sla-drafter, not an SLA" in err and err.count("\n") == 1


def test_too_little_sla_text_is_one_info_finding(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hello\n")
    code, out, _ = run("--format", "json", "hello.txt")
    findings = findings_of(out)
    assert [(f["code"], f["rule"], f["severity"]) for f in findings] == [
        ("SLA904", "too-little-sla-text", "info")
    ]
    assert "missing-topic findings are left out" in str(findings[0]["message"])
    assert code == 0


def test_an_english_sla_still_gets_its_missing_topics(tmp_path: Path) -> None:
    (tmp_path / "sla.md").write_text(ENGLISH_SLA)
    _, out, _ = run("--format", "json", "sla.md")
    rules = {str(f["rule"]) for f in findings_of(out)}
    assert "missing-indemnification" in rules
    assert not rules & {"too-little-sla-text", "not-english"}


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "German"), (FRENCH, "French")])
def test_another_language_is_named_instead_of_every_topic_missing(
    tmp_path: Path, text: str, language: str
) -> None:
    (tmp_path / "vendor.txt").write_text(text, encoding="utf-8")
    code, out, _ = run("--format", "json", "vendor.txt")
    findings = findings_of(out)
    notes = [f for f in findings if f["code"] == "SLA905"]
    assert len(notes) == 1 and notes[0]["rule"] == "not-english" and notes[0]["severity"] == "info"
    assert f"seems to be in {language}" in str(notes[0]["message"])
    assert "judges English text" in str(notes[0]["message"])
    assert not any(str(f["rule"]).startswith("missing-") for f in findings)
    assert code == 0


def test_language_guess() -> None:
    assert guess_language(ENGLISH_SLA * 3) == "English"
    assert guess_language(GERMAN) == "German"
    assert guess_language("too short") is None
