"""Data health: what was loaded, how complete it is, and how activity moves by month.

:mod:`crm_lib.health.checks` computes the figures; :mod:`crm_lib.health.report` returns
the report's sections.
"""

from crm_lib.health import report
from crm_lib.health.checks import (
    customer_coverage,
    headline,
    missing_values,
    monthly_activity,
    possible_duplicate_orders,
    returns_summary,
    table_overview,
)

__all__ = [
    "customer_coverage",
    "headline",
    "missing_values",
    "monthly_activity",
    "possible_duplicate_orders",
    "report",
    "returns_summary",
    "table_overview",
]
