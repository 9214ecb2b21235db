"""What the purchase-count models share: fitting and scoring on unique customer histories.

Customers with the same (frequency, recency, T) have the same likelihood and the same
predictions, so models are fitted on the unique triples weighted by their counts and scored
once per triple, then joined back: the same result as one row per customer, far faster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.lifetimes_compat import fitter, quietly
from crm_lib.ltv.uncertainty import standard_errors

COLUMNS = ("frequency", "recency", "T")


@dataclass(frozen=True)
class UniqueHistories:
    """The distinct (frequency, recency, T) rows of a summary and where each customer maps."""

    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    counts: np.ndarray  # customers per unique history
    inverse: np.ndarray  # unique-history index of each customer

    @classmethod
    def of(cls, summary: pd.DataFrame) -> UniqueHistories:
        """Group identical histories by hashing, column by column (linear time; a sort-based
        ``np.unique(axis=0)`` costs more than the fit it saves)."""
        columns = [summary[c].to_numpy(dtype=float) for c in COLUMNS]
        inverse = np.zeros(len(summary), dtype=np.int64)
        for column in columns:  # combined codes stay below customers * distinct values
            codes, uniques = pd.factorize(column)
            inverse, _ = pd.factorize(inverse * len(uniques) + codes)
        counts = np.bincount(inverse)
        first = np.zeros(len(counts), dtype=np.int64)
        first[inverse[::-1]] = np.arange(len(summary))[::-1]  # first customer of each history
        return cls(*(c[first] for c in columns), counts, inverse)

    def expand(self, per_history: np.ndarray) -> np.ndarray:
        """Per-customer values from per-unique-history values."""
        return np.asarray(per_history)[self.inverse]


class PurchaseCountModel(BaseEstimator):
    """Base of BG/NBD and Pareto/NBD: a scikit-learn estimator around a lifetimes fitter.

    ``penalizer``: lifetimes' L2 penalty on the log-parameters (0: maximum likelihood).
    ``fit(summary)`` takes a frame with ``frequency``, ``recency``, ``T`` (see
    :mod:`crm_lib.ltv.summary`) and returns ``self``; learned: ``params_`` (dict),
    ``standard_errors_`` (dict), ``log_likelihood_``, ``n_customers_``, ``n_histories_``,
    ``fitter_`` (the lifetimes fitter). Scoring before ``fit`` raises
    :class:`sklearn.exceptions.NotFittedError`.
    """

    fitter_name: str = ""
    param_names: tuple[str, ...] = ()

    def __init__(self, penalizer: float = 0.0):
        self.penalizer = penalizer

    @staticmethod
    def _log_likelihood(params, frequency, recency, T, weights) -> float:  # pragma: no cover
        raise NotImplementedError

    def fit(self, summary: pd.DataFrame) -> PurchaseCountModel:
        h = UniqueHistories.of(summary)
        data = (h.frequency, self._recency(h), h.T, h.counts)
        model = fitter(self.fitter_name)(penalizer_coef=self.penalizer)
        self.fitter_ = quietly(model.fit, *data[:3], weights=h.counts)
        values = np.array([self.fitter_.params_[n] for n in self.param_names], dtype=float)
        self.params_ = dict(zip(self.param_names, values.tolist(), strict=True))
        self.log_likelihood_ = self._log_likelihood(values, *data)
        errors = standard_errors(lambda p: self._log_likelihood(p, *data), values)
        self.standard_errors_ = dict(zip(self.param_names, errors.tolist(), strict=True))
        self.n_customers_ = int(h.counts.sum())
        self.n_histories_ = len(h.counts)
        return self

    def _recency(self, h: UniqueHistories) -> np.ndarray:
        """Recency used to fit and score (a model may need to adjust edge cases)."""
        return h.recency

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> np.ndarray:
        """Expected repeat purchases of each customer in the next ``t`` time units."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        per = self.fitter_.conditional_expected_number_of_purchases_up_to_time(
            t, h.frequency, self._recency(h), h.T
        )
        return h.expand(per)

    def expected_purchases_path(self, summary: pd.DataFrame, times: np.ndarray) -> np.ndarray:
        """Cumulative expected purchases at each of ``times``: shape (customers, len(times))."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        recency = self._recency(h)
        path = np.column_stack(
            [
                self.fitter_.conditional_expected_number_of_purchases_up_to_time(
                    t, h.frequency, recency, h.T
                )
                for t in times
            ]
        )
        return path[h.inverse]

    def p_alive(self, summary: pd.DataFrame) -> np.ndarray:
        """Probability that each customer is still active at the end of calibration."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        alive = self.fitter_.conditional_probability_alive(h.frequency, self._recency(h), h.T)
        return h.expand(alive)
