"""MBG/NBD (Batislam, Denizel & Filiztekin 2007; Wagner & Hoppe 2008, erratum).

BG/NBD lets a customer drop out only after a repeat purchase, so a customer who never came
back is certainly alive (P(alive) = 1). MBG/NBD lets the dropout happen after every purchase,
the first included: one-time buyers can be gone too. lifetimes' ``ModifiedBetaGeoFitter``
is the reference of the likelihood and of the predictions reused here.
"""

from __future__ import annotations

from crm_lib.ltv.bgnbd import BetaGeoModel


class ModifiedBetaGeoModel(BetaGeoModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); after every purchase (the first included)
    the customer drops out with probability p ~ Beta(a, b). Rates are per time unit of the
    summary. A customer alive at T stays alive until the next purchase, so P(no purchase in
    t | alive) is BG/NBD's."""

    name = "mbgnbd"
    fitter_name = "ModifiedBetaGeoFitter"
    shift = 1
