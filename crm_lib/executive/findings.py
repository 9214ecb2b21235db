"""Findings: sentences written from figures the run's reports recorded.

Each :class:`FindingSpec` names the declared metric (:mod:`crm_lib.metrics`) behind every
placeholder of its sentence, so that a renamed or removed metric fails at import (or in
``tests/test_executive.py``), never silently drops the finding, and a test can write the
sentence again from ``metrics.json`` alone. Money placeholders (metrics of unit ``money``)
are written in the run's currency; stage codes with their labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crm_lib.i18n import Translator
from crm_lib.metrics import REGISTRY, Metric, churn, journey, leads, lookup, ltv, segments, voice
from crm_lib.money import Amount
from crm_lib.section import Code, Sentence


@dataclass(frozen=True)
class FindingSpec:
    """A finding: its label key, the declared metric of each placeholder, the report that
    explains it, and the label prefix of placeholders that are codes (stages)."""

    key: str
    metrics: dict[str, Metric]
    report: str
    codes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for name, metric in self.metrics.items():
            if REGISTRY.get(metric.path) != metric:
                raise KeyError(f"{self.key}: {{{name}}} cites undeclared metric {metric.path}")

    @property
    def paths(self) -> dict[str, str]:
        """Placeholder -> metrics path (as ``executive.findings`` records it)."""
        return {name: metric.path for name, metric in self.metrics.items()}


STAGE = "jny_stage_"

FINDINGS: tuple[FindingSpec, ...] = (
    FindingSpec("exec_finding_concentration", {"share": segments.TOP20_REVENUE_SHARE},
                "segments"),
    FindingSpec("exec_finding_churn",
                {"rate": churn.RATE, "value": churn.VALUE_AT_RISK, "days": churn.WINDOW_DAYS,
                 "definition": churn.DEFINITION},
                "churn", codes={"definition": "exec_churn_def_"}),
    FindingSpec("exec_finding_emerging",
                {"term": voice.EMERGING_TOP_TERM, "recent": voice.EMERGING_TOP_RECENT,
                 "recent_share": voice.EMERGING_TOP_RECENT_SHARE,
                 "baseline_share": voice.EMERGING_TOP_BASELINE_SHARE},
                "voice"),
    FindingSpec("exec_finding_f2", {"rate": segments.F2_RATE, "days": segments.F2_WINDOW_DAYS},
                "segments"),
    FindingSpec("exec_finding_clv",
                {"mean": ltv.CLV_MEAN, "weeks": ltv.CLV_HORIZON_WEEKS,
                 "share": ltv.CLV_TOP20_SHARE},
                "ltv"),
    FindingSpec("exec_finding_journey",
                {"from_stage": journey.DROP_OFF_FROM, "to_stage": journey.DROP_OFF_TO,
                 "share": journey.DROP_OFF_SHARE, "lost": journey.DROP_OFF_LOST},
                "journey", codes={"from_stage": STAGE, "to_stage": STAGE}),
    FindingSpec("exec_finding_lapsed", {"share": ltv.REPEAT_CUSTOMERS_LAPSED_SHARE}, "ltv"),
    FindingSpec("exec_finding_leads",
                {"count": leads.COUNT, "share": leads.NEVER_FOLLOWED_SHARE,
                 "lost": leads.LOST_SHARE},
                "leads"),
)  # fmt: skip


@dataclass
class Finding:
    """One finding of the run: its sentence, the text written in the page's language and
    currency, the metrics path of every placeholder, the values read from ``metrics.json``
    and the report that explains it."""

    key: str
    sentence: Sentence
    text: str
    paths: dict[str, str]
    values: dict[str, Any]
    report: str

    def record(self) -> dict:
        return {"key": self.key, "text": self.text, "metrics": self.paths}


def finding_values(spec: FindingSpec, metrics: Mapping[str, Any]) -> dict[str, Any] | None:
    """The placeholder values of a finding from ``metrics``; None when one is missing."""
    values = {name: lookup(metrics, metric) for name, metric in spec.metrics.items()}
    if any(v is None or (isinstance(v, float) and not math.isfinite(v)) for v in values.values()):
        return None
    return values


def finding_sentence(spec: FindingSpec, values: Mapping[str, Any]) -> Sentence:
    """The sentence of a finding for ``values``: money as :class:`~crm_lib.money.Amount`,
    stage codes as :class:`~crm_lib.section.Code`."""
    cited: dict[str, Any] = {}
    for name, value in values.items():
        if name in spec.codes:
            cited[name] = Code(spec.codes[name], value)
        elif spec.metrics[name].unit == "money":
            cited[name] = Amount(value)
        else:
            cited[name] = value
    return Sentence(spec.key, cited)


def render_finding(spec: FindingSpec, values: Mapping[str, Any], t: Translator) -> str:
    """The text of a finding for ``values`` (as read from ``metrics.json``)."""
    return t.sentence(finding_sentence(spec, values))


def select_findings(metrics: Mapping[str, Any], t: Translator, *, limit: int) -> list[Finding]:
    """Up to ``limit`` findings whose figures the run recorded, in the order of
    :data:`FINDINGS` (concentration, churn, the emerging term of the customers' comments,
    F2, CLV, journey, lapsed customers, neglected leads)."""
    out = []
    for spec in FINDINGS:
        values = finding_values(spec, metrics)
        if values is None:
            continue
        sentence = finding_sentence(spec, values)
        out.append(
            Finding(spec.key, sentence, t.sentence(sentence), spec.paths, values, spec.report)
        )
        if len(out) == limit:
            break
    return out


__all__ = [
    "FINDINGS",
    "Finding",
    "FindingSpec",
    "finding_sentence",
    "finding_values",
    "render_finding",
    "select_findings",
]
