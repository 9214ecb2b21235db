"""Latent-class MBG/NBD: customers come from a few hidden populations, each an MBG/NBD.

A single MBG/NBD spreads one Gamma purchase rate and one Beta dropout probability over
everyone. When the customers are a mixture of populations (trial buyers who mostly never
come back beside loyal regulars), one Gamma and one Beta cannot take both shapes and the
model over-predicts the populations that leave. The finite mixture (a latent-class model,
as in Kamakura & Russell 1989 for choice models, applied to the MBG/NBD of Batislam,
Denizel & Filiztekin 2007) gives each class k its own (r_k, α_k, a_k, b_k) and a share π_k:

    L(x, t_x, T) = Σ_k π_k L_MBG(x, t_x, T | r_k, α_k, a_k, b_k).

Parameters (:mod:`crm_lib.ltv.mixture`): per class r, alpha, a, b (suffix ``_k``) and,
for k ≥ 2, ``odds_k`` = π_k / π_1 (a softmax with class 1 as reference, every parameter
positive and fitted on the log scale like the other models'). Classes are ordered by mean
purchase rate r_k / α_k, slowest first (label switching resolved).

Fitting: maximum likelihood on unique histories by the shared L-BFGS-B path
(:mod:`crm_lib.ltv.base`) with the analytic gradient, at most ``maxiter`` iterations per
start, from two deterministic starts built on the single MBG/NBD fit (histories ranked by
frequency then recency and cut into K groups of equal customers: each group's pooled
purchase rate, and its share of one-time buyers as the dropout probability or the single
fit's dropout), the better optimum kept. K is chosen by BIC (k ln n − 2 ln L, n customers)
among 1 ... ``max_classes`` (or fixed by ``n_classes``); a fit with an empty class (expected
to hold fewer than :data:`MIN_CLASS_CUSTOMERS` customers: K − 1 classes in effect) takes no
part. Identification as the other models (a ridge, e.g. one class's Beta collapsing to a
point, is "not identified"), plus ``empty_class``; then every standard error is NaN.

Predictions condition on the history: P(class k | history) ∝ π_k L_k(history), and every
prediction is that posterior's average of the class's MBG/NBD prediction.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from crm_lib.ltv import predictive as pr
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories, pooled_rate
from crm_lib.ltv.mbgnbd import ModifiedBetaGeoModel
from crm_lib.ltv.mixture import (
    CLASS_PARAMS,
    PROCESS,
    class_posterior,
    classes_of,
    mixture_terms,
    parameter_names,
    split_params,
)

MAX_CLASSES = 3  # classes tried by BIC at most (1 ... MAX_CLASSES)
MIN_CLASS_CUSTOMERS = 10.0  # a class expected to hold fewer is empty: not identified
MIXTURE_MAXITER = 500  # L-BFGS-B iterations per start (5K - 1 parameters)
MAX_FIT_HISTORIES = 20_000  # beyond, classes are searched on histories rounded to a grid
POLISH_MAXITER = 50  # iterations on the exact histories from the rounded histories' optimum


class LatentClassMBGNBD(PurchaseCountModel):
    """A finite mixture of MBG/NBD classes (see the module docstring); rates per time unit of
    the summary.

    Settings: ``n_classes`` (None: chosen by BIC among 1 ... ``max_classes``; an int: that
    many), ``max_classes``, ``penalizer``, ``maxiter`` (per start). Learned beside the
    base's attributes: ``n_classes_``, ``shares_`` (π_k), ``class_params_`` (each class's
    r, alpha, a, b), ``bic_`` (BIC by number of classes tried; None where a class was
    empty). Predictions are the class posterior's average of each class's MBG/NBD closed
    forms (:mod:`crm_lib.ltv.predictive`)."""

    name = PROCESS
    fitter_name = ""
    try_all_starts = True

    def __init__(
        self,
        n_classes: int | None = None,
        max_classes: int = MAX_CLASSES,
        penalizer: float = 0.0,
        maxiter: int = MIXTURE_MAXITER,
    ):
        self.n_classes = n_classes
        self.max_classes = max_classes
        self.penalizer = penalizer
        self.maxiter = maxiter

    # -- parameters ------------------------------------------------------------------------
    def _use_classes(self, k: int) -> None:
        self.param_names = parameter_names(k)
        self.time_params = tuple(f"alpha_{j}" for j in range(1, k + 1))
        self.n_classes_ = k

    def _set_params(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=float)
        self._use_classes(classes_of(values))
        self.params_ = dict(zip(self.param_names, values.tolist(), strict=True))
        self.class_params_, self.shares_ = split_params(self.params_)

    def with_params(self, params: dict) -> LatentClassMBGNBD:
        """A fitted copy at ``params`` (every name of :func:`parameter_names` for K = the
        number of classes they describe); the fit's own attributes are not carried over."""
        k = classes_of(params)
        if set(params) != set(parameter_names(k)):
            raise ValueError(f"not the parameters of a latent-class MBG/NBD: {sorted(params)}")
        other = copy.copy(self)
        other._use_classes(k)
        other = PurchaseCountModel.with_params(other, params)
        other.__dict__.pop("bic_", None)
        return other

    def fixed(self) -> LatentClassMBGNBD:
        """An unfitted copy with this fit's number of classes (a refit, e.g. a bootstrap
        one, estimates the same model rather than choosing K again)."""
        check_is_fitted(self, "params_")
        return LatentClassMBGNBD(self.n_classes_, self.max_classes, self.penalizer, self.maxiter)

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, summary: pd.DataFrame) -> LatentClassMBGNBD:
        """Fit 1 ... ``max_classes`` classes (or ``n_classes``) and keep the lowest BIC
        among the fits without an empty class (K = 1 has none).

        Beyond :data:`MAX_FIT_HISTORIES` unique histories, each K is searched on histories
        with recency and T rounded to a grid (:class:`crm_lib.ltv.predictive.Histories`),
        its BIC taken from the exact log-likelihood at that optimum, and the chosen K
        refitted on the exact histories from there (at most :data:`POLISH_MAXITER`
        iterations): the estimate, its Hessian and diagnostics are the exact data's."""
        h = UniqueHistories.of(summary)
        rounded = pr.Histories.of(h, MAX_FIT_HISTORIES)
        coarse = (
            h
            if rounded.grid == 0
            else UniqueHistories(*rounded.arrays, rounded.counts, rounded.inverse)
        )
        single = ModifiedBetaGeoModel()._fit_histories(h)
        n = float(h.counts.sum())
        tried = [self.n_classes] if self.n_classes else range(1, self.max_classes + 1)
        fits = {k: self._fit_classes(coarse, k, single) for k in tried}
        bic = {k: self._bic(f, h, n) for k, f in fits.items()}
        kept = [k for k in fits if bic[k] is not None] or list(fits)
        best = fits[min(kept, key=lambda k: np.inf if bic[k] is None else bic[k])]
        if coarse is not h and best.n_classes_ > 1:
            best = best._polished(h, single)
        self.__dict__.update(best.__dict__)
        self.bic_ = {int(k): v for k, v in bic.items()}
        return self

    @staticmethod
    def _bic(fit: LatentClassMBGNBD, h: UniqueHistories, n: float) -> float | None:
        """k ln n − 2 ln L on the exact histories ``h``; None with an empty class."""
        if fit.diagnostics_.reason == "empty_class":
            return None
        values = np.array([fit.params_[p] for p in fit.param_names])
        ll = float(h.counts @ fit._terms(values, h.frequency, h.recency, h.T)[0])
        return float(len(fit.param_names) * np.log(n) - 2 * ll)

    def _fit_classes(self, h: UniqueHistories, k: int, single, start=None) -> LatentClassMBGNBD:
        """A K-class fit (K = 1: the single MBG/NBD fit, in this model's parameter names);
        from ``start`` (parameters in the summary's time unit) when given."""
        model = LatentClassMBGNBD(k, self.max_classes, self.penalizer, self.maxiter)
        if k == 1:
            model._copy_single(single)
            return model
        model._use_classes(k)
        model._single, model._start, model._t_max = single, start, float(h.T.max())
        model._fit_histories(h)
        del model._single, model._start, model._t_max
        model._flag_empty_classes()
        return model

    def _polished(self, h: UniqueHistories, single) -> LatentClassMBGNBD:
        """This fit (on rounded histories) refitted on the exact histories ``h`` from its
        optimum, at most POLISH_MAXITER iterations; iterations of both counted."""
        polish = LatentClassMBGNBD(
            self.n_classes_, self.max_classes, self.penalizer, POLISH_MAXITER
        )
        fit = polish._fit_classes(h, self.n_classes_, single, start=self.params_)
        fit.maxiter = self.maxiter
        fit.diagnostics_ = dataclasses.replace(
            fit.diagnostics_,
            iterations=fit.diagnostics_.iterations + self.diagnostics_.iterations,
            evaluations=fit.diagnostics_.evaluations + self.diagnostics_.evaluations,
        )
        return fit

    def _copy_single(self, single: ModifiedBetaGeoModel) -> None:
        """The one-class mixture is the MBG/NBD fit itself (the same likelihood)."""
        self._set_params(np.array([single.params_[p] for p in CLASS_PARAMS]))
        rename = dict(zip(CLASS_PARAMS, self.param_names, strict=True))
        self.log_likelihood_ = single.log_likelihood_
        self.diagnostics_ = single.diagnostics_
        self.log_params_covariance_ = single.log_params_covariance_
        self.standard_errors_ = {rename[p]: v for p, v in single.standard_errors_.items()}
        self.n_customers_, self.n_histories_ = single.n_customers_, single.n_histories_

    def _flag_empty_classes(self) -> None:
        """A class expected to hold fewer than MIN_CLASS_CUSTOMERS customers: not identified
        (``empty_class``: its parameters are not informed), no covariance, every standard
        error NaN."""
        if (self.shares_ * self.n_customers_ >= MIN_CLASS_CUSTOMERS).all():
            return
        self.diagnostics_ = dataclasses.replace(
            self.diagnostics_, identified=False, reason="empty_class"
        )
        self.log_params_covariance_ = None
        self.standard_errors_ = dict.fromkeys(self.param_names, float("nan"))

    def _terms(self, params, x, t_x, T):
        ll, grad, _ = mixture_terms(params, x, t_x, T)
        return ll, grad

    def _starts(self, x, t_x, T, weights) -> list[np.ndarray]:
        """Scaled-time starts: histories ranked by frequency then recency and cut into K
        groups of equal customers; each group's pooled rate gives α_k (r from the single
        fit), its share of one-time buyers the mean dropout probability (a from the single
        fit), its size the share. Second start: the same rates, the single fit's dropout."""
        k = self.n_classes_
        if self._start is not None:  # to scaled time (the longest history = 1)
            scale = self._time_scale(1.0 / self._t_max)
            return [np.array([self._start[p] for p in self.param_names]) * scale]
        single = self._single.params_
        r, a, b = single["r"], single["a"], single["b"]
        order = np.lexsort((t_x, x))
        cumulative = np.cumsum(weights[order]) / weights.sum()
        group = np.empty(len(x), dtype=np.int64)
        group[order] = np.minimum((cumulative * k - 1e-12).astype(np.int64), k - 1)
        grouped, plain, sizes = [], [], []
        for g in range(k):
            inside = group == g
            w = weights[inside]
            rate = pooled_rate(x[inside], T[inside], w)
            p = float(np.clip(w @ (x[inside] == 0) / w.sum(), 0.05, 0.95))
            grouped.append([r, r / rate, a, a * (1 - p) / p])
            plain.append([r, r / rate, a, b])
            sizes.append(w.sum())
        odds = np.maximum(np.array(sizes[1:]) / sizes[0], 1e-3)
        return [np.concatenate([np.ravel(s), odds]) for s in (grouped, plain)]

    def _canonical(self, z: np.ndarray) -> np.ndarray:
        """Classes ordered by mean purchase rate r / α (slowest first); log-odds taken
        against the new first class."""
        k = classes_of(z)
        theta = z[: 4 * k].reshape(k, 4)
        log_odds = np.concatenate([[0.0], z[4 * k :]])
        order = np.argsort(theta[:, 0] - theta[:, 1], kind="stable")  # log r - log α
        return np.concatenate([theta[order].ravel(), (log_odds[order] - log_odds[order[0]])[1:]])

    # -- scoring ---------------------------------------------------------------------------
    def class_probabilities(self, summary: pd.DataFrame) -> np.ndarray:
        """P(class k | history) of each customer, shape (customers, K)."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        return class_posterior(self.params_, h.frequency, h.recency, h.T).T[h.inverse]

    def _average(self, per_class, x, t_x, T) -> np.ndarray:
        """Σ_k P(k | history) · per_class(class k's parameters)."""
        post = class_posterior(self.params_, x, t_x, T)
        return sum(post[k] * per_class(c) for k, c in enumerate(self.class_params_))

    def _p_alive(self, x, t_x, T):
        return pr.p_alive(PROCESS, self.params_, x, t_x, T)

    def _expected(self, t, x, t_x, T):
        return pr.expected_purchases(PROCESS, self.params_, x, t_x, T, t)

    def _expected_path(self, times, x, t_x, T):
        post = class_posterior(self.params_, x, t_x, T)
        path = np.zeros((len(x), len(times)))
        for k, c in enumerate(self.class_params_):
            alive = post[k] * pr.p_alive("mbgnbd", c, x, t_x, T)
            for j, t in enumerate(times):
                path[:, j] += alive * pr.expected_purchases_alive("mbgnbd", c, x, T, t)
        return path

    def quiet_if_alive(self, t, x, t_x, T) -> np.ndarray:
        """P(no purchase in the next ``t`` | alive at T, history): the classes weighted by
        P(k | history, alive) ∝ P(k | history) P(alive | k, history); within a class
        ((α + T) / (α + T + t)) ** (r + x), as MBG/NBD."""
        post = class_posterior(self.params_, x, t_x, T)
        alive = [
            post[k] * pr.p_alive("mbgnbd", c, x, t_x, T) for k, c in enumerate(self.class_params_)
        ]
        total = np.maximum(sum(alive), 1e-300)
        return sum(
            w / total * ((c["alpha"] + T) / (c["alpha"] + T + t)) ** (c["r"] + x)
            for w, c in zip(alive, self.class_params_, strict=True)
        )

    def p_no_purchase(self, summary: pd.DataFrame, t: float) -> np.ndarray:
        """P(no purchase in the next ``t``): 1 − P(alive) (1 − P(quiet | alive)), both
        given the history (class posterior included)."""
        check_is_fitted(self, "params_")
        h = UniqueHistories.of(summary)
        x, t_x, T = h.frequency, h.recency, h.T
        alive = self._p_alive(x, t_x, T)
        return h.expand(1.0 - alive * (1.0 - self.quiet_if_alive(t, x, t_x, T)))
