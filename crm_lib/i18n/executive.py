"""Labels of the executive report."""

LABELS: dict[str, dict[str, str]] = {}
