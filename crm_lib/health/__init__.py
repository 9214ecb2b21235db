"""Data health: what was loaded, how complete it is, how activity moves by month, and
what real exports get wrong.

:mod:`crm_lib.health.checks` computes the overview figures; :mod:`~crm_lib.health.integrity`
(returns without their purchase, ids that match nothing), :mod:`~crm_lib.health.timeline`
(months without orders, renamed codes) and :mod:`~crm_lib.health.amounts` (extreme amounts)
the consistency checks, each a :class:`~crm_lib.health.findings.Finding`;
:mod:`crm_lib.health.report` returns the report's sections.
"""

from crm_lib.health import report
from crm_lib.health.amounts import extreme_amounts, extreme_threshold
from crm_lib.health.checks import (
    customer_coverage,
    headline,
    missing_values,
    monthly_activity,
    possible_duplicate_orders,
    returns_summary,
    table_overview,
)
from crm_lib.health.findings import Finding, Severity
from crm_lib.health.integrity import orphans, unmatched_returns
from crm_lib.health.timeline import code_renames, month_gaps, rename_pairs

__all__ = [
    "Finding",
    "Severity",
    "code_renames",
    "customer_coverage",
    "extreme_amounts",
    "extreme_threshold",
    "headline",
    "missing_values",
    "month_gaps",
    "monthly_activity",
    "orphans",
    "possible_duplicate_orders",
    "rename_pairs",
    "report",
    "returns_summary",
    "table_overview",
    "unmatched_returns",
]
