"""Recommended actions, ranked by estimated impact, from the run's figures and artifacts.

Estimated impact of an action (the run's currency): the value at stake times
``params.executive.response_share``, the share of the targeted customers an action is
assumed to keep or win back (default 10 %). Value at stake per action:

- ``churn``: :data:`crm_lib.metrics.churn.VALUE_AT_RISK` (the churn report's value of
  customers likely to leave);
- ``rank``: trailing-12-month spend of the customers about to lose their membership rank
  (artifact :data:`crm_lib.artifacts.RANK_AT_RISK`; the sentence also cites the spend
  ``gap`` that keeps their ranks);
- ``lapsed``: yearly spend, while they were active, of the repeat customers whose P(alive)
  is below 50 % (artifact :data:`crm_lib.artifacts.CUSTOMER_LTV`, in the LTV models' time
  unit :data:`crm_lib.metrics.ltv.TIME_UNIT`);
- ``journey``: people lost at the journey's largest drop-off
  (:data:`crm_lib.metrics.journey.DROP_OFF_LOST`) x average CLV
  (:data:`crm_lib.metrics.ltv.CLV_MEAN`).

An action appears only when the report it links to is part of the run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_lib import artifacts
from crm_lib.metrics import churn, journey, lookup, ltv
from crm_lib.money import Amount
from crm_lib.section import Code, Sentence

UNITS_PER_YEAR = {"D": 365.25, "W": 365.25 / 7}  # LTV model time units in a year
LAPSED_P_ALIVE = 0.5  # below this P(alive) a repeat customer has probably lapsed (as ltv)
STAGE = "jny_stage_"


@dataclass
class Action:
    """A recommended action: its sentence, value at stake and estimated impact (the run's
    currency), the customers it targets, and the report behind it."""

    key: str
    sentence: Sentence
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


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class _AtStake:
    key: str
    report: str
    stake: float
    customers: int | None = None
    cited: dict[str, Any] | None = None


def _churn(metrics: Mapping[str, Any]) -> _AtStake | None:
    value = lookup(metrics, churn.VALUE_AT_RISK)
    if _finite(value) and value > 0:
        return _AtStake("exec_action_churn", "churn", float(value))
    return None


def _rank(run_dir: Path | None) -> _AtStake | None:
    at_risk = artifacts.RANK_AT_RISK.read(run_dir)
    if at_risk is None or at_risk.empty:
        return None
    gap = {"gap": Amount(at_risk["gap"].sum())}
    return _AtStake(
        "exec_action_rank", "segments", float(at_risk["spend_12m"].sum()), len(at_risk), gap
    )


def _lapsed(metrics: Mapping[str, Any], run_dir: Path | None) -> _AtStake | None:
    values = artifacts.CUSTOMER_LTV.read(run_dir)
    unit = lookup(metrics, ltv.TIME_UNIT)
    if values is None or unit not in UNITS_PER_YEAR:
        return None
    repeat = (values["frequency"] > 0) & (values["T"] > 0)
    lapsed = values[repeat & (values["p_alive"] < LAPSED_P_ALIVE)]
    per_unit = lapsed["frequency"] * lapsed["monetary_value"] / lapsed["T"]
    stake = float((per_unit * UNITS_PER_YEAR[unit]).sum())
    if lapsed.empty or stake <= 0:
        return None
    return _AtStake("exec_action_lapsed", "ltv", stake, len(lapsed))


def _journey(metrics: Mapping[str, Any]) -> _AtStake | None:
    lost = lookup(metrics, journey.DROP_OFF_LOST)
    mean_clv = lookup(metrics, ltv.CLV_MEAN)
    if not (_finite(lost) and _finite(mean_clv)):
        return None
    stages = {
        "from_stage": Code(STAGE, lookup(metrics, journey.DROP_OFF_FROM)),
        "to_stage": Code(STAGE, lookup(metrics, journey.DROP_OFF_TO)),
    }
    return _AtStake(
        "exec_action_journey", "journey", float(lost) * float(mean_clv), int(lost), stages
    )


def rank_actions(
    metrics: Mapping[str, Any],
    run_dir: str | Path | None,
    reports: frozenset[str] | set[str],
    *,
    response_share: float,
) -> list[Action]:
    """Recommended actions ranked by estimated impact (largest first); see the module's
    docstring for what each one puts at stake. ``reports``: notebooks of the run; an
    action whose report is not among them is left out (its artifact is not read)."""
    run = Path(run_dir) if run_dir else None
    found = [
        _churn(metrics),
        _rank(run) if "segments" in reports else None,
        _lapsed(metrics, run) if "ltv" in reports else None,
        _journey(metrics),
    ]
    out = []
    for item in found:
        if item is None or item.report not in reports:
            continue
        impact = item.stake * response_share
        sentence = Sentence(
            item.key,
            {
                "at_stake": Amount(item.stake),
                "impact": Amount(impact),
                "customers": item.customers or 0,
                "share": response_share,
                **(item.cited or {}),
            },
        )
        out.append(Action(item.key, sentence, item.stake, impact, item.report, item.customers))
    return sorted(out, key=lambda a: -a.impact)


__all__ = ["LAPSED_P_ALIVE", "UNITS_PER_YEAR", "Action", "rank_actions"]
