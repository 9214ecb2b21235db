"""Tests that fail when the LTV maths is wrong: each expectation is computed here
independently (by hand, by numerical integration, by a truncated sum, or with lifetimes'
own fitters), never from the code under test.

Mutations each test is there to catch (run by hand, see the docstrings): CLV without its
discount; Gamma-Gamma's and the log-normal model's shrinkage replaced by the customer's raw
mean; the CLV horizon in the wrong time unit; a survival count off by one period; DERL
without discounting or counted from the wrong renewal.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats
from scipy.special import gammaln, hyp2f1, logsumexp

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.lifetimes_compat import fitter
from crm_lib.ltv import predictive as pr
from crm_lib.ltv.analysis import customer_values
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.spend import LogNormalSpendModel
from crm_lib.ltv.summary import rfm_summary
from crm_lib.ltv.value import customer_lifetime_value

DAYS_PER_MONTH = 365.25 / 12
CALIBRATION_END = dt.date(1997, 9, 30)


@pytest.fixture(scope="module")
def cdnow_ds():
    return load_dataset(load_config(None, ["data.source=cdnow"]))


@pytest.fixture(scope="module")
def cdnow(cdnow_ds):
    return rfm_summary(cdnow_ds, CALIBRATION_END, None, "W")


class LinearPath:
    """A purchase-count model whose expected purchase path is known by hand: E[N(t)] =
    rate·t (a Poisson process that never stops), ``rate`` per model time unit."""

    def __init__(self, rate: float):
        self.rate = rate

    def expected_purchases_path(self, summary, times):
        return np.outer(np.full(len(summary), self.rate), np.asarray(times, dtype=float))


def test_clv_discounts_each_week_as_worked_by_hand():
    """Half a purchase a week at 100 a purchase, 3 weeks, 2 % a month (a month = 365.25/12
    days): 50·(1.02^(-7/30.4375) + 1.02^(-14/30.4375) + 1.02^(-21/30.4375)) = 148.641;
    the same in days (rate 0.5/7 a day). Without the discount it would be 150."""
    summary = pd.DataFrame({"frequency": [1, 4]}, index=["a", "b"])
    by_hand = 50 * sum(1.02 ** (-7 * w / DAYS_PER_MONTH) for w in (1, 2, 3))
    assert by_hand == pytest.approx(148.641, abs=1e-3)
    for unit, rate in (("W", 0.5), ("D", 0.5 / 7)):
        clv = customer_lifetime_value(
            LinearPath(rate), np.array([100.0, 100.0]), summary, time_unit=unit,
            horizon_weeks=3, discount_rate_monthly=0.02,
        )  # fmt: skip
        assert clv.to_numpy() == pytest.approx([by_hand, by_hand], rel=1e-12), unit
        assert list(clv.index) == ["a", "b"]


def test_clv_equals_a_numerical_integral_of_the_expected_purchase_path(cdnow):
    """CLV at spend 1 is the discounted expected number of purchases over 52 weeks:
    ∫ (1 + r)^(-t / month) dE[N(t)], integrated here on a daily grid of BG/NBD's expected
    purchases (discount at each day's midpoint) on CDNOW. The CLV discounts whole weeks at
    their end, so it is lower by about half a week of discount (observed -0.11 %); within
    0.3 %. Without discounting it would be 5.6 % higher."""
    model = BetaGeoModel().fit(cdnow)
    days = np.arange(0, 52 * 7 + 1)
    path = np.column_stack([model.expected_purchases(cdnow, d / 7.0) for d in days])
    middle = (days[1:] + days[:-1]) / 2
    integral = np.diff(path, axis=1) @ (1.01 ** (-middle / DAYS_PER_MONTH))
    clv = customer_lifetime_value(
        model, np.ones(len(cdnow)), cdnow, time_unit="W", horizon_weeks=52,
        discount_rate_monthly=0.01,
    )  # fmt: skip
    assert clv.sum() == pytest.approx(integral.sum(), rel=0.003)
    assert clv.sum() < integral.sum()
    assert np.allclose(clv.to_numpy(), integral, rtol=0.003)


def _gamma_gamma_posterior_mean(p, q, v, x, m):
    """E[p / ν | x purchases of mean m] by numerical integration over ν: prior Gamma(q,
    rate v), likelihood of the mean of x Gamma(p, ν) values, Gamma(p·x, rate x·ν)."""
    if x == 0:
        return integrate.quad(lambda nu: p / nu * stats.gamma.pdf(nu, q, scale=1 / v), 0, np.inf)[0]
    posterior = lambda nu: (  # noqa: E731
        stats.gamma.pdf(m, p * x, scale=1 / (x * nu)) * stats.gamma.pdf(nu, q, scale=1 / v)
    )
    top = integrate.quad(lambda nu: p / nu * posterior(nu), 0, np.inf, limit=200)[0]
    return top / integrate.quad(posterior, 0, np.inf, limit=200)[0]


def test_gamma_gamma_shrinkage_equals_the_numerical_posterior_mean():
    """Gamma-Gamma's expected spend is the posterior mean of p/ν; computed here by
    numerical integration at CDNOW's parameters for a one-time buyer, a customer with 2
    purchases of mean 60 and one with 9 of mean 12 (observed 35.22, 55.54, 13.08). The raw
    mean (0, 60, 12) fails by far."""
    p, q, v = 6.25, 3.74, 15.44
    model = GammaGammaModel()
    model.params_ = {"p": p, "q": q, "v": v}
    three = pd.DataFrame({"frequency": [0, 2, 9], "monetary_value": [0.0, 60.0, 12.0]})
    expected = [_gamma_gamma_posterior_mean(p, q, v, x, m) for x, m in three.to_numpy()]
    assert model.expected_value(three) == pytest.approx(expected, rel=1e-6)


def test_lognormal_shrinkage_equals_the_numerical_posterior_mean():
    """The log-normal model's expected spend E[exp(μ + ε) | the customer's purchase days]
    computed here by numerical integration over μ ~ N(8, 0.25) with each log value
    N(μ, 0.09) (the first day N(μ - 0.2, 0.09)): a one-time buyer of 2,000, a customer of
    5,000 then 3,500 and 4,800, and one whose only purchase was free (the prior predictive,
    times the 2/3 share of purchase days with a positive value). The raw mean fails."""
    sigma2, delta, m, tau2 = 0.09, -0.2, 8.0, 0.25
    model = LogNormalSpendModel()
    model.delta_, model.sigma2_, model.positive_share_ = delta, sigma2, 2 / 3
    prior = pd.Series({"customers": 100.0, "mean": m, "variance": tau2})
    model.pooled_, model.priors_ = prior, pd.DataFrame({"all": prior}).T
    repeats = [np.array([]), np.log([3500.0, 4800.0]), np.array([])]
    firsts = [2000.0, 5000.0, 0.0]
    summary = pd.DataFrame(
        {
            "frequency": [0, 2, 0],
            "first_value": firsts,
            "repeat_days": [len(r) for r in repeats],
            "repeat_log_mean": [r.mean() if len(r) else np.nan for r in repeats],
            "repeat_log_ss": [((r - r.mean()) ** 2).sum() if len(r) else 0.0 for r in repeats],
        }
    )
    expected = []
    for first, logs in zip(firsts, repeats, strict=True):
        values = list(logs) + ([np.log(first) - delta] if first > 0 else [])

        def posterior(mu, values=values):
            like = np.prod([stats.norm.pdf(y, mu, np.sqrt(sigma2)) for y in values])
            return like * stats.norm.pdf(mu, m, np.sqrt(tau2))

        top = integrate.quad(lambda mu: np.exp(mu + sigma2 / 2) * posterior(mu), 4, 12)[0]
        expected.append(2 / 3 * top / integrate.quad(posterior, 4, 12)[0])
    assert model.expected_value(summary) == pytest.approx(expected, rel=1e-6)


def test_customer_values_match_lifetimes_fitters_and_a_discounted_sum(cdnow_ds, cdnow):
    """CDNOW at the calibration end, 52 weeks at 1 % a month, BG/NBD and Gamma-Gamma: per
    customer, lifetimes' BetaGeoFitter and GammaGammaFitter (fitted on every customer, not
    on unique histories) give the weekly increments of expected purchases, discounted here
    week by week, times the expected spend; CLV must match within 0.1 % (observed 1.4e-6).
    As margin 0.5: half (CDNOW has no returns). The same CLV in days (horizon 364 days)."""
    kw = {"horizon_weeks": 52, "discount_rate_monthly": 0.01, "spend_model": "gamma_gamma",
          "model": "bgnbd"}  # fmt: skip
    values = customer_values(cdnow_ds, CALIBRATION_END, "W", **kw).loc[cdnow.index]
    f, r, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    bg = fitter("BetaGeoFitter")().fit(f, r, T)
    path = np.column_stack(
        [np.zeros(len(f))]
        + [bg.conditional_expected_number_of_purchases_up_to_time(w, f, r, T) for w in range(1, 53)]
    )
    discount = 1.01 ** (-7 * np.arange(1, 53) / DAYS_PER_MONTH)
    repeat = cdnow[cdnow["frequency"] > 0]
    gg = fitter("GammaGammaFitter")().fit(repeat["frequency"], repeat["monetary_value"])
    spend = gg.conditional_expected_average_profit(f, cdnow["monetary_value"])
    expected = np.diff(path, axis=1) @ discount * spend
    assert np.allclose(values["clv"], expected, rtol=1e-3)
    assert np.allclose(values["expected_value"], spend, rtol=1e-3)
    margin = customer_values(cdnow_ds, CALIBRATION_END, "W", gross_margin=0.5, **kw)
    assert np.allclose(margin["clv"].loc[cdnow.index], 0.5 * expected, rtol=1e-3)
    in_days = customer_values(cdnow_ds, CALIBRATION_END, "D", **kw)
    assert np.allclose(in_days["clv"].loc[cdnow.index], expected, rtol=2e-3)


def test_cohort_survival_counts_match_a_hand_built_example():
    """Four subscriptions, periods of 30 days, counted on 2025-04-15. January cohort: S1
    (01-01, active; 104 days observed), S2 (01-10 to 02-20: 41 days, 1 period completed),
    S3 (01-20 to 01-25: 0 periods); the cohort is observed for 2 periods (S3's 85 days):
    alive 3, 2, 1 at periods 0, 1, 2. March cohort: S4 (03-05, active, 41 days: 1 period):
    1, 1. Later cells are not observed (NaN)."""
    subs = pd.DataFrame(
        {
            "start_date": pd.to_datetime(["2025-01-01", "2025-01-10", "2025-01-20", "2025-03-05"]),
            "end_date": pd.to_datetime([None, "2025-02-20", "2025-01-25", None]),
        }
    )
    counts = cohort_survival_counts(subs, pd.Timestamp("2025-04-15"), period_days=30)
    expected = pd.DataFrame(
        [[3, 2, 1, np.nan], [1, 1, np.nan, np.nan]],
        index=pd.to_datetime(["2025-01-01", "2025-03-01"]),
        columns=[0, 1, 2, 3],
        dtype=float,
    )
    assert list(counts.columns) == [0, 1, 2, 3]
    assert np.array_equal(counts.to_numpy(), expected.to_numpy(), equal_nan=True)
    assert list(counts.index) == list(expected.index)


def _derl_by_sum(alpha, beta, renewals, d, periods=20_000):
    """Expected discounted further renewals of a subscriber alive after ``renewals``
    renewals: Σ_{t > n} S(t) / S(n) · (1 + d)^-(t - n - 1), with S from the product of the
    sBG retention rates r(t) = (β + t - 1) / (α + β + t - 1), truncated at ``periods``."""
    t = np.arange(renewals + 1, renewals + periods + 1)
    retention = (beta + t - 1) / (alpha + beta + t - 1)
    survival = np.cumprod(retention)  # S(t) / S(n) for t = n+1, n+2, ...
    return float((survival * (1 + d) ** -(t - renewals - 1)).sum())


@pytest.mark.parametrize("renewals", [0, 1, 5, 12])
@pytest.mark.parametrize("d", [0.01, 0.1])
def test_derl_equals_a_truncated_sum(renewals, d):
    """DERL (Fader & Hardie 2010, the hypergeometric closed form) at the published "high
    end" fit (α 0.668, β 3.806) against the truncated sum of discounted survival, to 1e-8."""
    fit = ShiftedBetaGeometric()
    fit.alpha_, fit.beta_ = 0.668, 3.806
    expected = _derl_by_sum(0.668, 3.806, renewals, d)
    assert fit.discounted_residual_lifetime(renewals, d) == pytest.approx(expected, rel=1e-8)


def test_derl_of_a_homogeneous_cohort_is_a_geometric_series():
    """With every subscriber's churn probability θ = 0.2 (α, β large at α / (α + β) = 0.2),
    further renewals are Σ_k 0.8^(k+1) / 1.05^k = 0.8 / (1 - 0.8 / 1.05) = 3.36, whatever
    the renewals so far."""
    fit = ShiftedBetaGeometric()
    fit.alpha_, fit.beta_ = 0.2e6, 0.8e6
    for renewals in (0, 10):
        assert fit.discounted_residual_lifetime(renewals, 0.05) == pytest.approx(3.36, rel=1e-4)


def test_expected_purchases_alive_where_the_direct_series_overflows():
    """MBG/NBD, r 0.25, α 4, a 0.8, b 2.4, T 40, t 1000: for x = 300 and 600 scipy's direct
    2F1 overflows and Euler's transformation is used; both equal the closed form with the
    2F1 summed term by term in logs (200,000 terms) to 1e-9, and x = 1 (direct) as well."""
    r, alpha, a, b = 0.25, 4.0, 0.8, 2.4
    x, T, t = np.array([1.0, 300.0, 600.0]), np.full(3, 40.0), 1000.0

    def by_series(xi):
        A, B = r + xi, b + xi + 1
        C, z, k = a + B - 1, t / (alpha + 40.0 + t), np.arange(200_000.0)
        log_terms = (gammaln(A + k) - gammaln(A) + gammaln(B + k) - gammaln(B)
                     - gammaln(C + k) + gammaln(C) - gammaln(k + 1) + k * np.log(z))  # fmt: skip
        return C / (a - 1) * (1 - np.exp(logsumexp(log_terms) + A * np.log1p(-z)))

    params = {"r": r, "alpha": alpha, "a": a, "b": b}
    z = t / (alpha + T + t)
    with np.errstate(over="ignore", invalid="ignore"):
        direct = hyp2f1(r + x, b + x + 1, a + b + x, z) * (1 - z) ** (r + x)
    assert np.isfinite(direct[0]) and not np.isfinite(direct[1:]).any()  # Euler's branch
    got = pr.expected_purchases_alive("mbgnbd", params, x, T, t)
    assert got == pytest.approx([by_series(xi) for xi in x], rel=1e-9)
