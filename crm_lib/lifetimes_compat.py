"""Every workaround for the lifetimes package lives here, each with the reason.

lifetimes is archived upstream and partly broken on current pandas and setuptools. The
project uses its fitters and its data files; it never calls its broken helpers.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import ModuleType

import numpy as np


@cache
def lifetimes() -> ModuleType:
    """The lifetimes package, imported once.

    Its ``utils`` module sets ``pd.options.mode.chained_assignment`` on import, an option
    pandas 3 deprecated (it has no effect any more): the warning is silenced here only.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*mode.chained_assignment.*")
        import lifetimes as module
    return module


def dataset_file(name: str) -> Traversable:
    """A data file shipped inside lifetimes (e.g. ``CDNOW_sample.txt``).

    Read with importlib.resources: ``lifetimes.datasets`` itself imports pkg_resources,
    which current setuptools no longer provides.
    """
    return files(lifetimes()) / "datasets" / name


def fitter(name: str):
    """A lifetimes fitter class by name (``BetaGeoFitter``, ``ParetoNBDFitter`` ...)."""
    return getattr(lifetimes(), name)


# Total log-likelihoods (weighted sums over customers) of lifetimes' models, for standard
# errors: lifetimes' ParetoNBDFitter computes no Hessian (its ``summary`` fails for want of
# ``standard_errors_``), so errors come from one numerical Hessian for every model. These
# reach into the fitters' private static methods; lifetimes is archived, so they are stable.


def bgnbd_log_likelihood(params, frequency, recency, T, weights) -> float:
    nll = fitter("BetaGeoFitter")._negative_log_likelihood
    return -nll(np.log(params), frequency, recency, T, weights, 0.0) * weights.sum()


def pareto_nbd_log_likelihood(params, frequency, recency, T, weights) -> float:
    cll = fitter("ParetoNBDFitter")._conditional_log_likelihood
    return float((weights * cll(np.asarray(params), frequency, recency, T)).sum())


def gamma_gamma_log_likelihood(params, frequency, monetary_value, weights) -> float:
    nll = fitter("GammaGammaFitter")._negative_log_likelihood
    return -nll(np.log(params), frequency, monetary_value, weights, 0.0) * weights.sum()


def pareto_nbd_recency(recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Recency to fit and score Pareto/NBD with, for customers who bought on the last day.

    lifetimes computes log(A_0) as the log of a difference that is exactly zero when
    t_x = T, which gives NaN in the likelihood (for frequent buyers), in P(alive) and in
    expected purchases, where the true value is the limit t_x -> T. A hair below T
    (relative 1e-9) gives that limit.
    """
    recency, T = np.asarray(recency, dtype=float), np.asarray(T, dtype=float)
    return np.where((recency >= T) & (T > 0), T * (1 - 1e-9), recency)


def convergence_error() -> type[Exception]:
    """lifetimes' exception for a fit whose optimizer did not converge."""
    return lifetimes().utils.ConvergenceError


#: gradient tolerances :func:`quietly` tries in turn: lifetimes' default, then two retries
TOLERANCES = (1e-7, 1e-6, 1e-5)


def quietly(fit, *args, **kwargs):
    """Call a lifetimes ``fit``, silently, retrying with looser gradient tolerances.

    lifetimes prints the optimizer's state to stdout before raising ConvergenceError, which
    would end up in the reports. Its BFGS reports two harmless cases as failures: "precision
    loss" when the gradient is already about 1e-7, just short of the default tolerance
    (a retry at 1e-6 stops at the same optimum, parameters equal to about 1e-4); and a
    likelihood without a finite maximum along a ridge, e.g. BG/NBD's a and b growing without
    bound at a fixed a / (a + b) when every customer has about the same dropout probability
    (a retry at 1e-5 stops on the ridge, where predictions no longer change). The last
    failure is raised as it is.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        for tol in TOLERANCES[:-1]:
            try:
                return fit(*args, tol=tol, **kwargs)
            except convergence_error():
                continue
        return fit(*args, tol=TOLERANCES[-1], **kwargs)
