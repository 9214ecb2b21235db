"""What a data-health check finds: a count, a sample of offending keys and a severity."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding can distort the analyses (label ``health_severity_<value>``)."""

    HIGH = "high"  # figures on every page are wrong (a month of orders missing)
    MEDIUM = "medium"  # some figures are wrong or some rows are lost to joins


@dataclass(frozen=True)
class Finding:
    """The result of one check on one table (and column).

    ``count``: offending rows (months for ``month_gaps``, code pairs for ``code_renames``);
    ``sample``: a few offending keys in a stable order — ids, months or codes, never
    personal data; ``values``: what the check's sentence cites besides them.
    """

    check: str  # label ``health_check_<check>``
    table: str
    column: str | None
    count: int
    sample: tuple[str, ...]
    severity: Severity
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.count > 0
