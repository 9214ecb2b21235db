"""Campaign effect verification (crm_lib.experiments: effects, arms, longterm, planning,
segments, context).

Checked against: simulations with known effects (interval coverage, CUPED unbiasedness),
hand-worked examples (a hand-made dataset, Wilson/Newcombe and chi-square by hand, the
arcsine sample-size formula), independent computations (statsmodels multipletests, scipy's
own BCa bootstrap, a per-customer logistic regression, pandas) and the planted truth of the
demo company (docs/demo-data.md sections 5-6) on 50,000 customers, the size the doc names
for standard errors of 1.3-1.8 points (generating and loading it takes about 6 s).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from statistics import NormalDist

import duckdb
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.multitest import multipletests

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.demo import generate_demo
from crm_lib.experiments import arms, context, effects, longterm, planning, segments

BIG, SMALL, SEED = 50_000, 5_000, 42
CAMPAIGNS = ("CP01", "CP02", "CP03", "CP04", "CP05")
COSTS = {"email": 5.0, "dm": 120.0, "sms": 10.0, "call": 300.0}


def demo(n: int) -> Dataset:
    return load_dataset(load_config(None, [f"data.customers={n}", f"data.seed={SEED}"]))


@pytest.fixture(scope="module")
def big():
    return demo(BIG)


@pytest.fixture(scope="module")
def truth():
    return generate_demo(n_customers=BIG, seed=SEED).truth


@pytest.fixture(scope="module")
def small():
    return demo(SMALL)


def planned_shares(truth: dict) -> dict[str, float]:
    return {c["campaign_id"]: c["control_share"] for c in truth["campaigns"] if c["control_share"]}


@pytest.fixture(scope="module")
def big_effects(big, truth):
    return effects.campaign_effects(
        big,
        meaningful_lift_pts=2.0,
        planned_control_share=planned_shares(truth),
        cost_per_contact=COSTS,
    ).set_index("campaign_id")


def campaign_truth(truth: dict, campaign_id: str) -> dict:
    return next(c for c in truth["campaigns"] if c["campaign_id"] == campaign_id)


# ----------------------------------------------------------- simulations


def test_newcombe_interval_covers_the_true_lift_95_percent_of_the_time():
    rng = np.random.default_rng(1)
    scenarios = [(0.25, 0.0), (0.25, 0.05), (0.05, 0.03), (0.30, -0.04)]  # (control, lift)
    reps, n_t, n_c = 1000, 600, 150
    covered = []
    for p_c, lift in scenarios:
        x_t = rng.binomial(n_t, p_c + lift, reps)
        x_c = rng.binomial(n_c, p_c, reps)
        for a, b in zip(x_t, x_c, strict=True):
            _, low, high = effects.lift_interval(int(a), n_t, int(b), n_c)
            covered.append(low <= lift <= high)
    assert 0.93 <= np.mean(covered) <= 0.97  # 4,000 experiments: standard error 0.35 pts


def revenue_sample(rng, n: int, p: float, sigma: float = 0.8) -> np.ndarray:
    """Revenue per customer: a lognormal order value for a share ``p`` of buyers, else 0."""
    return rng.lognormal(8.0, sigma, n) * (rng.random(n) < p)


def test_bca_revenue_interval_covers_the_true_difference():
    """2,500 experiments (standard error of the coverage 0.45 pts). With heavier skew
    (sigma 0.8, 25-30 % buyers) BCa covers 93.4 % at these sizes (3,000 runs): the known
    small-sample under-coverage of bootstrap intervals of skewed means, not tested here."""
    rng = np.random.default_rng(2)
    true_diff = (0.5 - 0.4) * math.exp(8.0 + 0.5**2 / 2)
    covered = []
    for i in range(2500):
        y_t, y_c = revenue_sample(rng, 400, 0.5, 0.5), revenue_sample(rng, 200, 0.4, 0.5)
        _, low, high = effects.bca_mean_difference(y_t, y_c, n_resamples=499, seed=i)
        covered.append(low <= true_diff <= high)
    assert 0.93 <= np.mean(covered) <= 0.97


def test_bca_agrees_with_scipy_bootstrap():
    """Same seed, same resamples: the closed-form jackknife gives scipy's BCa interval."""
    rng = np.random.default_rng(3)
    y_t, y_c = revenue_sample(rng, 300, 0.3), revenue_sample(rng, 120, 0.25)
    for seed in (0, 1):
        diff, low, high = effects.bca_mean_difference(y_t, y_c, n_resamples=5000, seed=seed)
        ref = stats.bootstrap(
            (y_t, y_c),
            lambda a, b, axis=-1: a.mean(axis) - b.mean(axis),
            n_resamples=5000,
            method="BCa",
            rng=seed,
            vectorized=True,
        ).confidence_interval
        assert diff == pytest.approx(y_t.mean() - y_c.mean())
        assert (low, high) == pytest.approx((ref.low, ref.high), rel=1e-9)
    # batches (other draws) change the interval only by resampling noise
    _, low_b, high_b = effects.bca_mean_difference(
        y_t, y_c, n_resamples=5000, seed=0, max_batch_values=10_000
    )
    assert abs(low_b - low) < 0.1 * (high - low) and abs(high_b - high) < 0.1 * (high - low)


def test_cuped_is_unbiased_removes_variance_and_covers():
    rng = np.random.default_rng(4)
    effect, reps, n_t, n_c = 300.0, 600, 1500, 500
    raw, adjusted, removed, covered = [], [], [], []
    for _ in range(reps):
        x_t, x_c = rng.gamma(2.0, 5000.0, n_t), rng.gamma(2.0, 5000.0, n_c)
        y_t = 0.2 * x_t + rng.normal(0, 2000, n_t) + effect
        y_c = 0.2 * x_c + rng.normal(0, 2000, n_c)
        res = effects.cuped_difference(y_t, y_c, x_t, x_c)
        raw.append(y_t.mean() - y_c.mean())
        adjusted.append(res["diff"])
        removed.append(res["variance_removed"])
        covered.append(res["ci_low"] <= effect <= res["ci_high"])
    adjusted, raw = np.array(adjusted), np.array(raw)
    assert abs(adjusted.mean() - effect) < 3 * adjusted.std() / math.sqrt(reps)
    # var(y) = 0.04 * 5e7 + 4e6 = 6e6, of which 2e6 explained: a third removed
    assert np.mean(removed) == pytest.approx(1 / 3, abs=0.02)
    assert adjusted.var() / raw.var() == pytest.approx(1 - np.mean(removed), abs=0.08)
    assert 0.93 <= np.mean(covered) <= 0.97


# ----------------------------------------------------------- hand-worked statistics


def wilson(x: int, n: int, z: float) -> tuple[float, float]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_lift_interval_is_newcombe_from_wilson_by_hand():
    z = NormalDist().inv_cdf(0.975)
    x_t, n_t, x_c, n_c = 56, 70, 48, 80  # Newcombe (1998), example (b)
    l1, u1 = wilson(x_t, n_t, z)
    l2, u2 = wilson(x_c, n_c, z)
    d = x_t / n_t - x_c / n_c
    low = d - math.sqrt((x_t / n_t - l1) ** 2 + (u2 - x_c / n_c) ** 2)
    high = d + math.sqrt((u1 - x_t / n_t) ** 2 + (x_c / n_c - l2) ** 2)
    got = effects.lift_interval(x_t, n_t, x_c, n_c)
    assert got == pytest.approx((d, low, high))
    assert (round(got[1], 4), round(got[2], 4)) == (0.0524, 0.3339)  # Newcombe's table II


def test_srm_p_value_is_chi_square_by_hand():
    chi2 = (150 - 200) ** 2 / 200 + (850 - 800) ** 2 / 800  # 150 of 1,000, planned 20 %
    assert effects.srm_p_value(150, 1000, 0.2) == pytest.approx(math.erfc(math.sqrt(chi2 / 2)))
    assert effects.srm_p_value(200, 1000, 0.2) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "low, high, mde, roi, expected",
    [
        (0.5, 4.0, 1.0, 2.0, "roll_out"),
        (0.5, 4.0, 1.0, -0.5, "not_profitable"),
        (0.5, 4.0, 1.0, float("nan"), "effective_roi_unknown"),
        (-6.0, -0.1, 1.0, 2.0, "harmful"),
        (-1.0, 1.0, 1.5, 2.0, "no_effect"),
        (-1.0, 1.0, 2.5, 2.0, "too_small_to_tell"),
        (0.0, 3.0, 2.5, 2.0, "too_small_to_tell"),  # touching 0 is including it
    ],
)
def test_verdict_codes(low, high, mde, roi, expected):
    assert effects.verdict(low, high, mde, roi, meaningful_lift_pts=2.0) == expected


def test_holm_and_bh_match_statsmodels():
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.0001])
    assert arms.holm_adjust(p) == pytest.approx(multipletests(p, method="holm")[1])
    assert arms.bh_adjust(p) == pytest.approx(multipletests(p, method="fdr_bh")[1])
    with_nan = np.array([0.02, np.nan, 0.01])
    assert arms.holm_adjust(with_nan)[[0, 2]] == pytest.approx([0.02, 0.02])
    assert np.isnan(arms.holm_adjust(with_nan)[1])


def test_sample_size_matches_the_arcsine_formula_by_hand():
    z = NormalDist().inv_cdf
    h = 2 * math.asin(math.sqrt(0.30)) - 2 * math.asin(math.sqrt(0.25))
    n = 2 * (z(0.975) + z(0.8)) ** 2 / h**2  # equal arms: 1,249.6
    plan = planning.sample_size_per_arm(0.25, 5.0)
    assert plan["n_treatment"] == plan["n_control"] == math.ceil(n) == 1250
    one_to_four = (z(0.975) + z(0.8)) ** 2 * (1 + 4) / h**2  # control = treatment / 4
    plan = planning.sample_size_per_arm(0.25, 5.0, ratio=0.25)
    assert plan["n_treatment"] == math.ceil(one_to_four) == 3124 and plan["n_control"] == 781
    three = planning.sample_size_per_arm(0.25, 5.0, n_treatment_arms=3)  # alpha / 3
    assert three["n_treatment"] == math.ceil(2 * (z(1 - 0.05 / 6) + z(0.8)) ** 2 / h**2)
    assert three["n_total"] == 4 * three["n_treatment"]
    # the MDE of 1,250 per arm is the 5 points they were sized for
    assert planning.minimum_detectable_lift_pts(0.25, 1250, 1250) == pytest.approx(5.0, abs=0.01)
    table = planning.pilot_plan(0.25, [2.0, 5.0])
    assert list(table["n_treatment"]) == [
        planning.sample_size_per_arm(0.25, 2)["n_treatment"],
        1250,
    ]


def test_least_favourable_baseline_is_the_largest_size_over_the_interval():
    """The closed-form worst baseline (p = (1 - d) / 2, clipped to the interval) needs as
    many customers as the largest size found by a grid search over the interval (the
    arcsine formula by hand, equal arms; checked: 0.10-0.60 with 3 points, worst 0.485;
    0.05-0.20, worst 0.20; 0.55-0.70, worst 0.55)."""
    z = NormalDist().inv_cdf

    def n_by_grid(low, high, d):
        grid = np.linspace(low, high, 2001)
        h = 2 * np.arcsin(np.sqrt(grid + d / 100)) - 2 * np.arcsin(np.sqrt(grid))
        return float(np.max(2 * (z(0.975) + z(0.8)) ** 2 / h**2))

    for low, high, worst in [(0.10, 0.60, 0.485), (0.05, 0.20, 0.20), (0.55, 0.70, 0.55)]:
        rate = planning.least_favourable_rate(low, high, 3.0)
        assert rate == pytest.approx(worst)
        size = planning.sample_size_per_arm(rate, 3.0)["n_treatment"]
        assert size - 1 <= n_by_grid(low, high, 3.0) <= size  # the grid cannot beat it


def test_segment_plan_sizes_estimable_groups_and_lists_the_others():
    """Per group: a baseline with its Wilson interval (formula by hand), sizes equal to
    statsmodels' NormalIndPower on Cohen's h at that baseline with a 20 % control share
    (ratio 0.25), and a detectable lift at which statsmodels' power over all the group's
    customers is 80 %. 29 controls (below 30) or 0 responders are not sized; a baseline of
    0.99 leaves no room for 3 points; 500 customers cannot hold the pilot."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    groups = pd.DataFrame(
        {
            "segment": ["a", "few", "none", "full", "small"],
            "controls": [400, 29, 40, 100, 400],
            "responders": [80, 10, 0, 99, 80],
            "customers": [200_000, 10_000, 10_000, 10_000, 500],
        }
    )
    plan = planning.segment_plan(groups, 3.0, control_share=0.2).set_index("segment")
    assert dict(plan["status"]) == {
        "a": planning.SIZED, "few": planning.FEW_CONTROLS, "none": planning.NO_RESPONDERS,
        "full": planning.OUT_OF_RANGE, "small": planning.EXCEEDS_SEGMENT,
    }  # fmt: skip
    a = plan.loc["a"]
    z, x, n = 1.959964, 80, 400
    centre = (x + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * math.sqrt(x * (n - x) / n + z * z / 4)
    assert (a["baseline_low"], a["baseline_high"]) == pytest.approx(
        (centre - half, centre + half), abs=1e-5
    )
    h = abs(proportion_effectsize(0.23, 0.20))
    n1 = NormalIndPower().solve_power(h, alpha=0.05, power=0.8, ratio=0.25)
    assert a["n_treatment"] == math.ceil(n1) and a["n_control"] == math.ceil(a["n_treatment"] / 4)
    assert a["n_total"] == a["n_treatment"] + a["n_control"]
    assert a["n_total_high"] > a["n_total"]  # the interval reaches towards 50 %
    n_c = round(200_000 * 0.2)
    h_mde = abs(proportion_effectsize(0.20 + a["mde_pts"] / 100, 0.20))
    power = NormalIndPower().power(h_mde, 200_000 - n_c, alpha=0.05, ratio=n_c / (200_000 - n_c))
    assert power == pytest.approx(0.8, abs=1e-4)  # 0.80003: the root finder's tolerance
    unsized = plan.loc[["few", "none", "full"]]
    assert unsized[["n_treatment", "n_total", "mde_pts"]].isna().all().all()
    assert np.isnan(plan.loc["few", "baseline_rate"])  # not even a baseline from 29
    assert plan.loc["none", "baseline_rate"] == 0 and plan.loc["none", "baseline_high"] > 0


# ----------------------------------------------------------- hand-made dataset

SEND = dt.date(2025, 1, 10)
END = dt.date(2025, 12, 31)


def day(d: int) -> str:
    return (SEND + dt.timedelta(days=d)).isoformat()


def hand_made(with_responses: bool = True) -> Dataset:
    """Campaign T1 (email, 2025-01-10): control K1-K10, arm A (A1-A10), arm B (B1-B10), M1
    in control and A (left out); N1 sent without control. Odd customers are 60+; K1-K5,
    A1-A5, B1-B5 live in rainy P1, the others in dry P2, except B10 in P3 (no weather)."""
    responders = {"K1": 1000, "K2": 3000, **dict.fromkeys(["A1", "A2", "A3", "A4", "A5"], 2000)}
    responders |= dict.fromkeys(["B1", "B2", "B3"], 1000)
    orders = [(c, day(2 if c[0] != "B" else 13), v) for c, v in responders.items()]
    orders += [
        ("B4", day(14), 500),  # after the response window: a repeat purchase
        ("K1", day(30), 800),
        ("K1", day(120), 800),  # K1 repeats and is still buying
        ("A1", day(50), 700),  # A1 repeats only
        ("A2", day(150), 700),  # A2 buys late only
        ("K3", day(-30), 5000),  # pre-period spend (180 days)
        ("K3", day(-20), -1000),  # a return: net 4,000
        ("A6", day(-200), 9000),  # before the pre-period
        ("A7", day(-1), 2500),
        ("B9", day(-5), 0),
    ]
    tx = pd.DataFrame(orders, columns=["customer_id", "order_date", "amount"])
    tx.insert(0, "order_id", [f"O{i}" for i in range(len(tx))])
    people = [f"{g}{i}" for g in "KAB" for i in range(1, 11)] + ["M1"]
    contacts = [(c, "T1", {"K": "control", "A": "A", "B": "B"}[c[0]]) for c in people[:-1]]
    contacts += [("M1", "T1", "control"), ("M1", "T1", "A"), ("A1", "N1", None)]
    ct = pd.DataFrame(contacts, columns=["customer_id", "campaign_id", "group"])
    ct["channel"] = "email"
    ct["sent_at"] = pd.Timestamp(SEND) + pd.Timedelta(hours=10)
    ct["responded"] = ct["customer_id"].isin(list(responders)) & (ct["campaign_id"] == "T1")
    ct["revenue"] = np.where(ct["responded"], ct["customer_id"].map(responders), np.nan)
    ct.insert(0, "contact_id", [f"CT{i}" for i in range(len(ct))])
    if not with_responses:
        ct = ct.drop(columns=["responded", "revenue"])
    num = {c: int(c[1:]) for c in people}
    cu = pd.DataFrame({"customer_id": people})
    cu["age_band"] = ["60代" if num[c] % 2 else "30代" for c in people]
    cu["prefecture"] = ["P1" if num[c] <= 5 else "P2" for c in people]
    cu.loc[cu["customer_id"] == "B10", "prefecture"] = "P3"
    cx = pd.DataFrame({"region": ["P1", "P2"], "date": [SEND, SEND], "precipitation_mm": [5.0, 0]})
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE transactions AS SELECT order_id, customer_id, "
        "CAST(order_date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount FROM tx"
    )
    con.execute(
        'CREATE TABLE contacts AS SELECT * REPLACE (CAST("group" AS VARCHAR) AS "group") FROM ct'
    )
    con.execute("CREATE TABLE customers AS SELECT * FROM cu")
    con.execute(
        "CREATE TABLE context AS "
        "SELECT region, CAST(date AS DATE) AS date, precipitation_mm FROM cx"
    )
    frames = {"transactions": tx, "contacts": ct, "customers": cu, "context": cx}
    loads = {
        k: TableLoad(k, "hand-made", len(f), len(f), 0, tuple(f.columns)) for k, f in frames.items()
    }
    return Dataset(con, loads, END, END)


@pytest.mark.parametrize("with_responses", [True, False])
def test_effects_on_the_hand_made_campaign(with_responses):
    ds = hand_made(with_responses)
    out = effects.campaign_effects(
        ds,
        meaningful_lift_pts=2.0,
        planned_control_share={"T1": 1 / 3},
        cost_per_contact={"email": 50.0},
        bootstrap_resamples=500,
    )
    assert list(out["campaign_id"]) == ["N1", "T1", "T1"]
    assert out.iloc[0]["status"] == "no_control_group" and pd.isna(out.iloc[0]["verdict"])
    a, b = out.iloc[1], out.iloc[2]
    assert (a["arm"], b["arm"]) == ("A", "B")
    assert a["n_mixed_customers"] == 1  # M1
    assert (a["n_treatment"], a["n_control"], b["n_treatment"]) == (10, 10, 10)
    assert (a["rate_treatment"], a["rate_control"], b["rate_treatment"]) == (0.5, 0.2, 0.3)
    assert a["lift_pts"] == pytest.approx(30.0) and b["lift_pts"] == pytest.approx(10.0)
    assert a["rel_lift"] == pytest.approx(1.5) and b["rel_lift"] == pytest.approx(0.5)
    assert a["revenue_per_customer_treatment"] == 1000 and a["revenue_per_customer_control"] == 400
    assert a["revenue_diff"] == pytest.approx(600) and b["revenue_diff"] == pytest.approx(-100)
    assert a["incremental_responders"] == pytest.approx(3.0)
    assert a["incremental_revenue"] == pytest.approx(6000)
    assert a["cost"] == 500 and a["roi"] == pytest.approx((6000 - 500) / 500)
    assert b["roi"] == pytest.approx((-1000 - 500) / 500)
    assert a["observed_control_share"] == pytest.approx(1 / 3) and a["srm_status"] == "ok"
    # CUPED by hand: pre-period net spend K3 4,000, A7 2,500, B9 0 (A6 is too early)
    x = np.zeros(20)
    x[2], x[16] = 4000, 2500  # K3; A7 (control first, then A)
    y = np.r_[[1000, 3000] + [0] * 8, [2000] * 5 + [0] * 5]
    theta = np.cov(x, y)[0, 1] / x.var(ddof=1)
    assert a["cuped_theta"] == pytest.approx(theta)
    adjusted = y - theta * (x - x.mean())
    assert a["cuped_revenue_diff"] == pytest.approx(adjusted[10:].mean() - adjusted[:10].mean())
    assert a["cuped_variance_removed"] == pytest.approx(1 - adjusted.var() / y.var())


def test_without_revenue_the_revenue_figures_stay_empty():
    ds = hand_made()
    ds.con.execute("ALTER TABLE contacts DROP COLUMN revenue")
    load = ds.loads["contacts"]
    columns = tuple(c for c in load.columns if c != "revenue")
    ds.loads["contacts"] = dataclasses.replace(load, columns=columns)
    out = effects.campaign_effects(ds, meaningful_lift_pts=2.0, cost_per_contact={"email": 50})
    a = out[out["arm"] == "A"].iloc[0]
    assert a["lift_pts"] == pytest.approx(30.0)
    assert np.isnan([a["revenue_diff"], a["cuped_revenue_diff"], a["roi"]]).all()
    assert a["verdict"] != "roll_out"
    del ds.loads["contacts"]
    with pytest.raises(KeyError, match="contacts"):
        effects.campaign_effects(ds, meaningful_lift_pts=2.0)


def test_arms_adjust_within_the_campaign():
    out = arms.arm_tests(hand_made()).set_index("arm")
    p = [effects.lift_p_value(5, 10, 2, 10), effects.lift_p_value(3, 10, 2, 10)]
    assert list(out["p_value"]) == pytest.approx(p)
    assert list(out["p_holm"]) == pytest.approx(multipletests(p, method="holm")[1])
    assert list(out["p_bh"]) == pytest.approx(multipletests(p, method="fdr_bh")[1])
    assert set(out["n_arms"]) == {2} and set(out["verdict"]) == {"not_different"}


def test_long_term_outcomes_on_the_hand_made_campaign():
    out = longterm.long_term_effects(hand_made()).set_index(["arm", "outcome"])
    rates = out[["rate_treatment", "rate_control"]]
    # control: K1 repeats (day 30) and still buys (day 120); A1 repeats, A2 buys late only;
    # B4 bought on day 14, the first day after the response window
    assert tuple(rates.loc[("A", "repeat")]) == (0.1, 0.1)
    assert tuple(rates.loc[("A", "active_late")]) == (0.1, 0.1)
    assert tuple(rates.loc[("A", "retained")]) == (0.0, 0.1)
    assert tuple(rates.loc[("B", "repeat")]) == (0.1, 0.1)
    assert tuple(rates.loc[("B", "retained")]) == (0.0, 0.1)
    assert set(out["status"]) == {"measured"}
    later = longterm.long_term_effects(hand_made(), retention_days=400)
    assert set(later.loc[later["outcome"] == "repeat", "status"]) == {"measured"}
    assert set(later.loc[later["outcome"] != "repeat", "status"]) == {"not_yet_measurable"}


def test_segments_and_context_on_the_hand_made_campaign():
    seg = segments.lift_by_segment(hand_made()).set_index(["arm", "segment"])
    # control: 60+ K1 K3 K5 K7 K9 (K1 responds), under 60 (K2 responds); A: A1 A3 A5 of the
    # 60+, A2 A4 of the under 60
    assert seg.loc[("A", "60+"), "lift_pts"] == pytest.approx(40.0)
    assert seg.loc[("A", "under_60"), "lift_pts"] == pytest.approx(20.0)
    assert seg.loc[("A", "60+"), "diff_vs_rest_pts"] == pytest.approx(20.0)
    assert seg.loc[("A", "60+"), "n_control"] == 5
    ctx = context.trigger_effects(hand_made()).set_index("arm")
    # rainy P1: control 2/5 (K1, K2), A 5/5; dry P2: control 0/5, A 0/5
    assert ctx.loc["A", "uplift_pts_on"] == pytest.approx(60.0)
    assert ctx.loc["A", "uplift_pts_off"] == pytest.approx(0.0)
    assert ctx.loc["A", "interaction_pts"] == pytest.approx(60.0)
    assert (ctx.loc["B", "n_unknown"], ctx.loc["B", "n_treatment_off"]) == (1, 4)  # B10 in P3


# ----------------------------------------------------------- the demo company


def test_demo_counts_and_lifts_agree_with_the_generator(big_effects, truth):
    """The per-customer units reproduce the generator's own counts and realised rates."""
    for cid in CAMPAIGNS:
        t, row = campaign_truth(truth, cid)["overall"], big_effects.loc[cid]
        assert (row["n_treatment"], row["n_control"]) == (t["n_treatment"], t["n_control"])
        assert row["lift_pts"] == pytest.approx(t["realised_diff_pts"])
    newsletters = big_effects[big_effects.index.str.startswith("NL")]
    assert len(newsletters) == 3 and set(newsletters["status"]) == {"no_control_group"}
    assert newsletters["lift_pts"].isna().all()


def test_demo_intervals_cover_the_planted_uplifts(big_effects, truth):
    for cid in CAMPAIGNS:
        true = campaign_truth(truth, cid)["overall"]["true_uplift_pts"]
        row = big_effects.loc[cid]
        assert row["lift_ci_low_pts"] <= true <= row["lift_ci_high_pts"], cid


def test_demo_zero_effect_campaign_is_not_declared_effective(big_effects, small):
    assert (
        big_effects.loc["CP02", "lift_ci_low_pts"] < 0 < big_effects.loc["CP02", "lift_ci_high_pts"]
    )
    assert big_effects.loc["CP02", "verdict"] in ("no_effect", "too_small_to_tell")
    small_row = effects.campaign_effects(small, meaningful_lift_pts=2.0).set_index("campaign_id")
    assert small_row.loc["CP02", "verdict"] in ("no_effect", "too_small_to_tell")


def test_demo_srm_passes_for_the_planned_splits(big_effects):
    analysed = big_effects.loc[list(CAMPAIGNS)]
    assert (analysed["srm_p_value"] > 0.01).all() and set(analysed["srm_status"]) == {"ok"}


def test_demo_srm_flags_dropped_control_rows_and_checks_only_planned_campaigns():
    ds = demo(SMALL)
    ds.con.execute(
        """DELETE FROM contacts WHERE campaign_id = 'CP01' AND "group" = 'control'
           AND hash(customer_id) % 10 < 6"""
    )
    out = effects.campaign_effects(
        ds, meaningful_lift_pts=2.0, planned_control_share={"CP01": 0.15, "CP02": 0.20}
    ).set_index("campaign_id")
    assert out.loc["CP01", "srm_p_value"] < 1e-4 and out.loc["CP01", "srm_status"] == "mismatch"
    assert out.loc["CP02", "srm_status"] == "ok"
    assert set(out.loc[["CP03", "CP04", "CP05"], "srm_status"]) == {"not_checked"}
    assert out.loc[["CP03", "CP04", "CP05"], "srm_p_value"].isna().all()


def test_demo_revenue_and_cuped(big_effects, big):
    frame = (
        big.con.execute(
            """SELECT campaign_id, "group", count(*) AS n, avg(revenue) AS mean,
                  var_samp(revenue) AS var
           FROM contacts WHERE campaign_id LIKE 'CP%' GROUP BY ALL"""
        )
        .df()
        .pivot(index="campaign_id", columns="group")
    )
    z = NormalDist().inv_cdf(0.975)
    for cid in CAMPAIGNS:
        row, arm = big_effects.loc[cid], frame.loc[cid]
        assert row["revenue_per_customer_treatment"] == pytest.approx(arm["mean", "treatment"])
        assert row["revenue_per_customer_control"] == pytest.approx(arm["mean", "control"])
        assert row["revenue_diff_ci_low"] < row["revenue_diff"] < row["revenue_diff_ci_high"]
        assert 0 < row["cuped_variance_removed"] < 0.5 and row["cuped_theta"] > 0
        # the CUPED interval is narrower than the normal interval of the raw difference
        se = math.sqrt(sum(arm["var", g] / arm["n", g] for g in ("treatment", "control")))
        assert row["cuped_ci_high"] - row["cuped_ci_low"] < 2 * z * se


def test_demo_pre_period_spend_matches_pandas(small):
    units = effects.campaign_units(small, pre_period_days=180)
    cp01 = units[units["campaign_id"] == "CP01"].set_index("customer_id")
    tx = small.table("transactions")
    send = pd.Timestamp(cp01["send_date"].iloc[0])
    window = tx[(tx["order_date"] >= send - pd.Timedelta(days=180)) & (tx["order_date"] < send)]
    spend = window.groupby("customer_id")["amount"].sum().reindex(cp01.index, fill_value=0)
    assert cp01["pre_spend"].to_numpy() == pytest.approx(spend.to_numpy())


def test_demo_long_term_matches_pandas_and_waits_for_its_window(small):
    out = longterm.long_term_effects(small).set_index(["campaign_id", "outcome"])
    cp04 = out.loc["CP04"]
    assert cp04.loc["repeat", "status"] == "measured"  # 2025-07-18 + 90 <= 2025-12-31
    assert (cp04.loc["active_late", "status"], cp04.loc["retained", "status"]) == (
        "not_yet_measurable",
        "not_yet_measurable",
    )
    # independent: CP01 control in pandas
    ct = small.table("contacts")
    ct = ct[(ct["campaign_id"] == "CP01") & (ct["group"] == "control")]
    tx = small.table("transactions")
    tx = tx[tx["amount"] >= 0].merge(ct[["customer_id", "sent_at"]], on="customer_id")
    d = (tx["order_date"] - tx["sent_at"].dt.normalize()).dt.days
    repeat = set(tx.loc[(d >= 14) & (d <= 90), "customer_id"])
    late = set(tx.loc[(d > 90) & (d <= 180), "customer_id"])
    n = len(ct)
    assert out.loc[("CP01", "repeat"), "rate_control"] == pytest.approx(len(repeat) / n)
    assert out.loc[("CP01", "active_late"), "rate_control"] == pytest.approx(len(late) / n)
    assert out.loc[("CP01", "retained"), "rate_control"] == pytest.approx(len(repeat & late) / n)


def test_demo_cp03_harms_the_60_plus(big, truth):
    seg = segments.lift_by_segment(big).set_index(["campaign_id", "segment"])
    for cid in CAMPAIGNS:
        t = campaign_truth(truth, cid)["segments"]
        for label, key in (("60+", "age_60_plus"), ("under_60", "age_under_60")):
            row = seg.loc[(cid, label)]
            assert (row["n_treatment"], row["n_control"]) == (
                t[key]["n_treatment"],
                t[key]["n_control"],
            )
            assert row["lift_pts"] == pytest.approx(t[key]["realised_diff_pts"])
    old = seg.loc[("CP03", "60+")]
    assert (
        old["harmed"]
        and old["lift_ci_low_pts"] <= truth_pts(truth, "CP03") <= old["lift_ci_high_pts"]
    )
    assert not seg.loc[("CP03", "under_60"), "harmed"]
    assert old["diff_vs_rest_ci_high_pts"] < 0 and old["interaction_p_value"] < 0.001
    only = segments.lift_by_segment(big, campaigns=["CP03"]).set_index("segment")
    assert set(only["campaign_id"]) == {"CP03"}
    for label, key in (("60+", "age_60_plus"), ("under_60", "age_under_60")):
        t = campaign_truth(truth, "CP03")["segments"][key]
        assert only.loc[label, "lift_pts"] == pytest.approx(t["realised_diff_pts"])
    assert seg.loc[[(c, "60+") for c in CAMPAIGNS if c != "CP03"], "harmed"].sum() == 0


def truth_pts(truth: dict, cid: str) -> float:
    return campaign_truth(truth, cid)["segments"]["age_60_plus"]["true_uplift_pts"]


def test_segment_interaction_test_matches_a_per_customer_logistic_regression(small):
    units = effects.campaign_units(small)
    cp03 = units[units["campaign_id"] == "CP03"].copy()
    labels = pd.Series(
        np.where(cp03["customer_id"].str[-1].isin(list("01234")), "low", "high"),
        index=cp03["customer_id"],
        name="digit",
    )
    out = segments.lift_by_segment(small, labels)
    got = out.loc[out["campaign_id"] == "CP03", "interaction_p_value"].iloc[0]
    cp03["segment"] = labels.reindex(cp03["customer_id"]).to_numpy()
    cp03["y"] = cp03["responded"].astype(int)
    cp03["t"] = (cp03["arm"] != "control").astype(int)
    full = smf.logit("y ~ t * C(segment)", cp03).fit(disp=0)
    base = smf.logit("y ~ t + C(segment)", cp03).fit(disp=0)
    assert got == pytest.approx(stats.chi2.sf(2 * (full.llf - base.llf), 1), rel=1e-4)
    assert set(out["segment_by"]) == {"digit"}


def test_demo_rainy_day_interaction_covers_the_planted_difference(big, truth):
    rain = truth["rainy_day"]
    out = context.trigger_effects(big, campaign_ids=["CP04"]).set_index("campaign_id")
    row = out.loc["CP04"]
    assert row["n_unknown"] == 0
    rainy = campaign_truth(truth, "CP04")["segments"]["rainy_day"]
    assert (row["n_treatment_on"], row["n_control_on"]) == (
        rainy["n_treatment"],
        rainy["n_control"],
    )
    assert (
        row["uplift_ci_low_pts_on"] <= rain["true_uplift_pts_rainy"] <= row["uplift_ci_high_pts_on"]
    )
    assert (
        row["uplift_ci_low_pts_off"] <= rain["true_uplift_pts_dry"] <= row["uplift_ci_high_pts_off"]
    )
    planted = rain["true_uplift_pts_rainy"] - rain["true_uplift_pts_dry"]
    assert row["interaction_ci_low_pts"] <= planted <= row["interaction_ci_high_pts"]
    assert row["interaction_ci_low_pts"] > 0  # and the interaction is detected


def test_demo_extra_arms_are_analysed_one_by_one(small):
    ds = demo(SMALL)
    ds.con.execute(
        """UPDATE contacts SET "group" = CASE WHEN hash(customer_id) % 2 = 0 THEN 'A' ELSE 'B' END
           WHERE campaign_id = 'CP04' AND "group" = 'treatment'"""
    )
    out = effects.campaign_effects(ds, meaningful_lift_pts=2.0, bootstrap_resamples=200)
    cp04 = out[out["campaign_id"] == "CP04"].set_index("arm")
    whole = effects.campaign_effects(small, meaningful_lift_pts=2.0, bootstrap_resamples=200)
    whole = whole.set_index("campaign_id").loc["CP04"]
    assert list(cp04.index) == ["A", "B"]
    assert cp04["n_treatment"].sum() == whole["n_treatment"]
    assert set(cp04["n_control"]) == {whole["n_control"]}
    tests = arms.arm_tests(ds)
    cp04_tests = tests[tests["campaign_id"] == "CP04"]
    assert list(cp04_tests["p_holm"]) == pytest.approx(
        multipletests(cp04_tests["p_value"], method="holm")[1]
    )


def test_a_lift_without_an_interval_shows_a_dash_not_nan():
    from crm_lib.experiments.report import _interval

    assert _interval(float("nan"), float("nan")) == "—"
    assert _interval(-1.0, 2.0).values == {"low": -1.0, "high": 2.0}
