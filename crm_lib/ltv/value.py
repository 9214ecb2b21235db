"""Customer lifetime value and the holdout check of purchase-count models.

Durations carry their unit: the models count in the summary's time unit (days or weeks);
the CLV horizon is in weeks and the discount rate is per month, a month being 365.25 / 12
days (the convention of the CLV literature and of lifetimes, made explicit here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.ltv.base import PurchaseCountModel
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.summary import UNIT_DAYS

DAYS_PER_MONTH = 365.25 / 12


def customer_lifetime_value(
    counts: PurchaseCountModel,
    spend: GammaGammaModel | np.ndarray,
    summary: pd.DataFrame,
    *,
    time_unit: str,
    horizon_weeks: int,
    discount_rate_monthly: float,
) -> pd.Series:
    """Discounted value of each customer's purchases over the next ``horizon_weeks``.

    Expected purchases week by week (from ``counts``) times the expected value of a
    purchase (``spend``: a fitted spend model, scored on ``summary``, or one value per
    customer in the currency), each week discounted at ``discount_rate_monthly``.
    """
    step = 7.0 / UNIT_DAYS[time_unit]  # one week in model time units
    weeks = np.arange(1, horizon_weeks + 1)
    path = counts.expected_purchases_path(summary, weeks * step)
    per_week = np.diff(np.column_stack([np.zeros(len(summary)), path]), axis=1)
    discount = (1 + discount_rate_monthly) ** (-(weeks * 7.0) / DAYS_PER_MONTH)
    per_purchase = spend.expected_value(summary) if hasattr(spend, "expected_value") else spend
    value = per_week @ discount * np.asarray(per_purchase, dtype=float)
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
