"""Gamma-Gamma model of spend per purchase (Fader & Hardie 2013; Colombo & Jiang 1999)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.lifetimes_compat import fitter, gamma_gamma_log_likelihood
from crm_lib.ltv.uncertainty import standard_errors

PARAMS = ("p", "q", "v")


class GammaGammaModel(BaseEstimator):
    """Value of a purchase ~ Gamma(p, ν), ν ~ Gamma(q, v); fitted on repeat customers.

    A scikit-learn estimator; ``penalizer``: lifetimes' L2 penalty (0: maximum
    likelihood). ``fit(summary)`` uses customers with ``frequency > 0`` and their
    ``monetary_value`` (mean repeat-purchase value, in the data's currency). Learned: ``params_``,
    ``standard_errors_``, ``frequency_monetary_correlation_`` (Pearson, which the model
    assumes near zero), ``n_customers_``.
    """

    def __init__(self, penalizer: float = 0.0):
        self.penalizer = penalizer

    def fit(self, summary: pd.DataFrame) -> GammaGammaModel:
        repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
        pairs = repeat[["frequency", "monetary_value"]].to_numpy(dtype=float)
        unique, counts = np.unique(pairs, axis=0, return_counts=True)
        x, m = unique[:, 0], unique[:, 1]
        self.fitter_ = fitter("GammaGammaFitter")(penalizer_coef=self.penalizer).fit(
            x, m, weights=counts
        )
        values = np.array([self.fitter_.params_[n] for n in PARAMS], dtype=float)
        self.params_ = dict(zip(PARAMS, values.tolist(), strict=True))
        errors = standard_errors(lambda p: gamma_gamma_log_likelihood(p, x, m, counts), values)
        self.standard_errors_ = dict(zip(PARAMS, errors.tolist(), strict=True))
        self.frequency_monetary_correlation_ = float(
            np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1]
        )
        self.n_customers_ = len(repeat)
        return self

    def expected_value(self, summary: pd.DataFrame) -> np.ndarray:
        """Expected value of each customer's future purchases (population mean for one-time
        buyers), in the data's currency."""
        check_is_fitted(self, "params_")
        p, q, v = (self.params_[k] for k in PARAMS)
        x = summary["frequency"].to_numpy(dtype=float)
        m = summary["monetary_value"].to_numpy(dtype=float)
        population_mean = p * v / (q - 1)
        weight = p * x / (p * x + q - 1)
        return (1 - weight) * population_mean + weight * m
