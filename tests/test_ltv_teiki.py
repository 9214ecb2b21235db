"""Subscription (定期) practice of the LTV report: retention by delivery count, conversion
from a first order to a subscription, time-series LTV and the maximum CPO
(crm_lib.ltv.teiki, crm_lib.ltv.cohort_value, the sections in crm_lib.ltv.report).

Each figure is checked against numbers worked out by hand on small hand-built datasets
(right-censoring included), against an independent pandas computation on the demo tables,
and against the demo's planted truth: the subscription process of
crm_lib.demo.subscriptions (theta ~ Beta(0.7, 3), skips ~ Beta(1, 8), skip hazard x2)
re-simulated from its parameters, and the planted subscribe_prob of each persona
(crm_lib.demo.personas) with the planted purchase process of crm_lib.demo.purchases."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from crm_lib.charts import ltv as charts
from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.demo import generate_demo
from crm_lib.demo import personas as ps
from crm_lib.demo import purchases as pu
from crm_lib.demo import subscriptions as sb
from crm_lib.i18n import Translator
from crm_lib.ltv import cohort_value as cv
from crm_lib.ltv import report, teiki
from crm_lib.metrics import REGISTRY
from crm_lib.metrics import ltv as ml
from crm_lib.money import Money
from crm_lib.notebook import table_html
from crm_lib.params import Business, LtvParams

N, SEED = 5000, 42
END = dt.date(2025, 12, 31)
RENEWAL = {"monthly": 30, "bimonthly": 60}


def hand_dataset(end: dt.date = END, **tables: list[dict]) -> Dataset:
    """A Dataset of hand-made tables (lists of row dicts), each loaded as given."""
    con = duckdb.connect()
    loads = {}
    for name, rows in tables.items():
        frame = pd.DataFrame(rows)
        for column in ("order_date", "start_date", "end_date"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
        con.register("_frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")
        loads[name] = TableLoad(name, "hand-made", len(frame), len(frame), 0, tuple(frame.columns))
    return Dataset(con, loads, end, end)


def tx(customer, day, amount, channel="online", category="skincare") -> dict:
    return {"customer_id": customer, "order_date": day, "amount": float(amount),
            "channel": channel, "category": category}  # fmt: skip


def with_ids(rows: list[dict]) -> list[dict]:
    return [{"order_id": f"O{i:03d}", **row} for i, row in enumerate(rows)]


def sub(sid, customer, start, plan="monthly", end=None) -> dict:
    return {"subscription_id": sid, "customer_id": customer, "plan": plan,
            "start_date": start, "end_date": end}  # fmt: skip


# --- retention by delivery count: a hand-worked example ---------------------------------

DELIVERY = "subscription"


def retention_dataset() -> Dataset:
    """Subscriptions with their deliveries (observation end 2025-12-31, grace 7 days):
    A: 3 deliveries, a return and a second row on a delivery day (neither counts);
    B: 1 delivery; C: started 2025-11-20, 2 deliveries, too recent for the 3rd
    (11-20 + 60 + 7 = 2026-01-26); D: started 2025-12-28, too recent even for the 1st;
    E: skipped the 2nd slot, 3 deliveries; F: two subscriptions, F1 (1 delivery) and F2
    (2, from June); G (bimonthly): 2 deliveries, too recent for the 3rd; H: a delivery
    without a subscription (assigned to none)."""
    rows = [
        tx("A", "2025-01-01", 3000, DELIVERY), tx("A", "2025-01-31", 3000, DELIVERY),
        tx("A", "2025-03-02", 3000, DELIVERY), tx("A", "2025-03-10", -3000, DELIVERY),
        tx("B", "2025-01-01", 3000, DELIVERY), tx("B", "2025-01-01", 500, DELIVERY),
        tx("C", "2025-11-20", 3000, DELIVERY), tx("C", "2025-12-20", 3000, DELIVERY),
        tx("D", "2025-12-28", 3000, DELIVERY),
        tx("E", "2025-01-01", 3000, DELIVERY), tx("E", "2025-03-02", 3000, DELIVERY),
        tx("E", "2025-04-01", 3000, DELIVERY), tx("E", "2025-02-10", 2000),  # ad hoc
        tx("F", "2025-01-01", 3000, DELIVERY),
        tx("F", "2025-06-01", 3000, DELIVERY), tx("F", "2025-07-01", 3000, DELIVERY),
        tx("G", "2025-09-01", 5000, DELIVERY), tx("G", "2025-10-31", 5000, DELIVERY),
        tx("H", "2025-05-01", 3000, DELIVERY),
    ]  # fmt: skip
    subs = [
        sub("S1", "A", "2025-01-01", end="2025-03-25"),
        sub("S2", "B", "2025-01-01", end="2025-01-25"),
        sub("S3", "C", "2025-11-20"),
        sub("S4", "D", "2025-12-28"),
        sub("S5", "E", "2025-01-01"),
        sub("S6", "F", "2025-01-01", end="2025-01-20"),
        sub("S7", "F", "2025-06-01"),
        sub("S8", "G", "2025-09-01", plan="bimonthly"),
    ]
    return hand_dataset(transactions=with_ids(rows), subscriptions=subs)


def test_delivery_retention_by_hand_with_censoring():
    """Monthly (7 subscriptions): delivery 1: 6 eligible (D too recent), all reached;
    delivery 2: 6 eligible, 4 reached (A, C, E, F2); delivery 3: 5 eligible (C and D too
    recent: the censoring), 2 reached (A, E), step 2/3 (of A, E, F2 that had 2);
    delivery 4: 5 eligible, none reached (step 0). Bimonthly G: 2 deliveries, delivery 3
    censored (share empty). A return and a second row on one day are not deliveries; H's
    delivery without a subscription is nobody's."""
    table = teiki.delivery_retention(retention_dataset(), RENEWAL, deliveries=4, grace_days=7)
    monthly = table[table["plan"] == "monthly"].set_index("delivery")
    assert monthly["started"].tolist() == [7, 7, 7, 7]
    assert monthly["eligible"].tolist() == [6, 6, 5, 5]
    assert monthly["censored"].tolist() == [1, 1, 2, 2]
    assert monthly["reached"].tolist() == [6, 4, 2, 0]
    assert monthly["share"].tolist() == pytest.approx([1, 4 / 6, 2 / 5, 0])
    assert monthly["step"].iloc[1:].tolist() == pytest.approx([4 / 6, 2 / 3, 0])
    assert pd.isna(monthly.loc[1, "step"])
    bimonthly = table[table["plan"] == "bimonthly"].set_index("delivery")
    assert bimonthly["period_days"].eq(60).all()
    assert bimonthly["eligible"].tolist() == [1, 1, 0, 0]
    assert bimonthly["reached"].iloc[:2].tolist() == [1, 1]
    assert bimonthly["share"].iloc[2:].isna().all()


def test_grace_days_and_unknown_plans():
    """Without grace, D (started 2025-12-28) enters delivery 1's denominator; C still
    cannot be judged for delivery 3 (2025-11-20 + 60 days = 2026-01-19); a plan missing
    from renewal_days takes the default 30 days."""
    ds = retention_dataset()
    table = teiki.delivery_retention(ds, {}, deliveries=3, grace_days=0)
    assert set(table["period_days"]) == {30}  # bimonthly not configured: default
    monthly = table[table["plan"] == "monthly"].set_index("delivery")
    assert monthly["eligible"].tolist() == [7, 6, 5]


def test_retention_section_names_the_drops_and_the_censoring():
    """The sentence of the monthly plan cites drop 1->2 = 1/3, drop 2->3 = 1/3, share at
    delivery 3 = 2/5 and the denominators 6 and 5; the largest drop is 3->4 (100 %);
    bimonthly is too recent for delivery 3; the censoring note counts C and D (monthly)
    and G (bimonthly) as too recent for delivery 3. Metrics: plan -> delivery -> share."""
    params = LtvParams(teiki_deliveries=4)
    sec = report.teiki_retention(retention_dataset(), params, Business(renewal_days=RENEWAL))
    said = {(s.key, getattr(s.values.get("plan"), "value", None)): s.values for s in sec.sentences}
    drop = said[("ltv_teiki_drop_text", "monthly")]
    assert drop["drop12"] == pytest.approx(1 / 3) and drop["drop23"] == pytest.approx(1 / 3)
    assert drop["share3"] == pytest.approx(0.4) and (drop["n2"], drop["n3"]) == (6, 5)
    largest = said[("ltv_teiki_largest_drop", "monthly")]
    assert (largest["previous"], largest["k"], largest["drop"]) == (3, 4, 1.0)
    assert ("ltv_teiki_too_recent", "bimonthly") in said
    assert said[("ltv_teiki_censoring_note", None)]["censored"] == 3
    shares = sec.metrics[ml.TEIKI_RETENTION]
    assert shares["monthly"] == pytest.approx({"2": 4 / 6, "3": 0.4, "4": 0.0})


def test_no_subscription_deliveries_is_said_not_crashed():
    """Subscriptions but no order of the delivery channel: the page says so."""
    ds = hand_dataset(
        transactions=with_ids([tx("A", "2025-01-01", 100)]),
        subscriptions=[sub("S1", "A", "2025-01-01")],
    )
    sec = report.teiki_retention(ds, LtvParams(), Business())
    assert [s.key for s in sec.sentences] == ["ltv_teiki_no_deliveries"]
    assert sec.retention.empty and sec.metrics[ml.TEIKI_RETENTION] == {}


# --- conversion to a subscription (引き上げ率): a hand-worked example ---------------------


def upgrade_dataset() -> Dataset:
    """U1: first order 2025-01-01, subscribes on day 59 (converted); U2: subscribes on
    day 120 (not within 90); U3: first order is a subscription delivery (not a trial);
    U4: never subscribes; U5: first order 2025-11-01, less than 90 days before the end
    (too recent, though it subscribed); U6: subscription started before its first order
    (not a trial); U7: two orders on the first day, the larger a supplement, subscribes on
    day 90 exactly (converted); U8: only a return (no first order); U9: no customers row."""
    rows = [
        tx("U1", "2025-01-01", 1000), tx("U1", "2025-03-01", 3000, DELIVERY),
        tx("U2", "2025-01-01", 1000), tx("U2", "2025-05-01", 3000, DELIVERY),
        tx("U3", "2025-01-10", 3000, DELIVERY),
        tx("U4", "2025-02-01", 1000, category="makeup"),
        tx("U5", "2025-11-01", 1000),
        tx("U6", "2025-01-05", 1000),
        tx("U7", "2025-03-01", 5000, category="supplement"), tx("U7", "2025-03-01", 1000),
        tx("U8", "2025-03-01", -1000),
        tx("U9", "2025-04-01", 800, category="makeup"),
    ]  # fmt: skip
    subs = [
        sub("S1", "U1", "2025-03-01"), sub("S2", "U2", "2025-05-01"),
        sub("S3", "U3", "2025-01-10"), sub("S5", "U5", "2025-11-20"),
        sub("S6", "U6", "2024-12-01"), sub("S7", "U7", "2025-05-30"),
    ]  # fmt: skip
    customers = [
        {"customer_id": c, "acquisition_channel": ch}
        for c, ch in [("U1", "web_ad"), ("U2", "web_ad"), ("U3", "web_ad"),
                      ("U4", "tv_infomercial"), ("U5", "web_ad"), ("U6", "search"),
                      ("U7", "tv_infomercial"), ("U8", "search")]
    ]  # fmt: skip
    return hand_dataset(transactions=with_ids(rows), subscriptions=subs, customers=customers)


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval, from its formula (Wilson 1927)."""
    z, p = norm.ppf(0.5 + level / 2), k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_upgrade_rate_by_hand():
    """Trial first orders with 90 days observed: U1, U2, U4, U7, U9 (5); converted U1 and
    U7 (the 90th day counts) -> 2/5, Wilson interval from its formula; U5 too recent.
    By channel: web_ad 1/2, tv_infomercial 1/2, no channel 0/1; by first-order category
    (the largest order of the first day): skincare 1/2, makeup 0/2, supplement 1/1."""
    ds = upgrade_dataset()
    flags = teiki.upgrade_flags(ds, 90)
    assert flags.loc[["U3", "U6"], "trial"].eq(False).all()
    assert flags.loc["U7", "first_category"] == "supplement" and "U8" not in flags.index
    overall = teiki.upgrade_rates(ds, 90).iloc[0]
    assert (overall["customers"], overall["converted"], overall["too_recent"]) == (5, 2, 1)
    assert overall["rate"] == pytest.approx(0.4)
    assert (overall["low"], overall["high"]) == pytest.approx(wilson(2, 5))
    by_channel = teiki.upgrade_rates(ds, 90, by="acquisition_channel").set_index("group")
    assert by_channel.loc[["web_ad", "tv_infomercial", "—"], "customers"].tolist() == [2, 2, 1]
    assert by_channel.loc[["web_ad", "tv_infomercial", "—"], "converted"].tolist() == [1, 1, 0]
    by_category = teiki.upgrade_rates(ds, 90, by="first_category").set_index("group")
    assert by_category["rate"].to_dict() == pytest.approx(
        {"skincare": 0.5, "makeup": 0.0, "supplement": 1.0}
    )
    assert teiki.upgrade_rates(ds, 89).iloc[0]["converted"] == 1  # U7 (day 90) is out


# --- time-series LTV and maximum CPO: a hand-worked example -----------------------------


def cumulative_dataset() -> Dataset:
    """C1 (web_ad): first 2024-01-15, 3,000 in month 1, a purchase and its return in
    month 3, 6,000 by month 12, not yet 24 months; C2 (web_ad): first 2025-06-10, 3,000,
    reached 6 months only; C3 (tv): first 2025-12-05, reached nothing; C4 (tv): 100 on
    2023-12-01, reached 24 months; C5 (no customers row): 800 on 2025-12-01, reached
    exactly one month (2025-12-01 + 1 month = the day after the end)."""
    rows = [
        tx("C1", "2024-01-15", 1000), tx("C1", "2024-02-10", 2000),
        tx("C1", "2024-03-20", 500), tx("C1", "2024-03-25", -500),
        tx("C1", "2024-12-01", 3000), tx("C1", "2025-02-01", 4000),
        tx("C2", "2025-06-10", 2000), tx("C2", "2025-07-01", 1000),
        tx("C3", "2025-12-05", 500),
        tx("C4", "2023-12-01", 100),
        tx("C5", "2025-12-01", 800),
    ]  # fmt: skip
    customers = [
        {"customer_id": "C1", "acquisition_channel": "web_ad"},
        {"customer_id": "C2", "acquisition_channel": "web_ad"},
        {"customer_id": "C3", "acquisition_channel": "tv_infomercial"},
        {"customer_id": "C4", "acquisition_channel": "tv_infomercial"},
    ]
    return hand_dataset(transactions=with_ids(rows), customers=customers)


def test_cumulative_value_by_hand_with_censoring():
    """Per customer values (1, 3, 6, 12, 24 months): C1 3000, 3000, 3000, 6000, —;
    C2 3000, 3000, 3000, —, —; C4 100 at every horizon; C5 800, —; C3 none. Overall means
    1725 (n 4), 2033.3 (3), 2033.3 (3), 3050 (2), 100 (1, no interval); margin 0.5 halves
    them; the interval is mean ± z sd / sqrt(n) (numpy, scipy)."""
    table = cv.cumulative_value(cumulative_dataset(), (1, 3, 6, 12, 24), gross_margin=0.5)
    overall = table[table["group"].isna()].set_index("months")
    assert overall["customers"].tolist() == [4, 3, 3, 2, 1]
    expected = [1725, 6100 / 3, 6100 / 3, 3050, 100]
    assert overall["value"].tolist() == pytest.approx([0.5 * v for v in expected])
    half = norm.ppf(0.975) * np.std([6000, 100], ddof=1) / np.sqrt(2) * 0.5
    assert overall.loc[12, "high"] - overall.loc[12, "value"] == pytest.approx(half)
    assert pd.isna(overall.loc[24, "low"])
    by = table[table["group"].notna()].set_index(["group", "months"])["value"] * 2
    assert by["web_ad"].to_dict() == pytest.approx({1: 3000, 3: 3000, 6: 3000, 12: 6000})
    assert by["tv_infomercial"].to_dict() == pytest.approx({m: 100 for m in (1, 3, 6, 12, 24)})
    assert by["—"].to_dict() == pytest.approx({1: 800})


def test_max_cpo_by_hand():
    """12-month margin (0.5) with 20 % kept as profit: web_ad 6000 x 0.5 x 0.8 = 2400,
    all customers 3050 x 0.4 = 1220, tv_infomercial 100 x 0.4 = 40, highest first; the
    break-even value (before the target) is kept beside it."""
    table = cv.cumulative_value(cumulative_dataset(), (12,), gross_margin=0.5)
    cpo = cv.max_cpo(table, 12, profit_share=0.2)
    assert cpo["max_cpo"].tolist() == pytest.approx([2400, 1220, 40])
    assert cpo["group"].iloc[0] == "web_ad" and pd.isna(cpo["group"].iloc[1])
    assert cpo["value"].tolist() == pytest.approx([3000, 1525, 50])


def test_cumulative_and_cpo_sections_without_a_customers_table():
    """Transactions only (as CDNOW): all customers only, said; horizons nobody reached
    are named; the revenue basis is warned about; nothing keyed by channel."""
    ds = hand_dataset(transactions=with_ids([tx("C4", "2023-12-01", 100)]))
    params = LtvParams(cumulative_months=(1, 36))
    cum = report.cumulative_ltv(ds, params, Business())
    keys = [s.key for s in cum.sentences]
    assert "ltv_cumulative_no_customers" in keys and "ltv_cumulative_unreached" in keys
    assert cum.metrics[ml.CUMULATIVE_VALUE_OVERALL] == {"1": 100, "12": 100}
    assert cum.metrics[ml.CUMULATIVE_VALUE] == {}
    cpo = report.max_cpo(cum, params)
    assert cpo.metrics[ml.MAX_CPO_OVERALL] == 100
    assert "ltv_cpo_revenue_warning" in [s.key for s in cpo.sentences]
    up = report.teiki_upgrade(ds, params, Business())
    assert [s.key for s in up.sentences] == ["ltv_upgrade_no_subscriptions"]


# --- the demo company: planted truth and independent computations -----------------------


@pytest.fixture(scope="module")
def company():
    return generate_demo(n_customers=N, seed=SEED)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )


@pytest.fixture(scope="module")
def retention(ds):
    return teiki.delivery_retention(ds, RENEWAL, deliveries=6, grace_days=7)


def test_demo_delivery_counts_match_pandas(company, retention):
    """The engine's counts equal a pandas count on the generated tables (one subscription
    per customer in the demo: deliveries = its subscription-channel purchase days)."""
    subs = company.tables["subscriptions"]
    orders = company.tables["transactions"]
    days = orders[(orders["channel"] == DELIVERY) & (orders["amount"] >= 0)]
    counts = days.groupby("customer_id")["order_date"].nunique()
    subs = subs.assign(deliveries=subs["customer_id"].map(counts).fillna(0))
    start = pd.to_datetime(subs["start_date"])
    for (plan, k), row in retention.set_index(["plan", "delivery"]).iterrows():
        mine = subs["plan"] == plan
        due = start + pd.to_timedelta((k - 1) * RENEWAL[plan] + 7, unit="D")
        eligible = mine & (due <= pd.Timestamp(END))
        assert row["eligible"] == eligible.sum(), (plan, k)
        assert row["reached"] == (eligible & (subs["deliveries"] >= k)).sum(), (plan, k)


def simulate_deliveries(start: pd.Series, period: int, rng, draws: int = 400) -> np.ndarray:
    """Delivery counts by the observation end of subscriptions started on ``start``,
    re-simulated ``draws`` times from the planted process (crm_lib.demo.subscriptions:
    cancel at renewal j with min(1, theta x 2^skips), theta ~ Beta(SBG_ALPHA, SBG_BETA);
    skip slot j >= 1 with s ~ Beta(SKIP_A, SKIP_B)); shape (draws, subscriptions)."""
    slots = ((pd.Timestamp(END) - start).dt.days // period + 1).to_numpy()
    n = len(start)
    theta = rng.beta(sb.SBG_ALPHA, sb.SBG_BETA, (draws, n))
    skip_prob = rng.beta(sb.SKIP_A, sb.SKIP_B, (draws, n))
    alive = np.ones((draws, n), dtype=bool)
    skips = np.zeros((draws, n))
    delivered = np.ones((draws, n))  # delivery 0 on the start day
    for j in range(1, int(slots.max())):
        inside = alive & (j < slots)
        skip = rng.random((draws, n)) < skip_prob
        cancel = rng.random((draws, n)) < np.minimum(1.0, theta * sb.SKIP_HAZARD_MULTIPLIER**skips)
        delivered += inside & ~cancel & ~skip
        skips += inside & ~cancel & skip
        alive &= ~(inside & cancel)
    return delivered


def test_demo_retention_by_delivery_recovers_the_planted_process(company, retention):
    """Share reaching deliveries 2 and 3 per plan against the planted process re-simulated
    on the same start dates (400 draws): within 3 binomial standard errors of the observed
    share. Observed / expected (seed 42, 5,000 customers): monthly 0.782 / 0.777 and
    0.669 / 0.636, bimonthly 0.743 / 0.775 and 0.580 / 0.630 (|z| <= 1.3); the planted
    sBG without skips would give 0.811 and 0.690."""
    rng = np.random.default_rng(0)
    subs = company.tables["subscriptions"]
    for plan, period in RENEWAL.items():
        start = pd.to_datetime(subs.loc[subs["plan"] == plan, "start_date"]).reset_index(drop=True)
        simulated = simulate_deliveries(start, period, rng)
        rows = retention[retention["plan"] == plan].set_index("delivery")
        for k in (2, 3):
            due = start + pd.to_timedelta((k - 1) * period + 7, unit="D")
            eligible = (due <= pd.Timestamp(END)).to_numpy()
            expected = (simulated[:, eligible] >= k).mean()
            n = rows.loc[k, "eligible"]
            assert n == eligible.sum()
            se = math.sqrt(expected * (1 - expected) / n)
            assert abs(rows.loc[k, "share"] - expected) < 3 * se, (plan, k, expected)


def test_demo_upgrade_rate_recovers_planted_subscribe_prob(company, ds):
    """Per persona, converted customers against the planted expectation: a customer with
    the intent (subscribe_prob of the persona) who stays after the first order
    (1 - p, and the planted delay dropout) subscribes 3-30 days after the second order,
    which comes after Exp(lambda) days; within 90 days: 1 - exp(-lambda (90 - lag + 0.5)).
    |observed - expected| / sd <= 3 per persona; observed / expected (seed 42):
    subscriber 0.731 / 0.723, bargain 0.027 / 0.029, premium 0.009 / 0.013,
    trial 0.0011 / 0.0005 (|z| <= 1.4)."""
    flags = teiki.upgrade_flags(ds, 90)
    truth = company.truth_customers.set_index("customer_id")
    flags = flags[flags["trial"] & flags["observed"]].join(truth)
    intent = flags["persona"].map({p.name: p.subscribe_prob for p in ps.PERSONAS})
    lags = np.arange(pu.SUBSCRIPTION_LAG_DAYS[0], pu.SUBSCRIPTION_LAG_DAYS[1] + 1)
    lam = flags["lambda_per_day"].to_numpy()[:, None]
    second = (1 - np.exp(-lam * (90 - lags[None, :] + 0.5))).mean(axis=1)
    stays = (1 - flags["p_dropout"]) * (1 - pu.DELAY_COMPLAINT_PROB * pu.DELAY_EXTRA_DROPOUT)
    flags["expected"] = intent * stays * second
    for persona, rows in flags.groupby("persona"):
        sd = math.sqrt((rows["expected"] * (1 - rows["expected"])).sum())
        z = (rows["converted"].sum() - rows["expected"].sum()) / sd
        assert abs(z) <= 3, (persona, rows["converted"].mean(), rows["expected"].mean())
    subscriber = flags[flags["persona"] == "subscriber"]
    assert subscriber["converted"].mean() > 0.6  # the planted subscribers do subscribe


def test_demo_cumulative_value_matches_pandas(company, ds):
    """Mean net revenue per customer in the first m calendar months, by acquisition
    channel, over customers with m months observed, recomputed in pandas on the
    generated tables: equal to 1e-9 relative."""
    orders = company.tables["transactions"].copy()
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    first = orders[orders["amount"] >= 0].groupby("customer_id")["order_date"].min()
    orders["first"] = orders["customer_id"].map(first)
    channel = company.tables["customers"].set_index("customer_id")["acquisition_channel"]
    table = cv.cumulative_value(ds, (1, 12))
    for months in (1, 12):
        stop = orders["first"] + pd.DateOffset(months=months)
        window = orders[(orders["order_date"] >= orders["first"]) & (orders["order_date"] < stop)]
        value = window.groupby("customer_id")["amount"].sum()
        reached = first[
            first + pd.DateOffset(months=months) <= pd.Timestamp(END) + pd.Timedelta(1, "D")
        ]
        value = value.reindex(reached.index, fill_value=0)
        mine = table[table["months"] == months]
        assert mine[mine["group"].isna()]["value"].iloc[0] == pytest.approx(value.mean(), 1e-9)
        by = value.groupby(channel.reindex(value.index)).mean()
        got = mine[mine["group"].notna()].set_index("group")["value"]
        assert got.to_dict() == pytest.approx(by.to_dict(), rel=1e-9)


def test_demo_sections_pick_values_by_hand_and_read_in_both_languages(ds):
    """The sections on the demo: the CPO sentence names the channels with the highest and
    lowest 12-month value (by hand from the table: tv_infomercial and sample_campaign on
    the demo, whose trial persona comes mostly through the sample campaign); the upgrade
    sentence names the highest and lowest channel by rate; every metric is declared; every
    sentence and table renders in Japanese and English; two runs give the same figures."""
    params, business = LtvParams(), Business(renewal_days=RENEWAL, gross_margin=0.6)
    cum = report.cumulative_ltv(ds, params, business)
    cpo = report.max_cpo(cum, params)
    at12 = cum.cumulative[(cum.cumulative["months"] == 12) & cum.cumulative["group"].notna()]
    named = {s.key: s.values for s in cpo.sentences}["ltv_cpo_by_channel_text"]
    assert named["best"].value == at12.loc[at12["value"].idxmax(), "group"] == "tv_infomercial"
    assert named["worst"].value == at12.loc[at12["value"].idxmin(), "group"] == "sample_campaign"
    assert "ltv_cpo_revenue_warning" not in {s.key for s in cpo.sentences}
    up = report.teiki_upgrade(ds, params, Business())
    said = {s.values["group"].key: s.values for s in up.sentences if s.key == "ltv_upgrade_by_text"}
    for group, table in (
        ("acquisition_channel", up.by_channel),
        ("ltv_first_category", up.by_category),
    ):
        rates = table.set_index("group")["rate"]
        assert said[group]["best"].value == rates.idxmax()
        assert said[group]["worst"].value == rates.idxmin()
    ret = report.teiki_retention(ds, params, business)
    sections = [ret, up, cum, cpo]
    for lang in ("ja", "en"):
        t = Translator(lang, Money("JPY", lang))
        for sec in sections:
            assert sec.sentences
            for sentence in sec.sentences:
                assert "{" not in t.sentence(sentence)
            for table in sec.tables.values():
                table_html(table, t)
    for sec in sections:
        assert all(metric.path in REGISTRY for metric in sec.metrics)
    again = report.cumulative_ltv(ds, params, business)
    pd.testing.assert_frame_equal(again.cumulative, cum.cumulative)


def test_demo_charts(ds):
    """One line per plan, per channel plus all customers; bars per group."""
    params, business = LtvParams(), Business(renewal_days=RENEWAL)
    t = Translator("en", Money("JPY", "en"))
    ret = report.teiki_retention(ds, params, business)
    assert len(charts.plot_delivery_retention(ret.retention, t, ret.plan_prefix).data) == 2
    cum = report.cumulative_ltv(ds, params, business)
    fig = charts.plot_cumulative_value(cum.cumulative, t, cum.label_prefix)
    assert len(fig.data) == cum.cumulative["group"].nunique() + 1
    cpo = report.max_cpo(cum, params)
    assert len(charts.plot_max_cpo(cpo.cpo, cpo.months, t, cpo.label_prefix).data[0].y) == 8
    up = report.teiki_upgrade(ds, params, Business())
    fig = charts.plot_upgrade_rates(up.by_channel, "acquisition_channel", 90, t, up.label_prefix)
    assert len(fig.data[0].y) == len(up.by_channel)


def test_cdnow_has_no_subscriptions_or_customers_and_still_gets_its_cumulative_value():
    """CDNOW (transactions only): the subscription sections say the table is absent and
    record nothing keyed; the 12-month value per customer (all first purchased in
    1997-Q1, so all reached 12 months) equals a pandas computation on the same rows
    (USD 90.37 per customer, 2,357 customers), and so does the maximum CPO."""
    ds = load_dataset(load_config(None, ["data.source=cdnow"]))
    params, business = LtvParams(), Business(currency="USD")
    ret = report.teiki_retention(ds, params, business)
    up = report.teiki_upgrade(ds, params, Business())
    assert [s.key for s in ret.sentences] == ["ltv_no_subscriptions"]
    assert [s.key for s in up.sentences] == ["ltv_upgrade_no_subscriptions"]
    cum = report.cumulative_ltv(ds, params, business)
    cpo = report.max_cpo(cum, params)
    orders = ds.table("transactions")
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    first = orders[orders["amount"] >= 0].groupby("customer_id")["order_date"].transform("min")
    window = orders[orders["order_date"] < first + pd.DateOffset(months=12)]
    expected = window.groupby("customer_id")["amount"].sum()
    assert len(expected) == 2357
    assert cpo.metrics[ml.MAX_CPO_OVERALL] == pytest.approx(expected.mean(), rel=1e-9)
    assert cum.metrics[ml.CUMULATIVE_VALUE] == {} and cpo.metrics[ml.MAX_CPO] == {}
    assert "24" not in cum.metrics[ml.CUMULATIVE_VALUE_OVERALL]  # not reached yet
