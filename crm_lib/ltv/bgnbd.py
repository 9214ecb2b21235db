"""BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").

The likelihood and its gradient are written here (FHL 2005, eq. 6) for the shared fitting
path of :class:`~crm_lib.ltv.base.PurchaseCountModel`; the MBG/NBD variant
(:mod:`crm_lib.ltv.mbgnbd`) differs only in allowing a dropout at the first purchase too.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, psi

from crm_lib.ltv.base import PurchaseCountModel, pooled_rate


def beta_geometric_terms(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, shift: int
) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood of each history (x repeat purchases, the last at t_x, observed to T)
    and its gradient in log(r, α, a, b), shape (n, 4).

    ``shift`` 0: BG/NBD (dropout possible after each repeat purchase); 1: MBG/NBD (after
    every purchase, the first included). With n = b + x + shift - 1:
    ℓ = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x+shift) − ln B(a, b)
        + ln[(α+T)^−(r+x) + 1{x+shift>0} a/n (α+t_x)^−(r+x)].
    """
    r, alpha, a, b = params
    n = b + x + shift - 1
    can_die = (x + shift) > 0
    n_safe = np.where(can_die, n, 1.0)
    alive = -(r + x) * np.log(alpha + T)
    dead = np.where(can_die, np.log(a) - np.log(n_safe) - (r + x) * np.log(alpha + t_x), -np.inf)
    top = np.maximum(alive, dead)
    e_alive, e_dead = np.exp(alive - top), np.exp(dead - top)
    w_dead = e_dead / (e_alive + e_dead)  # posterior P(dropped out by T)
    w_alive = 1.0 - w_dead
    ll = (
        gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        + gammaln(a + b) + gammaln(b + x + shift) - gammaln(b) - gammaln(a + b + x + shift)
        + np.log(e_alive + e_dead) + top
    )  # fmt: skip
    d_r = psi(r + x) - psi(r) + np.log(alpha) - w_alive * np.log(alpha + T)
    d_r = d_r - w_dead * np.log(alpha + t_x)
    d_alpha = r / alpha - (r + x) * (w_alive / (alpha + T) + w_dead / (alpha + t_x))
    d_a = psi(a + b) - psi(a + b + x + shift) + w_dead / a
    d_b = psi(a + b) + psi(b + x + shift) - psi(b) - psi(a + b + x + shift) - w_dead / n_safe
    grad = np.column_stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return ll, grad


class BetaGeoModel(PurchaseCountModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); after each repeat purchase the customer
    drops out with probability p ~ Beta(a, b). Rates are per time unit of the summary.

    A customer without a repeat purchase cannot have dropped out (P(alive) = 1): the
    assumption MBG/NBD relaxes."""

    name = "bgnbd"
    fitter_name = "BetaGeoFitter"
    param_names = ("r", "alpha", "a", "b")
    shift = 0

    def _terms(self, params, x, t_x, T):
        return beta_geometric_terms(params, x, t_x, T, self.shift)

    def _starts(self, x, t_x, T, weights):
        rate = pooled_rate(x, T, weights)
        return [np.array([1.0, 1.0 / rate, 1.0, 1.0]), np.full(4, np.exp(0.1))]

    def _p_alive(self, x, t_x, T):
        return self.fitter_.conditional_probability_alive(x, t_x, T)

    def _expected(self, t, x, t_x, T):
        return self.fitter_.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T)

    def _quiet_if_alive(self, t, x, T):
        """P(no purchase in the next t | alive at T): λ ~ Gamma(r + x, α + T) a posteriori
        and no dropout without a purchase, so ((α + T) / (α + T + t)) ** (r + x)."""
        r, alpha = self.params_["r"], self.params_["alpha"]
        return ((alpha + T) / (alpha + T + t)) ** (r + x)
