"""`sla-drafter lint` end to end: exit codes, errors on stderr, outputs, suppression, rules.

Extraction and the rule engine are replaced by a small fake (fixtures/lint/fake_pipeline.py)
so these tests pin the front end's behaviour, not the rules'.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.lint import fake_pipeline

from sla_drafter.cli import cli
from sla_drafter.lint import lint, lint_document
from sla_drafter.lint.config import LintConfig
from sla_drafter.read import read_document

FIXTURES = Path(__file__).parent / "fixtures" / "lint"


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pipeline.install(monkeypatch)
    monkeypatch.chdir(tmp_path)  # no config file is found above a fresh temp folder
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def copy(name: str, folder: Path, as_name: str | None = None) -> Path:
    target = folder / (as_name or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / name, target)
    return target


# ---------------------------------------------------------------- exit codes


def test_clean_document_exits_0(tmp_path: Path) -> None:
    code, out, err = run(str(copy("clean.txt", tmp_path)))
    assert code == 0, err
    assert "no findings" in out
    assert err == ""


def test_error_finding_exits_1(tmp_path: Path) -> None:
    code, out, _ = run(str(copy("vendor.txt", tmp_path)))
    assert code == 1
    assert "SLA201 acknowledgment-counts-as-response" in out


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_on_warning_only_document(tmp_path: Path, fail_on: str, expected: int) -> None:
    code, _, _ = run("--fail-on", fail_on, str(copy("warn-only.txt", tmp_path)))
    assert code == expected


def test_fail_on_info_vs_warning(tmp_path: Path) -> None:
    # vendor.txt has an info finding but after ignoring the error and warning rules only info remains
    path = str(copy("vendor.txt", tmp_path))
    args = ["--ignore", "SLA201,SLA301", "--ignore", "missing-indemnification"]
    assert run(*args, "--fail-on", "warning", path)[0] == 0
    assert run(*args, "--fail-on", "info", path)[0] == 1


def test_unreadable_files_one_line_each_others_reported_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    fake_docx = tmp_path / "fake.docx"
    fake_docx.write_text("not a zip")
    good = copy("clean.txt", tmp_path)
    code, out, err = run("--format", "json", str(empty), str(good), str(fake_docx))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: ") and str(empty) in lines[0]
    assert str(fake_docx) in lines[1]
    assert "Traceback" not in err
    data = json.loads(out)
    assert [d["path"] for d in data["documents"]] == [str(good)]
    assert data["summary"]["documents"] == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.pdf"))
    assert code == 2
    assert "nope.pdf" in err and "no such file" in err


def test_bad_option_value_exits_2(tmp_path: Path) -> None:
    code, _, _ = run("--fail-on", "fatal", str(copy("clean.txt", tmp_path)))
    assert code == 2


def test_directory_walk_skips_hidden_temp_and_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    copy("clean.txt", folder, "a.txt")
    copy("vendor.txt", folder, "sub/b.txt")
    copy("clean.txt", folder, ".hidden.txt")
    copy("clean.txt", folder, ".git/c.txt")
    (folder / "~$draft.docx").write_bytes(b"lock file")
    (folder / "notes.csv").write_text("a,b\n")
    (folder / "playbook.yaml").write_text("name: x\n")
    code, out, err = run("--format", "json", str(folder))
    assert err == ""
    assert code == 1
    paths = [d["path"] for d in json.loads(out)["documents"]]
    assert paths == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]


# ---------------------------------------------------------------- outputs


def test_output_refuses_overwrite_without_force(tmp_path: Path) -> None:
    doc = str(copy("clean.txt", tmp_path))
    out = tmp_path / "report.json"
    out.write_text("keep me")
    code, _, err = run("--format", "json", "-o", str(out), doc)
    assert code == 2
    assert "already exists" in err and "--force" in err
    assert out.read_text() == "keep me"
    code, _, _ = run("--format", "json", "-o", str(out), "--force", doc)
    assert code == 0
    assert json.loads(out.read_text())["schema_version"] == 1


@pytest.mark.parametrize(("name", "start"), [("r.sarif", '{\n  "$schema"'), ("r.html", "<!DOCTYPE html>"), ("r.json", '{\n  "documents"')])
def test_format_follows_output_suffix(tmp_path: Path, name: str, start: str) -> None:
    out = tmp_path / name
    run("-o", str(out), str(copy("vendor.txt", tmp_path)))
    assert out.read_text(encoding="utf-8").startswith(start)


def test_output_may_not_be_an_input(tmp_path: Path) -> None:
    doc = copy("vendor.txt", tmp_path)
    before = doc.read_bytes()
    code, _, err = run("--format", "json", "-o", str(doc), "--force", str(doc))
    assert code == 2 and "is one of the inputs" in err
    assert doc.read_bytes() == before


def test_output_may_not_be_a_file_found_in_an_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "vendors"
    doc = copy("vendor.txt", folder)
    before = doc.read_bytes()
    code, out, err = run("--format", "json", "-o", str(doc), "--force", str(folder))
    assert code == 2 and "is one of the inputs" in err and err.count("\n") == 1
    assert doc.read_bytes() == before and out == ""
    link = tmp_path / "link.txt"  # the same file under another name
    link.hardlink_to(doc)
    code, _, err = run("--format", "json", "-o", str(link), "--force", str(folder))
    assert code == 2 and "is one of the inputs" in err
    assert doc.read_bytes() == before


def test_folder_without_sla_files_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(str(tmp_path / "empty"))
    assert code == 2 and "no SLA files found" in err


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    doc = copy("vendor.txt", tmp_path)
    before = doc.read_bytes()
    run("--format", "html", "-o", str(tmp_path / "r.html"), str(doc))
    assert doc.read_bytes() == before


def test_html_report_is_self_contained_and_escapes_text(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, _ = run("--format", "html", "-o", str(out), str(copy("vendor.txt", tmp_path)))
    assert code == 1
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<mark class="error"' in html and 'href="#d0-f' in html
    assert "<link" not in html and "src=" not in html and "http://" not in html
    assert "Topic coverage" in html


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "human", "github"])
def test_outputs_byte_identical_across_runs(tmp_path: Path, fmt: str) -> None:
    docs = [str(copy("vendor.txt", tmp_path)), str(copy("suppressed.md", tmp_path))]
    first = run("--format", fmt, "--no-color", *docs)
    second = run("--format", fmt, "--no-color", "--jobs", "2", *docs)
    assert first == second


def test_no_color_when_not_a_terminal(tmp_path: Path) -> None:
    _, out, _ = run(str(copy("vendor.txt", tmp_path)))
    assert "\x1b[" not in out


def test_github_annotations(tmp_path: Path) -> None:
    _, out, _ = run("--format", "github", str(copy("vendor.txt", tmp_path)))
    assert "::error file=vendor.txt,line=" in out
    assert "title=SLA201 acknowledgment-counts-as-response::" in out
    assert "::notice file=vendor.txt" in out


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    _, out, _ = run("--quiet", str(copy("vendor.txt", tmp_path)))
    assert "SLA201" in out
    assert "topics:" not in out and "total" not in out


def test_config_file_in_working_folder_applies(tmp_path: Path) -> None:
    (tmp_path / ".sla-drafter.toml").write_text('fail-on = "warning"\nformat = "json"\n')
    code, out, _ = run(str(copy("warn-only.txt", tmp_path)))
    assert code == 1
    assert json.loads(out)["schema_version"] == 1
    code, _, _ = run("--fail-on", "error", str(copy("warn-only.txt", tmp_path)))
    assert code == 0  # the command line beats the config file


def test_bad_config_is_one_line_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("colour = 'red'\n")
    code, out, err = run("--config", str(cfg), str(copy("clean.txt", tmp_path)))
    assert code == 2
    assert err.count("\n") == 1 and str(cfg) in err and "colour" in err
    assert out == ""


def test_playbook_option(tmp_path: Path) -> None:
    book = tmp_path / "p.yaml"
    book.write_text("name: strict\nseverity:\n  customer:\n    vague-efforts-language: error\n")
    code, out, _ = run("--playbook", str(book), "--format", "json", str(copy("warn-only.txt", tmp_path)))
    assert code == 1
    sev = {f["rule"]: f["severity"] for f in json.loads(out)["documents"][0]["findings"]}
    assert sev["vague-efforts-language"] == "error"


# ---------------------------------------------------------------- suppression


ALLOW = LintConfig(allow_inline_suppression=True)


def test_suppression_scopes_and_unused_warning() -> None:
    doc = read_document(FIXTURES / "suppressed.md")
    result = lint_document(doc, config=ALLOW)
    found = [(f.code, f.location.heading if f.location else None) for f in result.findings]
    # section 1 (and its subsection 1.1) silenced; section 2 is not
    assert ("SLA201", "2. Availability") in found
    assert ("SLA201", "1. Support") not in found and ("SLA201", "1.1 Hours") not in found
    # disable-next silenced the next paragraph only
    assert not any(code == "SLA301" for code, _ in found)
    assert result.suppressed == 3
    unused = [f for f in result.findings if f.code == "SLA901"]
    assert len(unused) == 1
    assert unused[0].rule == "unused-suppression" and unused[0].severity.value == "warning"
    assert "SLA302" in unused[0].message.upper()
    assert unused[0].location is not None and unused[0].location.heading == "2. Availability"


def test_disable_file_covers_document_level_findings(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text(
        "sla-lint: disable-file=missing-indemnification, SLA201\n\n"
        "An automated acknowledgment counts as a response.\n"
    )
    result = lint([path], jobs=1, config=ALLOW)
    assert [f.code for f in result.documents[0].findings] == ["SLA903"]
    assert "silenced 2 findings (SLA110, SLA201)" in result.documents[0].findings[0].message
    assert result.documents[0].suppressed == 2


def test_unused_suppression_can_be_ignored(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("sla-lint: disable=SLA999\n\nIndemnity is given.\n")
    assert [f.code for f in lint([path], jobs=1, config=ALLOW).documents[0].findings] == ["SLA901"]
    quiet = LintConfig(ignore=("unused-suppression",), allow_inline_suppression=True)
    assert lint([path], jobs=1, config=quiet).documents[0].findings == []


# ---------------------------------------------------------------- rules command


def _engine_works() -> bool:
    try:
        from sla_drafter.lint.engine import all_rules

        return bool(all_rules())
    except Exception:
        return False


@pytest.mark.skipif(not _engine_works(), reason="rule engine not importable yet")
def test_rules_lists_and_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.lint.engine import all_rules

    runner = CliRunner()
    listed = runner.invoke(cli, ["rules"])
    assert listed.exit_code == 0
    rule = all_rules()[0]
    assert rule.code in listed.stdout and rule.name in listed.stdout
    shown = runner.invoke(cli, ["rules", rule.name])
    assert shown.exit_code == 0 and rule.code in shown.stdout
    missing = runner.invoke(cli, ["rules", "no-such-rule"])
    assert missing.exit_code == 2 and "no-such-rule" in missing.stderr


def test_disable_next_in_a_comment_covers_the_following_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text(
        "# Terms\n\n<!-- sla-lint: disable-next=SLA301 -->\n"
        "Provider will use commercially reasonable efforts.\n\n"
        "Provider will use commercially reasonable efforts again. Indemnity is given.\n"
    )
    result = lint([path], jobs=1, config=ALLOW).documents[0]
    assert [f.code for f in result.findings] == ["SLA903", "SLA301"]
    kept = result.findings[1]
    assert kept.evidence and result.suppressed == 1
    assert kept.location is not None
    assert kept.location.block == 2


# ---------------------------------------------------------------- directives from the other side

SILENCER = "sla-lint: disable-file=all\n\nAn automated acknowledgment counts as a response.\n"


def test_vendor_directive_does_not_silence_by_default(tmp_path: Path) -> None:
    path = tmp_path / "vendor.txt"
    path.write_text(SILENCER)
    code, out, _ = run("--format", "json", str(path))
    assert code == 1  # the SLA201 error stands: the directive changes no exit code
    findings = json.loads(out)["documents"][0]["findings"]
    codes = [f["code"] for f in findings]
    assert "SLA201" in codes
    notes = [f for f in findings if f["code"] == "SLA903"]
    assert len(notes) == 1 and notes[0]["severity"] == "info"
    assert "not honoured" in notes[0]["message"] and "SLA201" in notes[0]["message"]
    assert notes[0]["location"] is not None and notes[0]["evidence"] == "sla-lint: disable-file=all"
    assert "SLA901" not in codes  # an ignored directive is reported once, not as unused
    _, sarif, _ = run("--format", "sarif", str(path))
    results = json.loads(sarif)["runs"][0]["results"]
    assert {"SLA201", "SLA903"} <= {r["ruleId"] for r in results}
    rules = json.loads(sarif)["runs"][0]["tool"]["driver"]["rules"]
    assert "SLA903" in {r["id"] for r in rules}


def test_allow_inline_suppression_flag_and_config_key(tmp_path: Path) -> None:
    path = tmp_path / "vendor.txt"
    path.write_text(SILENCER)
    code, out, _ = run("--format", "json", "--allow-inline-suppression", str(path))
    assert code == 0
    findings = json.loads(out)["documents"][0]["findings"]
    assert [f["code"] for f in findings] == ["SLA903"]
    assert "silenced" in findings[0]["message"] and "SLA201" in findings[0]["message"]
    (tmp_path / ".sla-drafter.toml").write_text("allow-inline-suppression = true\n")
    code, _, _ = run("--format", "json", str(path))
    assert code == 0
    (tmp_path / ".sla-drafter.toml").write_text("allow-inline-suppression = 'yes'\n")
    code, _, err = run("--format", "json", str(path))
    assert code == 2 and "allow-inline-suppression" in err and err.count("\n") == 1
