"""Parameter uncertainty: standard errors from the observed information (numerical Hessian
of the total log-likelihood), one method for every model."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


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


def standard_errors(loglik: Callable[[np.ndarray], float], params: np.ndarray) -> np.ndarray:
    """Asymptotic standard errors of positive parameters at the maximum of ``loglik``.

    The covariance of log(params) is the inverse observed information; the delta method
    gives SE(θ) = θ · SE(log θ). NaN where the information matrix is singular.
    """
    params = np.asarray(params, dtype=float)
    try:
        cov_log = np.linalg.inv(-log_space_hessian(loglik, params))
    except np.linalg.LinAlgError:
        return np.full(len(params), np.nan)
    return params * np.sqrt(np.clip(np.diag(cov_log), 0, None))
