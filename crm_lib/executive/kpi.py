"""KPI goals and their status: numeric goals, checked in short cycles.

A goal in the config (``{kpi, target, direction}``) names a KPI of :data:`REGISTRY`. Each KPI
says where its actual value comes from:

- a declared **metric** (:data:`crm_lib.metrics.segments.F2_RATE`): a figure an earlier
  notebook of the same run recorded; the executive report never recomputes an analysis.
  The KPI's unit (and its better direction, unless the KPI sets one) is the declaration's;
- or a **data** computation at a date (``repeat_rate``, ``revenue`` ...): a small SQL query on
  the run's checked data, with the one purchase definition of :mod:`crm_lib.features`.

A data KPI's trend is the KPI per period (:mod:`crm_lib.executive.series`, one query for
every period): trailing-window KPIs over the window ending at each period end (the last
point is the actual), F2 per acquisition cohort (the periods whose cohort is not yet
followed for the whole F2 window are marked ``incomplete`` and have no value).

Model KPIs (``churn_rate``, ``average_clv``) come from a fitted model and have no trend.
A KPI whose source is absent (notebook not run, table missing) has the status ``no_data``.
A goal may also name a declared metric by its path (``kpi: journey.conversion.lead_to_first``);
an undeclared path is a config error, like an unknown KPI name.

Status (:func:`status`): ``met`` when the actual is on the right side of the target,
``at_risk`` when it misses by at most ``tolerance`` x |target| (``params.executive.tolerance``),
``missed`` beyond that, ``no_data`` without an actual. A KPI whose better direction is a
matter of judgement (the top 20 %'s revenue share: concentration is a risk and a sign of
strong best customers) has none: its goal is ``reference`` (shown without a verdict) unless
the goal gives a ``direction``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.errors import ConfigError
from crm_lib.executive.series import (
    TOP_SHARE,
    KpiSettings,
    active_customers_series,
    f2_cohort_series,
    nps_series,
    repeat_rate_series,
    revenue_series,
    top_revenue_share_series,
    window_start,
)
from crm_lib.features import first_two_purchase_days_sql
from crm_lib.metrics import Metric, Unit, declaration_of, lookup
from crm_lib.metrics import churn as churn_metrics
from crm_lib.metrics import ltv as ltv_metrics
from crm_lib.metrics import segments as segment_metrics
from crm_lib.metrics import voice as voice_metrics
from crm_lib.params import Business, ExecutiveParams

Direction = Literal["up", "down"]
Status = Literal["met", "at_risk", "missed", "no_data", "reference"]
STATUSES: tuple[Status, ...] = ("met", "at_risk", "missed", "no_data", "reference")
TOLERANCE: float = ExecutiveParams.model_fields["tolerance"].default


def status(
    actual: float | None,
    target: float,
    direction: Direction | None = "up",
    tolerance: float = TOLERANCE,
) -> Status:
    """``met`` / ``at_risk`` / ``missed`` / ``no_data`` / ``reference`` of one goal.

    ``direction`` ``up``: higher is better (met when actual >= target); ``down``: lower is
    better; None: no better direction, so no verdict (``reference``). ``tolerance`` is a
    share of |target| (0.05 = 5 % of the target): a miss by at most that much is
    ``at_risk``. With a target of 0 only a met goal escapes ``missed``.
    """
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return "no_data"
    if direction is None:
        return "reference"
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


def _at(series: SeriesFunction) -> DataFunction:
    """The KPI at one date: the ``series`` for a single period."""

    def compute(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
        return series(ds, [as_of], s)[0]

    compute.__doc__ = series.__doc__
    return compute


repeat_rate = _at(repeat_rate_series)
active_customers = _at(active_customers_series)
revenue = _at(revenue_series)
top_revenue_share = _at(top_revenue_share_series)
nps = _at(nps_series)


def f2_rate(ds: Dataset, as_of: dt.date, s: KpiSettings) -> float | None:
    """F2 conversion (0-1) as the segments report measures it: among customers whose first
    purchase was at least ``f2_window_days`` before ``as_of``, the share whose second
    purchase day came within ``f2_window_days`` days (purchase days of
    :func:`crm_lib.features.first_two_purchase_days_sql`). All cohorts together: the trend is per
    cohort (:func:`crm_lib.executive.series.f2_cohort_series`)."""
    return scalar(
        ds.con,
        f"""WITH f AS ({first_two_purchase_days_sql(as_of)})
           SELECT avg(CASE WHEN date_diff('day', first_day, second_day) <= $w THEN 1.0
                      ELSE 0.0 END)
           FROM f WHERE first_day <= CAST($as_of AS DATE) - to_days(CAST($w AS INTEGER))""",
        {"as_of": as_of, "w": int(s.f2_window_days)},
    )


# ---- the registry -------------------------------------------------------------------------


DataFunction = Callable[[Dataset, dt.date, KpiSettings], float | None]
SeriesFunction = Callable[[Dataset, Sequence[dt.date], KpiSettings], list]
Window = Literal["window_months", "concentration_window_months", "period_months"]


@dataclass(frozen=True)
class Kpi:
    """One KPI: its label key, unit, better direction and sources.

    ``metric``: the declared metric whose recorded value is the actual (None, or not
    recorded because its report was not run: the actual is ``compute`` at the observation
    end); its unit is the KPI's, and so is its direction unless ``direction`` is given (a
    declaration without a direction, like a KPI without one, leaves the verdict to the
    goal). ``compute``: the KPI from the data as of a date (the actual without the metric).
    ``series``: the KPI per period, all periods in one query (the trend); None for a model
    KPI, which has no trend. ``unit``: a metric unit (share, count, money, points ...), only
    for KPIs without a metric. ``window``: the :class:`KpiSettings` field of the months a
    trend point covers (a trailing window, or an acquisition cohort), so a point needs that
    much data before it. ``follow_days``: the :class:`KpiSettings` field of the days a
    point's customers are followed after the period (F2), so the latest periods are
    incomplete. ``report``: the notebook whose page explains it.
    """

    name: str
    label: str
    metric: Metric | None = None
    compute: DataFunction | None = None
    series: SeriesFunction | None = None
    unit: Unit | None = None
    direction: Direction | None = None
    report: str | None = None
    window: Window | None = None
    follow_days: Literal["f2_window_days"] | None = None

    def __post_init__(self):
        if self.metric is not None:
            if self.unit not in (None, self.metric.unit):
                raise ValueError(f"KPI {self.name}: unit {self.unit} is not {self.metric}'s")
            object.__setattr__(self, "unit", self.metric.unit)
            if self.direction is None:
                object.__setattr__(self, "direction", self.metric.direction)
        if self.unit is None:
            raise ValueError(f"KPI {self.name} needs a unit (or a metric)")

    @property
    def has_trend(self) -> bool:
        return self.series is not None

    @property
    def cohort(self) -> bool:
        """Whether a trend point is a cohort followed after its period (F2)."""
        return self.follow_days is not None


REGISTRY: dict[str, Kpi] = {
    k.name: k
    for k in (
        Kpi("repeat_rate", "exec_kpi_repeat_rate", compute=repeat_rate,
            series=repeat_rate_series, unit="share", direction="up", report="segments",
            window="window_months"),
        Kpi("f2_rate", "exec_kpi_f2_rate", metric=segment_metrics.F2_RATE, compute=f2_rate,
            series=f2_cohort_series, report="segments", window="period_months",
            follow_days="f2_window_days"),
        Kpi("churn_rate", "exec_kpi_churn_rate", metric=churn_metrics.RATE, report="churn"),
        Kpi("active_customers", "exec_kpi_active_customers", compute=active_customers,
            series=active_customers_series, unit="count", direction="up", report="segments",
            window="window_months"),
        Kpi("revenue", "exec_kpi_revenue", compute=revenue, series=revenue_series,
            unit="money", direction="up", report="data_health", window="window_months"),
        Kpi("average_clv", "exec_kpi_average_clv", metric=ltv_metrics.CLV_MEAN, report="ltv"),
        # the voice page measures it (the journey page's satisfaction reads the same survey);
        # without the voice report the actual comes from the data
        Kpi("nps", "exec_kpi_nps", metric=voice_metrics.NPS, compute=nps, series=nps_series,
            report="voice", window="window_months"),
        # no better direction: concentration is a dependence risk and a sign of strong best
        # customers alike; a goal says which way it wants it
        Kpi("top20_revenue_share", "exec_kpi_top20_revenue_share",
            metric=segment_metrics.TOP20_REVENUE_SHARE, compute=top_revenue_share,
            series=top_revenue_share_series, report="segments",
            window="concentration_window_months"),
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
    return pd.DataFrame({"period_end": [], "value": [], "incomplete": []})


def trend(
    kpi: Kpi, ds: Dataset, ends: list[dt.date], settings: KpiSettings, data_start: dt.date
) -> pd.DataFrame:
    """The KPI per period ending at each date of ``ends`` (one query for all): columns
    ``period_end``, ``value`` (None where it cannot be measured: before a full window of
    data, a cohort not yet followed to the end, a period without customers) and
    ``incomplete`` (True for a cohort not yet followed for its whole window; no value).
    Empty for a model KPI."""
    if kpi.series is None:
        return _no_trend()
    values = kpi.series(ds, ends, settings)
    months = getattr(settings, kpi.window) if kpi.window else 0
    first = data_start - dt.timedelta(days=1)  # a period (start, end] starting here is whole
    follow = dt.timedelta(days=int(getattr(settings, kpi.follow_days))) if kpi.cohort else None
    rows = []
    for end, value in zip(ends, values, strict=True):
        whole = end >= data_start and window_start(end, months) >= first
        incomplete = follow is not None and end + follow > ds.observation_end
        shown = _number(value) if whole and not incomplete else None
        rows.append({"period_end": end, "value": shown, "incomplete": incomplete})
    return pd.DataFrame(rows)


@dataclass
class GoalResult:
    """One goal's actual, status and trend; ``source``: metric path or ``data``."""

    kpi: str
    label: str  # label key ("" for a goal on a metric path: the declaration's label)
    unit: str
    actual: float | None
    target: float
    direction: Direction | None  # None: no better direction (status ``reference``)
    status: Status
    source: str
    report: str | None = None
    metric: Metric | None = None
    window_months: int | None = None  # months a trend point covers (window or cohort)
    follow_days: int | None = None  # days a cohort is followed (F2); None: a window KPI
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
    ``kpi``, ``target`` and optional ``direction``; without a direction the KPI's own, and
    without either the goal is a ``reference``).

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
                follow_days=getattr(settings, kpi.follow_days) if kpi.cohort else None,
                trend=shown,
            )
        )
    return results


__all__ = [
    "REGISTRY",
    "STATUSES",
    "DataFunction",
    "SeriesFunction",
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
