"""Shifted-beta-geometric model of contractual retention (Fader & Hardie 2007, "How to
Project Customer Retention"), for subscriptions (定期便). lifetimes has no such model.

Each subscriber cancels at the end of any period with a probability θ of their own, fixed
over time; θ ~ Beta(α, β) across subscribers. Periods are renewal periods (e.g. months).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, hyp2f1
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from crm_lib.ltv.uncertainty import standard_errors


def churn_probabilities(alpha: float, beta: float, periods: int) -> np.ndarray:
    """P(T = t) for t = 1..periods: the chance a new subscriber cancels in period t."""
    t = np.arange(1, periods + 1)
    return np.exp(betaln(alpha + 1, beta + t - 1) - betaln(alpha, beta))


def survival(alpha: float, beta: float, periods: int) -> np.ndarray:
    """S(t) for t = 0..periods: the share of a cohort still subscribed after t periods."""
    t = np.arange(periods + 1)
    return np.exp(betaln(alpha, beta + t) - betaln(alpha, beta))


def _log_likelihood(params: np.ndarray, alive: np.ndarray) -> float:
    alpha, beta = params
    n = len(alive) - 1
    lost = alive[:-1] - alive[1:]
    p = churn_probabilities(alpha, beta, n)
    s_n = np.exp(betaln(alpha, beta + n) - betaln(alpha, beta))
    return float(np.sum(lost * np.log(p)) + alive[-1] * np.log(s_n))


def _checked(alive) -> np.ndarray:
    alive = np.asarray(alive, dtype=float)
    alive = alive[~np.isnan(alive)]  # periods not yet observed
    if np.any(np.diff(alive) > 0) or (len(alive) and alive[-1] < 0):
        raise ValueError("survival counts must not increase")
    return alive


def _cohort_rows(alive) -> list[np.ndarray]:
    """One cohort's counts (a flat sequence) or several (a frame of
    :func:`cohort_survival_counts`, or a list of sequences) as checked rows."""
    items = list(alive.to_numpy() if isinstance(alive, pd.DataFrame) else alive)
    one_cohort = all(np.ndim(v) == 0 for v in items)
    return [_checked(c) for c in ([items] if one_cohort else items)]


class ShiftedBetaGeometric(BaseEstimator):
    """The sBG model as a scikit-learn estimator.

    ``fit(alive)``: one cohort's survival counts (``alive[0]`` the cohort size, ``alive[t]``
    the number still subscribed at the start of period t, non-increasing), or several
    cohorts observed for different numbers of periods (the rows of
    :func:`cohort_survival_counts`, NaN after each cohort's last observed period; the
    log-likelihood is the sum over cohorts, each censored at its own last period).
    Learned: ``alpha_``, ``beta_``, their standard errors ``alpha_se_``, ``beta_se_``,
    ``mean_churn_`` (mean cancellation probability per period, α / (α + β)),
    ``log_likelihood_`` and ``periods_`` (periods observed).
    """

    def fit(self, alive) -> ShiftedBetaGeometric:
        rows = [r for r in _cohort_rows(alive) if len(r) >= 2 and r[0] > 0]
        if not rows or max(len(r) for r in rows) < 3:
            raise ValueError("need at least one cohort observed for two periods or more")
        loglik = lambda p: sum(_log_likelihood(p, r) for r in rows)  # noqa: E731
        best = minimize(lambda z: -loglik(np.exp(z)), x0=np.zeros(2), method="Nelder-Mead",
                        options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 5000})  # fmt: skip
        params = np.exp(best.x)
        errors = standard_errors(loglik, params)
        self.alpha_, self.beta_ = float(params[0]), float(params[1])
        self.alpha_se_, self.beta_se_ = float(errors[0]), float(errors[1])
        self.mean_churn_ = self.alpha_ / (self.alpha_ + self.beta_)
        self.log_likelihood_ = -float(best.fun)
        self.periods_ = max(len(r) for r in rows) - 1
        return self

    def survival(self, periods: int) -> np.ndarray:
        """S(t) for t = 0..periods under the fitted parameters."""
        check_is_fitted(self, "alpha_")
        return survival(self.alpha_, self.beta_, periods)

    def retention_rates(self, periods: int) -> np.ndarray:
        """r(t) = S(t)/S(t-1), t = 1..periods: retention rises as the cohort is sorted."""
        s = self.survival(periods)
        return s[1:] / s[:-1]

    def discounted_residual_lifetime(self, renewals: int, discount_rate: float) -> float:
        """Expected discounted number of future payments of a subscriber who has renewed
        ``renewals`` times (DERL, Fader & Hardie 2010), discount rate per period."""
        check_is_fitted(self, "alpha_")
        a, b, n, d = self.alpha_, self.beta_, renewals, discount_rate
        return float((b + n) / (a + b + n) * _hyp2f1_one(b + n + 1, a + b + n + 1, 1 / (1 + d)))


def _hyp2f1_one(b: float, c: float, z: float, chunk: int = 4096) -> float:
    """2F1(1, b; c; z) = Σ_k z^k (b)_k / (c)_k for 0 <= z < 1. scipy's hyp2f1 returns NaN
    for large c (α + β above about 1,000: a nearly homogeneous cohort, where an sBG fit
    runs off along its ridge); the series is then summed directly (its ratio z·(b+k)/(c+k)
    is then well below 1, so few terms are needed)."""
    value = hyp2f1(1, b, c, z)
    if np.isfinite(value) or z >= 1:
        return float(value)
    total, term, start = 0.0, 1.0, 0
    while term > 1e-17 * max(total, 1.0):
        k = np.arange(start, start + chunk)
        terms = term * np.cumprod(np.concatenate([[1.0], z * (b + k[:-1]) / (c + k[:-1])]))
        total += terms.sum()
        term = terms[-1] * z * (b + k[-1]) / (c + k[-1])
        start += chunk
    return float(total)


def cohort_survival_counts(
    subscriptions: pd.DataFrame, as_of: pd.Timestamp, period_days: float = 30.4375
) -> pd.DataFrame:
    """Survival counts per start-month cohort: rows cohorts, columns periods 0, 1, 2 ...

    A subscription counts as alive at the start of period t if it had not ended within t
    periods of its start; only periods fully observed by ``as_of`` are counted (the later
    cells are NaN). ``period_days``: length of a renewal period in days (a month by default).
    """
    subs = subscriptions.copy()
    start = pd.to_datetime(subs["start_date"])
    end = pd.to_datetime(subs["end_date"])
    subs["cohort"] = start.dt.to_period("M").dt.to_timestamp()
    subs["observed"] = np.floor((pd.Timestamp(as_of) - start).dt.days / period_days)
    lifetime = np.floor((end - start).dt.days / period_days)  # periods completed before leaving
    subs["lifetime"] = lifetime.fillna(np.inf)
    horizon = int(subs["observed"].max())
    rows = {}
    for cohort, group in subs.groupby("cohort"):  # one row per start month (a few dozen)
        observed = int(group["observed"].min())
        t = np.arange(horizon + 1)
        counts = (group["lifetime"].to_numpy()[:, None] >= t[None, :]).sum(axis=0).astype(float)
        counts[t > observed] = np.nan
        rows[cohort] = counts
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("cohort")
