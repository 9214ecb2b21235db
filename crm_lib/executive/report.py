"""The executive report, section by section: the run's figures in, :class:`Section` out.

Nothing here recomputes an analysis: figures come from what the run's earlier notebooks
recorded (:class:`~crm_lib.executive.run.RunFigures`, read from ``metrics_from`` or the
run folder) and from their artifacts; data KPIs and trends are small queries on the
run's data (:mod:`crm_lib.executive.kpi`). The notebook ``90_executive`` shows the blocks
(:mod:`crm_lib.executive.blocks`), says the sentences and records the metrics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crm_lib.dataset import Dataset
from crm_lib.executive.actions import Action, rank_actions
from crm_lib.executive.findings import Finding, select_findings
from crm_lib.executive.kpi import STATUSES, GoalResult, evaluate_goals
from crm_lib.executive.run import RunFigures
from crm_lib.i18n import Translator
from crm_lib.metrics import executive as m
from crm_lib.params import Business, ExecutiveParams
from crm_lib.section import Section, Sentence


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
        sec.say("exec_goals_text", total=len(results), **counts)
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
    """The trend of every goal's KPI that has one (its value per period, the last point
    being the actual); model KPIs have none."""
    shown = [g for g in goals_section.goals if not g.trend.empty]
    sec = TrendsSection(heading="exec_trend", goals=shown)
    if not shown:
        sec.say("exec_no_trend")
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


def findings(run: RunFigures, params: ExecutiveParams, t: Translator) -> FindingsSection:
    """Up to ``max_findings`` sentences written from the run's figures (``t``: the page's
    language and currency, since the text is recorded with the paths it cites)."""
    found = select_findings(run.metrics, t, limit=params.max_findings)
    sec = FindingsSection(heading="exec_findings", findings=found, reports=run.reports)
    if not found:
        sec.say("exec_no_findings")
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
    "ActionsSection",
    "FindingsSection",
    "GoalsSection",
    "TrendsSection",
    "actions",
    "findings",
    "goals",
    "trends",
]
