"""The executive report: goals with their status, findings written from the numbers, and
recommended actions ranked by estimated impact, from what the run's notebooks recorded.

Nothing here recomputes an analysis: figures come from ``metrics.json`` (the per-notebook
files of the same run, :func:`run_metrics`) and from the run's artifacts. Every finding
keeps the metrics path of each number it shows (``Finding.values``), so a test can check
that the sentence says what ``metrics.json`` says.

Estimated impact of an action (the data's currency): the value at stake times
``response_share``, the share of the targeted customers an action is assumed to keep or
win back (default 10 %). Value at stake per action:

- ``churn``: ``churn.value_at_risk`` (the churn report's value of customers likely to leave);
- ``rank_at_risk``: trailing-12-month spend of the customers about to lose their membership
  rank (artifact ``rank_at_risk``);
- ``lapsed_value``: yearly spend, while they were active, of the repeat customers whose
  P(alive) is below 50 % (artifact ``customer_ltv``);
- ``journey_drop``: people lost at the journey's largest drop-off x average CLV
  (``ltv.clv.mean``).

An action appears only when the report it links to is part of the run.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crm_lib.i18n import LABELS, Translator
from crm_lib.kpi import GoalResult, lookup
from crm_lib.metrics import FOLDER, merge_metrics
from crm_lib.notebook import ARTIFACTS

RESPONSE_SHARE = 0.1
STATUS_SYMBOLS = {"met": "✓", "at_risk": "△", "missed": "✗", "no_data": "–"}
STATUS_COLORS = {"met": "#2e7d4f", "at_risk": "#a15c00", "missed": "#b3261e", "no_data": "#5b6775"}
UNITS_PER_YEAR = {"D": 365.25, "W": 365.25 / 7}


def run_metrics(run_dir: str | Path | None) -> dict[str, Any]:
    """What the notebooks of the run recorded so far (``{}`` outside a run)."""
    return merge_metrics(Path(run_dir)) if run_dir else {}


def reports_in_run(run_dir: str | Path | None) -> set[str]:
    """Notebooks of the run that ran before this one (their page will exist)."""
    if not run_dir:
        return set()
    run = Path(run_dir)
    done = {p.stem for p in (run / FOLDER).glob("*.json")}
    done |= {p.stem.split("_", 1)[1] for p in (run / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    return done


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# ---- findings ------------------------------------------------------------------------------


@dataclass
class Finding:
    """One sentence of the report: its label key, the metrics path of every placeholder,
    the values it was written from, and the report that explains it."""

    key: str
    text: str
    paths: dict[str, str]
    values: dict[str, Any]
    report: str

    def record(self) -> dict:
        return {"key": self.key, "text": self.text, "metrics": self.paths}


@dataclass(frozen=True)
class FindingSpec:
    key: str  # label key of the sentence
    paths: dict[str, str]  # placeholder -> metrics path
    report: str
    names: dict[str, str] = field(default_factory=dict)  # placeholder -> label prefix


FINDINGS: tuple[FindingSpec, ...] = (
    FindingSpec("exec_finding_concentration", {"share": "segments.top20_revenue_share"},
                "segments"),
    FindingSpec("exec_finding_churn", {"rate": "churn.rate", "value": "churn.value_at_risk",
                                       "days": "churn.window_days"},
                "churn"),
    FindingSpec("exec_finding_f2", {"rate": "segments.f2_rate", "days": "segments.f2_window_days"},
                "segments"),
    FindingSpec("exec_finding_clv", {"mean": "ltv.clv.mean", "weeks": "ltv.clv.horizon_weeks",
                                     "share": "ltv.clv.top20_share"}, "ltv"),
    FindingSpec("exec_finding_journey",
                {"from_stage": "journey.largest_drop_off.from_stage",
                 "to_stage": "journey.largest_drop_off.to_stage",
                 "share": "journey.largest_drop_off.lost_share",
                 "lost": "journey.largest_drop_off.lost"}, "journey",
                names={"from_stage": "jny_stage_", "to_stage": "jny_stage_"}),
    FindingSpec("exec_finding_lapsed", {"share": "ltv.repeat_customers_lapsed_share"}, "ltv"),
)  # fmt: skip


def _display(value: Any, prefix: str | None, t: Translator) -> Any:
    if prefix and f"{prefix}{value}" in LABELS:
        return t(f"{prefix}{value}")
    return value


def finding_values(spec: FindingSpec, metrics: Mapping[str, Any]) -> dict[str, Any] | None:
    """The placeholder values of a finding from ``metrics``; None when one is missing."""
    values = {name: lookup(metrics, path) for name, path in spec.paths.items()}
    if any(v is None or (isinstance(v, float) and not math.isfinite(v)) for v in values.values()):
        return None
    return values


def render_finding(spec: FindingSpec, values: Mapping[str, Any], t: Translator) -> str:
    """The sentence of a finding for ``values`` (as read from metrics.json)."""
    shown = {k: _display(v, spec.names.get(k), t) for k, v in values.items()}
    return t(spec.key, **shown)


def findings(metrics: Mapping[str, Any], t: Translator, *, limit: int = 5) -> list[Finding]:
    """Up to ``limit`` findings whose figures the run recorded, in the order of
    :data:`FINDINGS` (concentration, churn, F2, CLV, journey, lapsed customers)."""
    out = []
    for spec in FINDINGS:
        values = finding_values(spec, metrics)
        if values is None:
            continue
        out.append(Finding(spec.key, render_finding(spec, values, t), dict(spec.paths),
                           values, spec.report))  # fmt: skip
        if len(out) == limit:
            break
    return out


# ---- actions -------------------------------------------------------------------------------


@dataclass
class Action:
    """A recommended action: label key, its text, value at stake and estimated impact
    (the data's currency), and the page of the report behind it."""

    key: str
    text: str
    at_stake: float
    impact: float
    report: str
    customers: int | None = None

    @property
    def href(self) -> str:
        return f"{self.report}.html"

    def record(self) -> dict:
        return {
            "key": self.key,
            "at_stake": self.at_stake,
            "impact": self.impact,
            "customers": self.customers,
            "report": self.href,
        }


def _artifact(run_dir: Path | None, name: str) -> pd.DataFrame | None:
    if run_dir is None:
        return None
    path = Path(run_dir) / ARTIFACTS / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def actions(
    metrics: Mapping[str, Any],
    run_dir: str | Path | None,
    t: Translator,
    *,
    response_share: float = RESPONSE_SHARE,
    reports: set[str] | None = None,
) -> list[Action]:
    """Recommended actions ranked by estimated impact (largest first); see the module's
    docstring for what each one puts at stake. ``reports``: notebooks of the run (default:
    :func:`reports_in_run`); an action whose report is not among them is left out."""
    run = Path(run_dir) if run_dir else None
    reports = reports_in_run(run) if reports is None else reports
    found: list[tuple[str, str, float, int | None, dict]] = []

    value = lookup(metrics, "churn.value_at_risk")
    if _finite(value) and value > 0:
        found.append(("exec_action_churn", "churn", float(value), None, {}))

    at_risk = _artifact(run, "rank_at_risk") if "segments" in reports else None
    if at_risk is not None and len(at_risk) and "spend_12m" in at_risk:
        stake = float(at_risk["spend_12m"].sum())
        found.append(("exec_action_rank", "segments", stake, len(at_risk),
                      {"gap": float(at_risk["gap_yen"].sum())}))  # fmt: skip

    values = _artifact(run, "customer_ltv") if "ltv" in reports else None
    unit = lookup(metrics, "ltv.time_unit")
    if values is not None and unit in UNITS_PER_YEAR and {"p_alive", "T"} <= set(values):
        lapsed = values[(values["frequency"] > 0) & (values["p_alive"] < 0.5) & (values["T"] > 0)]
        yearly = lapsed["frequency"] * lapsed["monetary_value"] / lapsed["T"]
        stake = float((yearly * UNITS_PER_YEAR[unit]).sum())
        if len(lapsed) and stake > 0:
            found.append(("exec_action_lapsed", "ltv", stake, len(lapsed), {}))

    drop = lookup(metrics, "journey.largest_drop_off")
    mean_clv = lookup(metrics, "ltv.clv.mean")
    if isinstance(drop, Mapping) and _finite(drop.get("lost")) and _finite(mean_clv):
        stake = float(drop["lost"]) * float(mean_clv)
        names = {k: _display(drop.get(k), "jny_stage_", t) for k in ("from_stage", "to_stage")}
        found.append(("exec_action_journey", "journey", stake, int(drop["lost"]), names))

    out = []
    for key, report, stake, customers, extra in found:
        if report not in reports:
            continue
        impact = stake * response_share
        text = t(key, at_stake=stake, impact=impact, customers=customers or 0,
                 share=response_share, **extra)  # fmt: skip
        out.append(Action(key, text, stake, impact, report, customers))
    return sorted(out, key=lambda a: -a.impact)


# ---- HTML blocks ---------------------------------------------------------------------------

STYLE = """<style>
.exec-kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
             gap: 12px; margin: 12px 0 18px; }
.exec-kpi { border: 1px solid #d9dee4; border-left: 6px solid var(--c); border-radius: 6px;
            padding: 10px 12px; break-inside: avoid; background: #fff; }
.exec-kpi h3 { margin: 0 0 4px; font-size: .95rem; }
.exec-actual { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.exec-target, .exec-trend { color: #5b6775; font-size: .85rem; }
.exec-status { display: inline-block; font-weight: 700; color: var(--c);
               border: 1.5px solid var(--c); border-radius: 10px; padding: 0 8px;
               font-size: .85rem; }
.exec-missed .exec-status { border-style: double; border-width: 3px; }
.exec-at_risk .exec-status { border-style: dashed; }
.exec-spark { display: block; margin-top: 4px; }
.exec-list li { margin: 4px 0; }
.exec-impact { font-variant-numeric: tabular-nums; white-space: nowrap; }
@media print {
  .exec-kpis { grid-template-columns: repeat(3, 1fr); gap: 6px; }
  .exec-kpi { padding: 6px 8px; }
  .exec-list a::after { content: " (" attr(href) ")"; color: #5b6775; font-size: .8em; }
}
</style>"""


def format_value(value: float | None, kind: str, t: Translator) -> str:
    """A KPI value as the panel shows it: rate as %, count and money with separators."""
    if value is None:
        return t("exec_no_data")
    if kind == "rate":
        return f"{value:.1%}"
    if kind in ("count", "money"):
        return f"{value:,.0f}"
    if kind == "points":
        return f"{value:+.1f}"
    return f"{value:,.4g}"


def _sparkline(trend: pd.DataFrame, target: float, width: int = 200, height: int = 36) -> str:
    points = trend.dropna(subset=["value"]) if len(trend) else trend
    if len(points) < 2:
        return ""
    values = [*points["value"].astype(float), float(target)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    n = len(trend)

    def y(v: float) -> float:
        return round(height - 4 - (v - low) / span * (height - 8), 1)

    xs = [round(4 + i * (width - 8) / max(n - 1, 1), 1) for i in points.index]
    line = " ".join(f"{x},{y(v)}" for x, v in zip(xs, points["value"], strict=True))
    ty = y(float(target))
    return (
        f'<svg class="exec-spark" width="{width}" height="{height}" viewBox="0 0 {width} '
        f'{height}" role="img" aria-hidden="true">'
        f'<line x1="4" x2="{width - 4}" y1="{ty}" y2="{ty}" stroke="#888" '
        f'stroke-dasharray="4 3" stroke-width="1"/>'
        f'<polyline fill="none" stroke="#1f5aa6" stroke-width="2" points="{line}"/>'
        f'<circle cx="{xs[-1]}" cy="{y(float(points["value"].iloc[-1]))}" r="3" fill="#1f5aa6"/>'
        "</svg>"
    )


def status_text(status: str, t: Translator) -> str:
    """Symbol and word of a goal status (✓ 達成 / △ 要注意 / ✗ 未達 / – データなし)."""
    return f"{STATUS_SYMBOLS[status]} {t(f'exec_status_{status}')}"


def trend_text(goal: GoalResult, t: Translator) -> str:
    """One line on the trend: change since the first measurable period, or why none."""
    if goal.actual is None:
        return ""
    if goal.trend.empty:
        return t("exec_trend_model")
    known = goal.trend.dropna(subset=["value"])
    if len(known) < 2:
        return t("exec_trend_short")
    first = known.iloc[0]
    change = goal.actual - float(first["value"])
    shown = {
        "rate": f"{change * 100:+.1f} pt",
        "points": f"{change:+.1f}",
    }.get(goal.kind, f"{change:+,.0f}")
    return t("exec_trend_change", change=shown, since=first["period_end"])


def goal_panel_html(goals: list[GoalResult], t: Translator) -> str:
    """The KPI panel: one card per goal with actual, target, status (colour, symbol and
    word, so it survives black-and-white printing), a sparkline and the trend in words."""
    cards = []
    for g in goals:
        label = t(g.label) if g.label else g.kpi
        direction = t(f"exec_direction_{g.direction}")
        target = format_value(g.target, g.kind, t)
        cards.append(
            f'<div class="exec-kpi exec-{g.status}" data-kpi="{html.escape(g.kpi)}" '
            f'data-status="{g.status}" style="--c: {STATUS_COLORS[g.status]}">'
            f"<h3>{html.escape(label)}</h3>"
            f'<div class="exec-actual">{html.escape(format_value(g.actual, g.kind, t))}</div>'
            f'<div class="exec-target">{html.escape(t("exec_target"))}: {html.escape(target)}'
            f" ({html.escape(direction)})</div>"
            f'<span class="exec-status">{html.escape(status_text(g.status, t))}</span>'
            f"{_sparkline(g.trend, g.target) if g.actual is not None else ''}"
            f'<div class="exec-trend">{html.escape(trend_text(g, t))}</div>'
            "</div>"
        )
    return STYLE + f'<div class="exec-kpis">{"".join(cards)}</div>'


def findings_html(items: list[Finding], reports: set[str], t: Translator) -> str:
    """The findings as a list, each linking to the report it comes from (when in the run)."""
    rows = []
    for f in items:
        link = (
            f' <a href="{f.report}.html">{html.escape(t("exec_details"))}</a>'
            if f.report in reports
            else ""
        )
        rows.append(f'<li data-finding="{f.key}">{html.escape(f.text)}{link}</li>')
    return f'<ul class="exec-list">{"".join(rows)}</ul>'


def actions_html(items: list[Action], t: Translator) -> str:
    """The actions, largest estimated impact first, each linking to its report page."""
    rows = [
        f'<li data-action="{a.key}">{html.escape(a.text)} '
        f'<a href="{a.href}">{html.escape(t("exec_details"))}: '
        f"{html.escape(t.notebook_title(a.report))}</a></li>"
        for a in items
    ]
    return f'<ol class="exec-list">{"".join(rows)}</ol>'


__all__ = [
    "FINDINGS",
    "RESPONSE_SHARE",
    "Action",
    "Finding",
    "FindingSpec",
    "actions",
    "actions_html",
    "finding_values",
    "findings",
    "findings_html",
    "format_value",
    "goal_panel_html",
    "reports_in_run",
    "render_finding",
    "run_metrics",
    "status_text",
    "trend_text",
]
