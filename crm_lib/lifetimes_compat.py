"""Every workaround for the lifetimes package lives here, each with the reason.

lifetimes is archived upstream and partly broken on current pandas and setuptools. The
project uses its fitters and its data files; it never calls its broken helpers.
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import ModuleType

import numpy as np
import pandas as pd


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


def fitter_with_params(name: str, params: dict):
    """A lifetimes fitter (``BetaGeoFitter`` ...) holding ``params``, without fitting it.

    The project fits every purchase-count model itself (:mod:`crm_lib.ltv.base`: gradient
    based, bounded and deterministic, where lifetimes' Pareto/NBD starts Nelder-Mead from an
    unseeded random point and runs up to 2,000 iterations, and its BG/NBD raises or stops
    anywhere along a ridge), but reuses lifetimes' BG/NBD and MBG/NBD prediction formulas.
    Its fitters read their parameters only from ``params_`` (a Series, via
    ``_unload_params``), so setting it gives the predictions at our estimate. Methods
    that need the fitted data (``data``, plotting helpers) are not available.
    """
    instance = fitter(name)()
    instance.params_ = pd.Series(params, dtype=float)
    return instance


# Total log-likelihoods (weighted sums over customers) of lifetimes' models, from the
# fitters' private static methods (lifetimes is archived, so they are stable). The project
# computes its own likelihoods; these are the independent reference the tests compare with.


def bgnbd_log_likelihood(params, frequency, recency, T, weights) -> float:
    nll = fitter("BetaGeoFitter")._negative_log_likelihood
    return -nll(np.log(params), frequency, recency, T, weights, 0.0) * weights.sum()


def mbgnbd_log_likelihood(params, frequency, recency, T, weights) -> float:
    nll = fitter("ModifiedBetaGeoFitter")._negative_log_likelihood
    return -nll(np.log(params), frequency, recency, T, weights, 0.0) * weights.sum()


def pareto_nbd_log_likelihood(params, frequency, recency, T, weights) -> float:
    """lifetimes' Pareto/NBD likelihood; give it :func:`pareto_nbd_recency`'s recency."""
    cll = fitter("ParetoNBDFitter")._conditional_log_likelihood
    return float((weights * cll(np.asarray(params), frequency, recency, T)).sum())


def gamma_gamma_log_likelihood(params, frequency, monetary_value, weights) -> float:
    nll = fitter("GammaGammaFitter")._negative_log_likelihood
    return -nll(np.log(params), frequency, monetary_value, weights, 0.0) * weights.sum()


def pareto_nbd_recency(recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Recency to give lifetimes' Pareto/NBD methods, for customers who bought on the last
    day (the project's own Pareto/NBD formulas need no such adjustment).

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
