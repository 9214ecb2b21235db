"""HTML blocks of the executive page: the business figures, the goal panel, the findings
and the actions.

The markup lives in Jinja templates (``crm_lib/report/templates/executive_*.html.j2``, the
styles in ``executive.css``) with autoescape on: every text value (labels, sentences,
KPI names) is escaped there. This module only prepares what the templates show, in the
page's language and the run's currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from crm_lib.executive.formats import format_change, format_value, verdict
from crm_lib.executive.kpi import GoalResult
from crm_lib.i18n import Translator
from crm_lib.report.page import render_template
from crm_lib.section import Label

if TYPE_CHECKING:
    from crm_lib.executive.report import (
        ActionsSection,
        BusinessSection,
        FindingsSection,
        GoalsSection,
    )

STATUS_SYMBOLS = {"met": "✓", "at_risk": "△", "missed": "✗", "no_data": "–", "reference": "○"}
STATUS_COLORS = {
    "met": "#2e7d4f",
    "at_risk": "#a15c00",
    "missed": "#b3261e",
    "no_data": "#5b6775",
    "reference": "#5b6775",  # no verdict: neither good nor bad
}


def status_text(status: str, t: Translator) -> str:
    """Symbol and word of a goal status (✓ 達成 / △ 要注意 / ✗ 未達 / – データなし / ○ 参考)."""
    return f"{STATUS_SYMBOLS[status]} {t(f'exec_status_{status}')}"


def trend_text(goal: GoalResult, t: Translator) -> str:
    """One line on the trend: the change on the previous period (better or worse only for a
    KPI with a direction), for F2 between the last two complete cohorts; or why none."""
    if goal.actual is None:
        return ""
    if goal.trend.empty:
        return t("exec_trend_model")
    known = goal.trend.dropna(subset=["value"])
    if len(known) < 2:
        return t("exec_trend_short")
    prev, last = known.iloc[-2], known.iloc[-1]
    change = float(last["value"]) - float(prev["value"])
    word = Label(verdict(change, goal.direction))
    if goal.follow_days is not None:
        return t(
            "exec_trend_cohort",
            value=format_value(float(last["value"]), goal.unit, t),
            end=last["period_end"],
            months=goal.window_months,
            change=format_change(change, goal.unit, t),
            verdict=word,
        )
    changed = format_change(change, goal.unit, t)
    return t("exec_trend_change", change=changed, since=prev["period_end"], verdict=word)


@dataclass(frozen=True)
class Sparkline:
    """A small SVG line of a trend with its target (coordinates in pixels)."""

    width: int
    height: int
    points: str  # "x,y x,y ..." of the measured periods
    target_y: float
    last_x: float
    last_y: float


def sparkline(
    trend: pd.DataFrame, target: float, width: int = 200, height: int = 36
) -> Sparkline | None:
    """The sparkline of a trend (None with fewer than two measured periods)."""
    points = trend.dropna(subset=["value"]) if len(trend) else trend
    if len(points) < 2:
        return None
    values = [*points["value"].astype(float), float(target)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    n = len(trend)

    def y(v: float) -> float:
        return round(height - 4 - (v - low) / span * (height - 8), 1)

    xs = [round(4 + i * (width - 8) / max(n - 1, 1), 1) for i in points.index]
    line = " ".join(f"{x},{y(v)}" for x, v in zip(xs, points["value"], strict=True))
    last = float(points["value"].iloc[-1])
    return Sparkline(width, height, line, y(float(target)), xs[-1], y(last))


@dataclass(frozen=True)
class Card:
    """One goal's card, as the panel shows it."""

    kpi: str
    status: str
    color: str
    title: str
    actual: str
    target_label: str
    target: str
    direction: str
    status_text: str
    spark: Sparkline | None
    trend: str


def card(goal: GoalResult, t: Translator) -> Card:
    return Card(
        kpi=goal.kpi,
        status=goal.status,
        color=STATUS_COLORS[goal.status],
        title=goal.title(t),
        actual=format_value(goal.actual, goal.unit, t),
        target_label=t("exec_target"),
        target=format_value(goal.target, goal.unit, t),
        direction=t(f"exec_direction_{goal.direction or 'none'}"),
        status_text=status_text(goal.status, t),
        spark=sparkline(goal.trend, goal.target) if goal.actual is not None else None,
        trend=trend_text(goal, t),
    )


def goal_panel(section: GoalsSection, t: Translator) -> str:
    """The KPI panel of a goals section: one card per goal with actual, target, status
    (colour, symbol and word, so it survives black-and-white printing), a sparkline and the
    trend in words; the legend below; the page's executive styles."""
    legend = t.sentence(section.legend) if section.legend else ""
    cards = [card(g, t) for g in section.goals]
    return render_template("executive_goals.html.j2", cards=cards, legend=legend)


#: the figures with a card, in the panel's order (the table shows every figure)
BUSINESS_CARDS = (
    "revenue",
    "orders",
    "aov",
    "new_customers",
    "existing_customers",
    "active_customers",
    "dormant_customers",
    "reactivated_customers",
)


@dataclass(frozen=True)
class BusinessCard:
    """One business figure's card: value, and the comparison with the previous month and
    with the same month a year before (ratio and the compared value, or "—")."""

    figure: str
    title: str
    value: str
    mom: str
    yoy: str


def _compared(key: str, ratio, compared, unit: str, t: Translator) -> str:
    none = t("exec_biz_none")
    if compared is None or pd.isna(compared):
        return t(key, ratio=none, compared=none)
    shown = format_value(float(compared), unit, t)
    if ratio is None or pd.isna(ratio):
        return t(key, ratio=none, compared=shown)
    return t(key, ratio=f"{float(ratio):.1%}", compared=shown)


def business_card(row: pd.Series, t: Translator) -> BusinessCard:
    """The card of one row of :func:`crm_lib.executive.business.comparisons`."""
    value = None if pd.isna(row["value"]) else float(row["value"])
    return BusinessCard(
        figure=row["figure"],
        title=t(f"exec_biz_fig_{row['figure']}"),
        value=format_value(value, row["unit"], t),
        mom=_compared("exec_biz_card_mom", row["mom"], row["previous"], row["unit"], t),
        yoy=_compared("exec_biz_card_yoy", row["yoy"], row["year_ago"], row["unit"], t),
    )


def business_panel(section: BusinessSection, t: Translator) -> str:
    """The business figures of the latest month as cards (value, 前月比 and 前年同月比 with the
    compared values); empty when the data has no complete month."""
    if "figures" not in section.tables:
        return ""
    by = section.figures.set_index("figure", drop=False)
    cards = [business_card(by.loc[f], t) for f in BUSINESS_CARDS]
    return render_template("executive_business.html.j2", cards=cards)


def findings_list(section: FindingsSection, t: Translator) -> str:
    """The findings of a findings section as a list, each linking to the report it comes
    from when that report is part of the run."""
    return render_template(
        "executive_findings.html.j2",
        findings=section.findings,
        reports=section.reports,
        details=t("exec_details"),
    )


@dataclass(frozen=True)
class _ActionItem:
    key: str
    text: str
    href: str
    title: str
    basis_code: str  # measured | assumed
    basis: str


def _basis(action) -> str:
    return "measured" if action.measured else "assumed"


def actions_list(section: ActionsSection, t: Translator) -> str:
    """The actions of an actions section, largest estimated impact first, each linking to
    its report page."""
    items = [
        _ActionItem(
            a.key,
            t.sentence(a.sentence),
            a.href,
            t.notebook_title(a.report),
            basis := "measured" if a.measured else "assumed",
            t(f"exec_basis_{basis}"),
        )
        for a in section.actions
    ]
    return render_template("executive_actions.html.j2", actions=items, details=t("exec_details"))


__all__ = [
    "BUSINESS_CARDS",
    "STATUS_COLORS",
    "STATUS_SYMBOLS",
    "actions_list",
    "business_card",
    "business_panel",
    "card",
    "findings_list",
    "format_change",
    "format_value",
    "goal_panel",
    "sparkline",
    "status_text",
    "trend_text",
]
