"""Findings: sentences written from figures the run's reports recorded.

Each :class:`FindingSpec` names the declared metric (:mod:`crm_lib.metrics`) behind every
placeholder of its sentence, so that a renamed or removed metric fails at import (or in
``tests/test_executive.py``), never silently drops the finding, and a test can write the
sentence again from ``metrics.json`` alone. Money placeholders (metrics of unit ``money``)
are written in the run's currency; stage codes with their labels. Placeholders that are
settings of the run (a window, not a figure) name the setting (:func:`run_settings`).

A finding whose headline is a KPI (``kpi``: the top 20 %'s revenue share, churn, F2, CLV)
is compared with the previous period and with its target where a goal sets one
(:mod:`crm_lib.executive.compare`), in sentences after its own. The previous period is
said only when the trend measures what the finding cites (the latest trend point equals the
cited figure), or, for F2, as the latest complete acquisition cohort, named as such.
Findings are ordered by importance (:func:`crm_lib.executive.compare.importance`): the
size of the miss against a target, then the size of a notable change; ties keep the order
of :data:`FINDINGS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crm_lib.executive.compare import Comparison, importance
from crm_lib.executive.formats import format_change, format_gap, format_value, verdict
from crm_lib.i18n import Translator
from crm_lib.metrics import REGISTRY, Metric, churn, journey, leads, lookup, ltv, segments, voice
from crm_lib.money import Amount
from crm_lib.params import Business, LeadsParams
from crm_lib.section import Code, Label, Sentence

NOTABLE_Z = 2.0  # a change of at least this many standard units is notable


@dataclass(frozen=True)
class FindingSpec:
    """A finding: its label key, the declared metric of each placeholder, the report that
    explains it, the label prefix of placeholders that are codes (stages), the run setting
    of placeholders that are settings, and the KPI its ``headline`` placeholder cites
    (compared with the previous period and the target)."""

    key: str
    metrics: dict[str, Metric]
    report: str
    codes: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    kpi: str | None = None
    headline: str | None = None

    def __post_init__(self):
        for name, metric in self.metrics.items():
            if REGISTRY.get(metric.path) != metric:
                raise KeyError(f"{self.key}: {{{name}}} cites undeclared metric {metric.path}")
        if self.headline is not None and self.headline not in self.metrics:
            raise KeyError(f"{self.key}: headline {{{self.headline}}} cites no metric")

    @property
    def paths(self) -> dict[str, str]:
        """Placeholder -> metrics path (as ``executive.findings`` records it)."""
        return {name: metric.path for name, metric in self.metrics.items()}


def run_settings(business: Business | None = None, leads_params: LeadsParams | None = None):
    """The run settings findings cite: ``rank_window_months`` (the revenue concentration's
    window, as the segments report measures it) and ``lost_window_days`` (the leads
    report's window for a neglected prospect counted as lost)."""
    business, leads_params = business or Business(), leads_params or LeadsParams()
    return {
        "rank_window_months": business.rank_window_months,
        "lost_window_days": leads_params.lost_window_days,
    }


STAGE = "jny_stage_"

FINDINGS: tuple[FindingSpec, ...] = (
    FindingSpec("exec_finding_concentration", {"share": segments.TOP20_REVENUE_SHARE},
                "segments", settings={"months": "rank_window_months"},
                kpi="top20_revenue_share", headline="share"),
    FindingSpec("exec_finding_churn",
                {"rate": churn.RATE, "value": churn.VALUE_AT_RISK, "days": churn.WINDOW_DAYS,
                 "definition": churn.DEFINITION},
                "churn", codes={"definition": "exec_churn_def_"}, kpi="churn_rate",
                headline="rate"),
    FindingSpec("exec_finding_emerging",
                {"term": voice.EMERGING_TOP_TERM, "recent": voice.EMERGING_TOP_RECENT,
                 "recent_share": voice.EMERGING_TOP_RECENT_SHARE,
                 "baseline_share": voice.EMERGING_TOP_BASELINE_SHARE},
                "voice"),
    FindingSpec("exec_finding_f2", {"rate": segments.F2_RATE, "days": segments.F2_WINDOW_DAYS},
                "segments", kpi="f2_rate", headline="rate"),
    FindingSpec("exec_finding_clv",
                {"mean": ltv.CLV_MEAN, "weeks": ltv.CLV_HORIZON_WEEKS,
                 "share": ltv.CLV_TOP20_SHARE},
                "ltv", kpi="average_clv", headline="mean"),
    FindingSpec("exec_finding_journey",
                {"from_stage": journey.DROP_OFF_FROM, "to_stage": journey.DROP_OFF_TO,
                 "share": journey.DROP_OFF_SHARE, "lost": journey.DROP_OFF_LOST},
                "journey", codes={"from_stage": STAGE, "to_stage": STAGE}),
    FindingSpec("exec_finding_lapsed", {"share": ltv.REPEAT_CUSTOMERS_LAPSED_SHARE}, "ltv"),
    FindingSpec("exec_finding_leads",
                {"count": leads.COUNT, "share": leads.NEVER_FOLLOWED_SHARE,
                 "lost": leads.LOST_SHARE},
                "leads", settings={"days": "lost_window_days"}),
)  # fmt: skip


@dataclass
class Finding:
    """One finding of the run: its sentence and the sentences comparing it with the previous
    period and the target (``context``), the text written in the page's language and
    currency, the metrics path of every placeholder, the values read from ``metrics.json``,
    the comparison behind the context and the report that explains it."""

    key: str
    sentence: Sentence
    text: str
    paths: dict[str, str]
    values: dict[str, Any]
    report: str
    context: list[Sentence] = field(default_factory=list)
    comparison: Comparison | None = None

    def record(self) -> dict:
        out = {"key": self.key, "text": self.text, "metrics": self.paths}
        compared = self.comparison.record() if self.comparison is not None else {}
        if any(v is not None for v in compared.values()):
            out["compared"] = compared
        return out


def finding_values(
    spec: FindingSpec, metrics: Mapping[str, Any], settings: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """The placeholder values of a finding from ``metrics`` (and the run ``settings`` it
    cites, :func:`run_settings` by default); None when a metric is missing."""
    values = {name: lookup(metrics, metric) for name, metric in spec.metrics.items()}
    if any(v is None or (isinstance(v, float) and not math.isfinite(v)) for v in values.values()):
        return None
    known = run_settings() | dict(settings or {})
    return values | {name: known[key] for name, key in spec.settings.items()}


def finding_sentence(spec: FindingSpec, values: Mapping[str, Any]) -> Sentence:
    """The sentence of a finding for ``values``: money as :class:`~crm_lib.money.Amount`,
    stage codes as :class:`~crm_lib.section.Code`."""
    cited: dict[str, Any] = {}
    for name, value in values.items():
        if name in spec.codes:
            cited[name] = Code(spec.codes[name], value)
        elif name in spec.metrics and spec.metrics[name].unit == "money":
            cited[name] = Amount(value)
        else:
            cited[name] = value
    return Sentence(spec.key, cited)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def context_sentences(c: Comparison, cited: float | None, t: Translator) -> list[Sentence]:
    """The sentences comparing a finding's KPI with the previous period and its target.

    ``cited``: the figure the finding cites; a trailing-window change is said only when its
    latest point is that figure (same definition, same date)."""
    out = []
    if c.change is not None and (c.cohort or (cited is not None and _same(c.latest, cited))):
        values = {
            "previous": format_value(c.previous, c.unit, t),
            "previous_end": c.previous_end,
            "change": format_change(c.change, c.unit, t),
            "verdict": Label(verdict(c.change, c.direction)),
        }
        if c.cohort:
            values |= {
                "latest": format_value(c.latest, c.unit, t),
                "latest_end": c.latest_end,
                "months": c.period_months,
                "days": c.follow_days,
            }
        out.append(Sentence("exec_cmp_cohort" if c.cohort else "exec_cmp_previous", values))
    if c.target is not None and c.actual is not None and c.status not in (None, "no_data"):
        values = {
            "target": format_value(c.target, c.unit, t),
            "gap": format_gap(c.actual - c.target, c.unit, t),
        }
        out.append(Sentence(f"exec_cmp_target_{c.status}", values))
    return out


def finding_text(sentence: Sentence, context: list[Sentence], t: Translator) -> str:
    """A finding's sentence followed by its context sentences, in the page's language."""
    separator = "" if t.language == "ja" else " "
    return separator.join(t.sentence(s) for s in [sentence, *context])


def render_finding(spec: FindingSpec, values: Mapping[str, Any], t: Translator) -> str:
    """The text of a finding's own sentence for ``values`` (as read from ``metrics.json``)."""
    return t.sentence(finding_sentence(spec, values))


def select_findings(
    metrics: Mapping[str, Any],
    t: Translator,
    *,
    limit: int,
    comparisons: Mapping[str, Comparison] | None = None,
    settings: Mapping[str, Any] | None = None,
    notable_z: float = NOTABLE_Z,
) -> list[Finding]:
    """Up to ``limit`` findings whose figures the run recorded, the most important first
    (see the module docstring; ties in the order of :data:`FINDINGS`: concentration, churn,
    the emerging term of the customers' comments, F2, CLV, journey, lapsed customers,
    neglected leads). ``comparisons``: KPI name -> its comparison with the previous period
    and target; ``settings``: the run settings findings cite (:func:`run_settings`)."""
    comparisons = comparisons or {}
    ranked = []
    for i, spec in enumerate(FINDINGS):
        values = finding_values(spec, metrics, settings)
        if values is None:
            continue
        sentence = finding_sentence(spec, values)
        c = comparisons.get(spec.kpi) if spec.kpi else None
        cited = values.get(spec.headline) if spec.headline else None
        context = context_sentences(c, cited, t) if c is not None else []
        text = finding_text(sentence, context, t)
        found = Finding(spec.key, sentence, text, spec.paths, values, spec.report, context, c)
        ranked.append((importance(c, notable_z), i, found))
    return [f for _, _, f in sorted(ranked, key=lambda r: r[:2])][:limit]


__all__ = [
    "FINDINGS",
    "NOTABLE_Z",
    "Finding",
    "FindingSpec",
    "context_sentences",
    "finding_sentence",
    "finding_text",
    "finding_values",
    "render_finding",
    "run_settings",
    "select_findings",
]
