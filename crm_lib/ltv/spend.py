"""Spend per purchase that conditions on the customer's own orders, first purchase included.

Gamma-Gamma (:mod:`crm_lib.ltv.gamma_gamma`) learns from repeat purchases only and gives
every one-time buyer the mean spend of repeat customers; when spend depends on how often a
customer buys (:func:`~crm_lib.ltv.gamma_gamma.independence_test`), that mean is wrong for
them. :class:`LogNormalSpendModel` is a hierarchical log-normal model of the value of a
purchase day that uses every purchase day a customer made, the first included, and shrinks
the customer's mean toward a prior learned from customers like them (all customers, or
those in the same frequency band).

The per-customer inputs come from the engine (:func:`spend_inputs_sql`, on the purchase
days of :func:`crm_lib.features.purchase_days_sql`); join them onto an RFM summary
(:func:`spend_inputs`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.dataset import Dataset
from crm_lib.features import purchase_days_sql

#: columns :func:`spend_inputs_sql` adds to a summary (values in the data's currency)
INPUT_COLUMNS = ("first_value", "repeat_days", "repeat_log_mean", "repeat_log_ss")
#: upper edges of the frequency bands (repeat purchase days): 0, 1, 2, 3-5, 6+
FREQUENCY_BANDS = (0, 1, 2, 5)
MIN_GROUP = 30  # customers with spend below which a group takes the pooled prior


def spend_inputs_sql(as_of: dt.date, *, table: str = "transactions") -> str:
    """SQL for one row per customer with a purchase day on or before ``as_of``:
    ``first_value`` (value of the first purchase day), ``repeat_days`` (later purchase days
    with a positive value), ``repeat_log_mean`` and ``repeat_log_ss`` (mean and sum of
    squared deviations of their log values; NULL / 0 without any)."""
    days = purchase_days_sql(as_of, table=table)
    return f"""
WITH days AS ({days}),
marked AS (SELECT *, day = min(day) OVER (PARTITION BY customer_id) AS is_first FROM days),
repeats AS (SELECT customer_id, ln(value) AS log_value FROM marked
            WHERE NOT is_first AND value > 0)
SELECT f.customer_id, f.value AS first_value,
       count(r.log_value) AS repeat_days,
       avg(r.log_value) AS repeat_log_mean,
       coalesce(var_pop(r.log_value) * count(r.log_value), 0) AS repeat_log_ss
FROM marked AS f LEFT JOIN repeats AS r USING (customer_id)
WHERE f.is_first
GROUP BY f.customer_id, f.value
ORDER BY f.customer_id"""


def spend_inputs(ds: Dataset, summary: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """``summary`` (an RFM summary to ``as_of``, indexed by customer id) with the
    :data:`INPUT_COLUMNS` and ``frequency_band`` joined on."""
    inputs = ds.con.execute(spend_inputs_sql(as_of)).df().set_index("customer_id")
    out = summary.join(inputs[list(INPUT_COLUMNS)], how="left")
    out["frequency_band"] = frequency_band(out["frequency"])
    return out


def frequency_band(frequency: pd.Series) -> pd.Series:
    """Band of repeat purchase days: "0", "1", "2", "3-5", "6+" (edges :data:`FREQUENCY_BANDS`)."""
    edges = [-np.inf, *FREQUENCY_BANDS, np.inf]
    labels = ["0", "1", "2", "3-5", "6+"]
    return pd.cut(frequency, edges, labels=labels).astype(str)


def _require(frame: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"spend inputs missing {missing}: join them with spend_inputs()")


class LogNormalSpendModel(BaseEstimator):
    """Hierarchical log-normal spend per purchase day, a scikit-learn estimator.

    log value of purchase day j of customer i = μ_i + δ·[j is the first] + ε, ε ~ N(0, σ²);
    μ_i ~ N(m_g, τ²_g) over the customers of group g (``group_by``: summary columns, e.g.
    ``("frequency_band",)``; empty: one pooled prior). Empirical Bayes: δ is the mean
    within-customer difference between the first and the later purchase days (repeat
    customers), σ² the pooled within-customer variance, m_g and τ²_g the moments of the
    customers' mean log values (τ² net of the noise σ²/n); a group with fewer than
    :data:`MIN_GROUP` customers takes the pooled prior. The expected value of a future
    purchase day is E[exp(μ_i + ε) | data] = exp(μ̂_i + (s²_i + σ²) / 2) (μ̂_i, s²_i: the
    posterior mean and variance of μ_i) times the share of purchase days with a positive
    value (zero-value days carry no log).

    ``fit(summary)`` and ``expected_value(summary)`` take a summary with the
    :data:`INPUT_COLUMNS` (:func:`spend_inputs`). Learned: ``delta_``, ``sigma2_``,
    ``priors_`` (per group: customers, mean and variance of μ), ``positive_share_``,
    ``n_customers_``.
    """

    def __init__(self, group_by: tuple[str, ...] = ()):
        self.group_by = group_by

    @staticmethod
    def _logs(summary: pd.DataFrame, delta: float):
        """Per customer: positive purchase days n, their mean log value M (the first day
        shifted by -delta) and the sum of squared deviations around M."""
        first = summary["first_value"].fillna(0).to_numpy(dtype=float)
        has_first = first > 0
        log_first = np.log(np.where(has_first, first, 1.0)) - delta
        r = summary["repeat_days"].fillna(0).to_numpy(dtype=float)
        mean_r = summary["repeat_log_mean"].fillna(0).to_numpy(dtype=float)
        ss_r = summary["repeat_log_ss"].fillna(0).to_numpy(dtype=float)
        n = r + has_first
        safe = np.maximum(n, 1)
        mean = np.where(has_first, log_first, 0) / safe + r * mean_r / safe
        gap = np.where(has_first & (r > 0), r * (log_first - mean_r) ** 2 / safe, 0.0)
        return n, mean, ss_r + gap

    def _groups(self, summary: pd.DataFrame) -> pd.Series:
        """Each customer's group key: the ``group_by`` values joined by "|" (vectorised)."""
        key = pd.Series("all", index=summary.index)
        for i, column in enumerate(self.group_by):
            part = summary[column].astype(str)
            key = part if i == 0 else key + "|" + part
        return key

    def fit(self, summary: pd.DataFrame) -> LogNormalSpendModel:
        _require(summary, INPUT_COLUMNS)
        first = summary["first_value"].fillna(0).to_numpy(dtype=float)
        r = summary["repeat_days"].fillna(0).to_numpy(dtype=float)
        both = (first > 0) & (r > 0)
        if not both.any():
            raise ValueError("the log-normal spend model needs repeat customers")
        mean_r = summary["repeat_log_mean"].to_numpy(dtype=float)
        self.delta_ = float(np.mean(np.log(first[both]) - mean_r[both]))
        n, mean, ss = self._logs(summary, self.delta_)
        self.sigma2_ = float(ss[n > 1].sum() / (n[n > 1] - 1).sum())
        if not self.sigma2_ > 0:  # e.g. one repeat customer: delta fits them exactly
            raise ValueError("too few repeat purchases to estimate the spread of spend")
        frame = pd.DataFrame({"group": self._groups(summary).to_numpy(), "mean": mean,
                              "noise": self.sigma2_ / np.maximum(n, 1)})[n > 0]  # fmt: skip
        self.pooled_ = self._prior(frame)
        priors = frame.groupby("group").apply(self._prior, include_groups=False)
        small = priors["customers"] < MIN_GROUP
        priors.loc[small, ["mean", "variance"]] = [self.pooled_["mean"], self.pooled_["variance"]]
        self.priors_ = priors
        days = len(summary) + summary["frequency"].to_numpy(dtype=float).sum()
        self.positive_share_ = float(n.sum() / days)
        self.n_customers_ = int((n > 0).sum())
        return self

    def _prior(self, frame: pd.DataFrame) -> pd.Series:
        """Moments of μ in one group: mean of the customers' mean logs; variance net of
        their noise (at least 1 % of σ², so that a group is never a point mass)."""
        variance = frame["mean"].var(ddof=1) - frame["noise"].mean() if len(frame) > 1 else 0.0
        return pd.Series({"customers": len(frame), "mean": frame["mean"].mean(),
                          "variance": max(float(variance), 0.01 * self.sigma2_)})  # fmt: skip

    def expected_value(self, summary: pd.DataFrame) -> np.ndarray:
        """Expected value of each customer's future purchase days, in the data's currency."""
        check_is_fitted(self, "priors_")
        _require(summary, INPUT_COLUMNS)
        n, mean, _ = self._logs(summary, self.delta_)
        groups = self._groups(summary)
        prior = self.priors_.reindex(groups.to_numpy())
        m = prior["mean"].fillna(self.pooled_["mean"]).to_numpy()
        tau2 = prior["variance"].fillna(self.pooled_["variance"]).to_numpy()
        precision = 1 / tau2 + n / self.sigma2_
        mu = (m / tau2 + n * mean / self.sigma2_) / precision
        return np.exp(mu + (1 / precision + self.sigma2_) / 2) * self.positive_share_
