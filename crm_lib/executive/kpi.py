"""KPI goals and their status: numeric goals, checked in short cycles.

A goal in the config (``{kpi, target, direction}``) names a KPI of :data:`REGISTRY`. Each KPI
says where its actual value comes from:

- a declared **metric** (:data:`crm_lib.metrics.segments.F2_RATE`): a figure an earlier
  notebook of the same run recorded; the executive report never recomputes an analysis.
  The KPI's unit (and its better direction, unless the KPI sets one) is the declaration's;
- or a **data** computation at a date (``repeat_rate``, ``revenue`` ...): a small SQL query on
  the run's checked data, with the one purchase definition of :mod:`crm_lib.features`,
  which also gives the KPI's trend over recent periods.

Model KPIs (``churn_rate``, ``average_clv``) come from a fitted model and have no trend.
A KPI whose source is absent (notebook not run, table missing) has the status ``no_data``.
A goal may also name a declared metric by its path (``kpi: journey.conversion.lead_to_first``);
an undeclared path is a config error, like an unknown KPI name.

Status (:func:`status`): ``met`` when the actual is on the right side of the target,
``at_risk`` when it misses by at most ``tolerance`` x |target| (``params.executive.tolerance``),
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
from crm_lib.features import PURCHASE, customer_summary_sql, purchase_days_sql
from crm_lib.metrics import Metric, Unit, declaration_of, lookup
from crm_lib.metrics import churn as churn_metrics
from crm_lib.metrics import ltv as ltv_metrics
from crm_lib.metrics import segments as segment_metrics
from crm_lib.metrics import voice as voice_metrics
from crm_lib.params import Business, ExecutiveParams

Direction = Literal["up", "down"]
Status = Literal["met", "at_risk", "missed", "no_data"]
STATUSES: tuple[Status, ...] = ("met", "at_risk", "missed", "no_data")
TOP_SHARE = 0.2  # the top share of customers of the revenue concentration (top 20 %)
TOLERANCE: float = ExecutiveParams.model_fields["tolerance"].default


def status(
    actual: float | None,
    target: float,
    direction: Direction = "up",
    tolerance: float = TOLERANCE,
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


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return None if math.isnan(value) else value


# ---- data KPIs: one value as of a date (SQL in the engine) -------------------------------


@dataclass(frozen=True)
class KpiSettings:
    """How the data KPIs are measured, from the run's parameters (:meth:`of`).

    ``window_months``: trailing window of revenue, active customers and NPS
    (``params.executive.window_months``). ``f2_window_days``: days after the first purchase
    in which a second counts as F2 (``business.f2_window_days``).
    ``concentration_window_months``: trailing window of the revenue concentration
    (``business.rank_window_months``, as the segments report measures it).
    ``nps_channel``: feedback channel holding 0-10 survey ratings; ``nps_min_responses``:
    fewer responses in a window give no NPS.
    """

    window_months: int
    f2_window_days: int
    concentration_window_months: int
    nps_channel: str
    nps_min_responses: int

    @classmethod
    def of(cls, params: ExecutiveParams, business: Business) -> KpiSettings:
        return cls(
            window_months=params.window_months,
            f2_window_days=business.f2_window_days,
            concentration_window_months=business.rank_window_months,
            nps_channel=params.nps_channel,
            nps_min_responses=params.nps_min_responses,
        )


def _window_start(as_of: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(as_of) - pd.DateOffset(months=int(months))).date()


def repeat_rate(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Share (0-1) of customers with a purchase up to ``as_of`` who bought on 2+ days
    (``purchase_days`` of :data:`crm_lib.features.CUSTOMER_SUMMARY`)."""
    per_customer = customer_summary_sql(as_of, purchasers_only=True)
    return scalar(
        ds.con,
        f"SELECT avg(CASE WHEN purchase_days >= 2 THEN 1.0 ELSE 0.0 END) FROM ({per_customer})",
    )


def f2_rate(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """F2 conversion (0-1) as the segments report measures it: among customers whose first
    purchase was at least ``f2_window_days`` before ``as_of``, the share whose second
    purchase day came within ``f2_window_days`` days (purchase days of
    :func:`crm_lib.features.purchase_days_sql`)."""
    return scalar(
        ds.con,
        f"""WITH days AS ({purchase_days_sql(as_of)}),
                nth AS (SELECT customer_id, day, row_number() OVER
                            (PARTITION BY customer_id ORDER BY day) AS n FROM days),
                f AS (SELECT customer_id,
                             min(day) FILTER (WHERE n = 1) AS first_day,
                             min(day) FILTER (WHERE n = 2) AS second_day
                      FROM nth WHERE n <= 2 GROUP BY customer_id)
           SELECT avg(CASE WHEN date_diff('day', first_day, second_day) <= $w THEN 1.0
                      ELSE 0.0 END)
           FROM f WHERE first_day <= CAST($as_of AS DATE) - to_days(CAST($w AS INTEGER))""",
        {"as_of": as_of, "w": int(s.f2_window_days)},
    )


def active_customers(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Customers with a purchase (:data:`crm_lib.features.PURCHASE`) in the
    ``window_months`` months to ``as_of``."""
    return float(
        scalar(
            ds.con,
            f"""SELECT count(DISTINCT customer_id) FROM transactions
                WHERE {PURCHASE} AND order_date > $start AND order_date <= $as_of""",
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
    """Share (0-1) of trailing-window net revenue from the top 20 % of customers, as the
    segments report measures it (:func:`crm_lib.segments.revenue_concentration`)."""
    from crm_lib.segments import revenue_concentration

    concentration = revenue_concentration(
        ds, as_of, window_months=s.concentration_window_months, top=TOP_SHARE
    )
    return concentration["top_revenue_share"]


def nps(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """Net Promoter Score (-100..100 points) of the 0-10 survey ratings in the
    ``window_months`` months to ``as_of``: % promoters (9-10) minus % detractors (0-6).

    Needs ``feedback.rating``; with a ``channel`` column only ``nps_channel`` rows count.
    None with fewer than ``nps_min_responses`` ratings."""
    if not ds.has("feedback") or "rating" not in ds.loads["feedback"].columns:
        return None
    by_channel = "channel" in ds.loads["feedback"].columns
    params: dict[str, Any] = {"start": _window_start(as_of, s.window_months), "as_of": as_of}
    if by_channel:
        params["channel"] = s.nps_channel
    n, score = ds.con.execute(
        f"""SELECT count(*),
                   100 * avg(CASE WHEN rating >= 9 THEN 1.0 WHEN rating <= 6 THEN -1.0
                             ELSE 0.0 END)
            FROM feedback
            WHERE rating BETWEEN 0 AND 10 {"AND channel = $channel" if by_channel else ""}
              AND CAST(created_at AS DATE) > $start AND CAST(created_at AS DATE) <= $as_of""",
        params,
    ).fetchone()
    return float(score) if n >= s.nps_min_responses else None


# ---- the registry -------------------------------------------------------------------------


DataFunction = Callable[[Dataset, dt.date, KpiSettings], float | None]
Window = Literal["window_months", "concentration_window_months"]


@dataclass(frozen=True)
class Kpi:
    """One KPI: its label key, unit, better direction and sources.

    ``metric``: the declared metric whose recorded value is the actual (None, or not
    recorded because its report was not run: the actual is ``compute`` at the observation
    end); its unit is the KPI's, and so is its direction unless ``direction`` is given.
    ``compute``: the KPI from the data as of a date, used for the trend (and for the actual
    without the metric); None for a model KPI,
    which has no trend. ``unit``: a metric unit (share, count, money, points ...), only for
    KPIs without a metric. ``window``: the :class:`KpiSettings` field of the trailing
    window the KPI covers, so a trend point needs a full window of data before it.
    ``report``: the notebook whose page explains it.
    """

    name: str
    label: str
    metric: Metric | None = None
    compute: DataFunction | None = None
    unit: Unit | None = None
    direction: Direction | None = None
    report: str | None = None
    window: Window | None = None

    def __post_init__(self):
        if self.metric is not None:
            if self.unit not in (None, self.metric.unit):
                raise ValueError(f"KPI {self.name}: unit {self.unit} is not {self.metric}'s")
            object.__setattr__(self, "unit", self.metric.unit)
            if self.direction is None:
                object.__setattr__(self, "direction", self.metric.direction or "up")
        if self.unit is None or self.direction is None:
            raise ValueError(f"KPI {self.name} needs a unit and a direction (or a metric)")

    @property
    def has_trend(self) -> bool:
        return self.compute is not None


REGISTRY: dict[str, Kpi] = {
    k.name: k
    for k in (
        Kpi("repeat_rate", "exec_kpi_repeat_rate", compute=repeat_rate, unit="share",
            direction="up", report="segments"),
        Kpi("f2_rate", "exec_kpi_f2_rate", metric=segment_metrics.F2_RATE, compute=f2_rate,
            report="segments"),
        Kpi("churn_rate", "exec_kpi_churn_rate", metric=churn_metrics.RATE, report="churn"),
        Kpi("active_customers", "exec_kpi_active_customers", compute=active_customers,
            unit="count", direction="up", report="segments", window="window_months"),
        Kpi("revenue", "exec_kpi_revenue", compute=revenue, unit="money", direction="up",
            report="data_health", window="window_months"),
        Kpi("average_clv", "exec_kpi_average_clv", metric=ltv_metrics.CLV_MEAN, report="ltv"),
        # the voice page measures it (the journey page's satisfaction reads the same survey);
        # without the voice report the actual comes from the data
        Kpi("nps", "exec_kpi_nps", metric=voice_metrics.NPS, compute=nps, report="voice",
            window="window_months"),
        Kpi("top20_revenue_share", "exec_kpi_top20_revenue_share",
            metric=segment_metrics.TOP20_REVENUE_SHARE, compute=top_revenue_share,
            direction="up", report="segments", window="concentration_window_months"),
    )
}  # fmt: skip


def kpi_for(name: str, source: str = "config", key: str = "goals") -> Kpi:
    """The registered KPI, or one for a declared metric path (``journey.gaps``, also a key
    under a keyed metric); an unknown name or an undeclared path is a config error (a typo
    must not pass silently)."""
    if name in REGISTRY:
        return REGISTRY[name]
    declared = declaration_of(name) if "." in name else None
    if declared is None:
        known = ", ".join(REGISTRY)
        raise ConfigError(
            source, key, f"unknown KPI {name!r} (known: {known}, or a declared metric path)"
        )
    if declared.path != name:  # a key under a keyed metric: same unit and direction
        declared = Metric(name, declared.unit, declared.ja, declared.en, declared.direction)
    return Kpi(name, "", metric=declared, report=declared.notebook)


# ---- goals ---------------------------------------------------------------------------------


def period_ends(end: dt.date, periods: int = 6, months: int = 3) -> list[dt.date]:
    """``periods`` dates ``months`` apart ending at ``end`` (oldest first), so the last
    trend point is the actual itself."""
    stamps = [pd.Timestamp(end) - pd.DateOffset(months=months * i) for i in range(periods)]
    return [s.date() for s in reversed(stamps)]


def _no_trend() -> pd.DataFrame:
    return pd.DataFrame({"period_end": [], "value": []})


def trend(
    kpi: Kpi, ds: Dataset, ends: list[dt.date], settings: KpiSettings, data_start: dt.date
) -> pd.DataFrame:
    """The KPI at each date of ``ends``: columns ``period_end``, ``value`` (None where it
    cannot be measured, e.g. before a full window of data). Empty for a model KPI."""
    if kpi.compute is None:
        return _no_trend()
    rows = []
    for end in ends:
        months = getattr(settings, kpi.window) if kpi.window else None
        full = months is None or _window_start(end, months) >= data_start
        value = _number(kpi.compute(ds, end, settings)) if full and end >= data_start else None
        rows.append({"period_end": end, "value": value})
    return pd.DataFrame(rows)


@dataclass
class GoalResult:
    """One goal's actual, status and trend; ``source``: metric path or ``data``."""

    kpi: str
    label: str  # label key ("" for a goal on a metric path: the declaration's label)
    unit: str
    actual: float | None
    target: float
    direction: Direction
    status: Status
    source: str
    report: str | None = None
    metric: Metric | None = None
    window_months: int | None = None
    trend: pd.DataFrame = field(default_factory=_no_trend)

    def title(self, t) -> str:
        """The KPI's name on the page (``t``: the page's Translator)."""
        if self.label:
            return t(self.label, months=self.window_months)
        if self.metric is not None:
            return self.metric.label(t.language)
        return self.kpi

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
    params: ExecutiveParams | None = None,
    business: Business | None = None,
    *,
    source: str = "config",
) -> list[GoalResult]:
    """Actual, status and trend of each goal (``crm_lib.config.Goal`` or dicts with
    ``kpi``, ``target`` and optional ``direction``; without a direction the KPI's own).

    ``metrics``: the run's figures so far (``merge_metrics(run_dir)``). ``params``: the
    tolerance and the trend's ``trend_periods`` points ``period_months`` months apart
    ending at the observation end; with ``business``, how data KPIs are measured
    (:meth:`KpiSettings.of`). Defaults: those of :mod:`crm_lib.params`.
    """
    params = params or ExecutiveParams()
    settings = KpiSettings.of(params, business or Business())
    data_start = scalar(ds.con, "SELECT min(order_date) FROM transactions")
    ends = period_ends(ds.observation_end, params.trend_periods, params.period_months)
    results = []
    for i, goal in enumerate(goals):
        g = goal if isinstance(goal, Mapping) else goal.model_dump(exclude_unset=True)
        kpi = kpi_for(g["kpi"], source, f"goals[{i}].kpi")
        direction = g.get("direction") or kpi.direction
        actual, origin = None, "data"
        if kpi.metric is not None:
            actual, origin = _number(lookup(metrics, kpi.metric)), kpi.metric.path
        if actual is None and kpi.compute is not None:  # the report was not run: the data
            actual, origin = _number(kpi.compute(ds, ds.observation_end, settings)), "data"
        shown = trend(kpi, ds, ends, settings, data_start) if actual is not None else _no_trend()
        results.append(
            GoalResult(
                kpi=kpi.name,
                label=kpi.label,
                unit=kpi.unit,
                actual=actual,
                target=float(g["target"]),
                direction=direction,
                status=status(actual, float(g["target"]), direction, params.tolerance),
                source=origin,
                report=kpi.report,
                metric=kpi.metric,
                window_months=getattr(settings, kpi.window) if kpi.window else None,
                trend=shown,
            )
        )
    return results


__all__ = [
    "REGISTRY",
    "STATUSES",
    "TOLERANCE",
    "TOP_SHARE",
    "GoalResult",
    "Kpi",
    "KpiSettings",
    "evaluate_goals",
    "kpi_for",
    "period_ends",
    "status",
    "trend",
]
