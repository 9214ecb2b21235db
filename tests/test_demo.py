"""Tests of the demo company generator (crm_lib.demo).

Statistical checks use a 50,000-customer company (about 3 s to build) so that planted effects
stand clear of sampling noise; each tolerance says where it comes from. Most are three
standard errors (a false alarm about once in 400 runs per check) of the quantity compared;
since the generator is seeded, a passing test keeps passing until the code changes.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from crm_lib.demo import DemoCompany, generate_demo

N = 50_000
SEED = 42
TABLES = {
    "transactions": {
        "order_id": "str",
        "customer_id": "str",
        "order_date": "date",
        "amount": "int",
        "channel": "str",
        "category": "str",
        "quantity": "int",
    },
    "customers": {
        "customer_id": "str",
        "signup_date": "date",
        "prefecture": "str",
        "region": "str",
        "age_band": "str",
        "gender": "str",
        "acquisition_channel": "str",
        "name": "str",
        "email": "str",
        "phone": "str",
    },
    "subscriptions": {
        "subscription_id": "str",
        "customer_id": "str",
        "plan": "str",
        "start_date": "date",
        "end_date": "date",
        "skips": "int",
        "cancel_reason": "str",
    },
    "events": {
        "event_id": "str",
        "customer_id": "str",
        "lead_id": "str",
        "event_time": "timestamp",
        "event_type": "str",
        "channel": "str",
        "stage": "str",
    },
    "leads": {
        "lead_id": "str",
        "created_at": "timestamp",
        "source": "str",
        "first_contact_at": "timestamp",
        "status": "str",
        "customer_id": "str",
    },
    "contacts": {
        "contact_id": "str",
        "customer_id": "str",
        "campaign_id": "str",
        "campaign_name": "str",
        "channel": "str",
        "sent_at": "timestamp",
        "group": "str",
        "responded": "bool",
        "revenue": "int",
        "unsubscribed": "bool",
    },
    "feedback": {
        "feedback_id": "str",
        "customer_id": "str",
        "created_at": "timestamp",
        "channel": "str",
        "rating": "int",
        "text": "str",
    },
    "survey_answers": {
        "feedback_id": "str",
        "question": "str",
        "answer": "int",
        "answered_at": "timestamp",
    },
    "context": {
        "region": "str",
        "date": "date",
        "weather": "str",
        "precipitation_mm": "float",
        "temperature_c": "float",
    },
}
MARKETING = {"ad_impression", "ad_click", "email_open", "dm_received", "sms_click", "call_outbound"}


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate_demo(n_customers=N, seed=SEED)


@pytest.fixture(scope="module")
def orders(company) -> pd.DataFrame:
    """Orders with a positive amount, with each customer's order number (1 = first)."""
    tx = company.tables["transactions"]
    pos = tx[tx["amount"] > 0].sort_values(["customer_id", "order_date", "order_id"])
    return pos.assign(n=pos.groupby("customer_id").cumcount() + 1)


@pytest.fixture(scope="module")
def first_second(orders) -> pd.DataFrame:
    """Per customer: first and second order date (NaT when there is no second order)."""
    first = orders[orders["n"] == 1].set_index("customer_id")["order_date"].rename("first")
    second = orders[orders["n"] == 2].set_index("customer_id")["order_date"].rename("second")
    return pd.concat([first, second], axis=1)


def se_prop(p: float, n: int) -> float:
    """Standard error of a proportion p estimated from n trials."""
    return float(np.sqrt(p * (1 - p) / max(n, 1)))


# --- determinism and interface ------------------------------------------------------------


def test_same_seed_gives_identical_company_and_other_seed_differs():
    a = generate_demo(n_customers=2_000, seed=7)
    b = generate_demo(n_customers=2_000, seed=7)
    c = generate_demo(n_customers=2_000, seed=8)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    pd.testing.assert_frame_equal(a.truth_customers, b.truth_customers)
    assert json.dumps(a.truth, sort_keys=True) == json.dumps(b.truth, sort_keys=True)
    for name in ("transactions", "customers", "contacts", "feedback", "context"):
        assert not a.tables[name].equals(c.tables[name]), name


def test_interface(company):
    assert set(company.tables) == set(TABLES)
    assert company.start == date(2023, 1, 1) and company.end == date(2025, 12, 31)
    json.dumps(company.truth, allow_nan=False)  # plain JSON types only
    assert len(company.truth_customers) == N
    assert len(company.tables["customers"]) == N
    defaults = generate_demo.__defaults__
    assert defaults == (5000, 42)


def test_schema_columns_and_dtypes(company):
    for name, columns in TABLES.items():
        frame = company.tables[name]
        assert list(frame.columns) == list(columns), name
        for col, kind in columns.items():
            s = frame[col]
            if kind == "str":
                assert pd.api.types.is_string_dtype(s.dtype), (name, col, s.dtype)
            elif kind in ("date", "timestamp"):
                assert pd.api.types.is_datetime64_dtype(s.dtype), (name, col, s.dtype)
                if kind == "date":
                    assert (s.dropna() == s.dropna().dt.normalize()).all(), (name, col)
            elif kind == "int":
                assert pd.api.types.is_integer_dtype(s.dtype), (name, col, s.dtype)
            elif kind == "float":
                assert pd.api.types.is_float_dtype(s.dtype), (name, col, s.dtype)
            elif kind == "bool":
                assert pd.api.types.is_bool_dtype(s.dtype), (name, col, s.dtype)


def test_ids_unique_and_foreign_keys_resolve(company):
    t = company.tables
    for name, key in (
        ("transactions", "order_id"),
        ("customers", "customer_id"),
        ("subscriptions", "subscription_id"),
        ("events", "event_id"),
        ("leads", "lead_id"),
        ("contacts", "contact_id"),
        ("feedback", "feedback_id"),
    ):
        assert t[name][key].is_unique, name
        assert t[name][key].notna().all(), name
    customers = set(t["customers"]["customer_id"])
    for name in ("transactions", "subscriptions", "contacts", "feedback", "events", "leads"):
        ids = t[name]["customer_id"].dropna()
        assert set(ids) <= customers, name
    ev = t["events"]
    assert (ev["customer_id"].notna() | ev["lead_id"].notna()).all()
    assert set(ev["lead_id"].dropna()) <= set(t["leads"]["lead_id"])
    assert set(t["context"]["region"]) == set(t["customers"]["prefecture"])
    assert t["customers"]["email"].str.fullmatch(r"[a-z.]+\d+@example\.(com|jp|net)").all()
    assert t["customers"]["phone"].str.fullmatch(r"0[789]0-\d{4}-\d{4}").all()
    assert t["customers"]["name"].str.fullmatch(r"\S+ \S+").all()


# --- consistency --------------------------------------------------------------------------


def test_dates_inside_period_and_first_orders(company, first_second):
    end, start = pd.Timestamp(company.end), pd.Timestamp(company.start)
    tx = company.tables["transactions"]
    assert tx["order_date"].between(start, end).all()
    for name, col in (
        ("events", "event_time"),
        ("feedback", "created_at"),
        ("contacts", "sent_at"),
    ):
        assert company.tables[name][col].between(start, end + pd.Timedelta(days=1)).all(), name
    cust = company.tables["customers"].set_index("customer_id")
    # every customer has a first order, on the signup date
    assert first_second["first"].notna().all() and len(first_second) == N
    assert (cust["signup_date"] == first_second["first"].reindex(cust.index)).all()
    # no order before the customer's first contact (their first event)
    ev = company.tables["events"].dropna(subset=["customer_id"])
    first_event = ev.groupby("customer_id")["event_time"].min()
    assert (first_event.reindex(cust.index) < first_second["first"].reindex(cust.index)).all()


def test_returns_refer_to_earlier_orders(company):
    tx = company.tables["transactions"]
    ret = tx[tx["amount"] < 0]
    share = len(ret) / len(tx)
    # planted: 3.1 % of orders; returns dated after the end are dropped -> 2.5 %-3.5 % of rows
    assert 0.025 < share < 0.035
    pos = tx[tx["amount"] > 0]
    m = ret.reset_index().merge(pos, on="customer_id", suffixes=("", "_o"))
    m = m[(m["order_date_o"] < m["order_date"]) & (m["amount_o"] >= -m["amount"])]
    assert m["index"].nunique() == len(ret)  # every return matches an earlier, larger order
    assert (ret["quantity"] < 0).all()


def test_events_ordered_and_purchase_events_match_orders(company, first_second):
    ev = company.tables["events"]
    assert ev["event_time"].is_monotonic_increasing  # global time order implies per customer
    for etype, col in (("first_purchase", "first"), ("second_purchase", "second")):
        e = ev[ev["event_type"] == etype].set_index("customer_id")["event_time"]
        assert e.index.is_unique
        expected = first_second[col].dropna()
        assert set(e.index) == set(expected.index), etype
        assert (e.dt.normalize().reindex(expected.index) == expected).all(), etype
    subs = company.tables["subscriptions"].set_index("customer_id")["start_date"]
    e = ev[ev["event_type"] == "subscription_start"].set_index("customer_id")["event_time"]
    assert (e.dt.normalize().reindex(subs.index) == subs).all()
    prospects = ev[ev["customer_id"].isna()]
    assert prospects["stage"].isin(["awareness", "interest"]).all()


def test_contacts_agree_with_transactions(company, orders):
    ct = company.tables["contacts"].reset_index(drop=True)
    ad_hoc = orders[orders["channel"] != "subscription"]
    m = ct.reset_index().merge(ad_hoc[["customer_id", "order_date", "amount"]], on="customer_id")
    sent = m["sent_at"].dt.normalize()
    m = m[(m["order_date"] >= sent) & (m["order_date"] < sent + pd.Timedelta(days=14))]
    revenue = m.groupby("index")["amount"].sum().reindex(ct.index, fill_value=0)
    assert (ct["responded"] == (revenue > 0)).all()
    assert (ct["revenue"] == revenue).all()
    assert not ct.loc[ct["group"] == "control", "unsubscribed"].any()
    assert set(ct["group"]) == {"treatment", "control"}


def test_no_orders_after_dropout_and_truth_matches_data(company, orders):
    tc = company.truth_customers.set_index("customer_id")
    assert list(tc.index) == list(company.tables["customers"]["customer_id"])
    n_orders = orders.groupby("customer_id").size().reindex(tc.index, fill_value=0)
    assert (n_orders == tc["n_orders_true"]).all()
    assert (tc["alive_at_end"] == tc["dropout_date"].isna()).all()
    last = orders.groupby("customer_id")["order_date"].max().reindex(tc.index)
    dead = ~tc["alive_at_end"]
    assert (last[dead] <= tc.loc[dead, "dropout_date"]).all()
    # a churned subscriber's subscription ended by the dropout date
    subs = company.tables["subscriptions"].set_index("customer_id")
    sub_dead = subs.index[subs.index.isin(tc.index[dead])]
    assert (subs.loc[sub_dead, "end_date"] <= tc.loc[sub_dead, "dropout_date"]).all()


def test_subscription_deliveries_match_schedule(company, first_second):
    subs = company.tables["subscriptions"]
    tx = company.tables["transactions"]
    period = subs["plan"].map({"monthly": 30, "bimonthly": 60})
    end = subs["end_date"].fillna(pd.Timestamp(company.end) + pd.Timedelta(days=1))
    days = (end - subs["start_date"]).dt.days
    scheduled = (days - 1) // period + 1  # deliveries at start + k * period before the end
    delivered = tx[(tx["channel"] == "subscription") & (tx["amount"] > 0)]
    count = delivered.groupby("customer_id").size().reindex(subs["customer_id"], fill_value=0)
    assert (count.to_numpy() == (scheduled - subs["skips"]).to_numpy()).all()
    second = first_second["second"].reindex(subs["customer_id"]).to_numpy()
    assert (subs["start_date"].to_numpy() >= second + np.timedelta64(3, "D")).all()
    assert (subs["cancel_reason"].isna() == subs["end_date"].isna()).all()


def test_gap_stage_has_no_marketing_touch(company, first_second):
    truth = company.truth["journey"]
    assert truth["gap_stage"] == "first_purchase"
    ct = company.tables["contacts"].join(first_second, on="customer_id")
    # every contacted customer had a second order on an earlier day
    assert (ct["sent_at"].dt.normalize() > ct["second"]).all()
    ev = company.tables["events"]
    touch = ev[ev["event_type"].isin(MARKETING) & ev["customer_id"].notna()]
    touch = touch.join(first_second, on="customer_id")
    day = touch["event_time"].dt.normalize()
    in_gap = (day >= touch["first"]) & (touch["second"].isna() | (day <= touch["second"]))
    assert not in_gap.any()
    assert not ev.loc[ev["stage"] == "first_purchase", "event_type"].isin(MARKETING).any()
    assert set(truth["marketing_event_types"]) == MARKETING


def test_won_leads_buy_after_creation(company, first_second):
    leads = company.tables["leads"]
    won = leads[leads["status"] == "won"]
    assert won["customer_id"].notna().all()
    assert leads.loc[leads["status"] != "won", "customer_id"].isna().all()
    first = first_second["first"].reindex(won["customer_id"]).to_numpy()
    assert (first > won["created_at"].to_numpy()).all()
    contacted = won["first_contact_at"].notna().to_numpy()
    assert (first[contacted] > won["first_contact_at"].to_numpy()[contacted]).all()
    assert (
        leads["first_contact_at"].dropna() > leads["created_at"][leads["first_contact_at"].notna()]
    ).all()


# --- planted truth ------------------------------------------------------------------------


def test_purchase_rates_match_truth(company):
    tc = company.truth_customers
    pp = company.truth["purchase_process"]
    lam = tc["lambda_per_day"]
    # mean of N gamma draws: 4 standard errors of the mean
    assert abs(lam.mean() - pp["mixture_mean_lambda_per_day"]) < 4 * lam.std() / np.sqrt(N)
    for name, p in company.truth["personas"].items():
        sel = tc.loc[tc["persona"] == name, "lambda_per_day"]
        assert abs(sel.mean() - p["mean_lambda_per_day"]) < 4 * sel.std() / np.sqrt(len(sel))
    # the orders in the data follow lambda: loyal non-subscribers (p < 0.02, rarely dropping out,
    # so orders ~ Poisson(lambda * exposure)); campaign orders add well under 1 %: tolerance 3 %
    loyal = tc[(tc["p_dropout"] < 0.02) & ~tc["subscribed"] & tc["alive_at_end"]]
    signup = company.tables["customers"].set_index("customer_id")["signup_date"]
    exposure = (pd.Timestamp(company.end) - signup.reindex(loyal["customer_id"])).dt.days + 0.5
    expected = (loyal["lambda_per_day"].to_numpy() * exposure.to_numpy()).sum()
    observed = (loyal["n_orders_true"] - 1).sum()
    assert abs(observed / expected - 1) < 0.03
    # repeat rate of the company is in the planned 35-50 % band
    assert 0.35 < pp["realised"]["repeat_rate"] < 0.50
    assert 3000 <= pp["realised"]["median_order_value_yen"] <= 10000


def test_delivery_delay_complaint_raises_dropout(company):
    d = company.truth["churn_drivers"]["delivery_delay_complaint"]
    assert d["extra_dropout"] == 0.3
    real = d["realised"]
    # mechanism: realised rate after the complained orders = expected mean of p + (1 - p) 0.3,
    # within 3 binomial standard errors
    realised, expected = (
        real["dropout_rate_after_complained_order"],
        real["expected_dropout_rate_after_complained_order"],
    )
    assert abs(realised - expected) < 3 * se_prop(expected, real["n_orders_with_complaint"])
    # the delay adds about 0.3 x (1 - own p) on top of the customers' own dropout
    assert realised - real["own_dropout_rate_of_complained_orders"] > 0.2
    tc = company.truth_customers
    assert tc["has_delay_complaint"].sum() == real["customers_with_complaint"]
    n_topic = company.truth["feedback"]["topic_counts"]["delivery_delay"]
    assert n_topic == tc["delay_complaints"].sum()


def test_skips_raise_cancellation(company):
    s = company.truth["churn_drivers"]["subscription_skip"]["realised"]
    n = s["renewals_after_skip"]
    # per-renewal cancellation after a skip matches the planted min(1, theta * 2**skips), 3 SE
    se = se_prop(s["expected_cancel_rate_per_renewal_after_skip"], n)
    diff = (
        s["cancel_rate_per_renewal_after_skip"] - s["expected_cancel_rate_per_renewal_after_skip"]
    )
    assert abs(diff) < 3 * se
    assert s["cancel_rate_per_renewal_after_skip"] > s["cancel_rate_per_renewal_no_prior_skip"]


def test_sbg_first_renewal_and_cohort_counts(company):
    truth = company.truth["subscriptions"]
    subs = company.tables["subscriptions"]
    period = subs["plan"].map({"monthly": 30, "bimonthly": 60})
    last = pd.Timestamp(company.end)
    for row in truth["survival"][:12]:
        t = row["renewal"]
        renewal = subs["start_date"] + pd.to_timedelta(period * t, unit="D")
        observable = renewal <= last
        active = observable & (subs["end_date"].isna() | (subs["end_date"] >= renewal))
        assert (observable.sum(), active.sum()) == (row["observable"], row["active"])
    # no skip precedes the first renewal, so S(1) = 1 - E[theta] = the sBG value (3 SE)
    first = truth["survival"][0]
    p = first["sbg_expected_without_skips"]
    assert abs(first["active"] / first["observable"] - p) < 3 * se_prop(p, first["observable"])


@pytest.mark.parametrize("campaign_id", ["CP01", "CP02", "CP03", "CP04", "CP05"])
def test_campaign_uplift_matches_truth(company, campaign_id):
    ct = company.tables["contacts"]
    c = ct[ct["campaign_id"] == campaign_id]
    truth = next(x for x in company.truth["campaigns"] if x["campaign_id"] == campaign_id)
    assert 0.1 <= truth["control_share"] <= 0.2
    share = (c["group"] == "control").mean()
    assert abs(share - truth["control_share"]) < 3 * se_prop(truth["control_share"], len(c))
    t, k = c[c["group"] == "treatment"], c[c["group"] == "control"]
    diff = t["responded"].mean() - k["responded"].mean()
    assert 100 * diff == pytest.approx(truth["overall"]["realised_diff_pts"])
    se = np.hypot(se_prop(t["responded"].mean(), len(t)), se_prop(k["responded"].mean(), len(k)))
    # the realised difference is within 3 SE of the true average effect
    assert abs(diff - truth["overall"]["true_uplift_pts"] / 100) < 3 * se
    if campaign_id in ("CP01", "CP02", "CP05"):  # CP03/CP04 plant segment-specific effects
        # the planted average is reached up to the cap min(u, 1 - b): within half a point
        assert truth["overall"]["true_uplift_pts"] == pytest.approx(
            truth["planted"]["uplift_pts"], abs=0.5
        )


def test_positive_effects_pooled_are_real(company):
    """Pooled over the positive campaigns, treated customers respond more than controls (>3 SE)."""
    ct = company.tables["contacts"]
    c = ct[ct["campaign_id"].isin(["CP01", "CP04", "CP05"])]
    t, k = c[c["group"] == "treatment"], c[c["group"] == "control"]
    diff = t["responded"].mean() - k["responded"].mean()
    se = np.hypot(se_prop(t["responded"].mean(), len(t)), se_prop(k["responded"].mean(), len(k)))
    assert diff > 3 * se


def test_campaign_negative_for_60_plus(company):
    ct = company.tables["contacts"]
    cust = company.tables["customers"].set_index("customer_id")["age_band"]
    c = ct[ct["campaign_id"] == "CP03"].assign(
        old=lambda d: d["customer_id"].map(cust).isin(["60代", "70代以上"])
    )
    truth = next(x for x in company.truth["campaigns"] if x["campaign_id"] == "CP03")
    assert truth["overall"]["true_uplift_pts"] > 0
    assert truth["segments"]["age_60_plus"]["true_uplift_pts"] < -5
    assert truth["segments"]["age_under_60"]["true_uplift_pts"] == pytest.approx(7.0, abs=0.5)
    for old, sign in ((True, -1), (False, 1)):
        seg = c[c["old"] == old]
        t, k = seg[seg["group"] == "treatment"], seg[seg["group"] == "control"]
        diff = t["responded"].mean() - k["responded"].mean()
        se = np.hypot(
            se_prop(t["responded"].mean(), len(t)), se_prop(k["responded"].mean(), len(k))
        )
        assert sign * diff > 1.5 * se  # the sign of each segment's effect is visible


def test_rainy_day_campaign(company):
    truth = company.truth["rainy_day"]
    ct = company.tables["contacts"]
    c = ct[ct["campaign_id"] == truth["campaign_id"]].copy()
    pref = company.tables["customers"].set_index("customer_id")["prefecture"]
    ctx = company.tables["context"].set_index(["region", "date"])["precipitation_mm"]
    key = pd.MultiIndex.from_arrays([c["customer_id"].map(pref), c["sent_at"].dt.normalize()])
    c["rainy"] = ctx.reindex(key).to_numpy() >= 1.0
    t = c[c["group"] == "treatment"]
    wet, dry = t.loc[t["rainy"], "responded"], t.loc[~t["rainy"], "responded"]
    assert 0.3 < c["rainy"].mean() < 0.7  # 梅雨 sends: both kinds of day are common
    diff = wet.mean() - dry.mean()
    assert 100 * diff == pytest.approx(truth["realised"]["treatment_rainy_minus_dry_pts"])
    se = np.hypot(se_prop(wet.mean(), len(wet)), se_prop(dry.mean(), len(dry)))
    true = (truth["true_uplift_pts_rainy"] - truth["true_uplift_pts_dry"]) / 100
    assert abs(diff - true) < 3 * se and diff > 0
    assert truth["planted_rainy_minus_dry_pts"] == pytest.approx(6.0)


def test_contact_fatigue(company):
    f = company.truth["contact_fatigue"]
    ct = company.tables["contacts"]
    sent = ct[ct["group"] == "treatment"].sort_values("sent_at")
    # recompute "sends in the 30 days up to and including this one" from the data
    times = sent.groupby("customer_id")["sent_at"]
    counts = np.zeros(len(sent), dtype=int)
    for lag in range(0, 10):
        prev = times.shift(lag)
        counts += (prev > sent["sent_at"] - pd.Timedelta(days=30)).to_numpy()
    above = counts > f["threshold_sends"]
    rate_hi, rate_lo = sent["unsubscribed"][above].mean(), sent["unsubscribed"][~above].mean()
    assert rate_hi == pytest.approx(f["realised"]["unsubscribe_rate_above"])
    assert abs(rate_hi - 0.02) < 3 * se_prop(0.02, above.sum())
    assert abs(rate_lo - 0.003) < 3 * se_prop(0.003, (~above).sum())
    assert rate_hi > 3 * rate_lo
    # an unsubscribed customer is never contacted again
    unsub = sent[sent["unsubscribed"]].groupby("customer_id")["sent_at"].min()
    later = ct.join(unsub.rename("unsub_at"), on="customer_id")
    assert not (later["sent_at"] > later["unsub_at"]).any()


def test_lead_conversion_decays_with_response_time(company):
    leads = company.tables["leads"]
    hours = (leads["first_contact_at"] - leads["created_at"]).dt.total_seconds() / 3600
    band = pd.cut(hours, [0, 1, 24, 168, np.inf], labels=["<1h", "1-24h", "1-7d", ">7d"])
    band = band.cat.add_categories("never").fillna("never")
    planted = np.where(hours.isna(), 0.02, 0.05 + 0.25 * np.exp(-hours.fillna(0) / 24))
    # leads from before 2025-07 have had time to convert (conversion lags are weeks)
    old = leads["created_at"] < pd.Timestamp("2025-07-01")
    won = leads["status"] == "won"
    rates = won[old].groupby(band[old], observed=True).mean()
    expected = (
        pd.Series(planted[old.to_numpy()]).groupby(band[old].to_numpy(), observed=True).mean()
    )
    sizes = band[old].value_counts()
    for b in ["<1h", "1-24h", "1-7d", ">7d", "never"]:
        assert abs(rates[b] - expected[b]) < 3 * se_prop(expected[b], sizes[b]) + 0.005, b
    assert rates["<1h"] > rates["1-24h"] > rates["1-7d"] > rates["never"]
    never = leads["first_contact_at"].isna().mean()
    assert abs(never - 0.25) < 0.01  # planted 25 % plus a few followed up after the end
    truth = company.truth["leads"]["conversion_by_response_band"]
    assert truth["<1h"]["conversion_rate"] > truth["never"]["conversion_rate"]


def test_journey_funnel_rates(company):
    ev = company.tables["events"]
    person = ev["customer_id"].fillna(ev["lead_id"])
    reached = {s: person[ev["stage"] == s].nunique() for s in ("awareness", "interest")}
    reached["first_purchase"] = ev.loc[
        ev["event_type"] == "first_purchase", "customer_id"
    ].nunique()
    assert reached["awareness"] == person.nunique()  # everybody starts aware
    # planted exactly: 50 % reach interest, 40 % of those buy
    assert reached["interest"] / reached["awareness"] == pytest.approx(0.5, abs=1e-4)
    assert reached["first_purchase"] / reached["interest"] == pytest.approx(0.4, abs=1e-4)
    realised = company.truth["journey"]["realised"]["conversion_rates"]
    assert realised["awareness->interest"] == pytest.approx(0.5, abs=1e-4)


def test_packaging_topic_only_in_last_quarter(company):
    fb = company.tables["feedback"]
    truth = company.truth["feedback"]["emerging_topic"]
    pattern = "|".join(truth["keywords"])
    hit = fb[fb["text"].str.contains(pattern)]
    assert len(hit) == truth["count"] > 100
    assert set(hit["feedback_id"]) == set(truth["feedback_ids"])
    assert (hit["created_at"] >= pd.Timestamp(truth["start_date"])).all()
    before = fb[fb["created_at"] < pd.Timestamp(truth["start_date"])]
    assert not before["text"].str.contains(pattern).any()


def test_pii_in_call_notes_is_marked(company):
    fb = company.tables["feedback"]
    truth = company.truth["feedback"]["pii"]
    cust = company.tables["customers"].set_index("customer_id")
    marked = fb["feedback_id"].isin(truth["feedback_ids"])
    assert marked.sum() == truth["count"] > 100
    assert (fb.loc[marked, "channel"] == "call_centre").all()
    rows = fb.join(cust, on="customer_id")
    surname = rows["name"].str.split(" ").str[0]
    found = np.array(
        [
            (f"{s}様" in t or f"{n}様" in t, ph in t, em in t)
            for t, s, n, ph, em in zip(
                rows["text"], surname, rows["name"], rows["phone"], rows["email"], strict=True
            )
        ]
    )
    m = marked.to_numpy()
    assert found[m].any(axis=1).all()  # every marked note names, rings or mails the customer
    assert not found[~m].any()  # and no other text holds that customer's personal data
    by_kind = truth["by_kind"]
    assert found[m, 1].sum() == by_kind["name_phone"] and found[m, 2].sum() == by_kind["email"]
    others = fb.loc[~marked, "text"]
    assert not others.str.contains("@").any()
    assert not others.str.contains(r"0\d0-\d{4}-\d{4}").any()


def test_feedback_ratings_by_channel(company):
    fb = company.tables["feedback"]
    survey, review = fb[fb["channel"] == "survey"], fb[fb["channel"] == "review"]
    assert survey["rating"].between(0, 10).all() and review["rating"].between(1, 5).all()
    assert fb.loc[fb["channel"] == "call_centre", "rating"].isna().all()
    assert fb["text"].str.len().min() > 5


def test_weather_is_seasonal(company):
    ctx = company.tables["context"]
    assert len(ctx) == 47 * 1096
    month = ctx["date"].dt.month
    tokyo, hokkaido = ctx["region"] == "東京都", ctx["region"] == "北海道"
    okinawa = ctx["region"] == "沖縄県"
    wet = ctx["precipitation_mm"] >= 1.0
    assert wet[tokyo & month.isin([6, 7])].mean() > wet[tokyo & month.isin([1, 2])].mean() + 0.2
    assert (ctx.loc[hokkaido & month.isin([1, 2]), "weather"] == "雪").mean() > 0.3
    assert (ctx.loc[okinawa, "weather"] == "雪").sum() == 0
    jan = month == 1
    gap = (
        ctx.loc[okinawa & jan, "temperature_c"].mean()
        - ctx.loc[hokkaido & jan, "temperature_c"].mean()
    )
    assert gap > 15
    assert set(ctx["weather"]) == {"晴れ", "曇り", "雨", "雪"}


def test_personas_recovered_by_kmeans_on_log_frequency_and_spend(company, orders):
    """KMeans on standardised log frequency and log mean order value of repeat customers.

    Measured ARI 0.66 (5,000) and 0.68 (50,000) (docs/demo-data.md); the bound is 0.6.
    """
    g = orders.groupby("customer_id").agg(f=("order_id", "size"), m=("amount", "mean"))
    g = g[g["f"] >= 2]
    x = np.column_stack([np.log(g["f"]), np.log(g["m"])])
    labels = KMeans(4, n_init=10, random_state=0).fit_predict(StandardScaler().fit_transform(x))
    truth = company.truth_customers.set_index("customer_id").loc[g.index, "persona"]
    ari = adjusted_rand_score(truth, labels)
    assert ari > company.truth["clustering"]["ari_lower_bound"]
