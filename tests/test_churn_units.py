"""Churn building blocks on hand-worked frames and independent computations (scikit-learn,
numpy, scipy): the at-risk list and its value at risk, the reasons, partial dependence,
calibration and gain tables, Brier skill, the bootstrap intervals (coverage by simulation)
and the model choice. No data set is loaded; every test runs in well under a second except
the coverage simulation (about two seconds)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.metrics import log_loss as sk_log_loss

from crm_lib import churn as ch
from crm_lib.churn.selection import CROSS_VALIDATION, EARLY_CUTOFF


class LinearScorer:
    """A stand-in model: P(churn) = clip(intercept + sum of weight x feature), and a bonus
    per category of ``region``; exposes ``features_`` and ``p_churn`` like a churn model."""

    def __init__(self, weights: dict[str, float], intercept: float = 0.0, regions=None):
        self.weights, self.intercept, self.regions = weights, intercept, regions or {}
        self.features_ = [*weights, *(["region"] if regions else [])]

    def p_churn(self, features: pd.DataFrame) -> np.ndarray:
        p = np.full(len(features), self.intercept)
        for name, w in self.weights.items():
            p = p + w * features[name].to_numpy(dtype=float)
        if self.regions:
            p = p + features["region"].map(self.regions).fillna(0).to_numpy(dtype=float)
        return np.clip(p, 0, 1)


# ------------------------------------------------------------------ at-risk list, value at risk


def test_value_at_risk_by_hand():
    """Value at risk = P(churn) x CLV / P(alive), worked by hand for four customers:
    A: 0.5 x 100 / 0.5 = 100; B: 0.2 x 300 / 1.0 = 60; C: P(alive) 0 -> no value, 0;
    D: no CLV (not in the LTV table) -> 0. Sorted by value at risk, ties by P(churn). The
    old P(churn) x CLV would give A 50, B 60 (B first): the order changes."""
    ids = ["A", "B", "C", "D"]
    p_churn = pd.Series([0.5, 0.2, 0.9, 0.4], index=ids)
    clv = pd.Series([100.0, 300.0, 10.0], index=["A", "B", "C"])
    p_alive = pd.Series([0.5, 1.0, 0.0], index=["A", "B", "C"])
    reasons = pd.DataFrame(
        {"reason_1": ["recency_days", "", "skips_unknown", "complaints_recent"],
         "reason_2": ["", "", "", ""]}, index=ids,
    )  # fmt: skip
    upcoming = pd.DataFrame(
        {"mean_gap_days": [30.0, np.nan, 10.0, 5.0],
         "expected_next_order": pd.to_datetime(["2025-01-01", None, "2025-02-01", None])},
        index=ids,
    )  # fmt: skip
    table = ch.at_risk_list(p_churn, clv, p_alive, reasons, upcoming).set_index("customer_id")
    assert list(table.index) == ["A", "B", "C", "D"]  # C and D tie at 0: higher P(churn) first
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["value_if_retained"].tolist() == pytest.approx([200.0, 300.0, 0.0, 0.0])
    assert table["value_at_risk"].tolist() == pytest.approx([100.0, 60.0, 0.0, 0.0])
    assert table.loc["D", "clv"] == 0.0 and np.isnan(table.loc["D", "p_alive"])
    # actions: recency -> win-back; complaint -> apology; no reason / unknown -> default
    assert table.loc["A", "action"] == "win_back_offer"
    assert table.loc["D", "action"] == "apology_call"
    assert table.loc["B", "action"] == table.loc["C", "action"] == ch.DEFAULT_ACTION


def test_value_if_retained_is_the_bgnbd_value_given_alive():
    """The premise of the value at risk: for BG/NBD, expected purchases = P(alive) x
    expected purchases given alive, so CLV / P(alive) is the value given alive. Checked with
    the closed form of E[X(t) | alive, x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10 without
    its P(alive) denominator: (a + b + x - 1) / (a - 1) x [1 - ((α + T) / (α + T + t))^(r + x)
    2F1(r + x, b + x; a + b + x - 1; t / (α + T + t))]) computed with scipy, for a model
    fitted on a seeded BG/NBD sample near CDNOW's parameters (weeks, 52 weeks ahead)."""
    from scipy.special import hyp2f1

    from crm_lib.ltv import BetaGeoModel
    from crm_lib.ltv.summary import UNIT_DAYS

    assert UNIT_DAYS["W"] == 7.0
    summary = pd.DataFrame({"frequency": [0, 2, 7], "recency": [0.0, 30.4, 29.4],
                            "T": [38.9, 38.9, 38.9]})  # fmt: skip
    model = BetaGeoModel().fit(_cdnow_like_summary())
    r, alpha, a, b = (model.params_[k] for k in ("r", "alpha", "a", "b"))
    t = 52.0
    x, T = summary["frequency"].to_numpy(), summary["T"].to_numpy()
    z = t / (alpha + T + t)
    given_alive = (
        (a + b + x - 1)
        / (a - 1)
        * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    )
    ratio = model.expected_purchases(summary, t) / model.p_alive(summary)
    assert ratio == pytest.approx(given_alive, rel=1e-6)


def _cdnow_like_summary() -> pd.DataFrame:
    """A seeded BG/NBD sample near CDNOW's parameters (weeks), enough to fit on."""
    rng = np.random.default_rng(0)
    n, T = 2000, 38.9
    lam = rng.gamma(0.25, 1 / 4.4, n)
    p = rng.beta(0.8, 2.4, n)
    freq, rec = np.zeros(n), np.zeros(n)
    for i in range(n):
        t, k = rng.exponential(1 / lam[i]), 0
        while t < T:
            k, last = k + 1, t
            if rng.random() < p[i]:
                break
            t += rng.exponential(1 / lam[i])
        freq[i], rec[i] = k, (last if k else 0.0)
    return pd.DataFrame({"frequency": freq, "recency": rec, "T": T})


# ------------------------------------------------------------------ reasons, partial dependence


def test_main_reasons_by_hand():
    """P(churn) = 0.01 x recency_days + 0.1 x complaints_recent + 0.05 for region 九州.
    Typical values: median recency 20, median complaints 0, most common region 関東. C1
    (recency 50, 2 complaints, 関東) gains 0.30 from recency and 0.20 from complaints; C2
    (recency 20, 0, 九州) only 0.05 from the region; C3 (recency 10, 0, 関東): nothing raises
    it (its recency lowers it), so no reason; C4's gain of 0.004 (under 0.005) is no reason."""
    features = pd.DataFrame(
        {"recency_days": [50.0, 20.0, 10.0, 20.4, 20.0],
         "complaints_recent": [2.0, 0.0, 0.0, 0.0, 0.0],
         "region": ["関東", "九州", "関東", "関東", "関東"]},
        index=["C1", "C2", "C3", "C4", "C5"],
    )  # fmt: skip
    model = LinearScorer({"recency_days": 0.01, "complaints_recent": 0.1}, regions={"九州": 0.05})
    out = ch.main_reasons(model, features, ["recency_days", "complaints_recent", "region"])
    assert out.loc["C1", ["reason_1", "reason_2"]].tolist() == ["recency_days", "complaints_recent"]
    assert out.loc["C1", ["lift_1", "lift_2"]].tolist() == pytest.approx([0.30, 0.20])
    assert out.loc["C2", "reason_1"] == "region" and out.loc["C2", "lift_1"] == pytest.approx(0.05)
    assert out.loc["C2", "reason_2"] == ""
    assert out.loc["C3", ["reason_1", "reason_2"]].tolist() == ["", ""]
    assert out.loc["C3", "lift_1"] == 0.0
    assert out.loc["C4", "reason_1"] == "" and out.loc["C4", "lift_1"] == pytest.approx(0.004)


@pytest.mark.parametrize("kind", ["gbm", "logit"])
def test_main_reasons_of_a_trained_model_follow_their_definition(kind):
    """A trained model (missing values, a category, ties at the typical value): every
    customer's reasons and lifts equal those of the definition computed directly, P(churn)
    minus P(churn) of the whole frame with one feature set to its typical value."""
    rng = np.random.default_rng(4)
    n = 3000
    features = pd.DataFrame(
        {"recency_days": rng.choice([10.0, 30.0, 30.0, 90.0, np.nan], n),
         "complaints_recent": rng.poisson(0.4, n).astype(float),
         "spend_365d": rng.gamma(2.0, 5000.0, n),
         "region": rng.choice(["関東", "関東", "九州", "東北"], n)},
    )  # fmt: skip
    churned = rng.random(n) < 1 / (1 + np.exp(2 - features["recency_days"].fillna(60) / 30
                                             - features["complaints_recent"]))  # fmt: skip
    model = ch.ChurnModel(kind, random_state=0).fit(features, churned)
    candidates = ["recency_days", "complaints_recent", "spend_365d", "region"]
    out = ch.main_reasons(model, features, candidates, top=2)
    base = model.p_churn(features)
    gains = pd.DataFrame({
        "recency_days": base - model.p_churn(features.assign(recency_days=30.0)),
        "complaints_recent": base - model.p_churn(features.assign(complaints_recent=0.0)),
        "spend_365d": base - model.p_churn(
            features.assign(spend_365d=features["spend_365d"].median())),
        "region": base - model.p_churn(features.assign(region="関東")),
    })  # fmt: skip
    best = np.sort(gains.to_numpy(), axis=1)[:, ::-1][:, :2]
    assert out[["lift_1", "lift_2"]].to_numpy() == pytest.approx(np.clip(best, 0, None), abs=1e-12)
    named = gains.to_numpy().max(axis=1) > 0.005
    assert named.sum() > 100
    first = np.asarray(gains.columns)[gains.to_numpy().argmax(axis=1)]
    assert (out["reason_1"].to_numpy()[named] == first[named]).all()
    assert (out["reason_1"].to_numpy()[~named] == "").all()


def test_partial_dependence_by_hand():
    """With P(churn) = 0.01 x spend_365d + 0.2 x recent complaints, the partial dependence
    at spend v is 0.01 v + 0.2 x mean complaints, at the quantiles 2 %, ..., 98 % of the
    observed spend (numpy's quantile, duplicates dropped); for a category, every value by
    frequency with its own bonus."""
    rng = np.random.default_rng(1)
    regions = rng.choice(["関東", "近畿", "九州"], 200, p=[0.5, 0.3, 0.2])
    features = pd.DataFrame(
        {
            "spend_365d": rng.uniform(0, 50, 200),
            "complaints_recent": rng.integers(0, 3, 200).astype(float),
            "region": regions,
        }
    )
    model = LinearScorer({"spend_365d": 0.01, "complaints_recent": 0.2})
    curve = ch.partial_dependence(model, features, "spend_365d", points=5)
    grid = np.unique(np.quantile(features["spend_365d"], np.linspace(0.02, 0.98, 5)))
    assert curve["value"].to_numpy() == pytest.approx(grid)
    expected = 0.01 * grid + 0.2 * features["complaints_recent"].mean()
    assert curve["p_churn"].to_numpy() == pytest.approx(expected)
    by_region = LinearScorer({}, 0.1, regions={"近畿": 0.1, "九州": 0.3})
    curve = ch.partial_dependence(by_region, features, "region")
    assert curve["value"].tolist() == ["関東", "近畿", "九州"]  # most common first
    assert curve["p_churn"].tolist() == pytest.approx([0.1, 0.2, 0.4])


# ------------------------------------------------------------------ calibration, gains, skill


def test_calibration_table_against_pandas_quantile_bins():
    """Mean predicted and observed churn per decile of the score, recomputed with
    pandas.qcut (right-closed bins, the same edges as numpy's quantiles)."""
    rng = np.random.default_rng(2)
    p = rng.uniform(0, 1, 500)
    y = rng.random(500) < p
    table = ch.calibration_table(y, {"m": p}, bins=10)
    bins = pd.qcut(p, 10)
    frame = pd.DataFrame({"p": p, "y": y.astype(float), "bin": bins})
    expected = frame.groupby("bin", observed=True).agg(
        predicted=("p", "mean"), observed=("y", "mean")
    )
    assert table["predicted"].to_numpy() == pytest.approx(expected["predicted"].to_numpy())
    assert table["observed"].to_numpy() == pytest.approx(expected["observed"].to_numpy())


def test_gain_table_by_hand():
    """Five customers, churners C1 and C3 of scores 0.9, 0.8, 0.7, 0.2, 0.1 (C1, C2, C3 ...):
    contacting the top 20 % finds 1 of 2 churners, 40 % still 1, 60 % both."""
    y = [1, 0, 1, 0, 0]
    scores = {"m": np.array([0.9, 0.8, 0.7, 0.2, 0.1])}
    table = ch.gain_table(y, scores, points=5)
    assert table["contacted"].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert table["found"].tolist() == pytest.approx([0, 0.5, 0.5, 1.0, 1.0, 1.0])


def test_brier_skill_and_log_loss_by_hand():
    """y = 1, 0, 0, 1; p = 0.8, 0.3, 0.1, 0.6: Brier (0.04 + 0.09 + 0.01 + 0.16) / 4 =
    0.075; predicting the training rate 0.25 for all: (2 x 0.75² + 2 x 0.25²) / 4 = 0.3125;
    skill 1 - 0.075 / 0.3125 = 0.76. A constant equal to the reference has skill 0. The
    log-loss is scikit-learn's."""
    y, p = np.array([1, 0, 0, 1]), np.array([0.8, 0.3, 0.1, 0.6])
    assert ch.brier_skill(y, p, 0.25) == pytest.approx(0.76)
    assert ch.brier_skill(y, np.full(4, 0.25), 0.25) == pytest.approx(0.0)
    assert ch.log_loss(y, p) == pytest.approx(sk_log_loss(y, p))
    table = ch.evaluate(y, {"m": p}, reference_rate=0.25).set_index("model")
    assert table.loc["m", "brier"] == pytest.approx(brier_score_loss(y, p))
    assert table.loc["m", "brier_skill"] == pytest.approx(0.76)


def test_weighted_ranking_matches_scikit_learn_with_weights():
    """The one-sort AUC and average precision equal scikit-learn's, with tied scores, for
    unit weights and for integer (Poisson bootstrap) weights as sample weights."""
    rng = np.random.default_rng(3)
    y = (rng.random(300) < 0.4).astype(float)
    s = np.round(rng.random(300) * 0.6 + 0.4 * y, 1)  # many ties
    order = np.argsort(-s, kind="stable")
    starts = np.flatnonzero(np.r_[True, s[order][1:] != s[order][:-1]])
    w = rng.poisson(1.0, size=(3, 300)).astype(float)
    weights = np.vstack([np.ones(300), w])
    auc, ap = ch.weighted_ranking(y[order], starts, weights[:, order])
    for k in range(len(weights)):
        assert auc[k] == pytest.approx(roc_auc_score(y, s, sample_weight=weights[k]))
        assert ap[k] == pytest.approx(average_precision_score(y, s, sample_weight=weights[k]))


def test_auc_interval_covers_the_true_auc_at_the_nominal_rate():
    """Coverage by simulation: scores of churners ~ N(1, 1), of the others ~ N(0, 1), so the
    true ROC-AUC is Φ(1 / √2) = 0.760. Over 300 seeded data sets of 300 customers (40 %
    churners), the 95 % Poisson-bootstrap interval (200 resamples) covered it in 93.7 % of
    them (measured); the test asserts 90-98 %."""
    truth = norm.cdf(1 / np.sqrt(2))
    rng = np.random.default_rng(4)
    covered = 0
    for k in range(300):
        y = rng.random(300) < 0.4
        s = rng.normal(y.astype(float), 1.0)
        interval = ch.bootstrap_ranking(y, s, n_boot=200, random_state=k)
        covered += interval["roc_auc_low"] <= truth <= interval["roc_auc_high"]
    assert 0.90 <= covered / 300 <= 0.98


# ------------------------------------------------------------------ model choice


def _validation(losses: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"model": list(losses), "log_loss": list(losses.values())})


def test_choice_takes_the_baseline_unless_a_trained_model_beats_it():
    """The rule on constructed validation tables: lowest log-loss, a trained model only when
    it is strictly below the best baseline; a tie goes to the baseline."""
    worse = ch.choose(_validation({"logit": 0.60, "gbm": 0.58, "no_purchase": 0.55,
                                   "palive": 1.2}), EARLY_CUTOFF)  # fmt: skip
    assert (worse.model, worse.best_trained, worse.trained_wins) == ("no_purchase", "gbm", False)
    better = ch.choose(_validation({"logit": 0.50, "gbm": 0.52, "no_purchase": 0.55,
                                    "palive": 0.54}), CROSS_VALIDATION)  # fmt: skip
    assert (better.model, better.best_baseline, better.trained_wins) == ("logit", "palive", True)
    assert better.method == CROSS_VALIDATION
    tie = ch.choose(_validation({"logit": 0.5, "gbm": 0.6, "no_purchase": 0.5, "palive": 0.9}),
                    EARLY_CUTOFF)  # fmt: skip
    assert tie.model == "no_purchase"


class KnownProbability:
    """An untrained scorer that knows each customer's true churn probability (column
    ``truth`` of the features)."""

    features_ = ["truth"]

    def p_churn(self, features):
        return features["truth"].to_numpy(dtype=float)


def test_trained_models_on_noise_lose_to_a_baseline_that_knows_the_risk():
    """A constructed case: churn is drawn from a known probability that the features do
    not carry (they are noise); the baseline scores that probability. Trained on the early
    cutoff, logit and boosting can only learn the base rate (measured log-loss 0.694 and
    0.783: boosting overfits the noise), the baseline reaches 0.559 (the entropy of the true
    probabilities), so the rule keeps the baseline. With too few early customers,
    cross-validation is used instead."""
    rng = np.random.default_rng(5)

    def cutoff(n):
        truth = rng.uniform(0.05, 0.95, n)
        x = pd.DataFrame(
            {
                "recency_days": rng.exponential(30, n),
                "spend_trend": rng.normal(0, 1, n),
                "purchase_days": rng.integers(1, 9, n).astype(float),
                "truth": truth,
            }
        )
        return x, rng.random(n) < truth

    early, validation = cutoff(800), cutoff(800)
    candidates = {k: ch.ChurnModel(k, random_state=0) for k in ch.KINDS}
    scores, method, reference = ch.validation_scores(
        candidates, early, validation, {"no_purchase": KnownProbability()}, seed=0
    )
    assert method == EARLY_CUTOFF and reference == pytest.approx(early[1].mean())
    table = ch.evaluate(validation[1], scores, reference_rate=reference)
    choice = ch.choose(table, method, baselines=("no_purchase",))
    assert choice.model == "no_purchase" and not choice.trained_wins
    loss = table.set_index("model")["log_loss"]
    assert loss["no_purchase"] < min(loss["logit"], loss["gbm"]) - 0.1
    few = (early[0].head(50), early[1][:50])
    _, method, _ = ch.validation_scores(candidates, few, validation, {}, seed=0)
    assert method == CROSS_VALIDATION


def test_without_enough_churners_the_baseline_is_used():
    """Three churners among 60 customers: not enough for 5 folds; trained models are not
    validated (they score the base rate) and the baseline is used."""
    from crm_lib.churn.selection import NO_VALIDATION

    rng = np.random.default_rng(7)
    x = pd.DataFrame({"recency_days": rng.exponential(30, 60), "truth": rng.uniform(0, 1, 60)})
    y = np.zeros(60, dtype=bool)
    y[:3] = True
    candidates = {k: ch.ChurnModel(k) for k in ch.KINDS}
    baseline = {"no_purchase": KnownProbability()}
    scores, method, reference = ch.validation_scores(candidates, None, (x, y), baseline)
    assert method == NO_VALIDATION and np.all(scores["logit"] == pytest.approx(0.05))
    table = ch.evaluate(y, scores, reference_rate=reference)
    choice = ch.choose(table, method, baselines=("no_purchase",))
    assert choice.model == "no_purchase" and not choice.trained_wins


def test_guard_moves_a_trained_choice_that_loses_on_the_test_to_the_baseline():
    """A trained choice whose test log-loss is clearly worse than the baseline's (here:
    the baseline knows the true probabilities, the model predicts 0.5 for all) gives way to
    the baseline, with the interval of the difference above 0; a trained model as good as
    the baseline (the same scores with a little noise) is kept."""
    from crm_lib.churn.selection import Choice, guard

    rng = np.random.default_rng(6)
    truth = rng.uniform(0.05, 0.95, 1000)
    y = rng.random(1000) < truth
    picked = Choice("logit", "logit", "no_purchase", True, EARLY_CUTOFF)
    lost = guard(picked, y, {"logit": np.full(1000, 0.5), "no_purchase": truth})
    assert lost.model == "no_purchase" and lost.overruled and lost.gap_low > 0
    close = np.clip(truth + rng.normal(0, 0.01, 1000), 0.01, 0.99)
    kept = guard(picked, y, {"logit": close, "no_purchase": truth})
    assert kept.model == "logit" and not kept.overruled
    baseline = Choice("no_purchase", "gbm", "no_purchase", False, EARLY_CUTOFF)
    assert guard(baseline, y, {}) is baseline


def test_loss_difference_is_the_mean_per_customer_difference():
    """The point difference is the mean of the per-customer log-losses' differences; its
    interval contains it."""
    y = np.array([1, 0, 1, 0])
    a, b = np.array([0.9, 0.2, 0.6, 0.5]), np.array([0.5, 0.5, 0.5, 0.5])
    gap = ch.evaluation.loss_difference(y, a, b, n_boot=50)
    expected = np.mean(-np.log([0.9, 0.8, 0.6, 0.5]) + np.log(0.5))
    assert gap["difference"] == pytest.approx(expected)
    assert gap["low"] <= gap["difference"] <= gap["high"]


def test_paired_auc_intervals_cover_the_true_aucs_and_their_difference():
    """Binormal scores (a: separation 1.2, b: 0.6, drawn independently per row): the true
    AUCs are Phi(d / sqrt 2), 0.802 and 0.664. Over 300 simulated samples of 400 rows the
    95 % intervals cover each AUC and the difference 0.138 in 90-99 % of samples (binomial
    noise at 300 samples: +-2.5 points)."""
    rng = np.random.default_rng(11)
    true_a, true_b = norm.cdf(1.2 / np.sqrt(2)), norm.cdf(0.6 / np.sqrt(2))
    hits = np.zeros(3)
    sims = 300
    for _ in range(sims):
        y = rng.random(400) < 0.3
        a = rng.normal(1.2 * y, 1.0)
        b = rng.normal(0.6 * y, 1.0)
        ci = ch.evaluation.paired_auc_bootstrap(
            y, a, b, n_boot=200, random_state=int(rng.integers(1e9))
        )
        truths = (true_a, true_b, true_a - true_b)
        hits += [low <= t <= high for (low, high), t in zip(ci, truths, strict=True)]
    assert ((hits / sims >= 0.90) & (hits / sims <= 0.99)).all(), hits / sims


def test_paired_auc_intervals_match_a_resampling_bootstrap():
    """Against resampling the rows with replacement and scikit-learn's roc_auc_score (1,000
    resamples each): the 2.5 % and 97.5 % points of both AUCs and their difference agree within
    0.01 on 2,000 rows with ties; b is a plus noise, so the difference's interval is narrow
    only if both AUCs are taken on the same resample (paired)."""
    rng = np.random.default_rng(3)
    y = rng.random(2000) < 0.25
    a = np.round(rng.normal(1.0 * y, 1.0), 1)  # rounded: tied scores
    b = np.round(a + rng.normal(0.0, 0.3, len(y)), 1)  # close to a: pairing matters
    ours = ch.evaluation.paired_auc_bootstrap(y, a, b, n_boot=1000, random_state=5)
    draws = []
    for _ in range(1000):
        i = rng.integers(0, len(y), len(y))
        draws.append((roc_auc_score(y[i], a[i]), roc_auc_score(y[i], b[i])))
    draws = np.array(draws)
    theirs = [draws[:, 0], draws[:, 1], draws[:, 0] - draws[:, 1]]
    for (low, high), x in zip(ours, theirs, strict=True):
        assert low == pytest.approx(np.quantile(x, 0.025), abs=0.01)
        assert high == pytest.approx(np.quantile(x, 0.975), abs=0.01)


# ------------------------------------------------------------------ definitions, cutoffs


def test_cutoffs_are_one_window_apart():
    """Early, train and test cutoffs: 60-day window, end 2025-12-31: test 2025-11-01, train
    2025-09-02, early 2025-07-04; each cutoff's labels end where the next begins."""
    assert ch.default_cutoffs(dt.date(2025, 12, 31), 60) == (
        dt.date(2025, 7, 4), dt.date(2025, 9, 2), dt.date(2025, 11, 1),
    )  # fmt: skip


def test_histories_from_features_by_hand():
    """frequency = purchase days - 1, T = tenure, recency = tenure - days since the last
    purchase (0 for one purchase day), in weeks for ``W``: a customer first seen 70 days
    ago, last 14 days ago, on 3 days: frequency 2, recency 8 weeks, T 10 weeks."""
    features = pd.DataFrame({"recency_days": [14.0, 30.0], "purchase_days": [3, 1],
                             "tenure_days": [70.0, 30.0]})  # fmt: skip
    h = ch.histories(features, "W")
    assert h["frequency"].tolist() == [2, 0]
    assert h["recency"].tolist() == pytest.approx([8.0, 0.0])
    assert h["T"].tolist() == pytest.approx([10.0, 30 / 7])


def test_signed_log1p():
    """log1p for counts and amounts, mirrored for a negative net spend."""
    assert ch.signed_log1p(np.array([0.0, np.e - 1, -(np.e - 1)])) == pytest.approx([0, 1, -1])
