"""KPI goals and their status (DESIGN §1.1: set numeric goals, check them in short cycles).

A goal in the config (``{kpi, target, direction}``) names a KPI of :data:`REGISTRY`. Each KPI
says where its actual value comes from:

- a **metrics path** (``segments.f2_rate``): a figure an earlier notebook of the same run
  recorded; the executive report never recomputes an analysis;
- or a **data** computation at a date (``repeat_rate``, ``revenue`` ...): a small SQL query on
  the run's checked data, which also gives the KPI's trend over recent periods.

Model KPIs (``churn_rate``, ``average_clv``) come from a fitted model and have no trend.
A KPI whose source is absent (notebook not run, table missing) has the status ``no_data``.
A goal may also name a metrics path directly (``kpi: journey.conversion.lead_to_first``).

Status (:func:`status`): ``met`` when the actual is on the right side of the target,
``at_risk`` when it misses by at most ``tolerance`` x |target| (default 5 % of the target),
``missed`` beyond that, ``no_data`` without an actual.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.errors import ConfigError
from crm_lib.features import customer_summary_sql

Direction = Literal["up", "down"]
Status = Literal["met", "at_risk", "missed", "no_data"]
STATUSES: tuple[Status, ...] = ("met", "at_risk", "missed", "no_data")
TOLERANCE = 0.05  # share of |target|: a miss this close is "at risk"


def status(
    actual: float | None, target: float, direction: Direction = "up", tolerance: float = TOLERANCE
) -> Status:
    """``met`` / ``at_risk`` / ``missed`` / ``no_data`` of one goal.

    ``direction`` ``up``: higher is better (met when actual >= target); ``down``: lower is
    better. ``tolerance`` is a share of |target| (0.05 = 5 % of the target): a miss by at
    most that much is ``at_risk``. With a target of 0 only a met goal escapes ``missed``.
    """
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return "no_data"
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be up or down, not {direction!r}")
    shortfall = target - actual if direction == "up" else actual - target
    if shortfall <= 0:
        return "met"
    if shortfall <= tolerance * abs(target):
        return "at_risk"
    return "missed"


def lookup(metrics: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of ``metrics.json`` (``ltv.clv.mean``); None if absent."""
    node: Any = metrics
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return None if math.isnan(value) else value


# ---- data KPIs: one value as of a date (SQL in the engine) -------------------------------


@dataclass(frozen=True)
class KpiSettings:
    """How the data KPIs are measured.

    ``window_months``: trailing window of revenue, active customers and NPS (months).
    ``f2_window_days``: days after the first purchase in which a second counts as F2.
    ``concentration_window_months`` / ``top``: trailing window and top share of the revenue
    concentration. ``nps_channel``: feedback channel holding 0-10 survey ratings.
    ``nps_min_responses``: fewer responses in a window give no NPS.
    """

    window_months: int = 12
    f2_window_days: int = 180
    concentration_window_months: int = 12
    top: float = 0.2
    nps_channel: str = "survey"
    nps_min_responses: int = 20


def _window_start(as_of: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(as_of) - pd.DateOffset(months=int(months))).date()


def repeat_rate(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Share (0-1) of customers with a purchase up to ``as_of`` who bought on 2+ days."""
    per_customer = customer_summary_sql(as_of)  # the shared per-customer definitions
    return scalar(
        ds.con,
        f"""SELECT avg(CASE WHEN order_days >= 2 THEN 1.0 ELSE 0.0 END)
            FROM ({per_customer}) WHERE orders > 0""",
    )


def f2_rate(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """F2 conversion (0-1) as the segments report measures it: among customers whose first
    purchase was at least ``f2_window_days`` before ``as_of``, the share whose second
    purchase day came within ``f2_window_days`` days."""
    return scalar(
        ds.con,
        """WITH days AS (SELECT DISTINCT customer_id, order_date FROM transactions
                         WHERE amount >= 0 AND order_date <= $as_of),
                nth AS (SELECT customer_id, order_date, row_number() OVER
                            (PARTITION BY customer_id ORDER BY order_date) AS n FROM days),
                f AS (SELECT customer_id,
                             min(order_date) FILTER (WHERE n = 1) AS first_day,
                             min(order_date) FILTER (WHERE n = 2) AS second_day
                      FROM nth WHERE n <= 2 GROUP BY customer_id)
           SELECT avg(CASE WHEN date_diff('day', first_day, second_day) <= $w THEN 1.0
                      ELSE 0.0 END)
           FROM f WHERE first_day <= CAST($as_of AS DATE) - to_days(CAST($w AS INTEGER))""",
        {"as_of": as_of, "w": int(s.f2_window_days)},
    )


def active_customers(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Customers with a purchase (amount > 0) in the ``window_months`` months to ``as_of``."""
    return float(
        scalar(
            ds.con,
            """SELECT count(DISTINCT customer_id) FROM transactions
               WHERE amount > 0 AND order_date > $start AND order_date <= $as_of""",
            {"start": _window_start(as_of, s.window_months), "as_of": as_of},
        )
    )


def revenue(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Net revenue (the data's currency, returns deducted) in the ``window_months`` months
    to ``as_of``."""
    return float(
        scalar(
            ds.con,
            """SELECT coalesce(sum(amount), 0) FROM transactions
               WHERE order_date > $start AND order_date <= $as_of""",
            {"start": _window_start(as_of, s.window_months), "as_of": as_of},
        )
    )


def top_revenue_share(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Share (0-1) of trailing-window net revenue from the top ``top`` of customers, as the
    segments report measures it (:func:`crm_lib.segments.revenue_concentration`)."""
    from crm_lib.segments import revenue_concentration

    return revenue_concentration(ds, as_of, window_months=s.concentration_window_months, top=s.top)[
        "top_revenue_share"
    ]


def nps(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Net Promoter Score (-100..100 points) of the 0-10 survey ratings in the
    ``window_months`` months to ``as_of``: % promoters (9-10) minus % detractors (0-6).

    Needs ``feedback.rating``; with a ``channel`` column only ``nps_channel`` rows count.
    None with fewer than ``nps_min_responses`` ratings."""
    load = ds.loads.get("feedback")
    if load is None or "rating" not in load.columns:
        return None
    channel = "AND channel = $channel" if "channel" in load.columns else ""
    params = {"start": _window_start(as_of, s.window_months), "as_of": as_of}
    if channel:
        params["channel"] = s.nps_channel
    n, score = ds.con.execute(
        f"""SELECT count(*),
                   100 * avg(CASE WHEN rating >= 9 THEN 1.0 WHEN rating <= 6 THEN -1.0
                             ELSE 0.0 END)
            FROM feedback
            WHERE rating BETWEEN 0 AND 10 {channel}
              AND CAST(created_at AS DATE) > $start AND CAST(created_at AS DATE) <= $as_of""",
        params,
    ).fetchone()
    return float(score) if n >= s.nps_min_responses else None


# ---- the registry -------------------------------------------------------------------------


DataFunction = Callable[[Dataset, dt.date, KpiSettings], float | None]


@dataclass(frozen=True)
class Kpi:
    """One KPI: its label key, how it is shown, its better direction and its sources.

    ``metric``: dotted path in ``metrics.json`` of the actual (None: the actual is
    ``compute`` at the observation end). ``compute``: the KPI from the data as of a date,
    used for the trend (and for the actual when there is no ``metric``); None for a model
    KPI, which has no trend. ``kind``: rate (0-1) | count | money | points | number.
    ``windowed``: the KPI covers a trailing window, so a trend point needs a full window of
    data before it.
    """

    name: str
    label: str
    kind: Literal["rate", "count", "money", "points", "number"]
    direction: Direction
    metric: str | None = None
    compute: DataFunction | None = None
    report: str | None = None  # the notebook whose page explains it
    windowed: bool = False

    @property
    def has_trend(self) -> bool:
        return self.compute is not None


REGISTRY: dict[str, Kpi] = {
    k.name: k
    for k in (
        Kpi("repeat_rate", "exec_kpi_repeat_rate", "rate", "up", compute=repeat_rate,
            report="segments"),
        Kpi("f2_rate", "exec_kpi_f2_rate", "rate", "up", metric="segments.f2_rate",
            compute=f2_rate, report="segments"),
        Kpi("churn_rate", "exec_kpi_churn_rate", "rate", "down", metric="churn.rate",
            report="churn"),
        Kpi("active_customers", "exec_kpi_active_customers", "count", "up",
            compute=active_customers, report="segments", windowed=True),
        Kpi("revenue", "exec_kpi_revenue", "money", "up", compute=revenue,
            report="data_health", windowed=True),
        Kpi("average_clv", "exec_kpi_average_clv", "money", "up", metric="ltv.clv.mean",
            report="ltv"),
        Kpi("nps", "exec_kpi_nps", "points", "up", compute=nps, report="voice",
            windowed=True),
        Kpi("top20_revenue_share", "exec_kpi_top20_revenue_share", "rate", "up",
            metric="segments.top20_revenue_share", compute=top_revenue_share,
            report="segments", windowed=True),
    )
}  # fmt: skip


def kpi_for(name: str, source: str = "config", key: str = "goals") -> Kpi:
    """The registered KPI, or an ad-hoc one for a metrics path (``journey.gaps``); an
    unknown plain name is a config error (a typo must not pass silently)."""
    if name in REGISTRY:
        return REGISTRY[name]
    if "." in name:
        return Kpi(name, "", "number", "up", metric=name)
    known = ", ".join(REGISTRY)
    raise ConfigError(source, key, f"unknown KPI {name!r} (known: {known}, or a metrics path)")


# ---- goals ---------------------------------------------------------------------------------


def period_ends(end: dt.date, periods: int = 6, months: int = 3) -> list[dt.date]:
    """``periods`` dates ``months`` apart ending at ``end`` (oldest first), so the last
    trend point is the actual itself."""
    stamps = [pd.Timestamp(end) - pd.DateOffset(months=months * i) for i in range(periods)]
    return [s.date() for s in reversed(stamps)]


def trend(
    kpi: Kpi, ds: Dataset, ends: list[dt.date], settings: KpiSettings, data_start: dt.date
) -> pd.DataFrame:
    """The KPI at each date of ``ends``: columns ``period_end``, ``value`` (None where it
    cannot be measured, e.g. before a full window of data). Empty for a model KPI."""
    if kpi.compute is None:
        return pd.DataFrame({"period_end": [], "value": []})
    rows = []
    for end in ends:
        full = not kpi.windowed or _window_start(end, settings.window_months) >= data_start
        value = _number(kpi.compute(ds, end, settings)) if full and end >= data_start else None
        rows.append({"period_end": end, "value": value})
    return pd.DataFrame(rows)


@dataclass
class GoalResult:
    """One goal's actual, status and trend; ``source``: metric path or ``data``."""

    kpi: str
    label: str
    kind: str
    actual: float | None
    target: float
    direction: Direction
    status: Status
    source: str
    report: str | None = None
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)

    def record(self) -> dict:
        """The goal as ``executive.goals`` in ``metrics.json`` records it."""
        return {
            "kpi": self.kpi,
            "actual": self.actual,
            "target": self.target,
            "direction": self.direction,
            "status": self.status,
            "source": self.source,
        }


def evaluate_goals(
    goals: list,
    ds: Dataset,
    metrics: Mapping[str, Any],
    *,
    settings: KpiSettings | None = None,
    tolerance: float = TOLERANCE,
    periods: int = 6,
    period_months: int = 3,
    source: str = "config",
) -> list[GoalResult]:
    """Actual, status and trend of each goal (``crm_lib.config.Goal`` or dicts with
    ``kpi``, ``target`` and optional ``direction``; without a direction the KPI's own).

    ``metrics``: the run's figures so far (``merge_metrics(run_dir)``). The trend has
    ``periods`` points ``period_months`` months apart ending at the observation end.
    """
    settings = settings or KpiSettings()
    data_start = scalar(ds.con, "SELECT min(order_date) FROM transactions")
    ends = period_ends(ds.observation_end, periods, period_months)
    results = []
    for i, goal in enumerate(goals):
        g = goal if isinstance(goal, Mapping) else goal.model_dump(exclude_unset=True)
        kpi = kpi_for(g["kpi"], source, f"goals[{i}].kpi")
        direction = g.get("direction") or kpi.direction
        if kpi.metric:
            actual, origin = _number(lookup(metrics, kpi.metric)), kpi.metric
        else:
            actual, origin = _number(kpi.compute(ds, ds.observation_end, settings)), "data"
        shown = (
            trend(kpi, ds, ends, settings, data_start)
            if actual is not None
            else pd.DataFrame({"period_end": [], "value": []})
        )
        results.append(
            GoalResult(
                kpi=kpi.name,
                label=kpi.label,
                kind=kpi.kind,
                actual=actual,
                target=float(g["target"]),
                direction=direction,
                status=status(actual, float(g["target"]), direction, tolerance),
                source=origin,
                report=kpi.report,
                trend=shown,
            )
        )
    return results


__all__ = [
    "REGISTRY",
    "STATUSES",
    "TOLERANCE",
    "GoalResult",
    "Kpi",
    "KpiSettings",
    "evaluate_goals",
    "kpi_for",
    "lookup",
    "period_ends",
    "status",
    "trend",
]
