"""Gamma-Gamma model of spend per purchase (Fader & Hardie 2013; Colombo & Jiang 1999),
and a likelihood-ratio test of its assumption that spend does not depend on frequency.

Both are maximum likelihood on the unique (frequency, monetary value) pairs of repeat
customers with the closed-form likelihood (:func:`log_likelihood_terms`) and its analytic
gradient, from a fixed start: deterministic, and without lifetimes' GammaGammaFitter,
which prints the optimiser's state to stdout and raises on its "precision loss" stop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, gammaln
from scipy.stats import chi2
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.ltv.uncertainty import (
    RIDGE,
    delta_errors,
    diagnose,
    log_covariance,
    log_space_hessian,
    standard_errors,
)

PARAMS = ("p", "q", "v")
MIN_Q = 1.0 + 1e-6  # q <= 1 has no finite mean spend (p·v / (q - 1))


def log_likelihood_terms(p, q, v, x, m) -> np.ndarray:
    """log f(m | x) of each customer (Fader & Hardie 2013, eq. 1): the mean m of x purchase
    values, each ~ Gamma(p, ν), with ν ~ Gamma(q, v); ``v`` may differ by customer."""
    px = p * x
    return (
        gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + x * m)
    )  # fmt: skip


def _repeat_pairs(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique (frequency, monetary_value) of repeat customers and their counts."""
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    pairs = repeat[["frequency", "monetary_value"]].to_numpy(dtype=float)
    unique, counts = np.unique(pairs, axis=0, return_counts=True)
    return unique[:, 0], unique[:, 1], counts.astype(float)


def _centred_log(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.log(x) - np.average(np.log(x), weights=w)


def _maximise(x, m, w, start, *, slope: bool, penalizer: float = 0.0):
    """Maximum likelihood of Gamma-Gamma with v_i = v·exp(β·c_i), c_i the centred log x_i
    (β = 0 unless ``slope``), on z = (log p, log q, log v[, β]). The objective is the mean
    negative log-likelihood plus lifetimes' penalty ``penalizer``·(p² + q² + v²)."""
    c, total = _centred_log(x, w), w.sum()

    def objective(z):
        p, q, v = np.exp(z[:3])
        vi = v * np.exp((z[3] if slope else 0.0) * c)
        px, xm = p * x, vi + x * m
        ll = w * log_likelihood_terms(p, q, vi, x, m)
        dp = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(xm))
        dq = digamma(px + q) - digamma(q) + np.log(vi) - np.log(xm)
        dv = q - (px + q) * vi / xm  # d/d log v_i
        grad = [p * (w * dp).sum(), q * (w * dq).sum(), (w * dv).sum()]
        grad += [(w * dv * c).sum()] if slope else []
        penalty = penalizer * np.exp(2 * z[:3])
        jac = -np.array(grad) / total
        jac[:3] += 2 * penalty
        return -ll.sum() / total + penalty.sum(), jac

    bounds = [(None, None), (np.log(MIN_Q), None), (None, None)] + [(None, None)] * slope
    result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 1000})  # fmt: skip
    result.converged = bool(result.success or np.max(np.abs(result.jac)) <= 1e-5)
    if not result.converged:
        raise ValueError(f"Gamma-Gamma did not converge: {result.message}")
    return result


def _start(m: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Start of the search: p = 1, q = 2, v = 2·mean spend (population mean = mean spend)."""
    return np.log([1.0, 2.0, 2.0 * np.average(m, weights=w)])


class GammaGammaModel(BaseEstimator):
    """Value of a purchase ~ Gamma(p, ν), ν ~ Gamma(q, v); fitted on repeat customers.

    A scikit-learn estimator; ``penalizer``: lifetimes' L2 penalty (0: maximum
    likelihood). ``fit(summary)`` uses customers with ``frequency > 0`` and their
    ``monetary_value`` (mean repeat-purchase value, in the data's currency). Learned: ``params_``,
    ``standard_errors_`` (NaN when not identified), ``log_params_covariance_`` (None then),
    ``diagnostics_`` (:class:`~crm_lib.ltv.uncertainty.FitDiagnostics`; v scaled by the
    mean spend; q at its bound :data:`MIN_Q` is a ridge), ``log_likelihood_``,
    ``frequency_monetary_correlation_`` (Pearson, which the model assumes near zero;
    :func:`independence_test` tests it), ``n_customers_``.
    """

    def __init__(self, penalizer: float = 0.0):
        self.penalizer = penalizer

    def fit(self, summary: pd.DataFrame) -> GammaGammaModel:
        x, m, w = _repeat_pairs(summary)
        if len(x) < 2:
            raise ValueError("Gamma-Gamma needs at least two repeat customers with spend")
        result = _maximise(x, m, w, _start(m, w), slope=False, penalizer=self.penalizer)
        values = np.exp(result.x)
        self.params_ = dict(zip(PARAMS, values.tolist(), strict=True))
        loglik = lambda p: float((w * log_likelihood_terms(*p, x, m)).sum())  # noqa: E731
        self.log_likelihood_ = loglik(values)
        hessian = log_space_hessian(loglik, values)
        scaled = np.log(values / [1.0, 1.0, np.average(m, weights=w)])
        wide = (-2 * np.log(RIDGE), 2 * np.log(RIDGE))  # no bounds but q's
        found = diagnose(hessian, scaled, converged=result.converged, bounds=wide,
                         iterations=result.nit, evaluations=result.nfev)  # fmt: skip
        if values[1] <= MIN_Q * (1 + 1e-6):
            found = replace(found, on_ridge=True, identified=False, reason="ridge")
        self.diagnostics_ = found
        cov = log_covariance(hessian) if found.identified else None
        self.log_params_covariance_ = cov
        self.standard_errors_ = dict(zip(PARAMS, delta_errors(values, cov).tolist(), strict=True))
        repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
        self.frequency_monetary_correlation_ = float(
            np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1]
        )
        self.n_customers_ = int(w.sum())
        return self

    def expected_value(self, summary: pd.DataFrame) -> np.ndarray:
        """Expected value of each customer's future purchases (population mean for one-time
        buyers), in the data's currency: Fader & Hardie (2013) eq. 5, a weighted mean of
        the population mean p·v / (q - 1) and the customer's own mean, weight
        p·x / (p·x + q - 1)."""
        check_is_fitted(self, "params_")
        p, q, v = (self.params_[k] for k in PARAMS)
        x = summary["frequency"].to_numpy(dtype=float)
        m = summary["monetary_value"].to_numpy(dtype=float)
        population_mean = p * v / (q - 1)
        weight = p * x / (p * x + q - 1)
        return (1 - weight) * population_mean + weight * m


@dataclass(frozen=True)
class IndependenceTest:
    """Likelihood-ratio test of Gamma-Gamma's assumption that spend per purchase does not
    depend on purchase frequency, on repeat customers (the data Gamma-Gamma learns from).

    H0: Gamma-Gamma (p, q, v). H1: the scale v_i = v·x_i^β varies with the customer's repeat
    purchases x_i, so that mean spend p·v_i / (q - 1) is proportional to x_i^β. ``statistic``
    = 2 (log L1 - log L0), chi-squared with 1 degree of freedom under H0. Effect size:
    ``elasticity`` β (with its standard error from the observed information) and
    ``ratio_per_doubling`` = 2^β, the factor by which mean spend per purchase changes when
    frequency doubles.
    """

    statistic: float
    p_value: float
    elasticity: float
    elasticity_se: float
    ratio_per_doubling: float
    customers: int
    level: float

    @property
    def rejected(self) -> bool:
        """Whether independence is rejected at ``level``."""
        return self.p_value < self.level


def independence_test(summary: pd.DataFrame, level: float = 0.05) -> IndependenceTest:
    """Test of spend independent of frequency (see :class:`IndependenceTest`) on a summary
    with ``frequency`` and ``monetary_value`` (:mod:`crm_lib.ltv.summary`)."""
    x, m, w = _repeat_pairs(summary)
    if np.unique(x).size < 2:
        raise ValueError("the independence test needs repeat customers of two frequencies")
    null = _maximise(x, m, w, _start(m, w), slope=False)
    alt = _maximise(x, m, w, np.append(null.x, 0.0), slope=True)
    statistic = max(0.0, 2 * w.sum() * (null.fun - alt.fun))
    beta = float(alt.x[3])
    c = _centred_log(x, w)
    loglik = lambda t: float(  # noqa: E731
        (w * log_likelihood_terms(t[0], t[1], t[2] * t[3] ** c, x, m)).sum()
    )  # t = (p, q, v, e^β): the Hessian in log t is the one in (log p, log q, log v, β)
    errors = standard_errors(loglik, np.exp(alt.x[:3]).tolist() + [np.exp(beta)])
    return IndependenceTest(
        statistic=float(statistic),
        p_value=float(chi2.sf(statistic, 1)),
        elasticity=beta,
        elasticity_se=float(errors[3] / np.exp(beta)),  # SE(e^β) = e^β·SE(β)
        ratio_per_doubling=float(2**beta),
        customers=int(w.sum()),
        level=level,
    )
