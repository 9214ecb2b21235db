"""Parameter uncertainty and fit diagnostics, one method for every model.

Standard errors come from the observed information (the negative Hessian of the total
log-likelihood) in log-parameters, and only where that Hessian says the fit is a proper
maximum: a matrix that is not negative definite, a parameter running off along a ridge or an
optimiser that stopped early gives no standard error (NaN), never a clipped 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: a parameter above RIDGE in scaled time (the longest customer history = 1) means a mixing
#: distribution collapsing to a point (shapes such as BG/NBD's a and b growing together) or
#: rates vanishing for everyone (scales): the likelihood has no finite maximum that way
RIDGE = 1e4
#: an observed information with a larger condition number has a direction the data do not
#: inform (a near-zero eigenvalue): the parameters are not separately identified
MAX_CONDITION = 1e9
#: why a fit is not identified, in the order they are reported (the first that applies);
#: ``empty_class``: a mixture's class holds almost no customers (set by the mixture itself)
REASONS = ("ridge", "not_converged", "not_negative_definite", "ill_conditioned", "empty_class")


@dataclass(frozen=True)
class FitDiagnostics:
    """How far a maximum-likelihood fit can be trusted.

    ``converged``: the optimiser reported success; ``negative_definite``: the Hessian of the
    log-likelihood in log-parameters is negative definite at the optimum (a proper maximum);
    ``on_ridge``: a parameter above :data:`RIDGE` in scaled time, or at a bound of the box;
    ``condition_number``: of the observed information (inf when singular);
    ``iterations`` / ``evaluations``: optimiser iterations and likelihood evaluations, all
    starts together; ``identified``: all of the above fine; ``reason``: "" when identified,
    else the first code of :data:`REASONS` that applies.
    """

    converged: bool
    negative_definite: bool
    on_ridge: bool
    condition_number: float
    iterations: int
    evaluations: int
    identified: bool
    reason: str


def diagnose(
    hessian: np.ndarray,
    scaled_log_params: np.ndarray,
    *,
    converged: bool,
    bounds: tuple[float, float],
    iterations: int,
    evaluations: int,
) -> FitDiagnostics:
    """Diagnostics of a fit from the Hessian of its total log-likelihood in log-parameters
    and its log-parameters in scaled time (the optimiser's ``bounds``)."""
    z = np.asarray(scaled_log_params, dtype=float)
    finite = bool(np.isfinite(hessian).all())
    eigen = np.linalg.eigvalsh((hessian + hessian.T) / 2) if finite else np.array([np.nan])
    negative_definite = finite and bool((eigen < 0).all())
    magnitude = np.abs(eigen)
    condition = float(magnitude.max() / magnitude.min()) if finite and magnitude.min() else np.inf
    edge = 1e-6 * (bounds[1] - bounds[0])
    on_ridge = bool(
        (z > np.log(RIDGE)).any() or (z <= bounds[0] + edge).any() or (z >= bounds[1] - edge).any()
    )
    failed = {
        "ridge": on_ridge,
        "not_converged": not converged,
        "not_negative_definite": not negative_definite,
        "ill_conditioned": condition > MAX_CONDITION,
    }
    reason = next((code for code in REASONS if failed.get(code)), "")
    return FitDiagnostics(
        converged=bool(converged),
        negative_definite=negative_definite,
        on_ridge=on_ridge,
        condition_number=condition,
        iterations=int(iterations),
        evaluations=int(evaluations),
        identified=reason == "",
        reason=reason,
    )


def jacobian(gradient: Callable[[np.ndarray], np.ndarray], z: np.ndarray) -> np.ndarray:
    """Symmetrised Jacobian of ``gradient`` at ``z`` by central differences (the Hessian
    of the function whose analytic gradient it is)."""
    z = np.asarray(z, dtype=float)
    step = 1e-5 * np.maximum(1.0, np.abs(z))
    columns = []
    for j in range(len(z)):
        e = np.zeros_like(z)
        e[j] = step[j]
        columns.append((gradient(z + e) - gradient(z - e)) / (2 * step[j]))
    hess = np.column_stack(columns)
    return (hess + hess.T) / 2


def log_space_hessian(loglik: Callable[[np.ndarray], float], params: np.ndarray) -> np.ndarray:
    """Hessian of ``loglik`` with respect to log(params), by central differences."""
    theta = np.log(np.asarray(params, dtype=float))
    k, h = len(theta), 1e-4
    f = lambda z: loglik(np.exp(z))  # noqa: E731
    hess = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.eye(k)[i] * h, np.eye(k)[j] * h
            value = (
                f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)
            ) / (4 * h * h)
            hess[i, j] = hess[j, i] = value
    return hess


def log_covariance(hessian: np.ndarray) -> np.ndarray | None:
    """Covariance of the log-parameters, the inverse observed information, or None when the
    Hessian is not negative definite (no proper maximum: no covariance)."""
    if not np.isfinite(hessian).all():
        return None
    try:
        np.linalg.cholesky(-hessian)  # fails unless -hessian is positive definite
    except np.linalg.LinAlgError:
        return None
    return np.linalg.inv(-hessian)


def delta_errors(params: np.ndarray, cov_log: np.ndarray | None) -> np.ndarray:
    """Standard errors of positive parameters from the covariance of their logs (delta
    method: SE(θ) = θ · SE(log θ)); all NaN without a covariance."""
    params = np.asarray(params, dtype=float)
    if cov_log is None:
        return np.full(len(params), np.nan)
    return params * np.sqrt(np.diag(cov_log))


def standard_errors(loglik: Callable[[np.ndarray], float], params: np.ndarray) -> np.ndarray:
    """Asymptotic standard errors of positive parameters at the maximum of ``loglik``.

    The covariance of log(params) is the inverse observed information; the delta method
    gives SE(θ) = θ · SE(log θ). All NaN where the Hessian is not negative definite (no
    proper maximum): a negative variance is never clipped to 0.
    """
    return delta_errors(params, log_covariance(log_space_hessian(loglik, params)))
