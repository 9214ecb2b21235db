"""Spend per purchase: Gamma-Gamma's independence assumption, the conditioning log-normal
model, the choice between them on the holdout, and what a CLV amount counts.

References: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (CDNOW: 946
repeat customers, p = 6.25, q = 3.74, gamma = 15.44); the demo's planted spend
(truth_customers.mean_order_value_yen: each customer's mean order value; per persona a
Gamma-Gamma with its own mean, so spend depends on the persona and therefore on frequency).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_lib.config import PeriodConfig, load_config
from crm_lib.dataset import load_dataset
from crm_lib.demo import generate_demo
from crm_lib.features import PURCHASE, RETURN
from crm_lib.lifetimes_compat import fitter
from crm_lib.ltv import report
from crm_lib.ltv.analysis import customer_values
from crm_lib.ltv.gamma_gamma import GammaGammaModel, independence_test, log_likelihood_terms
from crm_lib.ltv.spend import LogNormalSpendModel, spend_inputs
from crm_lib.ltv.spend_choice import MIN_HOLDOUT_CUSTOMERS, choose_spend_model, spend_choice
from crm_lib.ltv.summary import rfm_summary
from crm_lib.metrics import ltv as ml
from crm_lib.params import Business, LtvParams
from crm_lib.section import Section

N = 5000
CALIBRATION_END = dt.date(2025, 6, 30)
HORIZON = {"horizon_weeks": 52, "discount_rate_monthly": 0.01}


@pytest.fixture(scope="module")
def demo():
    ds = load_dataset(load_config(None, ["data.source=demo", f"data.customers={N}"]))
    truth = generate_demo(n_customers=N, seed=42).truth_customers.set_index("customer_id")
    return ds, truth


@pytest.fixture(scope="module")
def values(demo):
    """CLV per customer at the calibration and the observation end, spend model chosen
    automatically (the log-normal model on the demo), joined with the planted truth."""
    ds, truth = demo
    return {
        end: customer_values(ds, end, "D", **HORIZON).join(truth)
        for end in (CALIBRATION_END, ds.observation_end)
    }


@pytest.fixture(scope="module")
def cdnow():
    ds = load_dataset(load_config(None, ["data.source=cdnow"]))
    return rfm_summary(ds, dt.date(1997, 9, 30), None, "W")


def test_one_time_buyers_expected_spend_is_within_25_percent_of_their_planted_spend(demo, values):
    """Issue #16: Gamma-Gamma gave one-time buyers the mean of repeat customers (9,242
    against a true 3,224 at the observation end, 9,146 against 3,591 at the calibration
    end). The chosen model (log-normal, which uses their first purchase) must be within
    25 % of their true mean spend; observed 3,244 vs 3,224 (+0.6 %) and 3,508 vs 3,591
    (-2.3 %)."""
    for end, frame in values.items():
        one = frame[frame["frequency"] == 0]
        truth = one["mean_order_value_yen"].mean()
        assert one["expected_value"].mean() == pytest.approx(truth, rel=0.25), end
    ds, truth = demo
    old = customer_values(ds, ds.observation_end, "D", spend_model="gamma_gamma", **HORIZON)
    old_one = old.join(truth)[old["frequency"] == 0]
    assert old_one["expected_value"].mean() > 2 * old_one["mean_order_value_yen"].mean()


def test_expected_spend_per_persona_follows_the_planted_spend(values):
    """Mean expected spend per purchase of each persona's customers against their mean
    planted spend, within 25 %. Observed at the observation end: bargain 2,927 vs 2,801
    (+4 %), premium 20,402 vs 22,141 (-8 %), subscriber 9,870 vs 9,999 (-1 %), trial 1,751
    vs 1,499 (+17 %: shrinkage toward all customers lifts the cheapest). Gamma-Gamma:
    trial 8,826 (+489 %), premium 14,982 (-32 %)."""
    for end, frame in values.items():
        by = frame.groupby("persona")[["expected_value", "mean_order_value_yen"]].mean()
        ratio = by["expected_value"] / by["mean_order_value_yen"]
        assert ratio.between(0.75, 1.25).all(), (end, ratio.round(3).to_dict())


def test_independence_test_detects_the_planted_dependence(demo):
    """On the demo, spend depends on the persona and so on frequency (bargain hunters buy
    often and cheaply). The likelihood-ratio test must reject independence: observed
    statistic 120.6, p 5e-28, elasticity -0.28 (SE 0.023): spend per purchase x0.82 per
    doubling of frequency."""
    ds, _ = demo
    test = independence_test(rfm_summary(ds, CALIBRATION_END, None, "D"))
    assert test.rejected and test.p_value < 1e-6
    assert test.elasticity < 0 and test.elasticity + 4 * test.elasticity_se < 0
    assert test.ratio_per_doubling == pytest.approx(2**test.elasticity)
    assert test.customers == 1483


def test_independence_test_keeps_its_level_on_a_true_gamma_gamma():
    """50 datasets of 1,000 repeat customers from a Gamma-Gamma with CDNOW's parameters
    and frequency drawn independently of spend: the test at 5 % must reject about 5 % of
    them (observed 2 of 50; the bound 6 of 50 is exceeded with probability 1.2 % when the
    level is right) and its p-values average about 0.5 (uniform; observed 0.53)."""
    rng = np.random.default_rng(5)
    p, q, v = 6.25, 3.74, 15.44
    p_values = []
    for _ in range(50):
        x = 1 + rng.poisson(2.0, 1000)
        nu = rng.gamma(q, 1 / v, 1000)
        m = rng.gamma(p * x, 1 / (x * nu))  # mean of x purchases, each Gamma(p, nu)
        summary = pd.DataFrame({"frequency": x, "monetary_value": m})
        p_values.append(independence_test(summary).p_value)
    p_values = np.array(p_values)
    assert (p_values < 0.05).sum() <= 6
    assert 0.4 < p_values.mean() < 0.6


def test_gamma_gamma_conditional_expectation_matches_a_hand_worked_example():
    """Fader & Hardie (2013) eq. 5 by hand with p = 6, q = 4, v = 15 (population mean
    p·v / (q - 1) = 30): a one-time buyer gets 30; x = 2, m = 40: weight 12 / 15 = 0.8,
    0.2·30 + 0.8·40 = 38; x = 9, m = 20: weight 54 / 57, (3·30 + 54·20) / 57 = 20.5263."""
    model = GammaGammaModel()
    model.params_ = {"p": 6.0, "q": 4.0, "v": 15.0}
    three = pd.DataFrame({"frequency": [0, 2, 9], "monetary_value": [0.0, 40.0, 20.0]})
    assert model.expected_value(three) == pytest.approx([30.0, 38.0, 1170 / 57], rel=1e-12)


def test_cdnow_gamma_gamma_still_reproduces_fader_hardie_2013(cdnow):
    """Our own maximum likelihood (closed-form likelihood, analytic gradient) on CDNOW's
    946 repeat customers: p 6.25, q 3.74, v 15.44 within 2 % (observed 6.2496, 3.7442,
    15.4435); the likelihood equals lifetimes' at the same parameters."""
    model = GammaGammaModel().fit(cdnow)
    for key, value in {"p": 6.25, "q": 3.74, "v": 15.44}.items():
        assert model.params_[key] == pytest.approx(value, rel=0.02), key
    assert model.n_customers_ == 946
    repeat = cdnow[cdnow["frequency"] > 0]
    x, m = repeat["frequency"].to_numpy(float), repeat["monetary_value"].to_numpy(float)
    theirs = fitter("GammaGammaFitter")._negative_log_likelihood(
        np.log([6.25, 3.74, 15.44]), x, m, np.ones_like(x), 0.0
    )
    ours = log_likelihood_terms(6.25, 3.74, 15.44, x, m).mean()
    assert ours == pytest.approx(-theirs, rel=1e-12)


def _lognormal_sample(rng, n=20_000, delta=-0.2, sigma=0.3, mean=8.0, sd=0.5):
    """Customers whose purchase-day values are log-normal: mu_i ~ N(mean, sd²), the first
    day shifted by delta, later days N(mu_i, sigma²); 1 + Poisson(1.5) days each."""
    mu = rng.normal(mean, sd, n)
    days = 1 + rng.poisson(1.5, n)
    first = np.exp(mu + delta + rng.normal(0, sigma, n))
    repeat = days - 1
    logs = [mu[i] + rng.normal(0, sigma, k) for i, k in enumerate(repeat)]
    summary = pd.DataFrame(
        {
            "frequency": repeat,
            "first_value": first,
            "repeat_days": repeat,
            "repeat_log_mean": [v.mean() if len(v) else np.nan for v in logs],
            "repeat_log_ss": [((v - v.mean()) ** 2).sum() if len(v) else 0.0 for v in logs],
        }
    )
    return summary, mu


def test_lognormal_model_recovers_planted_parameters():
    """On 20,000 simulated customers (mu ~ N(8, 0.5²), first purchase shifted by -0.2,
    sigma 0.3): delta within 0.01, sigma² within 3 %, the prior's mean within 0.01 and
    variance within 5 % (observed -0.202, 0.0894, 8.001, 0.248); expected spend per customer
    averages the true mean spend exp(mu + sigma²/2) within 1 % (observed -0.09 %)."""
    summary, mu = _lognormal_sample(np.random.default_rng(3))
    model = LogNormalSpendModel().fit(summary)
    assert model.delta_ == pytest.approx(-0.2, abs=0.01)
    assert model.sigma2_ == pytest.approx(0.09, rel=0.03)
    prior = model.priors_.loc["all"]
    assert prior["mean"] == pytest.approx(8.0, abs=0.01)
    assert prior["variance"] == pytest.approx(0.25, rel=0.05)
    truth = np.exp(mu + 0.045)
    assert model.expected_value(summary).mean() == pytest.approx(truth.mean(), rel=0.01)


def test_choice_on_the_demo_names_the_lognormal_model_and_its_error(demo):
    """On the demo's holdout, the log-normal model predicts spend per purchase better
    than Gamma-Gamma (weighted RMSE 2,091 vs 2,902, observed) and is chosen by the rule;
    Gamma-Gamma's bias among one-time buyers is what the issue reported."""
    ds, _ = demo
    choice = spend_choice(ds, CALIBRATION_END, ds.observation_end)
    errors = choice.errors.set_index("model")
    assert choice.chosen == "lognormal" and choice.reason == "lowest_error"
    assert errors.loc["lognormal", "rmse"] < 0.8 * errors.loc["gamma_gamma", "rmse"]
    assert errors["chosen"].sum() == 1 and errors.loc["lognormal", "chosen"]
    assert (
        errors.loc["gamma_gamma", "one_time_expected"]
        > 2.5 * errors.loc["lognormal", "one_time_expected"]
    )
    assert list(choice.by_band["band"]) == ["0", "1", "2", "3-5", "6+"]
    assert choice.by_band["customers"].sum() == errors["customers"].iloc[0]


def test_choice_keeps_the_baseline_without_enough_holdout_buyers(demo):
    """Fewer than MIN_HOLDOUT_CUSTOMERS buyers in the holdout: Gamma-Gamma, and says why."""
    ds, _ = demo
    summary = rfm_summary(ds, CALIBRATION_END, ds.observation_end, "D")
    data = spend_inputs(ds, summary, CALIBRATION_END)
    few = data.copy()
    buyers = few.index[few["frequency_holdout"] > 0][MIN_HOLDOUT_CUSTOMERS - 1 :]
    few.loc[buyers, ["frequency_holdout", "monetary_value_holdout"]] = 0
    choice = choose_spend_model(few, test=False)
    assert (choice.chosen, choice.reason) == ("gamma_gamma", "few_holdout_customers")


def test_clv_basis_nets_returns_and_applies_the_margin(demo):
    """Net of returns, CLV is gross CLV times (1 - refunds / gross purchases), the share
    computed here with pandas from the transactions (observed 2.75 %); as margin, times
    the gross margin too."""
    ds, _ = demo
    tx = ds.table("transactions")
    tx = tx[pd.to_datetime(tx["order_date"]) <= pd.Timestamp(ds.observation_end)]
    refunded = -tx.query(RETURN)["amount"].sum() / tx.query(PURCHASE)["amount"].sum()
    kw = {"spend_model": "lognormal", "model": "mbgnbd", **HORIZON}  # the basis, not the choice
    gross = customer_values(ds, ds.observation_end, "D", basis="revenue", **kw)["clv"]
    net = customer_values(ds, ds.observation_end, "D", **kw)["clv"]  # auto at margin 1
    margin = customer_values(ds, ds.observation_end, "D", gross_margin=0.6, **kw)["clv"]
    assert 0.01 < refunded < 0.1
    assert np.allclose(net, gross.loc[net.index] * (1 - refunded))
    assert np.allclose(margin, gross.loc[margin.index] * (1 - refunded) * 0.6)


def test_spend_section_says_the_assumption_fails_and_names_the_chosen_model(demo):
    """The page: the test's sentence (rejected on the demo), the chosen model with its
    error, one-time buyers' spend against Gamma-Gamma's, the table and the metrics; a
    model set in the parameters is used and said to be set."""
    ds, _ = demo
    cal = report.calibration(ds, PeriodConfig(calibration_end=CALIBRATION_END))
    sec = report.spend(ds, cal, LtvParams())
    keys = [s.key for s in sec.sentences]
    assert keys[:4] == [
        "ltv_spend_dependent",
        "ltv_spend_chosen",
        "ltv_spend_bias",
        "ltv_spend_one_time",
    ]
    assert sec.chosen == "lognormal" and sec.metrics[ml.SPEND_CHOSEN] == "lognormal"
    assert sec.metrics[ml.SPEND_INDEPENDENCE_P_VALUE] < 1e-6
    assert set(sec.metrics[ml.SPEND_HOLDOUT_RMSE]) == set(sec.models)
    assert len(sec.tables["spend_models"].frame) == 3
    forced = report.spend(ds, cal, LtvParams(spend_model="gamma_gamma"))
    assert forced.chosen == "gamma_gamma" and forced.sentences[1].key == "ltv_spend_set"
    basis, refunded = report.clv_basis(ds, LtvParams(), Business(gross_margin=0.6))
    assert basis == "margin" and refunded > 0


@pytest.mark.parametrize(
    ("basis", "refunded", "keys"),
    [
        ("revenue", 0.03, ["ltv_clv_is_revenue", "ltv_clv_returns_not_deducted"]),
        ("net_revenue", 0.03, ["ltv_clv_is_revenue", "ltv_clv_net_of_returns"]),
        ("margin", 0.03, ["ltv_clv_is_margin", "ltv_clv_net_of_returns"]),
        ("margin", 0.0, ["ltv_clv_is_margin", "ltv_clv_no_returns"]),
    ],
)
def test_the_page_says_what_clv_counts(basis, refunded, keys):
    """Each basis has its sentences: revenue or margin, and whether returns are deducted
    (or that the data has none); the metrics carry the basis and the refunded share."""
    sec = Section()
    report.say_clv_basis(sec, basis, refunded, Business(gross_margin=0.6))
    assert [s.key for s in sec.sentences] == keys
    assert report.clv_basis_metrics(basis, refunded) == {
        ml.CLV_BASIS: basis,
        ml.CLV_RETURNS_SHARE: refunded,
    }
