"""`sla-drafter credits SPEC --outages F --month 2026-10`: service levels met, credits owed.

Reads what actually happened (outages, tickets, monitoring samples; streamed) against
the agreed spec and prints, per metric per window, the attainment against target, the
Service Credits after the cap, the claim deadline and whether the chronic-failure
termination right has arisen. `--report` also writes the monthly service report.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import user_errors

FORMAT_CHOICES = ("human", "json", "csv")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv"}
REPORT_SUFFIXES = (".pdf", ".docx", ".html", ".htm")


@click.command(name="credits")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--outages", required=True, type=click.Path(path_type=Path),
              help="outages.csv: service,start,end,cause[,note][,notified].")
@click.option("--tickets", type=click.Path(path_type=Path), default=None,
              help="tickets.csv: id,priority,opened,first_human_response,resolved[,service].")
@click.option("--samples", type=click.Path(path_type=Path), default=None,
              help="samples.csv of monitoring checks: service,time,ok,latency_ms.")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month to report on, e.g. 2026-10.")
@click.option("--months", default=1, show_default=True, type=click.IntRange(1, 120),
              help="How many months ending with --month to compute (trend and termination trigger).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Output format (default: from the -o suffix (.json, .csv), else human).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the result to this file instead of stdout.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the monthly service report (.pdf, .docx or .html).")
@click.option("--force", is_flag=True, help="Overwrite output files that exist.")
@user_errors
def command(spec: Path, outages: Path, tickets: Path | None, samples: Path | None, month: str,
            months: int, fmt: str | None, output: Path | None, report: Path | None,
            force: bool) -> None:  # fmt: skip
    """Compute attainment, Service Credits and the termination trigger for SPEC."""
    from ..credits.calendar import parse_month
    from ..credits.compute import compute
    from ..credits.output import to_csv, to_human, to_json
    from ..errors import OutputError
    from ..fsutil import atomic_write, check_writable
    from ..spec import load_spec

    if fmt is None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower(), "human") if output is not None else "human"
    inputs = [p for p in (spec, outages, tickets, samples) if p is not None]
    for target in (output, report):
        if target is None:
            continue
        check_writable(target, force)  # refuse before reading a million rows
        if any(target.resolve() == p.resolve() for p in inputs):
            raise OutputError("is one of the inputs; choose another output file", str(target))
    if report is not None and report.suffix.lower() not in REPORT_SUFFIXES:
        raise OutputError("the report's suffix picks its format: .pdf, .docx or .html", str(report))
    if output is not None and report is not None and output.resolve() == report.resolve():
        raise OutputError("the report and -o name the same file", str(report))

    result = compute(load_spec(spec), parse_month(month), months, outages, tickets, samples)
    text = {"json": to_json, "csv": to_csv, "human": to_human}[fmt](result)
    if report is not None:
        from ..credits.report import render_report

        atomic_write(report, render_report(result, report.suffix.lower()), force=force)
    if output is not None:
        atomic_write(output, text.encode("utf-8"), force=force)
    else:
        click.echo(text, nl=False)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report is not None:
        click.echo(f"Wrote {report}", err=True)
