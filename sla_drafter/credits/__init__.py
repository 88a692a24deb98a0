"""Service credits and the monthly service report from what actually happened (issue 11).

`compute()` reads an agreed spec and the month's outages, tickets and monitoring samples
(streamed, one row at a time) and returns attainment per metric per window, the credits
owed, the claim deadline and whether the chronic-failure termination trigger has fired.
Not to be confused with `sla_drafter.extract.credits`, which reads credit wording in prose.
"""

from __future__ import annotations

from .compute import CreditsReport, MetricResult, MonthResult, compute, report_months

__all__ = ["CreditsReport", "MetricResult", "MonthResult", "compute", "report_months"]
