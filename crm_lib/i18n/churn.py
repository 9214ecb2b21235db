"""Labels of the churn report."""

LABELS: dict[str, dict[str, str]] = {}
