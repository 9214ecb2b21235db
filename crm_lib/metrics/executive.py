"""Metrics of the executive report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "executive"

GOALS = Metric("executive.goals", "record", "目標と実績", "Goals and actuals")
TOLERANCE = Metric("executive.tolerance", "share", "要注意とする不足幅", "At-risk tolerance")
TRENDS = Metric("executive.trends", "number", "KPIの推移", "KPI trends", keyed=True)
FINDINGS = Metric("executive.findings", "record", "所見", "Findings")
ACTIONS = Metric("executive.actions", "record", "推奨施策", "Recommended actions")
