"""`sla-drafter credits`: formats, the JSON schema in docs/, safe output and bad rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from sla_drafter.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "managed-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "credits.schema.json").read_text(encoding="utf-8"))

OUTAGES = (
    "service,start,end,cause,note\n"
    "hosting,2026-10-03T10:00:00+01:00,2026-10-03T11:00:00+01:00,provider,database failover\n"
    "*,2026-10-10T10:30:00+01:00,2026-10-10T11:30:00+01:00,customer,customer firewall change\n"
    "hosting,2026-09-02T09:00:00+01:00,2026-09-02T23:00:00+01:00,provider,storage fault\n"
)
TICKETS = (
    "id,priority,opened,first_human_response,resolved\n"
    "T1,P1,2026-10-05T09:00:00+01:00,2026-10-05T09:10:00+01:00,2026-10-05T15:00:00+01:00\n"
    "T2,P3,2026-10-09T17:00:00+01:00,2026-10-12T10:00:00+01:00,\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES, encoding="utf-8")
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(TICKETS, encoding="utf-8")
    return {"outages": outages, "tickets": tickets}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["credits", *args])
    return result.exit_code, result.stdout, result.stderr


def base_args(files: dict[str, Path], *extra: str) -> list[str]:
    return [str(EXAMPLE), "--outages", str(files["outages"]), "--tickets", str(files["tickets"]),
            "--month", "2026-10", *extra]  # fmt: skip


def test_json_matches_the_schema_and_the_issue_shape(files: dict[str, Path]) -> None:
    code, out, err = run(*base_args(files, "--months", "2", "--format", "json"))
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["month"] == "2026-10"
    hosting = next(m for m in data["metrics"] if m["metric"] == "hosting-availability")
    # 44,700 minutes in October (London, BST ends on the 25th); 60 down; 60 excluded
    # (customer-caused, excluded by customer_caused): (44700 - 60 - 60) / (44700 - 60).
    assert (hosting["minutes_down"], hosting["excluded_minutes"], hosting["attained"]) == (60, 60, 99.8656)
    assert data["credits"]["percent"] == 5 + 2  # 5% band, and one P1 resolved late (6 h > 4 h) x 2%
    assert (data["credits"]["amount"], data["credits"]["currency"]) == (2940, "GBP")  # 7% of GBP 42,000
    assert data["claim_deadline"] == "automatic"
    assert data["termination_triggered"] is False
    # September: 14 hours down = 840 of 43,200 minutes: 98.0556% -> 15% band.
    (september,) = data["history"]
    assert september["month"] == "2026-09"
    assert september["credits"]["percent"] == 15


def test_schema_rejects_a_wrong_shape() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"month": "2026-10", "metrics": []}, SCHEMA)


def test_outputs_are_deterministic(files: dict[str, Path], tmp_path: Path) -> None:
    for fmt in ("json", "csv", "human"):
        first = run(*base_args(files, "--months", "3", "--format", fmt))[1]
        assert first == run(*base_args(files, "--months", "3", "--format", fmt))[1]


def test_csv_rows_per_metric_per_month(files: dict[str, Path]) -> None:
    code, out, _ = run(*base_args(files, "--months", "2", "-f", "csv"))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    hosting = [r for r in rows if r["metric"] == "hosting-availability"]
    assert [(r["month"], r["minutes_down"], r["credit_percent"]) for r in hosting] == [
        ("2026-09", "840", "15"), ("2026-10", "60", "7")]  # fmt: skip
    assert [r["credit_amount"] for r in hosting] == ["6300.00", "2940.00"]  # 15% and 7% of GBP 42,000


def test_human_table(files: dict[str, Path]) -> None:
    code, out, _ = run(*base_args(files))
    assert code == 0
    assert "Hosting Availability" in out and "99.8656%" in out
    assert "Service credits: 7% = GBP 2,940.00" in out
    assert "Claim deadline: automatic" in out


def test_output_file_by_suffix_and_no_overwrite_without_force(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    assert run(*base_args(files, "-o", str(target)))[0] == 0
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), SCHEMA)
    code, _, err = run(*base_args(files, "-o", str(target)))
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1
    assert run(*base_args(files, "-o", str(target), "--force"))[0] == 0


def test_output_cannot_be_an_input(files: dict[str, Path]) -> None:
    code, _, err = run(*base_args(files, "-o", str(files["outages"]), "--force"))
    assert code == 2 and "is one of the inputs" in err
    assert files["outages"].read_text(encoding="utf-8") == OUTAGES


BAD_OUTAGES = [
    ("hosting,yesterday,2026-10-03T11:00:00+01:00,provider,", ":2: start: not an ISO 8601 time"),
    ("hosting,2026-10-03T10:00:00,2026-10-03T11:00:00+01:00,provider,", ":2: start: '2026-10-03T10:00:00' has no UTC offset"),
    ("hosting,2026-10-03T12:00:00+01:00,2026-10-03T11:00:00+01:00,provider,", ":2: end is before start"),
    ("mainframe,2026-10-03T10:00:00+01:00,2026-10-03T11:00:00+01:00,provider,", ":2: unknown service 'mainframe'"),
    ("hosting,2026-10-03T10:00:00+01:00,2026-10-03T11:00:00+01:00,aliens,", ":2: unknown cause 'aliens'"),
    ("hosting,2026-10-03T10:00:00+01:00,provider", ":2: expected 5 fields, got 3"),
]


@pytest.mark.parametrize(("row", "message"), BAD_OUTAGES)
def test_bad_outage_rows(tmp_path: Path, files: dict[str, Path], row: str, message: str) -> None:
    files["outages"].write_text("service,start,end,cause,note\n" + row + "\n", encoding="utf-8")
    code, out, err = run(*base_args(files))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert str(files["outages"]) + message in err
    assert out == ""


BAD_TICKETS = [
    ("T1,P1,2026-10-05T09:00:00+01:00,2026-10-05T08:50:00+01:00,", ":2: first_human_response: the response is before the ticket was opened"),
    ("T1,P1,2026-10-05T09:00:00+01:00,,2026-10-05T08:00:00+01:00", ":2: resolved: the resolution is before the ticket was opened"),
    ("T1,P9,2026-10-05T09:00:00+01:00,,", ":2: unknown priority 'P9'"),
    ("T1,P1,2026-10-05 09:00,,", ":2: opened: '2026-10-05 09:00' has no UTC offset"),
]


@pytest.mark.parametrize(("row", "message"), BAD_TICKETS)
def test_bad_ticket_rows(files: dict[str, Path], row: str, message: str) -> None:
    files["tickets"].write_text("id,priority,opened,first_human_response,resolved\n" + row + "\n", encoding="utf-8")
    code, _, err = run(*base_args(files))
    assert code == 2 and err.count("\n") == 1
    assert str(files["tickets"]) + message in err


def test_bad_sample_rows_and_headers(tmp_path: Path, files: dict[str, Path]) -> None:
    samples = tmp_path / "samples.csv"
    samples.write_text("service,time,ok,latency_ms\nhosting,2026-10-01T00:00:00Z,maybe,12\n", encoding="utf-8")
    code, _, err = run(*base_args(files, "--samples", str(samples)))
    assert code == 2 and f"{samples}:2: ok: expected true or false, got 'maybe'" in err
    files["outages"].write_text("service,begin,end,cause\n", encoding="utf-8")
    code, _, err = run(*base_args(files))
    assert code == 2 and f"{files['outages']}:1: missing column 'start'" in err


def test_missing_file_and_bad_month(files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = run(str(EXAMPLE), "--outages", str(tmp_path / "nope.csv"), "--month", "2026-10")
    assert code == 2 and "nope.csv: file not found" in err
    code, _, err = run(str(EXAMPLE), "--outages", str(files["outages"]), "--month", "October")
    assert code == 2 and "--month: expected a month like 2026-10" in err


def test_the_command_is_listed_in_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "credits" in result.stdout
