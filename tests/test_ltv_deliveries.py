"""定期便 deliveries out of the purchase counts and valued by the sBG (crm_lib.ltv.deliveries).

Checked against a hand-worked subscription (the sBG's conditional survival, the delivery
share, discounting and the horizon each change the number), against the demo's own holdout
(deliveries the sBG expects vs those made; the count model's total without deliveries vs
its prediction interval), and for the identities the one CLV of every report relies on.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.ltv import customer_values, report
from crm_lib.ltv.analysis import count_data, split_at, value_customers
from crm_lib.ltv.deliveries import (
    PlanTerms,
    delivery_split,
    holdout_deliveries,
    plan_terms,
    running_values,
)
from crm_lib.ltv.sbg import ShiftedBetaGeometric
from crm_lib.ltv.summary import rfm_summary
from crm_lib.params import Business, LtvParams

CAL, END = dt.date(2025, 6, 30), dt.date(2025, 12, 31)
RENEWAL = {"monthly": 30, "bimonthly": 60}
BUSINESS = Business(renewal_days=RENEWAL)
HORIZON = {"horizon_weeks": 52, "discount_rate_monthly": 0.01}


@pytest.fixture(scope="module")
def ds():
    return load_dataset(load_config(None, ["data.source=demo"]))


def _sbg(alpha: float, beta: float) -> ShiftedBetaGeometric:
    fit = ShiftedBetaGeometric()
    fit.alpha_, fit.beta_ = alpha, beta
    return fit


def test_a_running_subscription_is_valued_by_hand():
    """sBG α = 1, β = 3: S(t) = 3 / (3 + t). Started 2025-01-01, valued on 2025-03-15 (73
    days: 2 renewals survived), monthly (30 days): deliveries on day 90 (17 days ahead),
    120 (47) and 150 (77). Over a 60-day horizon, the first two, each with P(still
    subscribed | 2 renewals) = S(3)/S(2) = 5/6 and S(4)/S(2) = 5/7, times the 90 % of
    scheduled deliveries received, at 5,000 per delivery discounted at 1 % a month."""
    terms = {"monthly": PlanTerms(30, _sbg(1.0, 3.0), 0.9)}
    subs = pd.DataFrame(
        {"subscription_id": ["S1"], "customer_id": ["C1"], "plan": ["monthly"],
         "start_date": [pd.Timestamp("2025-01-01")], "end_date": [pd.NaT],
         "deliveries": [3], "price": [5000.0]}
    )  # fmt: skip
    out = running_values(subs, terms, dt.date(2025, 3, 15), horizon_days=60,
                         discount_rate_monthly=0.01)  # fmt: skip
    month = 365.25 / 12
    expected = 0.9 * (5 / 6 + 5 / 7)
    value = 5000 * 0.9 * (5 / 6 * 1.01 ** (-17 / month) + 5 / 7 * 1.01 ** (-47 / month))
    assert out["renewed"].iloc[0] == 2
    assert out["expected_deliveries"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert out["value"].iloc[0] == pytest.approx(value, rel=1e-12)
    ended = subs.assign(end_date=pd.Timestamp("2025-03-01"))
    assert running_values(ended, terms, dt.date(2025, 3, 15), horizon_days=60,
                          discount_rate_monthly=0.01).empty  # fmt: skip


def test_delivery_share_counts_skips_against_the_schedule():
    """Two subscriptions on a 30-day plan, observed to 2025-04-30: one ran 2025-01-01 to
    2025-02-15 (1 renewal completed: 2 deliveries scheduled) and got 2; one started
    2025-01-01 and runs (119 days: 3 renewals, 4 scheduled) and got 3 (one skip):
    share 5 / 6."""
    subs = pd.DataFrame(
        {"subscription_id": ["S1", "S2"], "customer_id": ["C1", "C2"],
         "plan": ["monthly", "monthly"],
         "start_date": pd.to_datetime(["2025-01-01", "2025-01-01"]),
         "end_date": pd.to_datetime(["2025-02-15", None]),
         "deliveries": [2, 3], "price": [4000.0, 5000.0]}
    )  # fmt: skip
    many = pd.concat([subs] * 20, ignore_index=True)  # enough for an sBG fit
    terms = plan_terms(many, dt.date(2025, 4, 30), RENEWAL)
    assert terms["monthly"].delivery_share == pytest.approx(5 / 6)
    assert terms["monthly"].period_days == 30


def test_the_count_models_no_longer_see_deliveries(ds):
    """The view leaves out exactly the subscription channel's purchase rows; the dataset
    itself is untouched."""
    split = delivery_split(ds, CAL, "subscription", RENEWAL)
    count = "SELECT count(*) FROM transactions"
    channel = f"{count} WHERE channel = 'subscription' AND amount >= 0"
    everything = ds.con.execute(count).fetchone()[0]
    deliveries = ds.con.execute(channel).fetchone()[0]
    assert split.delivery_rows == deliveries > 0
    assert split.purchases.con.execute(count).fetchone()[0] == everything - deliveries
    assert ds.con.execute(count).fetchone()[0] == everything
    assert split_at(ds, CAL, None) is None
    assert count_data(ds, CAL, None) is ds


def test_sbg_expects_the_holdout_deliveries_of_running_subscriptions(ds):
    """Subscriptions running on 2025-06-30: the sBG (fitted on the data to then) expects
    their deliveries in the 184 days after within 10 % of those made (observed 564 vs 528,
    +6.8 %; the demo's cancellation risk doubles after each skip, which one sBG per plan
    averages). Without conditioning on the renewals survived (S(j) in place of
    S(n + j) / S(n)) it falls to 454 (-14 %)."""
    split = delivery_split(ds, CAL, "subscription", RENEWAL)
    check = holdout_deliveries(split, CAL, END)
    assert check["subscriptions"] > 100
    assert check["expected"] == pytest.approx(check["actual"], rel=0.10)


def test_without_deliveries_the_holdout_total_is_inside_its_prediction_interval(ds):
    """Issue #16: with 定期便 deliveries counted as purchases, MBG/NBD predicted 6,811
    holdout purchase days against 6,018 (+13.2 %), outside its 90 % prediction interval.
    Without them the chosen model must be within 5 % of the actual (observed: latent-class
    MBG/NBD 5,481 vs 5,387, +1.7 %) and the actual inside the interval; counted, MBG/NBD
    is more than 10 % over."""
    params = LtvParams(interval_draws=100)
    cal = report.calibration(ds, load_config(None, ["data.source=demo"]).period, BUSINESS)
    fits = report.models(cal, params)
    sec = report.holdout(cal, fits, params)
    assert sec.interval.point == pytest.approx(sec.actual, rel=0.05)
    assert sec.interval.covers(sec.actual)
    counted = rfm_summary(ds, CAL, END, "D")
    mbg = fits.models["mbgnbd"].__class__().fit(counted)
    assert mbg.expected_purchases(counted, 184.0).sum() > 1.10 * counted["frequency_holdout"].sum()


def test_one_clv_adds_the_deliveries_and_a_subscriber_is_active(ds):
    """``customer_values`` with the business: CLV = the count model's + the deliveries';
    the deliveries' total is the sBG's value of every running subscription (same basis);
    every running subscriber has P(alive) 1; without the business nothing is split."""
    kw = dict(HORIZON, model="mbgnbd", spend_model="lognormal", basis="revenue")
    values = customer_values(ds, END, "D", business=BUSINESS, **kw)
    assert np.allclose(values["clv"], values["clv_purchases"] + values["delivery_value"])
    split = delivery_split(ds, END, "subscription", RENEWAL)
    per_sub = running_values(split.subscriptions, split.terms, END, horizon_days=364,
                             discount_rate_monthly=0.01)  # fmt: skip
    assert values["delivery_value"].sum() == pytest.approx(per_sub["value"].sum(), rel=1e-9)
    running = values["running_subscription"]
    assert running.sum() == per_sub["customer_id"].nunique() > 100
    assert (values.loc[running, "p_alive"] == 1).all()
    assert (values.loc[~running, "p_alive"] == values.loc[~running, "p_alive_purchases"]).all()
    plain = customer_values(ds, END, "D", **kw)
    assert not plain["running_subscription"].any() and (plain["delivery_value"] == 0).all()


def test_a_subscriber_without_any_other_purchase_is_valued_by_deliveries_alone():
    """A running subscriber whose every purchase is a delivery has no count-model history:
    the CLV is the deliveries' value, P(alive) 1, no expected ad-hoc purchases."""
    ds = load_dataset(load_config(None, ["data.source=demo", "data.customers=1500"]))
    running = ds.con.execute(
        "SELECT customer_id FROM subscriptions WHERE end_date IS NULL ORDER BY 1 LIMIT 1"
    ).fetchone()[0]
    ds.con.execute(
        "DELETE FROM transactions WHERE customer_id = ? AND channel <> 'subscription'", [running]
    )
    kw = dict(HORIZON, model="mbgnbd", spend_model="lognormal", basis="revenue")
    row = customer_values(ds, END, "D", business=BUSINESS, **kw).loc[running]
    assert np.isnan(row["frequency"])
    assert row["clv"] == row["delivery_value"] > 0
    assert row["p_alive"] == 1 and row["expected_purchases"] == 0


def test_data_without_subscriptions_says_nothing_about_deliveries():
    """CDNOW has no subscriptions: nothing is split, the value section has no deliveries
    sentence or metric (a field order slip once put the spend array where the split goes,
    and the CDNOW page read "$0.00 (0.0 %) of this is the future deliveries of 0 …")."""
    ds = load_dataset(load_config(None, ["data.source=cdnow"]))
    fixed = {"model": "pareto_nbd", "spend_model": "gamma_gamma"}
    fitted = value_customers(ds, ds.observation_end, "W", business=Business(), basis="revenue",
                             **HORIZON, **fixed)  # fmt: skip
    assert fitted.split is None and fitted.basis == "revenue"
    assert len(fitted.spend_per_order) == len(fitted.summary)
    sec = report.value(ds, "W", LtvParams(interval_draws=50), Business(currency="USD"), **fixed)
    assert "ltv_value_deliveries" not in [s.key for s in sec.sentences]
    assert not any(metric.path.endswith("deliveries_share") for metric in sec.metrics)
