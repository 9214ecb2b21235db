"""BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way")."""

from __future__ import annotations

from crm_lib.lifetimes_compat import bgnbd_log_likelihood
from crm_lib.ltv.base import PurchaseCountModel


class BetaGeoModel(PurchaseCountModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); after each repeat purchase the customer
    drops out with probability p ~ Beta(a, b). Rates are per time unit of the summary."""

    fitter_name = "BetaGeoFitter"
    param_names = ("r", "alpha", "a", "b")

    _log_likelihood = staticmethod(bgnbd_log_likelihood)
