"""Labels of the segments report."""

LABELS: dict[str, dict[str, str]] = {}
