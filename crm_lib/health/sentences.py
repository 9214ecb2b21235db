"""The sentences of the consistency checks: which label each finding says, and the
values it cites (keys and codes as data, tables and columns by their labels)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crm_lib.health.findings import Finding
from crm_lib.section import Code, Items, Label

Said = tuple[str, dict[str, Any]]


def found(finding: Finding) -> Iterator[Said]:
    """The sentence(s) of a check that found something (one per renamed code)."""
    where = {"table": Code("table_", finding.table), "column": Code("health_col_", finding.column)}
    sample = Items(finding.sample)
    match finding.check:
        case "unmatched_returns":
            yield (
                "health_unmatched_returns",
                {
                    "count": finding.count,
                    "days": finding.values["days"],
                    "sample": sample,
                },
            )
        case "orphans":
            yield (
                "health_orphans",
                where
                | {
                    "count": finding.count,
                    "keys": finding.values["keys"],
                    "target": Label(f"health_target_{finding.values['target']}"),
                    "sample": sample,
                },
            )
        case "month_gaps":
            yield "health_month_gaps", {"count": finding.count, "months": sample}
        case "extreme_amounts":
            yield (
                "health_extreme_amounts",
                {
                    "count": finding.count,
                    "sample": sample,
                    "threshold": finding.values["threshold"],
                    "factor": finding.values["factor"],
                },
            )
        case "code_renames":
            for old, new, month in finding.values["pairs"]:
                yield "health_code_renames", where | {"old": old, "new": new, "month": month}
        case _:
            raise AssertionError(finding.check)


def clean(findings: list[Finding]) -> Iterator[Said]:
    """One sentence per check that ran and found nothing (none for a check that could
    not run: no returns, no table to check)."""
    by_check: dict[str, list[Finding]] = {}
    for finding in findings:
        by_check.setdefault(finding.check, []).append(finding)
    for check, group in by_check.items():
        if any(f.found for f in group):
            continue
        first = group[0]
        if check == "unmatched_returns" and first.values["returns"]:
            yield "health_no_unmatched_returns", {}
        elif check == "extreme_amounts":
            values = {"threshold": first.values["threshold"], "factor": first.values["factor"]}
            if values["threshold"] is None:
                yield "health_extreme_too_few", {}
            else:
                yield "health_no_extreme_amounts", values
        elif check in ("orphans", "month_gaps", "code_renames"):
            yield f"health_no_{check}", {}
