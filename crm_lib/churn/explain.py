"""Why customers churn: which features the model relies on, how churn changes along them,
the effect of each planted kind of driver measured conditional on activity, and each
customer's main reasons.

Permutation importance permutes one input column at a time (all its encoded columns
together, which is the same as permuting the raw column since every encoding step works
column by column) and records the loss of ROC-AUC. Driver effects are adjusted odds ratios
from a logistic regression of churn on the driver and the activity controls (recency,
purchase days, spend, tenure): complainers are frequent buyers, so a raw comparison of customers
would show complaints *lowering* churn (docs/demo-data.md, "Churn drivers").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

from crm_lib import blocks
from crm_lib.churn.features import CATEGORICAL, FEATURE_GROUPS
from crm_lib.churn.models import ChurnModel
from crm_lib.encoded import input_columns, with_each_input_set
from crm_lib.money import Amount

#: activity controls of :func:`driver_effects` (log1p of counts, days and amounts)
CONTROLS = ("recency_days", "purchase_days", "purchases_recent", "spend_365d", "tenure_days")
#: candidate drivers: feature -> rows it applies to ("all" or "contractual")
DRIVERS = {
    "delivery_complaint_since_last_order": "all",
    "delivery_complaints_recent": "all",
    "complaints_recent": "all",
    "subscription_skips": "contractual",
    "unsubscribed": "all",
    "returns": "all",
}


def permutation_importance(
    model, features: pd.DataFrame, churned, *, n_repeats: int = 3,
    random_state: int | None = 0,
) -> pd.DataFrame:  # fmt: skip
    """Mean and standard deviation of the ROC-AUC lost when one feature is shuffled,
    per input feature of ``model`` (a :class:`ChurnModel`, or any scorer with ``features_``
    and ``p_churn``), largest first (``rank`` 1 = most important)."""
    with threadpool_limits(1):  # many small predictions: threads cost more than they save
        return _permutation_importance(model, features, churned, n_repeats, random_state)


def _permutation_importance(model, features, churned, n_repeats, random_state) -> pd.DataFrame:
    rng = check_random_state(random_state)
    y = np.asarray(churned, dtype=int)
    if hasattr(model, "pipeline_"):  # encode once, shuffle the encoded columns
        encoded = np.asarray(model.pipeline_[0].transform(model._x(features)), dtype=float)
        final = model.pipeline_[-1]
        groups = input_columns(model.pipeline_[0])

        def score(rows):
            return blocks.predict_proba(final, rows)[:, 1]

    else:  # a model without an encoding step (a purchase-model baseline): raw columns
        encoded = features[model.features_]
        groups = {f: [i] for i, f in enumerate(model.features_)}

        def score(rows):
            return model.p_churn(rows)

    base = roc_auc_score(y, score(encoded))
    rows = []
    for feature, cols in groups.items():
        losses = []
        for _ in range(n_repeats):
            shuffled = encoded.copy()
            order = rng.permutation(len(y))
            if isinstance(shuffled, pd.DataFrame):
                shuffled.iloc[:, cols] = encoded.iloc[order, cols].to_numpy()
            else:
                shuffled[:, cols] = encoded[order][:, cols]
            losses.append(base - roc_auc_score(y, score(shuffled)))
        rows.append(
            {"feature": feature, "group": FEATURE_GROUPS.get(feature, feature),
             "importance": float(np.mean(losses)), "std": float(np.std(losses))}
        )  # fmt: skip
    table = pd.DataFrame(rows).sort_values("importance", ascending=False, kind="stable")
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


def partial_dependence(
    model, features: pd.DataFrame, feature: str, *, points: int = 12
) -> pd.DataFrame:
    """Mean predicted P(churn) when everyone's ``feature`` is set to each grid value
    (quantiles of the observed values; every category for a categorical feature)."""
    values = features[feature].dropna()
    if feature in CATEGORICAL:
        grid = values.value_counts().index[:points].tolist()
    else:
        grid = np.unique(np.quantile(values.astype(float), np.linspace(0.02, 0.98, points)))
    rows = []
    for value in grid:
        changed = features.assign(**{feature: value})
        rows.append({"value": value, "p_churn": float(model.p_churn(changed).mean())})
    return pd.DataFrame(rows)


def partial_dependence_summary(
    curve: pd.DataFrame, categorical: bool, *, money: bool = False
) -> dict:
    """What a sentence about one partial-dependence curve needs: ``peak`` (the value with
    the highest mean P(churn)) and ``p_peak``; for a numeric feature ``low``/``high`` are the
    ends of the grid with ``p_low``/``p_high``; for a categorical one ``low`` is the category
    with the lowest mean P(churn). Numbers are rounded to three significant digits; with
    ``money`` they are :class:`~crm_lib.money.Amount` (written in the run's currency)."""
    p = curve["p_churn"].to_numpy()
    top = int(np.argmax(p))
    first, last = (int(np.argmin(p)), top) if categorical else (0, len(p) - 1)
    value = str if categorical else _money if money else _plain_number
    return {
        "low": value(curve["value"].iloc[first]), "p_low": float(p[first]),
        "high": value(curve["value"].iloc[last]), "p_high": float(p[last]),
        "peak": value(curve["value"].iloc[top]), "p_peak": float(p[top]),
    }  # fmt: skip


def _plain_number(value: float) -> str:
    """A number for a sentence: three significant digits, thousands separated."""
    return f"{float(f'{float(value):.3g}'):,.10g}"


def _money(value: float) -> Amount:
    """An amount for a sentence: three significant digits."""
    return Amount(float(f"{float(value):.3g}"))


def _logit_fit(x: np.ndarray, y: np.ndarray, iters: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Unpenalised logistic regression by Newton steps: coefficients and standard errors."""
    x = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(x.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-6 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, x.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    covariance = np.linalg.inv(hessian)
    return beta[1:], np.sqrt(np.diag(covariance))[1:]


def driver_effects(
    features: pd.DataFrame, churned, drivers: dict[str, str] | None = None
) -> pd.DataFrame:
    """Per candidate driver present in ``features``: customers affected (value > 0), churn
    rate with and without, and the **adjusted odds ratio** of churn per unit of the driver
    (one complaint, one skip ...) with a 95 % interval, controlling for activity
    (:data:`CONTROLS`, log1p). ``rows``: all customers, or only contractual ones for
    subscription drivers."""
    y_all = np.asarray(churned, dtype=float)
    controls = [c for c in CONTROLS if c in features.columns]
    rows = []
    for driver, scope in (drivers or DRIVERS).items():
        if driver not in features.columns:
            continue
        keep = np.ones(len(features), dtype=bool)
        if scope == "contractual" and "contractual" in features.columns:
            keep = features["contractual"].to_numpy(dtype=bool)
        x_driver = features[driver].to_numpy(dtype=float)[keep]
        if np.nansum(x_driver > 0) < 5 or keep.sum() < 30:
            continue
        y = y_all[keep]
        ctrl = np.log1p(features.loc[keep, controls].astype(float).clip(lower=0).to_numpy())
        x = np.column_stack([np.nan_to_num(x_driver), ctrl])
        x = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)
        beta, se = _logit_fit(x, y)
        scale = np.nan_to_num(x_driver).std() or 1.0
        b, s = beta[0] / scale, se[0] / scale
        affected = np.nan_to_num(x_driver) > 0
        rows.append(
            {
                "feature": driver, "group": FEATURE_GROUPS.get(driver, driver), "scope": scope,
                "customers": int(keep.sum()), "affected": int(affected.sum()),
                "churn_rate_affected": float(y[affected].mean()),
                "churn_rate_other": float(y[~affected].mean()),
                "odds_ratio": float(np.exp(b)), "low": float(np.exp(b - 1.96 * s)),
                "high": float(np.exp(b + 1.96 * s)),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def main_reasons(
    model, features: pd.DataFrame, candidates: list[str], *, top: int = 2
) -> pd.DataFrame:
    """Each customer's ``top`` reasons: the candidate features whose value raises their
    P(churn) most compared with the typical value (median, or most common category) of
    the population. Columns ``reason_1`` ... (feature names; empty when nothing raises it)
    and ``lift_1`` ... (points of P(churn) the reason adds, 0-1). The rows are encoded
    once; per candidate one batch prediction of the rows the typical value changes."""
    with threadpool_limits(1):
        return _main_reasons(model, features, candidates, top)


def _raises_encoded(model: ChurnModel, features, typical: dict) -> dict[str, np.ndarray]:
    """P(churn) minus P(churn) with one feature set to its typical value, per feature of
    ``typical`` (:func:`crm_lib.encoded.with_each_input_set`: rows encoded once, only the
    rows a typical value changes predicted again; the others gain 0)."""
    x = model._x(features)
    values = model._x(features.iloc[:1].assign(**typical))
    base, changed = with_each_input_set(model.pipeline_, x, values, list(typical))
    return {f: base - p for f, p in changed.items()}


def _main_reasons(model, features, candidates, top) -> pd.DataFrame:
    typical = {
        f: features[f].mode().iloc[0] if f in CATEGORICAL else features[f].astype(float).median()
        for f in candidates
    }
    if hasattr(model, "pipeline_"):
        raises = _raises_encoded(model, features, typical)
    else:  # a purchase-model baseline: raw columns
        base = model.p_churn(features)
        raises = {f: base - model.p_churn(features.assign(**{f: v})) for f, v in typical.items()}
    gains = pd.DataFrame(raises, index=features.index)
    order = np.argsort(-gains.to_numpy(), axis=1)[:, :top]
    out = pd.DataFrame(index=features.index)
    names = np.asarray(gains.columns)
    for k in range(top):
        lift = np.take_along_axis(gains.to_numpy(), order[:, [k]], axis=1)[:, 0]
        out[f"reason_{k + 1}"] = np.where(lift > 0.005, names[order[:, k]], "")
        out[f"lift_{k + 1}"] = np.clip(lift, 0, None)
    return out
