"""The executive report: the month's business figures, goals with their status, findings
written from the numbers, and recommended actions ranked by estimated impact, from the
data and what the run's notebooks recorded.

- :mod:`crm_lib.executive.business`: the monthly business figures (revenue, orders, new,
  existing, active and dormant customers, reactivations), one query for 13 months;
- :mod:`crm_lib.executive.kpi`: the KPI registry, goal status and trends;
- :mod:`crm_lib.executive.series`: the data KPIs per period, one query for all periods;
- :mod:`crm_lib.executive.compare`: a KPI against its previous period and its target;
- :mod:`crm_lib.executive.formats`: values, changes and verdicts as the page writes them;
- :mod:`crm_lib.executive.findings`: sentences citing declared metrics;
- :mod:`crm_lib.executive.actions`: actions and what each puts at stake;
- :mod:`crm_lib.executive.report`: the report's sections;
- :mod:`crm_lib.executive.blocks`: the HTML of the goal panel, findings and actions
  (Jinja templates in ``crm_lib/report/templates/``);
- :mod:`crm_lib.executive.run`: the run's figures, reports and folder.
"""

from crm_lib.executive import blocks, business, kpi, report
from crm_lib.executive.actions import Action, rank_actions
from crm_lib.executive.findings import (
    FINDINGS,
    Finding,
    FindingSpec,
    finding_sentence,
    finding_values,
    render_finding,
    run_settings,
    select_findings,
)
from crm_lib.executive.run import RunFigures, reports_in_run, run_metrics

__all__ = [
    "FINDINGS",
    "Action",
    "Finding",
    "FindingSpec",
    "RunFigures",
    "blocks",
    "business",
    "finding_sentence",
    "finding_values",
    "kpi",
    "rank_actions",
    "render_finding",
    "reports_in_run",
    "report",
    "run_metrics",
    "run_settings",
    "select_findings",
]
