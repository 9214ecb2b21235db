"""Labels of the journey report."""

LABELS: dict[str, dict[str, str]] = {}
