"""Recommended actions from the run's figures and artifacts.

An action's impact is a measurement or nothing: no impact is a fixed share of a stake.
Actions without a measured effect show what is at stake (the run's currency) and say
that their effect is not measured yet. Value at stake per action:

- ``churn``: :data:`crm_lib.metrics.churn.VALUE_AT_RISK` (the churn report's value of
  customers likely to leave);
- ``rank``: trailing-12-month spend of the customers about to lose their membership rank
  (artifact :data:`crm_lib.artifacts.RANK_AT_RISK`; the sentence also cites the spend
  ``gap`` that keeps their ranks);
- ``lapsed``: yearly spend, while they were active, of the repeat customers whose P(alive)
  is below 50 % (artifact :data:`crm_lib.artifacts.CUSTOMER_LTV`, in the LTV models' time
  unit :data:`crm_lib.metrics.ltv.TIME_UNIT`);
- ``speed``: the expected value of the extra customers had every lead of the last year been
  answered within a day (:data:`crm_lib.metrics.leads.EXTRA_VALUE`: an observational
  effect adjusted for lead source, not a controlled pilot, so not measured; shown only when
  its interval is above 0);
- ``journey``: people lost at the journey's largest drop-off
  (:data:`crm_lib.metrics.journey.DROP_OFF_LOST`) x average CLV
  (:data:`crm_lib.metrics.ltv.CLV_MEAN`).

An action appears only when the report it links to is part of the run.

Measured actions come first (``measured``: an effect against a control group, from the
campaigns report), largest measured incremental revenue first: roll out a campaign whose
verdict is ``roll_out`` (impact = its incremental revenue in the pilot, with the interval),
stop one that is ``harmful``, spare a group a campaign harms, send the next campaign like
the uplift plan's template to the most profitable top share by predicted uplift (impact =
the expected profit at that share, with its interval; only when the uplift model beats
random targeting on held-out customers, else the advice to pilot targeting first, not
measured), cap contacts where unsubscribes rise. The others follow by the value at stake,
with ``impact`` None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_lib import artifacts
from crm_lib.experiments.report import segment_of_key
from crm_lib.metrics import campaigns, churn, journey, leads, lookup, ltv
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
    impact: float | None  # measured incremental value; None where no effect is measured
    report: str
    customers: int | None = None
    measured: bool = False  # an effect measured against a control group, not an assumption
    cites: dict[str, str] | None = None  # placeholder -> metrics path of a measured value

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
            "measured": self.measured,
            "metrics": self.cites or {},
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


def _speed(metrics: Mapping[str, Any]) -> _AtStake | None:
    extra = lookup(metrics, leads.EXTRA_CUSTOMERS)
    value = lookup(metrics, leads.EXTRA_VALUE)
    effect = [lookup(metrics, x) for x in (leads.SPEED_EFFECT, leads.SPEED_EFFECT_CI_LOW,
                                           leads.SPEED_EFFECT_CI_HIGH)]  # fmt: skip
    if not all(_finite(v) for v in (extra, value, *effect)) or effect[1] <= 0 or value <= 0:
        return None
    cited = {"effect": effect[0], "low": effect[1], "high": effect[2]}
    return _AtStake("exec_action_speed", "leads", float(value), round(extra), cited)


def _measured(metrics: Mapping[str, Any]) -> list[Action]:
    """The actions the campaigns report measured (see the module docstring)."""
    found = lookup(metrics, "campaigns") or {}
    out = []
    for cid, figures in found.items():
        if not isinstance(figures, Mapping) or "verdict" not in figures:
            continue
        verdict = figures["verdict"]
        paths = {
            name: metric.at(cid).path
            for name, metric in (
                ("lift", campaigns.LIFT_PTS), ("low", campaigns.CI_LOW_PTS),
                ("high", campaigns.CI_HIGH_PTS), ("revenue", campaigns.INCREMENTAL_REVENUE),
                ("revenue_low", campaigns.INCREMENTAL_REVENUE_LOW),
                ("revenue_high", campaigns.INCREMENTAL_REVENUE_HIGH),
            )
        }  # fmt: skip
        if verdict in ("roll_out", "harmful"):
            values = {k: lookup(metrics, p) for k, p in paths.items()}
            if not all(_finite(v) for v in values.values()):
                continue
            cited = {k: Amount(v) if k.startswith("revenue") else v for k, v in values.items()}
            key = f"exec_action_{'roll_out' if verdict == 'roll_out' else 'stop'}"
            gain = abs(float(values["revenue"]))
            out.append(Action(key, Sentence(key, {"campaign": cid, **cited}), gain, gain,
                              "campaigns", measured=True, cites=paths))  # fmt: skip
        for segment, seg in (figures.get("segments") or {}).items():
            if isinstance(seg, Mapping) and seg.get("harmed") is True:
                path = campaigns.SEGMENT_LIFT_PTS.at(cid, segment).path
                values = {"campaign": cid, "segment": segment_of_key(segment),
                          "lift": seg["lift_pts"]}  # fmt: skip
                out.append(Action("exec_action_spare", Sentence("exec_action_spare", values),
                                  0.0, 0.0, "campaigns", measured=True,
                                  cites={"lift": path}))  # fmt: skip
    out += _targeting(metrics)
    cap = lookup(metrics, campaigns.FATIGUE_CAP)
    if _finite(cap):
        out.append(Action("exec_action_cap", Sentence("exec_action_cap", {"cap": int(cap)}),
                          0.0, 0.0, "campaigns", measured=True,
                          cites={"cap": campaigns.FATIGUE_CAP.path}))  # fmt: skip
    return out


TARGET_CITES = {
    "campaign": campaigns.TARGET_CAMPAIGN, "share": campaigns.TARGET_SHARE,
    "contacts": campaigns.TARGET_CONTACTS, "profit": campaigns.TARGET_PROFIT,
    "low": campaigns.TARGET_PROFIT_LOW, "high": campaigns.TARGET_PROFIT_HIGH,
    "qini": campaigns.QINI_AUC, "qini_low": campaigns.QINI_AUC_LOW,
    "qini_high": campaigns.QINI_AUC_HIGH,
}  # fmt: skip
MONEY_CITES = ("profit", "low", "high")


def _targeting(metrics: Mapping[str, Any]) -> list[Action]:
    """Send the next campaign like the uplift plan's template to the top share by predicted
    uplift — measured when the model beats random targeting on held-out customers (the Qini
    interval above 0) and the share earns a profit (none when no share does); when the model
    is not proven, the advice to pilot targeting first (not measured: no impact)."""
    values = {k: lookup(metrics, metric) for k, metric in TARGET_CITES.items()}
    numbers = [v for k, v in values.items() if k != "campaign"]
    if values["campaign"] is None or not all(_finite(v) for v in numbers):
        return []
    paths = {k: metric.path for k, metric in TARGET_CITES.items()}
    cited = {k: Amount(v) if k in MONEY_CITES else v for k, v in values.items()}
    if values["qini_low"] > 0:  # proven: the most profitable share, if any earns a profit
        if values["share"] <= 0 or values["profit"] <= 0:
            return []
        sentence = Sentence("exec_action_target", cited)
        return [Action("exec_action_target", sentence, values["profit"], values["profit"],
                       "campaigns", values["contacts"], measured=True, cites=paths)]  # fmt: skip
    evidence = {k: paths[k] for k in ("campaign", "qini", "qini_low", "qini_high")}
    sentence = Sentence("exec_action_target_unproven", cited)
    return [Action("exec_action_target_unproven", sentence, 0.0, None, "campaigns",
                   cites=evidence)]  # fmt: skip


def rank_actions(
    metrics: Mapping[str, Any],
    run_dir: str | Path | None,
    reports: frozenset[str] | set[str],
) -> list[Action]:
    """Recommended actions: measured ones first by impact, then the unmeasured ones by the
    value at stake (largest first); see the module's docstring. ``reports``: notebooks of
    the run; an action whose report is not among them is left out (its artifact is not
    read)."""
    run = Path(run_dir) if run_dir else None
    found = [
        _churn(metrics),
        _rank(run) if "segments" in reports else None,
        _lapsed(metrics, run) if "ltv" in reports else None,
        _journey(metrics),
        _speed(metrics),
    ]
    out = [a for a in _measured(metrics) if a.report in reports]
    for item in found:
        if item is None or item.report not in reports:
            continue
        sentence = Sentence(
            item.key,
            {
                "at_stake": Amount(item.stake),
                "customers": item.customers or 0,
                **(item.cited or {}),
            },
        )
        out.append(Action(item.key, sentence, item.stake, None, item.report, item.customers))
    return sorted(out, key=lambda a: (not a.measured, -(a.impact if a.measured else a.at_stake)))


__all__ = ["LAPSED_P_ALIVE", "UNITS_PER_YEAR", "Action", "rank_actions"]
