"""Prediction intervals of purchase-count models: every customer's future purchases simulated
from their own history, under draws of the fitted parameters.

Two intervals, each named by what it covers:

- **parameter interval**: the expected total under parameter draws. It covers the
  uncertainty of the fitted parameters only; a realised total varies more than this.
- **predictive interval**: one simulated realisation of every customer's purchases per
  parameter draw. It covers parameter uncertainty *and* the purchase process's own noise, so
  a realised total falls in it at the nominal rate when the model is right.

Parameter draws come from a multivariate normal on the log parameters (the inverse observed
information, ``log_params_covariance_``) or, when the fit is not identified and has no
covariance, from refits on customers resampled with replacement. Bounds are the (m + 1) p
order statistics of the m draws, so that a new draw falls between them at the level.

Per customer (:func:`customer_intervals`): the interval of the expected discounted CLV from
parameter uncertainty (spend per order held fixed), and the prediction interval of the orders
the customer will place in the horizon.

The processes, conditional on a history (x = frequency, t_x = recency, T, in the summary's
time unit), derived from each model's likelihood:

- ``bgnbd`` (Fader, Hardie & Lee 2005): the likelihood given (λ, p) is
  (1-p)^x λ^x e^(-λT) (alive at T) + [x > 0] p (1-p)^(x-1) λ^x e^(-λ t_x) (dropped out
  right after the last purchase). Given alive, λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x),
  independent. Afterwards purchases are Poisson(λ) and after each one the customer drops out
  with probability p: N(t) = min(K, J), K ~ Poisson(λ t), J ~ Geometric(p) on 1, 2, ...
- ``mbgnbd`` (Batislam, Denizel & Filiztekin 2007): dropout is possible after every purchase,
  the first included, so the alive term is (1-p)^(x+1) ...: p | alive ~ Beta(a, b + x + 1);
  the future as in BG/NBD.
- ``pareto_nbd`` (Schmittlein, Morrison & Colombo 1987): given alive, λ ~ Gamma(r + x, α + T),
  μ ~ Gamma(s, β + T); the remaining lifetime is Exponential(μ) (memoryless), N(t) ~
  Poisson(λ min(τ, t)).

Scale: everything runs on unique histories (``counts`` customers each). Up to
``max_histories`` histories and ``max_simulated`` customers nothing is approximated. Beyond,
two stated approximations keep 200 draws at 1,000,000 customers in seconds: recency and T
are rounded to a grid until at most ``max_histories`` histories remain (the point estimate
stays the exact one; intervals are scaled to it), and a history holding more customers than
the simulation budget allows is simulated with fewer customers whose deviations from the
exact conditional mean are scaled by sqrt(count / simulated): the total's mean and variance
stay exact, only its higher moments are approximated. A bootstrap refit (a fit without a
covariance) fits on at most ``MAX_REFIT_HISTORIES`` histories rounded the same way: the
spread of the refits comes from the resampled customers, whose number rounding keeps, and
their deviations from the fit on the rounded histories are taken around the exact estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.special import expit, hyp2f1

from crm_lib.ltv.base import UniqueHistories
from crm_lib.ltv.mixture import PROCESS as MIXTURE
from crm_lib.ltv.mixture import base_name, class_posterior, split_params
from crm_lib.ltv.summary import UNIT_DAYS

DAYS_PER_MONTH = 365.25 / 12
#: parameter names of each process, in the order of ``log_params_covariance_``
PARAMETERS: dict[str, tuple[str, ...]] = {
    "bgnbd": ("r", "alpha", "a", "b"),
    "mbgnbd": ("r", "alpha", "a", "b"),
    "pareto_nbd": ("r", "alpha", "s", "beta"),
}
_FITTERS = {  # lifetimes fitter -> process, for models without a ``name``
    "BetaGeoFitter": "bgnbd",
    "ModifiedBetaGeoFitter": "mbgnbd",
    "ParetoNBDFitter": "pareto_nbd",
}
SHAPES = ("r", "a", "b", "s", "odds")  # parameters without a unit of time
SHAPE_BOUNDS = (1e-6, 1e6)  # the range of the fit's search (crm_lib.ltv.base.LOG_BOUNDS)
MAX_HISTORIES = 20_000  # histories simulated exactly; beyond, recency and T are rounded
MAX_SIMULATED = 100_000  # customers simulated per draw; beyond, large histories are scaled
MAX_REFIT_HISTORIES = 5_000  # histories a bootstrap refit fits on; beyond, rounded


def process_of(model) -> str:
    """The process name of a fitted purchase-count model (``bgnbd``, ``mbgnbd``,
    ``pareto_nbd``, ``latent_class``: a mixture of MBG/NBD classes)."""
    name = getattr(model, "name", None) or _FITTERS.get(getattr(model, "fitter_name", ""))
    if name not in PARAMETERS and name != MIXTURE:
        raise ValueError(f"no predictive process for {type(model).__name__}")
    return name


def parameter_names(model) -> tuple[str, ...]:
    """A fitted model's parameter names, in the order of its ``log_params_covariance_``."""
    process = process_of(model)
    return tuple(model.param_names) if process == MIXTURE else PARAMETERS[process]


def _by_class(function, params, frequency, recency, T, *args) -> np.ndarray:
    """A mixture's ``function``: Σ_k P(k | history) · ``function``("mbgnbd", class k)."""
    post = class_posterior(params, frequency, recency, T)
    classes, _ = split_params(params)
    return sum(
        post[k] * function("mbgnbd", c, frequency, recency, T, *args) for k, c in enumerate(classes)
    )


# -- closed forms, per history ----------------------------------------------------------------


def p_alive(process: str, params: Mapping[str, float], frequency, recency, T) -> np.ndarray:
    """Probability of being alive at T given the history (the posterior weight of the
    likelihood's alive term)."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    if process == MIXTURE:
        return _by_class(p_alive, params, x, t_x, T)
    r, alpha = params["r"], params["alpha"]
    with np.errstate(divide="ignore", invalid="ignore"):
        if process == "pareto_nbd":
            s, beta = params["s"], params["beta"]
            log_odds = (
                np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + T)
                + s * np.log(beta + T) + _pareto_log_a0(params, x, t_x, T)
            )  # fmt: skip
        else:
            a, b = params["a"], params["b"]
            dead = b + x - (1.0 if process == "bgnbd" else 0.0)  # b + x - 1 | b + x
            log_odds = np.log(a) - np.log(np.where(dead > 0, dead, 1.0))
            log_odds = log_odds + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
            if process == "bgnbd":
                log_odds = np.where(x > 0, log_odds, -np.inf)  # no dropout before a repeat
    return expit(-log_odds)


def _pareto_log_a0(params: Mapping[str, float], x, t_x, T) -> np.ndarray:
    """log A_0 of Fader & Hardie's Pareto/NBD note (2005, eqs. 19-20): the likelihood of
    having dropped out between t_x and T, up to the factors shared with the alive term.

    Each 2F1(k, u; k + 1; z) is taken through Euler's transformation
    (1 - z)^(1 - u) 2F1(1, k + 1 - u; k + 1; z), whose series stays bounded as z -> 1.
    """
    r, alpha, s, beta = (params[k] for k in PARAMETERS["pareto_nbd"])
    top, gap = max(alpha, beta), abs(alpha - beta)
    x, t_x, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, t_x, T)))
    shape, x = x.shape, x.ravel()

    def log_term(time):
        # depends on (x, time) only: once per distinct pair (one-time buyers share one), as
        # 2F1 near z = 1 costs microseconds a call
        pairs, where = np.unique(np.stack([x, time.ravel()]), axis=1, return_inverse=True)
        xs, times = pairs
        k = r + s + xs
        b = k - s if alpha >= beta else s + 1.0 + 0 * xs  # k + 1 - u, u = s + 1 | r + x
        u = k + 1 - b
        z = gap / (top + times)
        series = hyp2f1(1.0, b, k + 1, z)
        bad = ~np.isfinite(series)
        if bad.any():  # scipy returns inf where c - a - b is an integer (its z -> 1 - z
            # transformation is degenerate); 2F1 is continuous in c: a hair away gives it
            series[bad] = hyp2f1(1.0, b[bad], (k[bad] + 1) * (1 + 1e-9), z[bad])
        value = (1 - u) * np.log1p(-z) + np.log(series) - k * np.log(top + times)
        return value[where.ravel()]

    first, last = log_term(t_x), log_term(T)
    log_a0 = first + np.log(-np.expm1(np.minimum(last - first, 0.0)))  # -inf when t_x = T
    return log_a0.reshape(shape)


def expected_purchases_alive(process: str, params: Mapping[str, float], frequency, T, t):
    """Expected purchases in (T, T + t] of a customer alive at T (``t`` scalar or array).

    BG/NBD and MBG/NBD: (a + B - 1) / (a - 1) [1 - (1 - z)^(r+x) 2F1(r + x, B; a + B - 1; z)],
    z = t / (α + T + t), B = b + x (MBG/NBD: b + x + 1), with Euler's transformation where
    the series overflows (as lifetimes does). Pareto/NBD: (r + x) / (α + T) E[(1 - e^(-μt))/μ]
    = (r + x)(β + T) / ((α + T)(s - 1)) [1 - ((β + T) / (β + T + t))^(s - 1)].
    """
    x, T, t = (np.asarray(v, dtype=float) for v in (frequency, T, t))
    r, alpha = params["r"], params["alpha"]
    if process == "pareto_nbd":
        s, span = params["s"], params["beta"] + T
        log_ratio = np.log(span) - np.log(span + t)  # <= 0
        survival = -log_ratio if abs(s - 1) < 1e-9 else -np.expm1((s - 1) * log_ratio) / (s - 1)
        return (r + x) / (alpha + T) * span * survival
    a = params["a"]
    B = params["b"] + x + (1.0 if process == "mbgnbd" else 0.0)
    x, T, t, B = np.broadcast_arrays(x, T, t, B)
    c = a + B - 1
    z = t / (alpha + T + t)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        kept = np.array(hyp2f1(r + x, B, c, z) * (1 - z) ** (r + x), dtype=float)
        over = ~np.isfinite(kept)
        if over.any():  # Euler's transformation where the series overflows, only there
            zo, co = z[over], c[over]
            kept[over] = (1 - zo) ** (a - 1) * hyp2f1(co - r - x[over], a - 1, co, zo)
        value = np.asarray(c / (a - 1) * (1 - kept), dtype=float)
    never = (r + x) * t / (alpha + T)  # no dropout: the upper bound
    bad = ~np.isfinite(value) | (value < 0) | (value > never * (1 + 1e-9))
    # the closed form loses about c / |a - 1| * 1e-11 of its value to cancellation (near
    # a = 1, or b huge), and 2F1 is singular where c is a non-positive integer
    with np.errstate(divide="ignore"):
        bad |= c / abs(a - 1) > 1e5
    bad |= (c < 0.5) & (np.abs(c - np.round(c)) < 1e-3)
    if bad.any():  # ill-conditioned (extreme parameter draws): the integral form
        value = value.copy()
        value[bad] = _bg_alive_by_quadrature(r + x[bad], alpha + T[bad], a, B[bad], t[bad])
    return value


def _bg_alive_by_quadrature(R, A, a, B, t, nodes: int = 32) -> np.ndarray:
    """E[N(t) | alive] of BG/NBD-type processes as an integral of the purchase rate:
    (R / A) ∫_0^t E_p[(1 + p u / A)^-(R+1)] du, E_p[...] = 2F1(R + 1, a; a + B; -u / A)
    (p ~ Beta(a, B)); Gauss-Legendre in v, u = A ((1 + t / A)^v - 1). Slower than the closed
    form, well conditioned where it is not (a near 1, a or b near 0 or huge)."""
    v, w = np.polynomial.legendre.leggauss(nodes)
    v, w = (v + 1) / 2, w / 2
    span = np.log1p(t / A)[:, None]
    u = A[:, None] * np.expm1(v[None, :] * span)
    rate = hyp2f1(R[:, None] + 1, a, a + B[:, None], -u / A[:, None])
    return R / A * (span[:, 0] * ((rate * (A[:, None] + u)) @ w))


def expected_purchases(process: str, params: Mapping[str, float], frequency, recency, T, t):
    """Conditional expected purchases in (T, T + t]: P(alive) times the expectation given
    alive (a dropped-out customer buys nothing); a mixture's, the class posterior's average
    of its classes'."""
    if process == MIXTURE:
        return _by_class(expected_purchases, params, frequency, recency, T, t)
    alive = p_alive(process, params, frequency, recency, T)
    return alive * expected_purchases_alive(process, params, frequency, T, t)


def discounted_purchases(
    process: str,
    params: Mapping[str, float],
    frequency,
    recency,
    T,
    horizon: float,
    rate: float,
    step: float,
    alive=None,
):
    """Expected purchases over (T, T + ``horizon``] discounted at ``rate`` per time unit
    (continuous), each purchase discounted to the end of its ``step`` (a week, as
    :func:`~crm_lib.ltv.value.customer_lifetime_value` does).

    By parts, ∫ d(u) dE(u) = d(H) E(H) + rate ∫ d(u) E(u) du, with d(u) = e^(-rate (u +
    step / 2)); the integral (a few % of the total at usual rates) by two-point
    Gauss-Legendre, exact for the smooth, concave E(u) to about 1e-4 of it. ``alive``:
    P(alive) if already computed (a mixture's classes compute their own).
    """
    if process == MIXTURE:
        return _by_class(discounted_purchases, params, frequency, recency, T, horizon, rate, step)
    alive = p_alive(process, params, frequency, recency, T) if alive is None else alive
    disc = lambda u: np.exp(-rate * (u + step / 2))  # noqa: E731
    total = disc(horizon) * expected_purchases_alive(process, params, frequency, T, horizon)
    for node in (0.5 - 0.5 / np.sqrt(3), 0.5 + 0.5 / np.sqrt(3)):
        u = node * horizon
        e = expected_purchases_alive(process, params, frequency, T, u)
        total = total + 0.5 * horizon * rate * disc(u) * e
    return alive * total


# -- simulation ---------------------------------------------------------------------------


def simulate_purchases(
    process: str,
    params: Mapping[str, float],
    frequency,
    recency,
    T,
    t: float,
    rng: np.random.Generator,
    counts=None,
    alive=None,
) -> np.ndarray:
    """One realisation of the purchases in (T, T + ``t``] of ``counts`` customers per
    history (1 if None), summed per history. Exact: each customer is alive with P(alive)
    (``alive`` if already computed), then draws their own rates from the posterior given
    alive and their purchases. A mixture's customers first draw their class from its
    posterior given the history (``alive`` unused)."""
    x, T = np.asarray(frequency, dtype=float), np.asarray(T, dtype=float)
    counts = np.ones(len(x), dtype=np.int64) if counts is None else np.asarray(counts)
    if process == MIXTURE:
        return _simulate_mixture(params, x, recency, T, t, rng, counts)
    if alive is None:
        alive = p_alive(process, params, x, recency, T)
    alive = rng.binomial(counts, alive)
    row = np.repeat(np.arange(len(x)), alive)
    x, T = x[row], T[row]
    rate = rng.gamma(params["r"] + x, 1.0 / (params["alpha"] + T))
    if process == "pareto_nbd":
        mu = rng.gamma(params["s"], 1.0 / (params["beta"] + T))
        with np.errstate(divide="ignore"):
            life = rng.standard_exponential(len(row)) / mu
        n = rng.poisson(rate * np.minimum(life, t))
    else:
        n = rng.poisson(rate * t)
        many = n >= 2  # with at most one purchase the dropout coin changes nothing
        extra = 1.0 if process == "mbgnbd" else 0.0
        p = rng.beta(params["a"], params["b"] + x[many] + extra)
        n[many] = np.minimum(n[many], rng.geometric(np.maximum(p, 1e-12)))
    return np.bincount(row, weights=n, minlength=len(counts))


def _simulate_mixture(params, x, recency, T, t, rng, counts) -> np.ndarray:
    """Purchases per history of a mixture: each history's customers split among the classes
    by the class posterior (multinomial, as one binomial per class), each class simulated
    as MBG/NBD."""
    post = class_posterior(params, x, recency, T)
    classes, _ = split_params(params)
    left, rest = np.asarray(counts, dtype=np.int64).copy(), np.ones(len(x))
    total = np.zeros(len(x))
    for k, c in enumerate(classes):
        if k == len(classes) - 1:
            n = left
        else:
            n = rng.binomial(left, np.clip(post[k] / np.maximum(rest, 1e-300), 0.0, 1.0))
        total += simulate_purchases("mbgnbd", c, x, recency, T, t, rng, n)
        left, rest = left - n, rest - post[k]
    return total


def _simulate_totals(process, params, hist: Histories, t, rng, alive, mean) -> np.ndarray:
    """Per history: one realisation of its customers' total purchases (``alive``: P(alive)
    per history), at most ``hist.simulated`` customers simulated per history; larger
    histories keep the exact mean ``mean`` (per customer) and their simulated deviation
    scaled to their size."""
    if hist.simulated == 0:
        return simulate_purchases(process, params, *hist.arrays, t, rng, hist.counts, alive)
    simulated = np.minimum(hist.counts, hist.simulated)
    sums = simulate_purchases(process, params, *hist.arrays, t, rng, simulated, alive)
    scale = np.sqrt(hist.counts / simulated)
    return hist.counts * mean + scale * (sums - simulated * mean)


# -- which histories are simulated --------------------------------------------------------


@dataclass(frozen=True)
class Histories:
    """The histories intervals are computed on: the unique histories, or (beyond
    ``max_histories``) those with recency and T rounded to ``grid`` time units."""

    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    counts: np.ndarray
    inverse: np.ndarray  # row of each unique history
    grid: float = 0.0  # rounding of recency and T in time units; 0: exact
    simulated: int = 0  # customers simulated per history at most; 0: all

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.frequency, self.recency, self.T

    @classmethod
    def of(cls, h: UniqueHistories, max_histories: int = MAX_HISTORIES) -> Histories:
        """``h`` itself when small enough, else rounded on the finest grid of the ladder
        span / 2^(k/4) that leaves at most ``max_histories`` histories (bisection on k)."""
        exact = cls(h.frequency, h.recency, h.T, h.counts, np.arange(len(h.counts)))
        if len(h.counts) <= max_histories:
            return exact
        span = float(h.T.max())
        fine, coarse = 80, 0  # k: grid span / 2^(k/4), from 80 (finest) to 0 (coarsest)
        best = exact._rounded(span)
        while fine - coarse > 1:
            k = (fine + coarse) // 2
            hist = exact._rounded(span / 2 ** (k / 4))
            if len(hist.counts) <= max_histories:
                coarse, best = k, hist
            else:
                fine = k
        return best

    def _rounded(self, grid: float) -> Histories:
        T = np.round(self.T / grid) * grid
        recency = np.minimum(np.round(self.recency / grid) * grid, T)
        frame = pd.DataFrame({"frequency": self.frequency, "recency": recency, "T": T})
        codes = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
        counts = np.bincount(codes, weights=self.counts).astype(np.int64)
        first = np.zeros(len(counts), dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes))[::-1]
        arrays = (frame[c].to_numpy()[first] for c in frame.columns)
        return Histories(*arrays, counts, codes, grid)

    def capped(self, max_simulated: int = MAX_SIMULATED) -> Histories:
        """The largest per-history cap keeping the simulated customers within budget."""
        if self.counts.sum() <= max_simulated:
            return self
        caps = np.sort(self.counts)
        # simulated(cap) = sum(min(counts, cap)), increasing in cap: the largest cap within
        below = np.concatenate([[0], np.cumsum(caps)])
        used = below[:-1] + caps * (len(caps) - np.arange(len(caps)))  # cap = caps[i]
        fits = caps[used <= max_simulated]
        cap = int(fits[-1]) if len(fits) else 1
        return Histories(*self.arrays, self.counts, self.inverse, self.grid, cap)


# -- parameter draws ----------------------------------------------------------------------


@dataclass(frozen=True)
class ParameterDraws:
    """Parameter vectors (rows, in ``names`` order) and how they were drawn."""

    names: tuple[str, ...]
    values: np.ndarray  # (draws, parameters)
    method: str  # "normal": from the log-parameter covariance | "bootstrap": refits
    n_failed: int = 0  # bootstrap refits that did not converge (left out)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> dict[str, float]:
        return dict(zip(self.names, self.values[i % len(self.values)].tolist(), strict=True))


def normal_draws(
    params: Mapping[str, float],
    covariance: np.ndarray,
    n: int,
    rng: np.random.Generator,
    names: tuple[str, ...] | None = None,
) -> ParameterDraws:
    """``n`` parameter vectors exp(z), z ~ Normal(log params, ``covariance``): the
    asymptotic sampling distribution of the log parameters (``covariance`` in ``names``
    order, default the order of ``params``). Shape parameters (r, a, b, s) are clipped to
    :data:`SHAPE_BOUNDS`, the range the fit itself searches: a wide covariance (a fit near a
    ridge) otherwise draws values such as a = 1e-18 that no fit returns and where the closed
    forms lose their precision."""
    names = tuple(params) if names is None else names
    centre = np.log([params[k] for k in names])
    z = rng.multivariate_normal(centre, np.asarray(covariance, dtype=float), size=n)
    values = np.exp(z)
    shapes = [i for i, k in enumerate(names) if base_name(k) in SHAPES]
    values[:, shapes] = np.clip(values[:, shapes], *SHAPE_BOUNDS)
    return ParameterDraws(names, values, "normal")


def bootstrap_draws(
    model, hist: Histories, n: int, rng: np.random.Generator, max_failed: float = 0.1
) -> ParameterDraws:
    """Parameters of ``n`` refits of ``model`` on customers resampled with replacement:
    multinomial counts on the histories ``hist`` (a mixture keeps its number of classes),
    each a point estimate from the fit's own parameters
    (:meth:`~crm_lib.ltv.base.PurchaseCountModel.point_refit`: no Hessian). Refits whose
    optimiser did not converge are left out and counted; more than ``max_failed`` of them
    is an error."""
    rows, failed = [], 0
    names = parameter_names(model)
    total = int(hist.counts.sum())
    for _ in range(n):
        weights = rng.multinomial(total, hist.counts / total)
        keep = weights > 0
        resampled = UniqueHistories(
            *(v[keep] for v in hist.arrays), weights[keep], np.arange(int(keep.sum()))
        )
        params, converged = model.point_refit(resampled)
        if not converged:
            failed += 1
            continue
        rows.append([params[k] for k in names])
    if failed > max_failed * n:
        raise RuntimeError(f"{failed} of {n} bootstrap refits did not converge")
    return ParameterDraws(names, np.array(rows), "bootstrap", failed)


def parameter_draws(
    model,
    hist: Histories,
    *,
    draws: int,
    n_boot: int,
    rng: np.random.Generator,
    covariance: np.ndarray | None = None,
) -> ParameterDraws:
    """Normal draws from ``covariance`` (default: the model's ``log_params_covariance_``);
    bootstrap refits when there is none (a fit that is not identified), on ``hist`` rounded
    further to at most :data:`MAX_REFIT_HISTORIES` histories, centred on the model's
    estimate."""
    if covariance is None:
        covariance = getattr(model, "log_params_covariance_", None)
    if covariance is not None:
        return normal_draws(model.params_, covariance, draws, rng, parameter_names(model))
    coarse = Histories.of(_unique(hist), MAX_REFIT_HISTORIES)
    sampled = bootstrap_draws(model, coarse, n_boot, rng)
    if len(coarse.counts) == len(hist.counts):
        return sampled
    # rounding moves the estimate a little: the refits' deviations from the fit on the
    # rounded histories, taken around the model's own estimate (in log parameters)
    base, _ = model.point_refit(_unique(coarse))
    shift = np.array([model.params_[k] / base[k] for k in sampled.names])
    return replace(sampled, values=sampled.values * shift)


def _unique(hist: Histories) -> UniqueHistories:
    return UniqueHistories(*hist.arrays, hist.counts, hist.inverse)


# -- the holdout total --------------------------------------------------------------------


@dataclass(frozen=True)
class PredictiveTotal:
    """Intervals on the total purchases of a summary's customers in the next ``t`` units."""

    point: float  # expected total at the fitted parameters
    parameter_low: float  # parameter interval: parameter uncertainty only
    parameter_high: float
    predictive_low: float  # predictive interval: parameters and the purchase process
    predictive_high: float
    level: float
    draws: int  # simulated realisations behind the predictive interval
    method: str  # parameter draws: "normal" (covariance) | "bootstrap" (refits)
    n_boot: int  # bootstrap refits used (0 with normal draws)
    n_failed: int  # bootstrap refits that did not converge
    grid: float  # rounding of recency and T (time units); 0: exact histories
    simulated: int  # customers simulated per history at most; 0: every customer
    parameter_totals: np.ndarray = field(repr=False)  # expected total per parameter draw
    predictive_totals: np.ndarray = field(repr=False)  # simulated total per draw

    def covers(self, actual: float) -> bool:
        """Whether ``actual`` lies in the predictive interval."""
        return self.predictive_low <= actual <= self.predictive_high

    def as_dict(self) -> dict:
        keys = ("point", "parameter_low", "parameter_high", "predictive_low", "predictive_high",
                "level", "draws", "method", "n_boot", "n_failed", "grid", "simulated")  # fmt: skip
        return {k: getattr(self, k) for k in keys}


def total_from_draws(
    process: str,
    params: Mapping[str, float],
    draws: ParameterDraws,
    hist: Histories,
    point: float,
    t: float,
    *,
    n_sims: int,
    level: float,
    rng: np.random.Generator,
) -> PredictiveTotal:
    """The two intervals from parameter draws: per draw the expected total (parameter
    interval) and one simulated total (predictive interval; draws are cycled when
    ``n_sims`` exceeds them). Totals on rounded histories are scaled to ``point``."""
    scale = point / float(hist.counts @ expected_purchases(process, params, *hist.arrays, t))
    expected, simulated, states = np.empty(len(draws)), np.empty(n_sims), []
    for i in range(len(draws)):
        if process == MIXTURE:  # its classes' P(alive) come with their posteriors
            alive, mean = None, expected_purchases(process, draws[i], *hist.arrays, t)
        else:
            alive = p_alive(process, draws[i], *hist.arrays)
            mean = alive * expected_purchases_alive(process, draws[i], hist.frequency, hist.T, t)
        expected[i] = hist.counts @ mean
        states.append((alive, mean))
    for i in range(n_sims):
        j = i % len(draws)
        simulated[i] = _simulate_totals(process, draws[j], hist, t, rng, *states[j]).sum()
    q = [(1 - level) / 2, (1 + level) / 2]
    # the (m + 1) p plotting position: a new draw falls between the bounds with probability
    # ``level`` (numpy's default interpolation covers level (m - 1) / (m + 1): 88 % instead
    # of 90 % at m = 100 draws)
    (p_lo, p_hi) = np.quantile(expected * scale, q, method="weibull")
    (s_lo, s_hi) = np.quantile(simulated * scale, q, method="weibull")
    return PredictiveTotal(
        point, float(p_lo), float(p_hi), float(s_lo), float(s_hi), level, n_sims, draws.method,
        len(draws) if draws.method == "bootstrap" else 0, draws.n_failed, hist.grid,
        hist.simulated, expected * scale, simulated * scale,
    )  # fmt: skip


def predictive_total(
    model,
    summary: pd.DataFrame,
    t: float,
    *,
    draws: int = 200,
    level: float = 0.9,
    n_boot: int = 100,
    random_state: int = 0,
    covariance: np.ndarray | None = None,
    max_histories: int = MAX_HISTORIES,
    max_simulated: int = MAX_SIMULATED,
) -> PredictiveTotal:
    """Point, parameter and predictive intervals of the total purchases of ``summary``'s
    customers in the next ``t`` time units (the holdout), for a fitted BG/NBD, MBG/NBD or
    Pareto/NBD ``model``.

    ``draws`` parameter draws × one simulated purchase process each; without a covariance
    (``covariance`` or the model's ``log_params_covariance_``) ``n_boot`` bootstrap refits,
    cycled over ``draws`` simulations. Seeded by ``random_state``: identical on a rerun.
    """
    rng = np.random.default_rng(random_state)
    process, params = process_of(model), dict(model.params_)
    h = UniqueHistories.of(summary)
    hist = Histories.of(h, max_histories).capped(max_simulated)
    point = float(h.counts @ expected_purchases(process, params, h.frequency, h.recency, h.T, t))
    sampled = parameter_draws(
        model, hist, draws=draws, n_boot=n_boot, rng=rng, covariance=covariance
    )
    return total_from_draws(
        process, params, sampled, hist, point, t, n_sims=draws, level=level, rng=rng
    )


# -- per customer -------------------------------------------------------------------------


def customer_intervals(
    model,
    summary: pd.DataFrame,
    *,
    spend_per_order: np.ndarray | Callable[[pd.DataFrame], np.ndarray] | None = None,
    clv: np.ndarray | None = None,
    time_unit: str,
    horizon_weeks: int,
    discount_rate_monthly: float,
    gross_margin: float = 1.0,
    draws: int = 200,
    level: float = 0.9,
    n_boot: int = 100,
    orders_samples: int = 1000,
    random_state: int = 0,
    covariance: np.ndarray | None = None,
    max_histories: int = MAX_HISTORIES,
) -> pd.DataFrame:
    """Per customer (``summary``'s index), from the same kind of parameter draws as
    :func:`predictive_total`:

    - ``clv_low``, ``clv_high``: interval of the expected discounted CLV over
      ``horizon_weeks`` (discounted at ``discount_rate_monthly``, as
      :func:`~crm_lib.ltv.value.customer_lifetime_value`) from the purchase model's parameter
      uncertainty only; the spend per order (``spend_per_order``: per customer, or a function
      of the summary, in the currency) is held at its estimate, times ``gross_margin``. Or
      give the CLV itself (``clv``, per customer, in any basis): the bounds are ``clv`` times
      the quantiles of the discounted expected purchases' ratio under the draws, consistent
      with the CLV shown however it was computed.
    - ``orders_low``, ``orders_high``: predictive interval of the number of purchases the
      customer will make in the horizon: parameter uncertainty and the purchase process's
      own noise (``orders_samples`` simulated customers per history, over the draws).
    """
    if (spend_per_order is None) == (clv is None):
        raise ValueError("give either spend_per_order or clv")
    rng = np.random.default_rng(random_state)
    process, params = process_of(model), dict(model.params_)
    h = UniqueHistories.of(summary)
    hist = Histories.of(h, max_histories)
    unit_days = UNIT_DAYS[time_unit]
    horizon = horizon_weeks * 7.0 / unit_days
    rate = np.log1p(discount_rate_monthly) * unit_days / DAYS_PER_MONTH  # per time unit
    args = (horizon, rate, 7.0 / unit_days)  # each purchase discounted to its week's end
    sampled = parameter_draws(
        model, hist, draws=draws, n_boot=n_boot, rng=rng, covariance=covariance
    )
    alive = [p_alive(process, sampled[i], *hist.arrays) for i in range(len(sampled))]
    q = [(1 - level) / 2, (1 + level) / 2]
    r_lo, r_hi = _clv_ratio_bounds(process, params, sampled, alive, hist, args, q)
    o_lo, o_hi = _order_bounds(process, sampled, alive, hist, horizon, orders_samples, q, rng)
    if clv is None:
        spend = spend_per_order(summary) if callable(spend_per_order) else spend_per_order
        exact = discounted_purchases(process, params, h.frequency, h.recency, h.T, *args)
        value = h.expand(exact) * np.asarray(spend, dtype=float) * gross_margin
    else:
        value = np.asarray(clv, dtype=float)
    row = hist.inverse[h.inverse]  # customer -> history the intervals were computed on
    return pd.DataFrame(
        {"clv_low": value * r_lo[row], "clv_high": value * r_hi[row],
         "orders_low": o_lo[row], "orders_high": o_hi[row]},
        index=summary.index,
    )  # fmt: skip


def _clv_ratio_bounds(process, params, sampled, alive, hist, args, q):
    """Quantiles ``q`` per history of the discounted expected purchases under each draw
    relative to those at ``params`` (1 where those are 0)."""
    centre = discounted_purchases(process, params, *hist.arrays, *args)
    ratios = np.empty((len(hist.counts), len(sampled)))
    for i in range(len(sampled)):
        ratios[:, i] = discounted_purchases(process, sampled[i], *hist.arrays, *args, alive[i])
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = np.where(centre[:, None] > 0, ratios / centre[:, None], 1.0)
    return np.quantile(ratios, q, axis=1, method="weibull")


def _order_bounds(process, sampled, alive, hist, horizon, samples, q, rng):
    """Quantiles ``q`` (inverted CDF) per history of the purchases of ``samples`` simulated
    customers, spread evenly over the parameter draws."""
    n, d = len(hist.counts), len(sampled)
    orders = np.empty((n, samples), dtype=np.uint16)  # purchases per customer, capped 65,535
    column = 0
    for j in range(d):
        m = samples // d + (j < samples % d)
        if m == 0:
            continue
        tiled = [np.tile(a, m) for a in (*hist.arrays, alive[j])]
        sums = simulate_purchases(process, sampled[j], *tiled[:3], horizon, rng, alive=tiled[3])
        orders[:, column : column + m] = np.minimum(sums, 65_535).reshape(m, n).T
        column += m
    orders.sort(axis=1)
    index = [max(int(np.ceil(p * samples)) - 1, 0) for p in q]
    return orders[:, index[0]].astype(float), orders[:, index[1]].astype(float)
