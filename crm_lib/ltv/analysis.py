"""The LTV report's steps, each one call: fit, check on the holdout, value, retention.

:func:`customer_values` is the one CLV of every report (the churn report's value at risk
calls it with ``params.ltv``'s horizon and discount rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.pareto_nbd import ParetoNBDModel
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.summary import UNIT_DAYS, rfm_summary
from crm_lib.ltv.value import customer_lifetime_value


def default_calibration_end(observation_end: dt.date, configured: dt.date | None) -> dt.date:
    """The configured calibration end, or 26 weeks before the observation end."""
    return configured or observation_end - dt.timedelta(weeks=26)


def fit_models(summary: pd.DataFrame) -> dict:
    """BG/NBD, Pareto/NBD and Gamma-Gamma fitted on one summary, by metric name."""
    return {
        "bgnbd": BetaGeoModel().fit(summary),
        "pareto_nbd": ParetoNBDModel().fit(summary),
        "gamma_gamma": GammaGammaModel().fit(summary),
    }


def parameter_table(models: dict) -> pd.DataFrame:
    """One row per model parameter: estimate and standard error."""
    rows = [
        {"model": name, "parameter": key, "estimate": value, "se": model.standard_errors_[key]}
        for name, model in models.items()
        for key, value in model.params_.items()
    ]
    return pd.DataFrame(rows)


def customer_values(
    ds: Dataset,
    as_of: dt.date,
    time_unit: str,
    *,
    horizon_weeks: int,
    discount_rate_monthly: float,
    gross_margin: float = 1.0,
) -> pd.DataFrame:
    """Per customer (indexed by ``customer_id``, highest CLV first), from BG/NBD and
    Gamma-Gamma refitted on all purchases to ``as_of``: the model inputs (``frequency``,
    ``recency``, ``T`` in model time units, ``monetary_value``), ``p_alive``,
    ``expected_purchases`` over the horizon, ``expected_value`` (spend per purchase) and
    ``clv``: the discounted value of the purchases over ``horizon_weeks`` times
    ``gross_margin`` (1: CLV is revenue; below 1: gross margin at that rate)."""
    summary = rfm_summary(ds, as_of, None, time_unit)
    counts = BetaGeoModel().fit(summary)
    spend = GammaGammaModel().fit(summary)
    horizon = horizon_weeks * 7.0 / UNIT_DAYS[time_unit]  # in model time units
    out = summary[["frequency", "recency", "T", "monetary_value"]].copy()
    out["p_alive"] = counts.p_alive(summary)
    out["expected_purchases"] = counts.expected_purchases(summary, horizon)
    out["expected_value"] = spend.expected_value(summary)
    revenue = customer_lifetime_value(
        counts, spend, summary, time_unit=time_unit, horizon_weeks=horizon_weeks,
        discount_rate_monthly=discount_rate_monthly,
    )  # fmt: skip
    out["clv"] = revenue * gross_margin
    return out.sort_values("clv", ascending=False)


def top_share(values: pd.Series, share: float = 0.2) -> float:
    """Share of the total held by the top ``share`` of customers."""
    ordered = np.sort(values.to_numpy())[::-1]
    top = max(1, int(round(share * len(ordered))))
    return float(ordered[:top].sum() / ordered.sum()) if ordered.sum() else 0.0


NO_GROUP = "—"  # customers without a group (no channel recorded, no rank)


def value_by(
    values: pd.DataFrame, groups: pd.Series, order: list[str] | None = None
) -> pd.DataFrame:
    """Customers and mean CLV per group (e.g. acquisition channel): highest mean first,
    or in ``order`` (groups not in it last). Customers without a group: :data:`NO_GROUP`."""
    joined = values[["clv"]].join(groups.rename("group"), how="left")
    joined["group"] = joined["group"].fillna(NO_GROUP)
    table = joined.groupby("group")["clv"].agg(customers="size", mean_clv="mean")
    table = table.sort_values("mean_clv", ascending=False).reset_index()
    if order is not None:
        position = {name: i for i, name in enumerate(order)}
        table = table.sort_values(
            "group", key=lambda g: g.map(position).fillna(len(order)), kind="stable"
        ).reset_index(drop=True)
    return table


@dataclass(frozen=True)
class PlanRetention:
    """One subscription plan's sBG fit, observed survival and cohort table."""

    plan: str
    period_days: int
    subscriptions: int
    fit: ShiftedBetaGeometric
    observed: pd.Series  # share still subscribed by renewal (cohorts pooled)
    cohorts: pd.DataFrame  # cohort, started, active, expected further renewals


def plan_retention(
    subscriptions: pd.DataFrame,
    as_of: dt.date,
    renewal_days: dict[str, int],
    discount_rate_monthly: float,
    default_days: int = 30,
) -> list[PlanRetention]:
    """sBG per plan, each on its own renewal period (``renewal_days``; others
    ``default_days``); plans with too few renewals observed are skipped."""
    results = []
    plans = subscriptions["plan"].fillna("—") if "plan" in subscriptions else None
    for plan, subs in subscriptions.groupby(plans) if plans is not None else [("—", subscriptions)]:
        days = int(renewal_days.get(plan, default_days))
        counts = cohort_survival_counts(subs, pd.Timestamp(as_of), period_days=days)
        try:
            fit = ShiftedBetaGeometric().fit(counts)
        except ValueError:
            continue
        pooled = counts.notna()
        sizes = pd.DataFrame({t: counts[0].where(pooled[t]) for t in counts.columns})
        observed = counts.sum() / sizes.sum()  # cohorts observed at t only
        rate = (1 + discount_rate_monthly) ** (days / (365.25 / 12)) - 1  # per renewal
        elapsed = pooled.sum(axis=1) - 1
        active = counts.apply(lambda row: row.dropna().iloc[-1], axis=1)
        remaining = [fit.discounted_residual_lifetime(int(n), rate) for n in elapsed]
        cohorts = pd.DataFrame(
            {"cohort": counts.index, "started": counts[0].to_numpy(),
             "active": active.to_numpy(), "remaining": remaining}
        )  # fmt: skip
        results.append(PlanRetention(str(plan), days, len(subs), fit, observed, cohorts))
    return results
