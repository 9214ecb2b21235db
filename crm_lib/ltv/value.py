"""Customer lifetime value and the holdout check of purchase-count models.

Durations carry their unit: the models count in the summary's time unit (days or weeks);
the CLV horizon is in weeks and the discount rate is per month, a month being 365.25 / 12
days (the convention of the CLV literature and of lifetimes, made explicit here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone

from crm_lib.lifetimes_compat import convergence_error
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.summary import UNIT_DAYS

DAYS_PER_MONTH = 365.25 / 12


def customer_lifetime_value(
    counts: PurchaseCountModel,
    spend: GammaGammaModel,
    summary: pd.DataFrame,
    *,
    time_unit: str,
    horizon_weeks: int,
    discount_rate_monthly: float,
) -> pd.Series:
    """Discounted value of each customer's purchases over the next ``horizon_weeks``.

    Expected purchases week by week (from ``counts``) times the expected value of a
    purchase (from ``spend``), each week discounted at ``discount_rate_monthly``.
    """
    step = 7.0 / UNIT_DAYS[time_unit]  # one week in model time units
    weeks = np.arange(1, horizon_weeks + 1)
    path = counts.expected_purchases_path(summary, weeks * step)
    per_week = np.diff(np.column_stack([np.zeros(len(summary)), path]), axis=1)
    discount = (1 + discount_rate_monthly) ** (-(weeks * 7.0) / DAYS_PER_MONTH)
    value = per_week @ discount * spend.expected_value(summary)
    return pd.Series(value, index=summary.index, name="clv")


def holdout_by_frequency(
    models: dict[str, PurchaseCountModel], summary: pd.DataFrame, cap: int = 7
) -> pd.DataFrame:
    """Mean actual vs predicted holdout purchases by calibration frequency (0 .. cap+).

    The classic check of Fader, Hardie & Lee (2005, figure 4).
    """
    duration = float(summary["duration_holdout"].iloc[0])
    frame = pd.DataFrame(
        {
            "frequency": np.minimum(summary["frequency"].to_numpy(), cap),
            "customers": 1,
            "actual": summary["frequency_holdout"].to_numpy(),
        }
    )
    for name, model in models.items():
        frame[name] = model.expected_purchases(summary, duration)
    table = frame.groupby("frequency").agg(
        customers=("customers", "sum"), actual=("actual", "mean"),
        **{name: (name, "mean") for name in models},
    )  # fmt: skip
    return table.reset_index()


def compare_models(models: dict[str, PurchaseCountModel], summary: pd.DataFrame) -> pd.DataFrame:
    """One row per model: log-likelihood, predicted vs actual holdout total, per-customer
    mean absolute and root-mean-square error, and correlation with the actual counts."""
    duration = float(summary["duration_holdout"].iloc[0])
    actual = summary["frequency_holdout"].to_numpy(dtype=float)
    rows = []
    for name, model in models.items():
        predicted = model.expected_purchases(summary, duration)
        rows.append(
            {
                "model": name,
                "log_likelihood": model.log_likelihood_,
                "predicted_total": float(predicted.sum()),
                "actual_total": float(actual.sum()),
                "error_total_pct": float(100 * (predicted.sum() / actual.sum() - 1)),
                "mae": float(np.abs(predicted - actual).mean()),
                "rmse": float(np.sqrt(((predicted - actual) ** 2).mean())),
                "correlation": float(np.corrcoef(predicted, actual)[0, 1]),
            }
        )
    return pd.DataFrame(rows)


def bootstrap_total(
    model: PurchaseCountModel,
    summary: pd.DataFrame,
    t: float,
    *,
    n_boot: int = 100,
    level: float = 0.9,
    random_state: int | None = 0,
) -> dict:
    """Interval on the total expected purchases of ``summary``'s customers in the next ``t``
    time units, from parameter uncertainty: customers are resampled with replacement (as
    multinomial weights on their unique histories), the model refitted, the total predicted.
    Resamples whose refit does not converge are left out and counted (``n_failed``); more
    than 10 % of them is an error.
    """
    rng = np.random.default_rng(random_state)
    h = UniqueHistories.of(summary)
    base = clone(model)  # same settings, not fitted
    totals, failed = [], 0
    for _ in range(n_boot):
        weights = rng.multinomial(h.counts.sum(), h.counts / h.counts.sum())
        keep = weights > 0
        resampled = pd.DataFrame(
            {
                "frequency": np.repeat(h.frequency[keep], weights[keep]),
                "recency": np.repeat(h.recency[keep], weights[keep]),
                "T": np.repeat(h.T[keep], weights[keep]),
            }
        )
        try:
            refit = base.fit(resampled)
        except convergence_error():
            failed += 1  # an optimizer failure on one resample: leave that resample out
            continue
        per = refit.fitter_.conditional_expected_number_of_purchases_up_to_time(
            t, h.frequency, refit._recency(h), h.T
        )
        totals.append(float((per * h.counts).sum()))
    if failed > 0.1 * n_boot:
        raise RuntimeError(f"{failed} of {n_boot} bootstrap refits did not converge")
    lo, hi = np.quantile(totals, [(1 - level) / 2, (1 + level) / 2])
    point = float(model.expected_purchases(summary, t).sum())
    return {"total": point, "low": float(lo), "high": float(hi), "level": level,
            "n_boot": len(totals), "n_failed": failed}  # fmt: skip
