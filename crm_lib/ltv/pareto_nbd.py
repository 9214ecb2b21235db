"""Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, note 009).

The likelihood of a history (x purchases after the first, the last at t_x, observed to T)
is, with λ ~ Gamma(r, α) and μ ~ Gamma(s, β),

    L = Γ(r+x) α^r β^s / Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ]

(alive at T, or dead at some τ in (t_x, T]). The integral is usually written as a difference
of two Gauss hypergeometric functions; that difference cancels to nothing (NaN) when t_x is
close to T and overflows for large parameters, which made lifetimes' fit end on NaN on the
demo. Here it is computed directly by Gauss-Legendre quadrature in y = ln(min(α, β) + τ),
where the log-integrand is concave, over the window where it is within ``DROP`` of its peak:
accurate to about 1e-10 in the log over the whole parameter box (checked against
scipy.integrate.quad), and differentiable, so the gradient comes from the same nodes.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, psi

from crm_lib.lifetimes_compat import pareto_nbd_recency
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories, pooled_rate

NODES, WEIGHTS = np.polynomial.legendre.leggauss(32)
DROP = 40.0  # the window ends where the log-integrand is this far below its peak (e^-40)
NEWTON_STEPS = 5  # steps that narrow the window from its ends (each stays outside it)
CHUNK = 32_768  # histories integrated at once (memory: CHUNK x 32 nodes per array)


def log_integral(a, alpha, b, beta, lo, hi) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """ln ∫_lo^hi (α+τ)^−a (β+τ)^−b dτ (−inf where hi <= lo) and its derivatives in
    (a, α, b, β); arrays broadcast together, all positive but lo, hi >= 0."""
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, alpha, b, beta)))
    lo, hi = np.broadcast_arrays(np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
    shape = np.broadcast_shapes(arrays[0].shape, lo.shape)
    flat = [np.broadcast_to(v, shape).ravel() for v in (*arrays, lo, hi)]
    parts = [
        _log_integral(*(v[i : i + CHUNK] for v in flat)) for i in range(0, flat[0].size, CHUNK)
    ]
    if not parts:
        empty = np.zeros(shape)
        return empty, (empty,) * 4
    values = [np.concatenate([p[k] for p in parts]).reshape(shape) for k in range(5)]
    return values[0], tuple(values[1:])


def _log_integral(a, alpha, b, beta, lo, hi):
    m = np.minimum(alpha, beta)
    da, db = alpha - m, beta - m  # one of them is 0

    def g(y):  # log-integrand in y = ln(m + τ), dτ = e^y dy: concave in y
        u = np.exp(y)
        return -a * np.log(u + da) - b * np.log(u + db) + y

    def slope(y):
        u = np.exp(y)
        return 1 - a * u / (u + da) - b * u / (u + db)

    y0, y1 = np.log(m + lo), np.log(m + np.maximum(hi, lo))
    with np.errstate(divide="ignore", invalid="ignore"):  # a peak at the ends has no u*
        d, far, near = da + db, np.where(da > 0, a, b), np.where(da > 0, b, a)
        inner = np.log((1 - near) * d / (far + near - 1))  # where the slope is 0
    peak = np.where(slope(y0) <= 0, y0, np.where(slope(y1) >= 0, y1, inner))
    peak = np.clip(np.nan_to_num(peak, nan=y0), y0, y1)
    level = g(peak) - DROP
    left, right = y0, y1
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(NEWTON_STEPS):  # Newton from outside: tangents lie above g
            g_left, g_right = g(left), g(right)
            left = np.where(g_left < level, left - (g_left - level) / slope(left), left)
            right = np.where(g_right < level, right - (g_right - level) / slope(right), right)
            left = np.clip(np.nan_to_num(left, nan=y0), y0, peak)
            right = np.clip(np.nan_to_num(right, nan=y1), peak, y1)
    half = (right - left) / 2
    y = ((left + right) / 2)[:, None] + half[:, None] * NODES
    u = np.exp(y)
    log_a, log_b = np.log(u + da[:, None]), np.log(u + db[:, None])
    log_f = -a[:, None] * log_a - b[:, None] * log_b + y
    top = log_f.max(axis=1, keepdims=True)
    w = WEIGHTS * np.exp(log_f - top)
    total = w.sum(axis=1)
    empty = hi <= lo
    with np.errstate(divide="ignore"):
        value = np.where(empty, -np.inf, np.log(total * np.where(empty, 1.0, half)) + top[:, 0])
    w = w / total[:, None]
    grads = (
        -(w * log_a).sum(axis=1),
        -(w * a[:, None] / (u + da[:, None])).sum(axis=1),
        -(w * log_b).sum(axis=1),
        -(w * b[:, None] / (u + db[:, None])).sum(axis=1),
    )
    return (value, *(np.where(empty, 0.0, g) for g in grads))


def pareto_nbd_terms(params, x, t_x, T) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood of each history and its gradient in log(r, α, s, β), shape (n, 4)."""
    r, alpha, s, beta = params
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    log_i, (di_a, di_alpha, di_b, di_beta) = log_integral(r + x, alpha, s + 1, beta, t_x, T)
    dead = np.log(s) + log_i
    mix = np.logaddexp(alive, dead)
    p_alive = np.exp(alive - mix)
    p_dead = 1.0 - p_alive
    ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + mix
    d_r = psi(r + x) - psi(r) + np.log(alpha) - p_alive * np.log(alpha + T) + p_dead * di_a
    d_alpha = r / alpha - p_alive * (r + x) / (alpha + T) + p_dead * di_alpha
    d_s = np.log(beta) - p_alive * np.log(beta + T) + p_dead * (1 / s + di_b)
    d_beta = s / beta - p_alive * s / (beta + T) + p_dead * di_beta
    grad = np.column_stack([d_r * r, d_alpha * alpha, d_s * s, d_beta * beta])
    return ll, grad


class ParetoNBDModel(PurchaseCountModel):
    """Purchases: Poisson(λ), λ ~ Gamma(r, α); lifetime exponential(μ), μ ~ Gamma(s, β).
    Rates are per time unit of the summary."""

    name = "pareto_nbd"
    fitter_name = "ParetoNBDFitter"
    param_names = ("r", "alpha", "s", "beta")
    time_params = ("alpha", "beta")

    def _terms(self, params, x, t_x, T):
        return pareto_nbd_terms(params, x, t_x, T)

    def _starts(self, x, t_x, T, weights):
        rate = pooled_rate(x, T, weights)
        return [np.array([1.0, 1.0 / rate, 1.0, 1.0]), np.full(4, np.exp(0.1))]

    def _params(self):
        return (self.params_[k] for k in self.param_names)

    def _p_alive(self, x, t_x, T):
        """(α+T)^−(r+x) (β+T)^−s over the bracket of the likelihood (note 009, eq. 36)."""
        r, alpha, s, beta = self._params()
        alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
        dead = np.log(s) + log_integral(r + x, alpha, s + 1, beta, t_x, T)[0]
        return np.exp(alive - np.logaddexp(alive, dead))

    def _expected(self, t, x, t_x, T):
        return self._expected_path(np.array([t], float), x, t_x, T)[:, 0]

    def _expected_path(self, times, x, t_x, T):
        """P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] at each t
        (note 009, eq. 41; the limit ln((β+T+t)/(β+T)) at s = 1); P(alive) once."""
        r, alpha, s, beta = self._params()
        log_ratio = np.log((beta + T[:, None] + times) / (beta + T[:, None]))
        near_one = abs(s - 1) <= 1e-9
        horizon = log_ratio if near_one else -np.expm1(-(s - 1) * log_ratio) / (s - 1)
        rate = self._p_alive(x, t_x, T) * (r + x) * (beta + T) / (alpha + T)
        return rate[:, None] * horizon

    def _quiet_if_alive(self, t, x, T):
        """1 − ∫_0^t E[λ e^−(λ+μ)u] du, with λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) a
        posteriori for a customer alive at T: the chance that the next event in t is not a
        purchase (no event, or the dropout first)."""
        r, alpha, s, beta = self._params()
        log_i = log_integral(r + x + 1, alpha, s, beta, T, T + t)[0]
        bought = (r + x) * np.exp(log_i + (r + x) * np.log(alpha + T) + s * np.log(beta + T))
        return 1.0 - bought

    def _recency(self, h: UniqueHistories) -> np.ndarray:
        return pareto_nbd_recency(h.recency, h.T)
