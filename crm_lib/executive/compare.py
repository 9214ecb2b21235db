"""A KPI against its previous period and its target, and how much that matters.

A :class:`Comparison` reads a KPI's trend (:func:`crm_lib.executive.kpi.trend`) and, when the
config sets one, its goal. The **previous period** is the measured point before the latest
one (for F2: the cohort before the latest complete cohort). The **change in standard units**
(``z``) is the latest change divided by the standard deviation of the KPI's
period-to-period changes over the trend (how much it usually moves; needs three measured
points). **Importance** (:func:`importance`) orders findings: first the size of the miss
against the target (shortfall as a share of |target|), then a notable change (|z| at least
``notable_z``) by its size; ties keep the standard order.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.executive.kpi import Direction, GoalResult, Kpi, Status


@dataclass(frozen=True)
class Comparison:
    """A KPI's latest value against the previous period and its target.

    ``latest`` / ``previous``: the last two measured trend points (None without two) and
    their period ends; ``change``: latest - previous in the KPI's unit; ``z``: the change in
    standard units; ``target``, ``status``, ``shortfall`` (the miss as a share of |target|,
    0 when met): from the goal, None without one. ``cohort``: the points are acquisition
    cohorts followed ``follow_days`` days (F2), not trailing windows.
    """

    kpi: str
    unit: str
    direction: Direction | None
    latest: float | None = None
    latest_end: dt.date | None = None
    previous: float | None = None
    previous_end: dt.date | None = None
    change: float | None = None
    z: float | None = None
    target: float | None = None
    actual: float | None = None
    status: Status | None = None
    shortfall: float | None = None
    cohort: bool = False
    period_months: int | None = None
    follow_days: int | None = None

    def record(self) -> dict:
        """The comparison as a finding's record in ``metrics.json`` holds it."""
        day = lambda d: d.isoformat() if d is not None else None  # noqa: E731
        return {
            "latest": self.latest,
            "latest_end": day(self.latest_end),
            "previous": self.previous,
            "previous_end": day(self.previous_end),
            "change": self.change,
            "z": self.z,
            "target": self.target,
            "status": self.status,
            "shortfall": self.shortfall,
        }


def standard_change(values: pd.Series) -> float | None:
    """The last period-to-period change of ``values`` (measured points, oldest first)
    divided by the standard deviation (ddof 1) of all its changes; None with fewer than
    three points or changes that never vary."""
    diffs = np.diff(np.asarray(values, dtype=float))
    if len(diffs) < 2:
        return None
    spread = float(np.std(diffs, ddof=1))
    return float(diffs[-1] / spread) if spread > 0 else None


def shortfall(actual: float | None, target: float, direction: Direction | None) -> float | None:
    """How far ``actual`` misses ``target``, as a share of |target| (0 when met; None
    without an actual or a direction; a miss of a zero target counts as 1)."""
    if actual is None or direction is None:
        return None
    gap = target - actual if direction == "up" else actual - target
    if gap <= 0:
        return 0.0
    return gap / abs(target) if target else 1.0


def compare(
    kpi: Kpi,
    trend: pd.DataFrame,
    goal: GoalResult | None = None,
    *,
    period_months: int | None = None,
    follow_days: int | None = None,
) -> Comparison:
    """The comparison of a KPI from its ``trend`` and its ``goal`` (None: no target)."""
    known = trend.dropna(subset=["value"]) if len(trend) else trend
    direction = goal.direction if goal is not None else kpi.direction
    fields: dict = {}
    if len(known) >= 2:
        (prev_end, prev), (last_end, last) = known[["period_end", "value"]].iloc[-2:].values
        fields = {
            "latest": float(last),
            "latest_end": pd.Timestamp(last_end).date(),
            "previous": float(prev),
            "previous_end": pd.Timestamp(prev_end).date(),
            "change": float(last) - float(prev),
            "z": standard_change(known["value"]),
        }
    if goal is not None and goal.actual is not None:
        fields |= {
            "target": goal.target,
            "actual": goal.actual,
            "status": goal.status,
            "shortfall": shortfall(goal.actual, goal.target, direction),
        }
    return Comparison(
        kpi.name,
        kpi.unit,
        direction,
        cohort=kpi.cohort,
        period_months=period_months,
        follow_days=follow_days,
        **fields,
    )


def importance(comparison: Comparison | None, notable_z: float) -> tuple[float, float]:
    """Sort key (smaller first) of a finding: the size of the miss against the target, then
    the size of a notable change in standard units (|z| >= ``notable_z``)."""
    if comparison is None:
        return (0.0, 0.0)
    miss = comparison.shortfall or 0.0
    z = abs(comparison.z) if comparison.z is not None and math.isfinite(comparison.z) else 0.0
    return (-miss, -(z if z >= notable_z else 0.0))


__all__ = ["Comparison", "compare", "importance", "shortfall", "standard_change"]
