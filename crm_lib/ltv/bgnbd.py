"""BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.lifetimes_compat import bgnbd_log_likelihood
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories


class BetaGeoModel(PurchaseCountModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); after each repeat purchase the customer
    drops out with probability p ~ Beta(a, b). Rates are per time unit of the summary."""

    fitter_name = "BetaGeoFitter"
    param_names = ("r", "alpha", "a", "b")

    _log_likelihood = staticmethod(bgnbd_log_likelihood)

    def p_no_purchase(self, summary: pd.DataFrame, t: float) -> np.ndarray:
        """Probability that each customer makes no purchase in the next ``t`` time units.

        Dead customers never buy; a customer alive at T has λ ~ Gamma(r + x, α + T) a
        posteriori and buys nothing in ``t`` with probability exp(-λ t), so
        P = 1 - P(alive) (1 - ((α + T) / (α + T + t)) ** (r + x)).
        """
        alive = self.p_alive(summary)
        h = UniqueHistories.of(summary)
        r, alpha = self.params_["r"], self.params_["alpha"]
        quiet = ((alpha + h.T) / (alpha + h.T + t)) ** (r + h.frequency)
        return 1.0 - alive * (1.0 - h.expand(quiet))
