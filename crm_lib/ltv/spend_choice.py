"""Which spend model values the customers: each candidate fitted on the calibration period
and scored on the spend customers actually made in the holdout.

The rule: the candidate with the lowest root-mean-square error of holdout spend per
purchase day wins (each customer with holdout purchases weighted by their holdout purchase
days: the error per purchase, as CLV multiplies it by purchases); Gamma-Gamma, the
baseline, is kept unless another candidate is strictly better, and when fewer than
:data:`MIN_HOLDOUT_CUSTOMERS` customers bought in the holdout. Squared error, because CLV
needs the mean spend (absolute error would favour the median, which is lower for skewed
spend).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone

from crm_lib.dataset import Dataset
from crm_lib.ltv.gamma_gamma import GammaGammaModel, IndependenceTest, independence_test
from crm_lib.ltv.spend import LogNormalSpendModel, spend_inputs
from crm_lib.ltv.summary import rfm_summary

#: candidate spend models by name (not fitted)
SPEND_MODELS = {
    "gamma_gamma": GammaGammaModel(),
    "lognormal": LogNormalSpendModel(),
    "lognormal_by_frequency": LogNormalSpendModel(group_by=("frequency_band",)),
}
BASELINE = "gamma_gamma"
ERROR_COLUMNS = ["model", "customers", "purchases", "rmse", "mae", "bias_pct", "one_time_rmse",
                 "one_time_expected"]  # fmt: skip
MIN_HOLDOUT_CUSTOMERS = 30


def fit_spend_model(name: str, data: pd.DataFrame):
    """A fresh :data:`SPEND_MODELS` candidate fitted on ``data`` (:func:`spend_inputs`)."""
    if name not in SPEND_MODELS:
        raise ValueError(f"spend model must be one of {sorted(SPEND_MODELS)}, not {name!r}")
    return clone(SPEND_MODELS[name]).fit(data)


def _weighted(pred: np.ndarray, actual: np.ndarray, weight: np.ndarray) -> dict:
    """Weighted RMSE, MAE and bias (% of actual spend); NaN without any weight."""
    total = weight.sum()
    if total == 0:
        return {"rmse": np.nan, "mae": np.nan, "bias_pct": np.nan}
    error = pred - actual
    return {
        "rmse": float(np.sqrt((weight * error**2).sum() / total)),
        "mae": float((weight * np.abs(error)).sum() / total),
        "bias_pct": float(100 * (weight * error).sum() / (weight * actual).sum()),
    }


def holdout_errors(models: dict, data: pd.DataFrame) -> pd.DataFrame:
    """Per fitted model: customers and purchase days in the holdout, weighted RMSE, MAE and
    bias (%) of spend per purchase day, the same RMSE among one-time buyers, and the mean
    expected spend of all one-time buyers (``one_time_expected``)."""
    weight = data["frequency_holdout"].to_numpy(dtype=float)
    actual = data["monetary_value_holdout"].to_numpy(dtype=float)
    one_time = (data["frequency"] == 0).to_numpy()
    rows = []
    for name, model in models.items():
        pred = model.expected_value(data)
        row = {"model": name, "customers": int((weight > 0).sum()), "purchases": weight.sum()}
        row |= _weighted(pred, actual, weight)
        row["one_time_rmse"] = _weighted(pred, actual, weight * one_time)["rmse"]
        row["one_time_expected"] = float(pred[one_time].mean()) if one_time.any() else np.nan
        rows.append(row)
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


def holdout_by_band(models: dict, data: pd.DataFrame) -> pd.DataFrame:
    """Mean holdout spend per purchase day by calibration frequency band, actual and per
    model (weighted by holdout purchase days), over customers who bought in the holdout."""
    bought = data[data["frequency_holdout"] > 0]
    weight = bought["frequency_holdout"].to_numpy(dtype=float)
    frame = pd.DataFrame({"band": bought["frequency_band"].to_numpy(), "customers": 1,
                          "weight": weight})  # fmt: skip
    frame["actual"] = bought["monetary_value_holdout"].to_numpy() * weight
    for name, model in models.items():
        frame[name] = model.expected_value(bought) * weight
    table = frame.groupby("band").sum()
    means = table.drop(columns=["customers", "weight"]).div(table["weight"], axis=0)
    means.insert(0, "customers", table["customers"])
    order = sorted(means.index, key=lambda band: int(band.split("-")[0].rstrip("+")))
    return means.loc[order].rename_axis("band").reset_index()


@dataclass(frozen=True)
class SpendChoice:
    """The spend models compared on the holdout and the one chosen (see the module's rule)."""

    chosen: str
    reason: str  # lowest_error | baseline_best | few_holdout_customers
    holdout_customers: int  # customers with a purchase in the holdout
    errors: pd.DataFrame  # holdout_errors, one row per candidate that could be fitted
    by_band: pd.DataFrame  # holdout_by_band
    test: IndependenceTest | None  # Gamma-Gamma's independence assumption; None: untestable
    models: dict  # name -> fitted on the calibration period


def choose_spend_model(data: pd.DataFrame, *, test: bool = True) -> SpendChoice:
    """Fit every candidate on ``data`` (a calibration summary with holdout columns and
    :func:`spend_inputs`) and choose by the rule of this module; ``test``: also run
    Gamma-Gamma's :func:`~crm_lib.ltv.gamma_gamma.independence_test`."""
    models = {}
    for name in SPEND_MODELS:
        try:
            models[name] = fit_spend_model(name, data)
        except ValueError:  # too little data for this candidate (e.g. no repeat customers)
            continue
    errors = holdout_errors(models, data)
    try:
        tested = independence_test(data) if test else None
    except ValueError:  # repeat customers all of one frequency
        tested = None
    bought = int((data["frequency_holdout"] > 0).sum())
    if errors.empty or bought < MIN_HOLDOUT_CUSTOMERS:
        chosen, reason = BASELINE, "few_holdout_customers"
    else:
        best = errors.loc[errors["rmse"].idxmin()]
        base = errors.set_index("model")["rmse"].get(BASELINE, np.inf)
        better = best["rmse"] < base
        chosen = best["model"] if better else BASELINE
        reason = "lowest_error" if better else "baseline_best"
    errors["chosen"] = errors["model"] == chosen
    by_band = holdout_by_band(models, data)
    return SpendChoice(chosen, reason, bought, errors, by_band, tested, models)


def spend_choice(
    ds: Dataset, calibration_end: dt.date, observation_end: dt.date, *, test: bool = True
) -> SpendChoice:
    """:func:`choose_spend_model` on the customers who had bought by ``calibration_end``,
    checked on their purchases to ``observation_end``."""
    summary = rfm_summary(ds, calibration_end, observation_end, "D")
    return choose_spend_model(spend_inputs(ds, summary, calibration_end), test=test)


def chosen_spend_model(ds: Dataset, calibration_end: dt.date, observation_end: dt.date) -> str:
    """The name of the spend model :func:`spend_choice` chooses (without the test): what
    a report that shows no spend section (e.g. churn's value at risk) passes to
    :func:`~crm_lib.ltv.analysis.customer_values` to value customers as the LTV page does."""
    return spend_choice(ds, calibration_end, observation_end, test=False).chosen
