"""What the purchase-count models share: one fitting path on unique customer histories.

Customers with the same (frequency, recency, T) have the same likelihood and the same
predictions, so models are fitted on the unique triples weighted by their counts and scored
once per triple, then joined back: the same result as one row per customer, far faster.

Every model (BG/NBD, MBG/NBD, Pareto/NBD) is fitted the same way: maximum likelihood by
L-BFGS-B on the log-parameters with the model's analytic gradient, in scaled time (the
longest history = 1, so that the bounds and the ridge check mean the same in days or
weeks), from a fixed list of starts (the next one tried only when the optimiser stopped
short of convergence off a ridge; the best optimum kept), at most ``maxiter`` iterations
per start. Nothing is random: two fits of the same data give identical parameters.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.lifetimes_compat import fitter_with_params
from crm_lib.ltv.uncertainty import RIDGE, delta_errors, diagnose, jacobian, log_covariance

COLUMNS = ("frequency", "recency", "T")
MAXITER = 300  # L-BFGS-B iterations per start
#: box of the log-parameters in scaled time (1e-6 .. 1e6); a fit near its edge is on a ridge
LOG_BOUNDS = (float(np.log(1e-6)), float(np.log(1e6)))


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


def _on_ridge(z: np.ndarray) -> bool:
    """Whether scaled log-parameters have run off above the ridge limit."""
    return bool((z > np.log(RIDGE)).any())


def pooled_rate(x: np.ndarray, T: np.ndarray, weights: np.ndarray) -> float:
    """Repeat purchases per unit of (scaled) time, pooled over customers: a start for r / α."""
    exposure = float(weights @ T)
    return max(float(weights @ x) / exposure, 1e-3) if exposure > 0 else 1.0


class PurchaseCountModel(BaseEstimator):
    """Base of BG/NBD, MBG/NBD and Pareto/NBD: a scikit-learn estimator.

    Settings: ``penalizer`` (L2 penalty on the scaled parameters added to the mean negative
    log-likelihood, as lifetimes' ``penalizer_coef``; 0: maximum likelihood) and ``maxiter``
    (optimiser iterations per start). ``fit(summary)`` takes a frame with ``frequency``,
    ``recency``, ``T`` (see :mod:`crm_lib.ltv.summary`) and returns ``self``. Learned:
    ``params_`` (dict, rates per time unit of the summary), ``standard_errors_`` (dict, NaN
    when the fit is not identified), ``log_params_covariance_`` (covariance of the
    log-parameters, inverse observed information, in ``param_names`` order; None when not
    identified), ``diagnostics_`` (:class:`~crm_lib.ltv.uncertainty.FitDiagnostics`),
    ``log_likelihood_`` (total, in the summary's time unit), ``n_customers_``,
    ``n_histories_``, ``fitter_`` (a lifetimes fitter holding these parameters, for its
    other methods). Scoring before ``fit`` raises
    :class:`sklearn.exceptions.NotFittedError`.
    """

    name: str = ""  # the model's code (tables, metrics, labels ltv_model_<name>)
    fitter_name: str = ""  # the lifetimes fitter with the same parameters
    param_names: tuple[str, ...] = ()
    time_params: tuple[str, ...] = ("alpha",)  # parameters in units of time (scale with it)

    def __init__(self, penalizer: float = 0.0, maxiter: int = MAXITER):
        self.penalizer = penalizer
        self.maxiter = maxiter

    # -- the model's maths, per unique history; params in param_names order ----------------
    def _terms(self, params, x, t_x, T) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
        """Log-likelihood of each history and its gradient in the log-parameters (n, k)."""
        raise NotImplementedError

    def _starts(self, x, t_x, T, weights) -> list[np.ndarray]:  # pragma: no cover
        """Deterministic starting parameters in scaled time."""
        raise NotImplementedError

    def _p_alive(self, x, t_x, T) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def _expected(self, t, x, t_x, T) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def _quiet_if_alive(self, t, x, T) -> np.ndarray:  # pragma: no cover
        """P(no purchase in the next ``t`` | alive at T)."""
        raise NotImplementedError

    # -- fitting ---------------------------------------------------------------------------
    #: try every start and keep the best optimum (mixtures: local optima are common);
    #: False: the next start only when the optimiser stopped short off a ridge
    try_all_starts: bool = False

    def fit(self, summary: pd.DataFrame) -> PurchaseCountModel:
        return self._fit_histories(UniqueHistories.of(summary))

    def _canonical(self, z: np.ndarray) -> np.ndarray:
        """The optimum ``z`` (scaled log-parameters) in canonical form (a mixture orders
        its classes); the identity for one population."""
        return z

    def _fit_histories(self, h: UniqueHistories) -> PurchaseCountModel:
        """Fit on unique histories (the body of :meth:`fit`)."""
        scale, data, weights, objective = self._problem(h)
        best, iterations, evaluations = None, 0, 0
        for start in self._starts(*data, weights):
            result = self._minimise(objective, start)
            iterations, evaluations = iterations + result.nit, evaluations + result.nfev
            if best is None or result.fun < best.fun:
                best = result
            if not self.try_all_starts and (result.success or _on_ridge(result.x)):
                break  # another start cannot help these
        z = self._canonical(best.x)
        hessian = -weights.sum() * jacobian(lambda v: objective(v)[1], z)
        values = self._unscaled(z, scale)
        self._set_params(values)
        ll, _ = self._terms(values, h.frequency, h.recency, h.T)
        self.log_likelihood_ = float(weights @ ll)
        self.diagnostics_ = diagnose(
            hessian, z, converged=best.success, bounds=LOG_BOUNDS,
            iterations=iterations, evaluations=evaluations,
        )  # fmt: skip
        cov = log_covariance(hessian) if self.diagnostics_.identified else None
        self.log_params_covariance_ = cov
        errors = delta_errors(values, cov)
        self.standard_errors_ = dict(zip(self.param_names, errors.tolist(), strict=True))
        self.n_customers_ = int(h.counts.sum())
        self.n_histories_ = len(h.counts)
        return self

    def point_refit(self, h: UniqueHistories) -> tuple[dict[str, float], bool]:
        """This model re-estimated on ``h`` (e.g. customers resampled with replacement:
        multinomial counts on the unique histories) from this fit's parameters, one start:
        the point estimate only, without the Hessian, standard errors or diagnostics a full
        :meth:`fit` computes: what a bootstrap refit needs. Returns the parameters (in the
        summary's time unit) and whether the optimiser converged or stopped on a ridge or
        the box's edge (predictions are flat along a ridge: no failure)."""
        check_is_fitted(self, "params_")
        scale, _, _, objective = self._problem(h)
        start = np.array([self.params_[p] for p in self.param_names]) * self._time_scale(scale)
        result = self._minimise(objective, start)
        z = self._canonical(result.x)
        edge = 1e-6 * (LOG_BOUNDS[1] - LOG_BOUNDS[0])
        at_edge = bool(((z <= LOG_BOUNDS[0] + edge) | (z >= LOG_BOUNDS[1] - edge)).any())
        values = self._unscaled(z, scale)
        params = dict(zip(self.param_names, values.tolist(), strict=True))
        return params, bool(result.success or _on_ridge(z) or at_edge)

    def _problem(self, h: UniqueHistories):
        """Scaled time (the longest history = 1): the scale, the scaled data, the weights
        and the objective of :meth:`_objective`."""
        scale = 1.0 / h.T.max() if h.T.max() > 0 else 1.0
        data = (h.frequency, h.recency * scale, h.T * scale)
        weights = h.counts.astype(float)
        return scale, data, weights, self._objective(data, weights)

    def _minimise(self, objective, start: np.ndarray):
        """L-BFGS-B on the log-parameters from ``start`` (scaled parameters)."""
        z0 = np.clip(np.log(start), *LOG_BOUNDS)
        return minimize(
            objective, z0, jac=True, method="L-BFGS-B", bounds=[LOG_BOUNDS] * len(z0),
            options={"maxiter": self.maxiter, "ftol": 1e-11, "gtol": 1e-8},
        )  # fmt: skip

    def _time_scale(self, scale: float) -> np.ndarray:
        """Per parameter: ``scale`` for those in units of time, else 1."""
        return np.where(np.isin(self.param_names, self.time_params), scale, 1.0)

    def _unscaled(self, z: np.ndarray, scale: float) -> np.ndarray:
        """Scaled log-parameters ``z`` as parameters in the summary's time unit."""
        return np.exp(z) / self._time_scale(scale)

    def _objective(self, data, weights):
        """Mean negative log-likelihood (plus penalty) of log-parameters, with gradient."""
        total = weights.sum()

        def objective(z):
            params = np.exp(z)
            ll, grad = self._terms(params, *data)
            value = -(weights @ ll) / total + self.penalizer * (params**2).sum()
            gradient = -(weights @ grad) / total + 2 * self.penalizer * params**2
            if not np.isfinite(value):  # outside the region the optimiser should visit
                return np.inf, np.zeros_like(z)
            return value, gradient

        return objective

    def _set_params(self, values: np.ndarray) -> None:
        self.params_ = dict(zip(self.param_names, np.asarray(values, float).tolist(), strict=True))
        self.fitter_ = fitter_with_params(self.fitter_name, self.params_)

    def with_params(self, params: dict) -> PurchaseCountModel:
        """A fitted copy whose parameters (and so every prediction) are ``params`` (a dict
        with every name of ``param_names``, positive): e.g. one draw of the parameters, or
        published values on an unfitted model. The fit's own attributes (log-likelihood,
        standard errors, covariance, diagnostics) describe the original estimate and are
        not carried over."""
        values = np.array([params[k] for k in self.param_names], dtype=float)
        if not (np.isfinite(values).all() and (values > 0).all()):
            raise ValueError(f"parameters must be positive and finite: {params}")
        other = copy.copy(self)
        for attribute in ("log_likelihood_", "standard_errors_", "log_params_covariance_",
                          "diagnostics_"):  # fmt: skip
            other.__dict__.pop(attribute, None)
        other._set_params(values)
        return other

    def _recency(self, h: UniqueHistories) -> np.ndarray:
        """Recency to pass to ``fitter_``'s lifetimes methods (a model may adjust edge cases)."""
        return h.recency

    # -- scoring ---------------------------------------------------------------------------
    def expected_purchases(self, summary: pd.DataFrame, t: float) -> np.ndarray:
        """Expected repeat purchases of each customer in the next ``t`` time units."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        return h.expand(self._expected(t, h.frequency, h.recency, h.T))

    def expected_purchases_path(self, summary: pd.DataFrame, times: np.ndarray) -> np.ndarray:
        """Cumulative expected purchases at each of ``times``: shape (customers, len(times))."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        path = self._expected_path(np.asarray(times, float), h.frequency, h.recency, h.T)
        return path[h.inverse]

    def _expected_path(self, times, x, t_x, T) -> np.ndarray:
        """Cumulative expected purchases per history at each of ``times`` (n, len(times))."""
        return np.column_stack([self._expected(t, x, t_x, T) for t in times])

    def p_alive(self, summary: pd.DataFrame) -> np.ndarray:
        """Probability that each customer is still active at the end of calibration (T)."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        return h.expand(self._p_alive(h.frequency, h.recency, h.T))

    def p_no_purchase(self, summary: pd.DataFrame, t: float) -> np.ndarray:
        """Probability that each customer makes no purchase in the next ``t`` time units:
        1 - P(alive) · (1 - P(no purchase in t | alive)); a dead customer never buys."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        alive = self._p_alive(h.frequency, h.recency, h.T)
        quiet = self._quiet_if_alive(t, h.frequency, h.T)
        return h.expand(1.0 - alive * (1.0 - quiet))
