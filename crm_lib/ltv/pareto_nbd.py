"""Pareto/NBD (Schmittlein, Morrison & Colombo 1987)."""

from __future__ import annotations

import numpy as np

from crm_lib.lifetimes_compat import pareto_nbd_log_likelihood, pareto_nbd_recency
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories


class ParetoNBDModel(PurchaseCountModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); lifetime exponential(μ), μ ~ Gamma(s, β).
    Rates are per time unit of the summary."""

    fitter_name = "ParetoNBDFitter"
    param_names = ("r", "alpha", "s", "beta")

    _log_likelihood = staticmethod(pareto_nbd_log_likelihood)

    def _recency(self, h: UniqueHistories) -> np.ndarray:
        return pareto_nbd_recency(h.recency, h.T)
