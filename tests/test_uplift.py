"""Uplift: Qini and uplift curves checked by hand, against random and oracle scores and an
analytic population; the uplift model on planted synthetic effects and on the demo (CP03:
responsive under 60, harmed 60+); features as of the send without leakage; the target share
and the do-not-disturb list.

The demo fixture uses 50,000 customers (seed 42): CP03's test part then has about 370
controls (measured: loading 5-10 s, features and model about 3 s on 2 cores); at 20,000
customers the segment means of a model are within a few points of each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.experiments import qini, targeting, uplift

Z = 1.959963984540054  # normal quantile of 97.5 %

# ---------------------------------------------------------------------------------------
# The hand example: 8 customers ranked by score (B and C tie at 0.8).
#
#   customer  A    B    C    D    E    F    G    H
#   score     0.9  0.8  0.8  0.5  0.4  0.3  0.2  0.1
#   arm       T    T    C    T    C    T    C    C
#   y         1    0    0    1    1    0    0    1
#
# N = 8, N_T = 4, N_C = 4. Blocks {A} {B,C} {D} {E} {F} {G} {H}: curve points at
# k = 0, 1, 3, 4, 5, 6, 7, 8 (share k/8).
#   k  N_T N_C R_T R_C   q = R_T - R_C N_T/N_C     u = (R_T/N_T - R_C/N_C) k
#   0   0   0   0   0    0                         0
#   1   1   0   1   0    1 (no control yet: 0)     (1 - 0) 1 = 1
#   3   2   1   1   0    1                         (1/2 - 0) 3 = 3/2
#   4   3   1   2   0    2                         (2/3) 4 = 8/3
#   5   3   2   2   1    2 - 1 * 3/2 = 1/2         (2/3 - 1/2) 5 = 5/6
#   6   4   2   2   1    2 - 1 * 4/2 = 0           (1/2 - 1/2) 6 = 0
#   7   4   3   2   1    2 - 4/3 = 2/3             (1/2 - 1/3) 7 = 7/6
#   8   4   4   2   2    0                         0
# Qini area by trapezoids (widths 1/8, 2/8, then 1/8 each), random line 0 since q(8) = 0:
#   (0+1)/2/8 + (1+1)/2*2/8 + (1+2)/2/8 + (2+1/2)/2/8 + (1/2+0)/2/8 + (0+2/3)/2/8
#   + (2/3+0)/2/8 = 1/16 + 1/4 + 3/16 + 5/32 + 1/32 + 1/24 + 1/24 = 37/48.
# Oracle (score y T - y (1 - T)): blocks {A,D} {B,C,F,G} {E,H}, points k = 0, 2, 6, 8 with
#   q = 0, 2, 2 (N_T 4, N_C 2, R_C 0), 0: area 2/2*2/8 + 2*4/8 + 2/2*2/8 = 3/2.
# Qini coefficient = (37/48) / (3/2) = 37/72.
# Uplift curve area: 1/2/8 + (1+3/2)/2*2/8 + (3/2+8/3)/2/8 + (8/3+5/6)/2/8 + (5/6)/2/8
#   + (7/6)/2/8 + (7/6)/2/8 = 36/96 + 25/96 + 21/96 + 5/96 + 7/96 + 7/96 = 101/96;
#   random line 0 (u(8) = 0); AUUC = 101/96 / N = 101/768.
# ---------------------------------------------------------------------------------------
SCORE = [0.9, 0.8, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1]
ARM = [1, 1, 0, 1, 0, 1, 0, 0]
Y = [1, 0, 0, 1, 1, 0, 0, 1]


def test_curves_by_hand():
    c = qini.curves(Y, ARM, SCORE)
    assert c["n"].tolist() == [0, 1, 3, 4, 5, 6, 7, 8]
    assert c["qini"].to_numpy() == pytest.approx([0, 1, 1, 2, 0.5, 0, 2 / 3, 0])
    assert c["uplift"].to_numpy() == pytest.approx([0, 1, 1.5, 8 / 3, 5 / 6, 0, 7 / 6, 0])
    m = qini.metrics(Y, ARM, SCORE)
    assert m["qini_area"] == pytest.approx(37 / 48)
    assert m["qini_coefficient"] == pytest.approx(37 / 72)
    assert m["auuc"] == pytest.approx(101 / 768)
    assert qini.qini_area(Y, ARM, SCORE) == pytest.approx(37 / 48)
    assert qini.auuc(Y, ARM, SCORE) == pytest.approx(101 / 768)
    # the order of tied rows does not matter: C before B gives the same curve
    swapped = qini.curves([Y[0], Y[2], Y[1], *Y[3:]], [1, 0, 1, *ARM[3:]], SCORE)
    assert swapped["qini"].to_numpy() == pytest.approx(c["qini"].to_numpy())


def test_uplift_at_top_takes_the_tied_block():
    # top 25 %: ceil(0.25 * 8) = 2nd customer is B (0.8); its tie C comes too: A, B, C.
    # treated A (1), B (0): 1/2; control C (0): 0/1; uplift 1/2.
    top = qini.uplift_at_top(Y, ARM, SCORE, 0.25)
    assert (top["n"], top["n_treatment"], top["n_control"]) == (3, 2, 1)
    assert top["uplift"] == pytest.approx(0.5)
    assert qini.metrics(Y, ARM, SCORE, top_share=0.25)["uplift_top"] == pytest.approx(0.5)


def test_oracle_is_the_maximum_over_every_ordering():
    """Every distinct sequence of (arm, outcome) of the hand example, strictly ordered
    (8! / 2!^4 = 2,520), gives a Qini area at most the oracle's 3/2 (worked above)."""
    kinds = [(a, y) for a, y in zip(ARM, Y, strict=True)]
    best = -np.inf
    for seq in set(itertools.permutations(kinds)):
        a, y = zip(*seq, strict=True)
        best = max(best, qini.qini_area(y, a, -np.arange(8.0)))
    oracle = np.where(np.array(ARM) == 1, Y, -np.array(Y))
    assert qini.qini_area(Y, ARM, oracle) == pytest.approx(1.5)
    assert qini.qini_coefficient(Y, ARM, oracle) == pytest.approx(1.0)
    assert best <= 1.5 + 1e-12
    assert best > 1.2  # a strict order of the oracle blocks comes close (E, H ordered: 4/3)


@pytest.fixture(scope="module")
def population():
    """20,000 customers, half treated; x < 0.5: +15 points, x >= 0.5: -5 points on 20 %.

    Analytic curves of the true ranking (treated share 1/2): for s <= 1/2, q = 0.075 s N and
    u = 0.15 s N; for s > 1/2, q = N (0.0375 - 0.025 (s - 1/2)) and
    u = N (0.075 - 0.05 (s - 1/2)). Areas: q: 0.075/8 + 0.0375/2 - 0.025/8 = 0.025 N, random
    0.0125 N, so qini_area / N = 0.0125; u: 0.15/8 + 0.075/2 - 0.05/8 = 0.05, random 0.025,
    so AUUC = 0.025.
    """
    rng = np.random.default_rng(1)
    n = 20_000
    x = rng.random(n)
    t = rng.random(n) < 0.5
    tau = np.where(x < 0.5, 0.15, -0.05)
    y = (rng.random(n) < 0.2 + tau * t).astype(float)
    return y, t, tau


def test_random_score_gives_qini_near_zero(population):
    y, t, _ = population
    rng = np.random.default_rng(2)
    coefs = np.array([qini.qini_coefficient(y, t, rng.random(len(y))) for _ in range(50)])
    # measured standard deviation of one random coefficient here: 0.008
    assert abs(coefs.mean()) < 0.005
    assert np.abs(coefs).max() < 0.035
    # a constant score is one tied block: exactly the random line
    flat = qini.metrics(y, t, np.zeros(len(y)))
    assert flat["qini_area"] == pytest.approx(0, abs=1e-9)
    assert flat["auuc"] == pytest.approx(0, abs=1e-12)


def test_true_ranking_matches_the_analytic_areas(population):
    y, t, tau = population
    n = len(y)
    boot = qini.bootstrap(y, t, tau, n_boot=200, seed=3).set_index("metric")
    area, auuc = boot.loc["qini_area"], boot.loc["auuc"]
    assert area["estimate"] / n == pytest.approx(0.0125, abs=0.004)
    assert auuc["estimate"] == pytest.approx(0.025, abs=0.006)
    assert area["ci_low"] / n < 0.0125 < area["ci_high"] / n
    assert auuc["ci_low"] < 0.025 < auuc["ci_high"]
    # within arms the overall uplift's bootstrap SD is the binomial standard error
    p1, p0 = y[t].mean(), y[~t].mean()
    se = math.sqrt(p1 * (1 - p1) / t.sum() + p0 * (1 - p0) / (~t).sum())
    assert boot.loc["uplift_overall", "std"] == pytest.approx(se, rel=0.2)
    oracle = np.where(t, y, -y)
    assert qini.qini_area(y, t, oracle) > area["estimate"]
    again = qini.bootstrap(y, t, tau, n_boot=200, seed=3)
    pd.testing.assert_frame_equal(again, boot.reset_index())


def _wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def _newcombe(x1, n1, x0, n0) -> tuple[float, float]:
    """Newcombe's hybrid score interval of p1 - p0 from the two Wilson intervals."""
    p1, p0 = x1 / n1, x0 / n0
    (l1, u1), (l0, u0) = _wilson(x1, n1), _wilson(x0, n0)
    d = p1 - p0
    return d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p0 - l0) ** 2
    )


def test_uplift_by_decile_by_hand():
    # top half (scores 40..21): treated 10 with 6 responders, control 10 with 2;
    # bottom half (20..1): treated 12 with 3, control 8 with 4.
    score = np.arange(40, 0, -1, dtype=float)
    arm = np.r_[np.ones(10), np.zeros(10), np.ones(12), np.zeros(8)]
    y = np.r_[np.ones(6), np.zeros(4), np.ones(2), np.zeros(8)]
    y = np.r_[y, np.ones(3), np.zeros(9), np.ones(4), np.zeros(4)]
    table = qini.uplift_by_decile(y, arm, score, bins=2)
    top, bottom = table.iloc[0], table.iloc[1]
    assert (top["n_treatment"], top["n_control"]) == (10, 10)
    assert top["uplift"] == pytest.approx(0.6 - 0.2)
    assert bottom["uplift"] == pytest.approx(3 / 12 - 4 / 8)
    assert (top["ci_low"], top["ci_high"]) == pytest.approx(_newcombe(6, 10, 2, 10), abs=1e-9)
    assert (bottom["ci_low"], bottom["ci_high"]) == pytest.approx(_newcombe(3, 12, 4, 8), abs=1e-9)
    assert top["mean_score"] == pytest.approx(30.5)
    # quartiles of the hand example: average ranks A 1, B = C 2.5, D 4 ... -> ceil(r / 2):
    # A | B C D | E F | G H; the tied B and C share a group
    q = qini.uplift_by_decile(Y, ARM, SCORE, bins=4)
    assert q["n"].tolist() == [1, 3, 2, 2]
    assert q["uplift"].iloc[1] == pytest.approx(0.5)  # treated B 0, D 1; control C 0
    assert np.isnan(q["ci_low"].iloc[0])  # no control in the first group


# --- the model on planted synthetic effects ------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    """Two campaigns: K1 with 90 % treated and a base response of 20 %, K2 with 50 % and
    50 %; segment "a" +20 points, "b" -10 points whatever the campaign; a numeric input
    that does nothing."""
    rng = np.random.default_rng(5)
    n = 16_000
    camp = np.where(rng.random(n) < 0.5, "K1", "K2")
    seg = np.where(rng.random(n) < 0.5, "a", "b")
    t = rng.random(n) < np.where(camp == "K1", 0.9, 0.5)
    tau = np.where(seg == "a", 0.2, -0.1)
    base = np.where(camp == "K1", 0.2, 0.5)
    y = (rng.random(n) < base + tau * t).astype(int)
    x = pd.DataFrame({"age_band": seg, "campaign_id": camp, "recency_days": rng.random(n)})
    return x, t.astype(int), y, tau


@pytest.mark.parametrize("approach", uplift.APPROACHES)
def test_model_recovers_planted_uplift(synthetic, approach):
    x, t, y, tau = synthetic
    model = uplift.UpliftModel(approach, random_state=0)
    assert model.fit(x, t, y, strata=x["campaign_id"]) is model
    pred = model.predict_uplift(x)
    for seg, truth in (("a", 0.2), ("b", -0.1)):
        assert pred[x["age_band"].to_numpy() == seg].mean() == pytest.approx(truth, abs=0.04)
    assert model.features_ == ["recency_days", "age_band", "campaign_id"]


def test_class_transformation_needs_the_balancing_weights(synthetic):
    """Without strata the arms are weighted as one group (70 % treated overall: weights
    0.5/0.7 and 0.5/0.3), which leaves K1 with a weighted treated share
    q = 0.9 (5/7) / (0.9 (5/7) + 0.1 (5/3)) = 0.794 and K2 with q = 0.3; then
    P(Z = 1) = q P_T + (1 - q)(1 - P_C): segment a in K1 (P_T 0.4, P_C 0.2) 0.482, so
    2 P - 1 = -0.035; in K2 (0.7, 0.5) 0.56, so 0.12: about 0.04 on average instead of
    0.2."""
    x, t, y, _ = synthetic
    balanced = uplift.UpliftModel("class_transformation", random_state=0)
    pooled = clone(balanced).fit(x, t, y)
    balanced.fit(x, t, y, strata=x["campaign_id"])
    a = x["age_band"].to_numpy() == "a"
    err_balanced = abs(balanced.predict_uplift(x)[a].mean() - 0.2)
    err_pooled = abs(pooled.predict_uplift(x)[a].mean() - 0.2)
    assert err_balanced < 0.04
    assert err_pooled > 0.1


def test_estimator_contract(synthetic):
    x, t, y, _ = synthetic
    model = uplift.UpliftModel("class_transformation", "logit", C=0.5)
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        model.predict_uplift(x)
    with pytest.raises(ValueError, match="approach"):
        uplift.UpliftModel("s_learner").fit(x, t, y)
    with pytest.raises(ValueError, match="both arms"):
        uplift.UpliftModel().fit(x, np.ones(len(t)), y)
    logit = uplift.UpliftModel(learner="logit").fit(x, t, y)
    arms = logit.predict_arms(x)
    assert logit.predict_uplift(x) == pytest.approx(arms["p_treatment"] - arms["p_control"])


def test_what_if_equals_substituting_one_input(synthetic):
    x, t, y, _ = synthetic
    for approach in uplift.APPROACHES:
        model = uplift.UpliftModel(approach, random_state=0).fit(x, t, y, strata=x["campaign_id"])
        part = x.iloc[:300]
        typical = {"age_band": "b", "campaign_id": "K2", "recency_days": 0.25}
        fast = model.what_if(part, typical)
        for f, v in typical.items():
            slow = model.predict_uplift(part.assign(**{f: v}))
            assert fast[f].to_numpy() == pytest.approx(slow, abs=1e-12)


# --- features as of the send: a hand-made data set -----------------------------------


def _hand_dataset() -> Dataset:
    """Customer A: orders 2024-01-10 (1,000), 2024-05-31 (2,000), a return 2024-06-05
    (-500), then 2024-06-10 (3,000, the send day) and 2024-06-20 (4,000): the last two are
    after the as-of day 2024-06-09 and must not count. Sends to A (N1, no control group):
    2024-04-01, 2024-05-20, 2024-06-10 08:00 (same day: not before), 2024-07-01; a control
    row 2024-06-01 (T0, nothing sent). Subscription 2024-03-01 .. 2024-06-15 (running on
    06-09). Customer B: first order 2024-06-12, after the send: no history."""
    tx = pd.DataFrame(
        [("A", "2024-01-10", 1000), ("A", "2024-05-31", 2000), ("A", "2024-06-05", -500),
         ("A", "2024-06-10", 3000), ("A", "2024-06-20", 4000), ("B", "2024-06-12", 800)],
        columns=["customer_id", "order_date", "amount"],
    )  # fmt: skip
    tx.insert(0, "order_id", [f"O{i}" for i in range(len(tx))])
    ct = pd.DataFrame(
        [("A", "T1", "email", "2024-06-10 10:00", "treatment", True),
         ("B", "T1", "email", "2024-06-10 10:05", "control", True),
         ("A", "N1", "email", "2024-04-01 09:00", "treatment", False),
         ("A", "N1", "email", "2024-05-20 09:00", "treatment", False),
         ("A", "N1", "email", "2024-06-10 08:00", "treatment", False),
         ("A", "N1", "email", "2024-07-01 09:00", "treatment", False),
         ("A", "T0", "dm", "2024-06-01 09:00", "control", False)],
        columns=["customer_id", "campaign_id", "channel", "sent_at", "group", "responded"],
    )  # fmt: skip
    ct["sent_at"] = pd.to_datetime(ct["sent_at"])
    ct.insert(0, "contact_id", [f"CT{i}" for i in range(len(ct))])
    ct["revenue"] = np.where(ct["responded"], 3000.0, 0.0)
    ct["unsubscribed"] = False
    cu = pd.DataFrame(
        {"customer_id": ["A", "B"], "age_band": ["30代", "60代"], "region": ["関東", "近畿"]}
    )
    sb = pd.DataFrame(
        {"subscription_id": ["S1"], "customer_id": ["A"], "start_date": ["2024-03-01"],
         "end_date": ["2024-06-15"]}
    )  # fmt: skip
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE transactions AS SELECT order_id, customer_id, "
        "CAST(order_date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount FROM tx"
    )
    con.execute("CREATE TABLE contacts AS SELECT * FROM ct")
    con.execute("CREATE TABLE customers AS SELECT * FROM cu")
    con.execute(
        "CREATE TABLE subscriptions AS SELECT subscription_id, customer_id, "
        "CAST(start_date AS DATE) AS start_date, CAST(end_date AS DATE) AS end_date FROM sb"
    )
    frames = {"transactions": tx, "contacts": ct, "customers": cu, "subscriptions": sb}
    loads = {
        k: TableLoad(k, "hand", len(f), len(f), 0, tuple(f.columns)) for k, f in frames.items()
    }
    end = dt.date(2024, 12, 31)
    return Dataset(con, loads, end, end)


def test_features_use_only_rows_before_the_send_date():
    ds = _hand_dataset()
    assert uplift.experiment_campaigns(ds) == ["T1"]
    frame = uplift.uplift_features(ds).set_index("customer_id")
    assert len(frame) == 2
    a, b = frame.loc["A"], frame.loc["B"]
    assert (a["treatment"], a["responded"], b["treatment"]) == (1, 1, 0)
    assert a["as_of"] == pd.Timestamp("2024-06-09")
    # last purchase 2024-05-31 -> 9 days before 06-09; first 2024-01-10 -> 151 days
    # (Jan 10 -> Jun 9 2024: 21 + 29 + 31 + 30 + 31 + 9)
    assert (a["recency_days"], a["tenure_days"]) == (9, 151)
    assert (a["orders"], a["purchase_days"], a["orders_90d"]) == (2, 2, 1)  # 90 d: from 03-12
    assert a["spend_total"] == 3000  # gross purchases 1,000 + 2,000
    assert a["spend_365d"] == 2500  # net: the return counts
    assert a["avg_order_value"] == 1500
    assert a["mean_gap_days"] == pytest.approx(142)  # 2024-01-10 -> 2024-05-31
    assert a["overdue_ratio"] == pytest.approx(9 / 142)
    assert a["rank_level"] == 4  # 2,500 net in 12 months: below Bronze (5,000) -> Regular
    # sends before 06-10: 04-01 and 05-20 (the control row and the same-day send do not count);
    # in the 30 days 05-10 .. 06-09 only 05-20
    assert (a["sends_before"], a["sends_30d"]) == (2, 1)
    assert a["subscription_active"] == 1
    assert a["age_band"] == "30代"
    assert b["orders"] == 0 and np.isnan(b["recency_days"]) and np.isnan(b["rank_level"])
    planned = uplift.send_features(ds, dt.date(2024, 6, 10), campaign_id="T1", channel="email")
    assert planned["customer_id"].tolist() == ["A"]  # B had not bought before 06-10
    assert planned.iloc[0]["recency_days"] == 9 and planned.iloc[0]["sends_30d"] == 1
    listed = uplift.send_features(
        ds, dt.date(2024, 6, 10), campaign_id="T1", channel="email", customers=["B", "Z"]
    )
    assert listed.empty


def test_customer_split_keeps_a_customer_together():
    ids = np.array(["C1", "C2", "C3", "C1", "C4", "C2", "C5", "C1", "C6", "C7"])
    test = uplift.customer_split(ids, test_share=0.4, seed=3)
    by_customer = pd.Series(test).groupby(ids).nunique()
    assert (by_customer == 1).all()
    assert pd.Series(test).groupby(ids).first().sum() == round(0.4 * 7)
    assert (uplift.customer_split(ids[::-1], 0.4, 3) == test[::-1]).all()


# --- the demo: CP03 helps the under-60s and puts off the 60+ -------------------------

OLD = ("60代", "70代以上")


@pytest.fixture(scope="module")
def demo():
    ds = load_dataset(load_config(None, ["data.customers=50000", "data.seed=42"]))
    study = uplift.uplift_study(ds, n_boot=200, seed=0)
    return ds, study


def test_demo_model_ranks_cp03_under_60_above_60_plus(demo):
    _, study = demo
    test = study.test_frame
    assert set(test["campaign_id"]) == {"CP01", "CP02", "CP03", "CP04", "CP05"}  # no NL
    train_ids = set(study.frame.loc[~study.test, "customer_id"])
    assert not train_ids & set(test["customer_id"])  # out of sample by customer
    cp3 = test[test["campaign_id"] == "CP03"]
    old = cp3["age_band"].isin(OLD).to_numpy()
    seg = uplift.segment_uplift(cp3, cp3["uplift"], np.where(old, "60+", "under 60"))
    seg = seg.set_index("segment")
    # planted: +7 points under 60, -8.4 for 60+ (demo-data.md); measured 0.053 and -0.044
    assert seg.loc["under 60", "predicted_uplift"] > 0.02
    assert seg.loc["60+", "predicted_uplift"] < 0
    diff = seg.loc["under 60", "predicted_uplift"] - seg.loc["60+", "predicted_uplift"]
    assert diff > 0.05
    # the observed test-part difference agrees in sign (Newcombe interval below 0 for 60+)
    assert seg.loc["60+", "ci_high"] < 0


def test_demo_qini_at_least_that_of_the_planted_segments(demo):
    """On CP03's test customers, the model's Qini coefficient is positive and at least half
    that of the planted truth used as a score (1 under 60, 0 for 60+), computed on the same
    customers; measured 0.057 against 0.051."""
    _, study = demo
    cp3 = study.test_frame.query("campaign_id == 'CP03'")
    truth_score = (~cp3["age_band"].isin(OLD)).astype(float)
    planted = qini.qini_coefficient(cp3["responded"], cp3["treatment"], truth_score)
    row = study.evaluation.set_index("campaign_id").loc["CP03"]
    assert row["qini_coefficient"] > 0 and row["auuc"] > 0
    assert row["qini_coefficient"] >= 0.5 * planted > 0
    assert row["qini_coefficient_low"] < row["qini_coefficient"] < row["qini_coefficient_high"]
    assert row["n_control"] > 300


# --- targeting -----------------------------------------------------------------------


def test_target_plan_by_hand():
    # cost 0.1 per contact, value 1 per incremental response, population = the 8 rows:
    # profit(k) = u(k) - 0.1 k at the curve points (step None):
    #   k 0: 0; 1: 0.9; 3: 1.2; 4: 8/3 - 0.4 = 2.2667; 5: 5/6 - 0.5; 6: -0.6; 7: 7/6 - 0.7;
    #   8: -0.8 -> the best is k = 4 (share 1/2).
    plan = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact=0.1, value_per_outcome=1.0, step=None
    )
    assert plan.share == 0.5 and plan.contacts == 4
    assert plan.profit == pytest.approx(8 / 3 - 0.4)
    assert plan.profit_everyone == pytest.approx(-0.8)
    # budget 0.3 pays 3 contacts: share 3/8 is a curve point; the best within it is k = 3
    capped = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact=0.1, value_per_outcome=1.0, step=None, budget=0.3
    )
    assert capped.budget_share == pytest.approx(3 / 8)
    assert capped.share == pytest.approx(3 / 8) and capped.profit == pytest.approx(1.2)
    # budget 0.2: share 1/4, between points 1/8 (u 1) and 3/8 (u 3/2): u = 5/4, 2 contacts,
    # profit 5/4 - 0.2 = 1.05, better than 0.9 at 1/8
    small = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact={"email": 0.1}, channel="email",
        value_per_outcome=1.0, step=None, budget=0.2,
    )  # fmt: skip
    assert small.share == pytest.approx(0.25) and small.profit == pytest.approx(1.05)
    # a population 100 times larger scales everything but the share
    big = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact=0.1, value_per_outcome=1.0, step=None, population=800
    )
    assert big.share == 0.5 and big.profit == pytest.approx(100 * (8 / 3 - 0.4))
    with pytest.raises(ValueError, match="channel"):
        targeting.target_plan(Y, ARM, SCORE, cost_per_contact={"dm": 1}, value_per_outcome=1)


def test_demo_do_not_disturb(demo):
    ds, study = demo
    planned = uplift.send_features(ds, dt.date(2025, 10, 8), campaign_id="CP03", channel="email")
    sample = planned.iloc[::4].reset_index(drop=True)  # a quarter keeps the test quick
    dnd = targeting.do_not_disturb(study.model, sample, ds)
    assert len(dnd) > 100
    assert (dnd["predicted_uplift"] < 0).all()
    assert dnd["predicted_uplift"].is_monotonic_increasing
    # the planted harmed group (60+) is over-represented: measured 53 % against 25 %
    ages = sample.set_index("customer_id")["age_band"]
    share_old = ages.isin(OLD).mean()
    assert ages.loc[dnd["customer_id"]].isin(OLD).mean() > 1.5 * share_old
    # personal data masked, never in clear
    people = ds.table("customers").set_index("customer_id")
    clear = people.loc[dnd["customer_id"]]
    assert dnd["email"].str.contains(r"^.\*\*\*@", regex=True).all()
    assert dnd["phone"].str.contains(r"\*\*\*\*", regex=True).all()
    assert dnd["name"].str.endswith("**").all()
    assert not (dnd["email"].to_numpy() == clear["email"].to_numpy()).any()
    # each reason is the uplift gained by setting that input to its typical value
    typical = uplift.typical_values(sample, study.model.features_)
    rows = dnd.iloc[:20].merge(sample, on="customer_id", suffixes=("", "_x"))
    for _, r in rows.iterrows():
        if not r["reason_1"]:
            continue
        one = sample[sample["customer_id"] == r["customer_id"]]
        base = study.model.predict_uplift(one)[0]
        moved = study.model.predict_uplift(one.assign(**{r["reason_1"]: typical[r["reason_1"]]}))
        assert moved[0] - base == pytest.approx(r["effect_1"], abs=1e-9)
        assert r["value_1"] == one.iloc[0][r["reason_1"]]


def test_gain_at_share_by_hand():
    # scores 4 > 3 > 2 > 1, arms T C T C, outcomes 1 0 0 1. Uplift curve u(k) at the points
    # k = 1: T rate 1, C nobody (rate 0) -> 1 x 1 = 1; k = 2: (1 - 0) x 2 = 2; k = 4:
    # (1/2 - 1/2) x 4 = 0. Per customer (/ N = 4) at shares 1/4, 1/2, 1: 0.25, 0.5, 0;
    # share 3/8 lies half way between 1/4 and 1/2: 0.375.
    y, arm, score = [1, 0, 0, 1], [1, 0, 1, 0], [4.0, 3.0, 2.0, 1.0]
    for share, expected in ((0.25, 0.25), (0.375, 0.375), (0.5, 0.5), (1.0, 0.0)):
        assert qini.gain_at_share(y, arm, score, share, n_boot=5)["estimate"] == pytest.approx(
            expected
        )


def test_gain_at_share_interval_covers_the_truth_about_95_percent():
    """A score unrelated to the outcome ranks at random, so the expected incremental
    response per customer of treating the top share s is s x the true uplift (here
    0.5 x 3 points). Over 300 simulated experiments (1,000 customers, rates 10 % and 13 %)
    the 95 % bootstrap interval must cover it 91-99 % of the time (Monte-Carlo SE 1.3
    points; 93.3 % observed)."""
    rng = np.random.default_rng(7)
    covered = 0
    for _ in range(300):
        arm = rng.random(1000) < 0.5
        y = rng.random(1000) < np.where(arm, 0.13, 0.10)
        gain = qini.gain_at_share(y, arm, rng.random(1000), 0.5, n_boot=200,
                                  seed=int(rng.integers(1 << 31)))  # fmt: skip
        covered += gain["ci_low"] <= 0.015 <= gain["ci_high"]
    assert 0.91 <= covered / 300 <= 0.99


def test_target_plan_interval_brackets_its_profit():
    plan = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact=0.1, value_per_outcome=1.0, step=None, n_boot=200
    )
    assert plan.profit_low <= plan.profit <= plan.profit_high
    plain = targeting.target_plan(
        Y, ARM, SCORE, cost_per_contact=0.1, value_per_outcome=1.0, step=None
    )
    assert np.isnan(plain.profit_low) and np.isnan(plain.profit_high)
