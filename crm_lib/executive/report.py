"""The executive report, section by section: the run's figures in, :class:`Section` out.

Nothing here recomputes an analysis: figures come from what the run's earlier notebooks
recorded (:class:`~crm_lib.executive.run.RunFigures`, read from ``metrics_from`` or the
run folder) and from their artifacts; the monthly business figures
(:mod:`crm_lib.executive.business`), data KPIs and trends are small queries on the run's
data (:mod:`crm_lib.executive.kpi`). The notebook ``90_executive`` shows the blocks
(:mod:`crm_lib.executive.blocks`), says the sentences and records the metrics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.executive import business as biz
from crm_lib.executive.actions import Action, rank_actions
from crm_lib.executive.compare import Comparison, compare
from crm_lib.executive.findings import FINDINGS, Finding, run_settings, select_findings
from crm_lib.executive.kpi import (
    REGISTRY,
    STATUSES,
    GoalResult,
    KpiSettings,
    evaluate_goals,
    period_ends,
    trend,
)
from crm_lib.executive.run import RunFigures
from crm_lib.i18n import Translator
from crm_lib.metrics import executive as m
from crm_lib.money import Amount
from crm_lib.params import Business, ChurnParams, ExecutiveParams
from crm_lib.section import Column, Label, Section, Sentence, Table

if TYPE_CHECKING:
    from crm_lib.config import RunConfig


@dataclass(kw_only=True)
class BusinessSection(Section):
    months: pd.DataFrame  # one row per month (crm_lib.executive.business), the chart's data
    figures: pd.DataFrame  # per figure: value, previous, mom, year_ago, yoy (latest month)
    latest: dt.date  # first day of the reported month
    dormancy_days: int


BUSINESS_COLUMNS = {
    "figure": Column("exec_biz_col_figure"),
    "value": Column("exec_biz_col_value", "count"),
    "previous": Column("exec_biz_col_previous", "count"),
    "mom": Column("exec_biz_col_mom", "share"),
    "year_ago": Column("exec_biz_col_year_ago", "count"),
    "yoy": Column("exec_biz_col_yoy", "share"),
}


def _cell(value: float | None, unit: str):
    """A cell of the figures table: an amount, a count, or "—" where there is none."""
    if value is None or pd.isna(value):
        return Label("exec_biz_none")
    return Amount(value) if unit == "money" else float(value)


def business_table(figures: pd.DataFrame) -> Table:
    """The figures of the latest month with the compared months and their ratios."""
    frame = pd.DataFrame(
        {
            "figure": [Label(f"exec_biz_fig_{f}") for f in figures["figure"]],
            **{
                column: pd.Series(
                    [
                        _cell(v, "ratio" if column in ("mom", "yoy") else u)
                        for v, u in zip(figures[column], figures["unit"], strict=True)
                    ],
                    dtype=object,  # keeps each Amount an Amount
                )
                for column in ("value", "previous", "mom", "year_ago", "yoy")
            },
        }
    )
    return Table(frame, BUSINESS_COLUMNS)


def _cited(value: float, unit: str):
    return Amount(value) if unit == "money" else f"{value:,.0f}"


def business_figures(ds: Dataset, business: Business, churn: ChurnParams) -> BusinessSection:
    """The monthly business figures (:mod:`crm_lib.executive.business`) of the latest
    complete month and the 12 before: the table of the latest month against the previous
    month and the same month a year before, the months for the chart, and one sentence on
    the largest month-on-month move. Dormancy: the churn window (``business``, ``churn``)."""
    days = biz.dormancy_days(ds, churn, business)
    months = biz.monthly_figures(ds, days)
    figures = biz.comparisons(months)
    sec = BusinessSection(
        heading="exec_biz",
        months=months.frame,
        figures=figures,
        latest=months.latest,
        dormancy_days=days,
    )
    latest_row = months.frame[months.frame["month"] == months.latest]
    if latest_row.empty or not bool(latest_row["covered"].iloc[0]):
        sec.say("exec_biz_no_data")
        return sec
    sec.say("exec_biz_period", year=months.latest.year, month=months.latest.month)
    basis = "exec_biz_basis_fixed" if business.churn_window_days else "exec_biz_basis_auto"
    sec.say("exec_biz_dormancy", days=days, basis=Label(basis))
    if figures["year_ago"].isna().all():
        sec.say("exec_biz_no_year", start=months.data_start)
    move = biz.largest_move(figures)
    if move is not None:
        sec.say(
            "exec_biz_move",
            figure=Label(f"exec_biz_fig_{move['figure']}"),
            previous=_cited(move["previous"], move["unit"]),
            value=_cited(move["value"], move["unit"]),
            mom=float(move["mom"]),
        )
    sec.tables = {"figures": business_table(figures)}
    sec.metrics = _business_metrics(months, figures)
    return sec


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _business_metrics(months: biz.BusinessMonths, figures: pd.DataFrame) -> dict:
    by = figures.set_index("figure")
    out = {
        m.BUSINESS_MONTH: months.latest,
        m.BUSINESS_DORMANCY_DAYS: months.dormancy_days,
        m.BUSINESS_MOM: {f: _number(by.at[f, "mom"]) for f in by.index},
        m.BUSINESS_YOY: {f: _number(by.at[f, "yoy"]) for f in by.index},
        m.BUSINESS_MONTHS: [
            {k: (_number(v) if k in biz.FIGURES else v) for k, v in row.items()}
            for row in months.frame.to_dict("records")
        ],
    }
    out |= {metric: _number(by.at[f, "value"]) for f, metric in m.BUSINESS_FIGURES.items()}
    return out


@dataclass(kw_only=True)
class GoalsSection(Section):
    goals: list[GoalResult]  # actual, status and trend of each goal of the config
    legend: Sentence | None = None  # how to read the panel (under the cards)


def goals(
    ds: Dataset,
    config_goals: Sequence,
    run: RunFigures,
    params: ExecutiveParams,
    business: Business,
    *,
    source: str = "config",
) -> GoalsSection:
    """Each goal of the config (``config.goals``) with its actual, target, status and trend,
    and how many goals are met, at risk, missed or without data. ``source``: the config file
    (for a goal naming an unknown KPI)."""
    results = evaluate_goals(list(config_goals), ds, run.metrics, params, business, source=source)
    sec = GoalsSection(heading="exec_goals", goals=results)
    if run.run_dir is None:
        sec.say("exec_by_hand")
    sec.say("exec_period", end=ds.observation_end)
    if results:
        counts = {s: sum(g.status == s for g in results) for s in STATUSES}
        reference = counts.pop("reference")
        sec.say("exec_goals_text", total=len(results), **counts)
        if reference:
            sec.say("exec_goals_reference", reference=reference)
        sec.legend = Sentence(
            "exec_goals_legend",
            {
                "tolerance": params.tolerance,
                "periods": params.trend_periods,
                "months": params.period_months,
            },
        )
    else:
        sec.say("exec_no_goals")
    sec.metrics = {m.GOALS: [g.record() for g in results], m.TOLERANCE: params.tolerance}
    return sec


@dataclass(kw_only=True)
class TrendsSection(Section):
    goals: list[GoalResult]  # the goals whose KPI has a trend (data KPIs with an actual)


def trends(goals_section: GoalsSection) -> TrendsSection:
    """The trend of every goal's KPI that has one (its value per period: over the trailing
    window ending then, the last point being the actual; F2 per acquisition cohort, the
    cohorts not yet followed for the whole F2 window left out and said so); model KPIs have
    none. Each point in ``trends`` is null where it cannot be measured."""
    shown = [g for g in goals_section.goals if not g.trend.empty]
    sec = TrendsSection(heading="exec_trend", goals=shown)
    if not shown:
        sec.say("exec_no_trend")
    for g in shown:
        open_ = g.trend[g.trend["incomplete"].astype(bool)]
        if len(open_):
            sec.say(
                "exec_trend_incomplete",
                kpi=Label(g.label) if g.label else g.kpi,
                days=g.follow_days,
                count=len(open_),
                first=open_["period_end"].iloc[0],
                last=open_["period_end"].iloc[-1],
            )
    sec.metrics = {
        m.TRENDS: {
            g.kpi: {
                d.isoformat(): v
                for d, v in zip(g.trend["period_end"], g.trend["value"], strict=True)
            }
            for g in shown
        }
    }
    return sec


@dataclass(kw_only=True)
class FindingsSection(Section):
    findings: list[Finding]
    reports: frozenset[str] = field(default_factory=frozenset)  # pages a finding links to


def comparisons(
    goals_section: GoalsSection | None,
    ds: Dataset | None,
    params: ExecutiveParams,
    business: Business | None = None,
) -> dict[str, Comparison]:
    """KPI name -> its comparison with the previous period and target, for the KPIs the
    findings headline: from the goal where the config sets one (its trend and target),
    else, with ``ds``, from the KPI's trend (no target)."""
    goals_by = {g.kpi: g for g in (goals_section.goals if goals_section else [])}
    settings = KpiSettings.of(params, business or Business())
    ends, data_start = None, None
    out = {}
    for name in {spec.kpi for spec in FINDINGS if spec.kpi}:
        item, goal = REGISTRY[name], goals_by.get(name)
        if goal is None and (ds is None or not item.has_trend):
            continue
        if goal is not None:
            shown = goal.trend
        else:
            if ends is None:
                ends = period_ends(ds.observation_end, params.trend_periods, params.period_months)
                data_start = scalar(ds.con, "SELECT min(order_date) FROM transactions")
            shown = trend(item, ds, ends, settings, data_start)
        follow = getattr(settings, item.follow_days) if item.cohort else None
        out[name] = compare(
            item, shown, goal, period_months=settings.period_months, follow_days=follow
        )
    return out


def findings(
    run: RunFigures,
    params: ExecutiveParams,
    t: Translator,
    *,
    goals: GoalsSection | None = None,
    ds: Dataset | None = None,
    config: RunConfig | None = None,
) -> FindingsSection:
    """Up to ``max_findings`` sentences written from the run's figures, the most important
    first (``t``: the page's language and currency, since the text is recorded with the
    paths it cites). ``goals``: the goals section, whose targets and trends compare a
    finding's KPI; ``ds``: the data, for the trend of a KPI without a goal; ``config``:
    the run's config, for the settings findings cite (windows) and how KPIs are measured."""
    business = config.business if config is not None else Business()
    leads_params = config.params.leads if config is not None else None
    found = select_findings(
        run.metrics,
        t,
        limit=params.max_findings,
        comparisons=comparisons(goals, ds, params, business),
        settings=run_settings(business, leads_params),
        notable_z=params.notable_change_z,
    )
    sec = FindingsSection(heading="exec_findings", findings=found, reports=run.reports)
    if not found:
        sec.say("exec_no_findings")
    else:
        sec.say("exec_findings_order", z=params.notable_change_z)
    sec.metrics = {m.FINDINGS: [f.record() for f in found]}
    return sec


@dataclass(kw_only=True)
class ActionsSection(Section):
    actions: list[Action]  # measured first (by impact), then by value at stake


def actions(run: RunFigures, params: ExecutiveParams) -> ActionsSection:
    """Recommended actions, measured ones (against a control group) first by their
    measured value, then those whose effect is not measured by the value at stake, each of
    a report that is part of the run."""
    ranked = rank_actions(run.metrics, run.run_dir, run.reports)
    sec = ActionsSection(heading="exec_actions", actions=ranked)
    if any(a.measured for a in ranked):
        sec.say("exec_actions_measured")
    if any(not a.measured for a in ranked):
        sec.say("exec_actions_note")
    else:
        sec.say("exec_no_actions")
    sec.metrics = {m.ACTIONS: [a.record() for a in ranked]}
    return sec


__all__ = [
    "BUSINESS_COLUMNS",
    "ActionsSection",
    "BusinessSection",
    "FindingsSection",
    "GoalsSection",
    "TrendsSection",
    "actions",
    "business_figures",
    "business_table",
    "comparisons",
    "findings",
    "goals",
    "trends",
]
