"""A model a reader should not trust is said so in a sentence: a churn model that ranks
worse than an untrained baseline, no better than chance, or whose probabilities are no
better than the constant churn rate; clusters that refits do not reproduce; a campaign or
response-time effect whose 95 % interval includes zero is "not shown", not an effect.

Inputs are small synthetic frames with hand-worked answers (scores whose ranking is known,
intervals on either side of zero), so each sentence is seen to appear and to stay away."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_lib.churn import report as churn_report
from crm_lib.churn.evaluation import evaluate
from crm_lib.churn.selection import EARLY_CUTOFF, Choice
from crm_lib.experiments import report as campaign_report
from crm_lib.i18n import Translator
from crm_lib.leads import report as leads_report
from crm_lib.leads.speed import Effect
from crm_lib.money import Money
from crm_lib.params import CampaignsParams
from crm_lib.section import Section
from crm_lib.segments.report import stability_notes

JA = Translator("ja", Money("JPY", "ja"))
EN = Translator("en", Money("JPY", "en"))


def keys(sentences) -> list[str]:
    return [s.key for s in sentences]


# ---------------------------------------------------------------- churn


@pytest.fixture(scope="module")
def churn_scores():
    """400 customers, 30 % churned; ``sharp`` separates them (AUC near 1, calibrated),
    ``noise`` is unrelated to the labels (AUC near 0.5), ``constant`` is the churn rate."""
    rng = np.random.default_rng(7)
    y = rng.random(400) < 0.3
    sharp = np.clip(np.where(y, 0.75, 0.12) + 0.05 * rng.standard_normal(400), 0.01, 0.99)
    noise = np.clip(0.3 + 0.1 * rng.standard_normal(400), 0.01, 0.99)
    return y, {"sharp": sharp, "noise": noise, "constant": np.full(400, 0.3)}


def _evaluation(y, scores: dict, n_boot: int = 0) -> pd.DataFrame:
    return evaluate(y, scores, reference_rate=0.3, n_boot=n_boot, random_state=0)


def test_a_churn_model_beaten_by_a_baseline_is_said(churn_scores):
    """Noise ranks worse than the sharp baseline, and its spread around the churn rate adds
    its variance (0.1² = 0.01) to the constant's Brier score: a skill below 0."""
    y, s = churn_scores
    frame = _evaluation(y, {"gbm": s["noise"], "no_purchase": s["sharp"], "palive": s["noise"]})
    notes = churn_report.trust_notes(frame, "gbm")
    assert {"churn_auc_below_baseline", "churn_chosen_below_constant"} <= set(keys(notes))
    assert notes[0].values["baseline"].value == "no_purchase"  # the better-ranking baseline
    assert notes[0].values["baseline_auc"] > 0.95 > 0.6 > notes[0].values["auc"]
    for t in (JA, EN):
        assert all(t.sentence(n) for n in notes)


def test_a_churn_model_that_wins_gets_no_warning(churn_scores):
    y, s = churn_scores
    frame = _evaluation(y, {"gbm": s["sharp"], "no_purchase": s["noise"], "palive": s["noise"]},
                        n_boot=50)  # fmt: skip
    assert churn_report.trust_notes(frame, "gbm") == []


def test_the_chance_check_reads_the_interval_when_there_is_one(churn_scores):
    """A ranking whose AUC is above 0.5 but whose interval reaches it is not trusted."""
    y, s = churn_scores
    frame = _evaluation(y, {"gbm": s["noise"], "no_purchase": s["noise"]}, n_boot=50)
    row = frame.set_index("model").loc["gbm"]
    assert row["roc_auc_low"] <= 0.5  # noise: the interval reaches chance
    assert "churn_auc_chance" in keys(churn_report.trust_notes(frame, "gbm"))
    edge = frame.assign(roc_auc=0.62, roc_auc_low=0.5)  # a lower end exactly at chance
    assert "churn_auc_chance" in keys(churn_report.trust_notes(edge, "gbm"))
    assert "churn_auc_chance" not in keys(churn_report.trust_notes(edge.assign(
        roc_auc_low=0.51), "gbm"))  # fmt: skip
    point = edge.drop(columns=["roc_auc_low", "roc_auc_high"])  # without a bootstrap
    assert "churn_auc_chance_point" in keys(churn_report.trust_notes(point.assign(
        roc_auc=0.5), "gbm"))  # fmt: skip
    assert not {"churn_auc_chance", "churn_auc_chance_point"} & set(keys(
        churn_report.trust_notes(point, "gbm")))  # fmt: skip


def test_probabilities_no_better_than_the_churn_rate_are_said(churn_scores):
    """Predicting the reference rate to everyone has a Brier skill of exactly 0: the page
    must not present those probabilities (and the value at risk) as informative."""
    y, s = churn_scores
    frame = _evaluation(y, {"gbm": s["constant"], "no_purchase": s["sharp"]})
    assert frame.set_index("model").loc["gbm", "brier_skill"] == pytest.approx(0, abs=1e-12)
    assert "churn_chosen_below_constant" in keys(churn_report.trust_notes(frame, "gbm"))
    frame = _evaluation(y, {"gbm": s["sharp"], "no_purchase": s["noise"]})
    assert "churn_chosen_below_constant" not in keys(churn_report.trust_notes(frame, "gbm"))


def test_the_models_section_says_its_trust_notes(churn_scores):
    """The test sentences of the page carry the notes; a model with a Brier skill of exactly
    0 is listed with those below the constant (it was left out when the rule read < 0)."""
    y, s = churn_scores
    scores = {"gbm": s["constant"], "no_purchase": s["sharp"], "palive": s["noise"]}
    choice = Choice("gbm", "gbm", "no_purchase", True, EARLY_CUTOFF)
    frame = _evaluation(y, scores)
    sec = churn_report.ModelsSection(choice=choice, validation=frame, models={}, scores=scores,
                                     evaluation=frame, calibration=frame, gains=frame)  # fmt: skip
    churn_report._say_test(sec, y, choice, 0, 0, "pnbd")
    said = {s.key: s for s in sec.sentences}
    assert {"churn_auc_below_baseline", "churn_chosen_below_constant"} <= set(said)
    assert "gbm" in [c.value for c in said["churn_below_constant"].values["models"].values]


# ---------------------------------------------------------------- segments


@pytest.mark.parametrize(
    ("seed_ari", "subsample_ari", "expected"),
    [
        (0.95, 0.85, []),
        (0.80, 0.80, []),  # at the bound: good
        (0.79, 0.90, ["seg_clusters_moderate"]),  # the demo at 2,000 customers: 0.79
        (0.95, 0.65, ["seg_clusters_moderate"]),
        (0.64, 0.90, ["seg_clusters_unstable"]),
        (0.60, None, ["seg_clusters_unstable"]),
        (None, None, []),
        (float("nan"), 0.9, []),
    ],
)
def test_clusters_that_refits_do_not_reproduce_are_said(seed_ari, subsample_ari, expected):
    notes = stability_notes(seed_ari, subsample_ari)
    assert keys(notes) == expected
    for n in notes:
        assert n.values["ari"] == min(a for a in (seed_ari, subsample_ari) if a is not None)
        assert "0.6" in JA.sentence(n) or "0.8" in JA.sentence(n)


# ---------------------------------------------------------------- campaigns


def _effect_row(lift, low, high, revenue_low, revenue_high, verdict):
    row = {"campaign_id": "CP01", "n_arms": 1, "arm": "treatment", "campaign_name": "春の DM",
           "rate_treatment": 0.12, "rate_control": 0.10, "lift_pts": lift,
           "lift_ci_low_pts": low, "lift_ci_high_pts": high, "p_value": 0.2,
           "incremental_revenue": 40_000.0, "incremental_revenue_ci_low": revenue_low,
           "incremental_revenue_ci_high": revenue_high, "verdict": verdict, "roi": 1.5,
           "cost": 12_000.0, "mde_pts": 4.0}  # fmt: skip
    return next(pd.DataFrame([row]).itertuples())


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (_effect_row(2.0, -1.0, 5.0, -50_000.0, 130_000.0, "too_small_to_tell"), True),
        (_effect_row(3.0, 1.0, 5.0, 0.0, 130_000.0, "roll_out"), True),  # 0 inside: not shown
        (_effect_row(3.0, 1.0, 5.0, 10_000.0, 130_000.0, "roll_out"), False),
        (_effect_row(-3.0, -5.0, -1.0, -90_000.0, -5_000.0, "harmful"), False),
        (_effect_row(3.0, 1.0, 5.0, float("nan"), float("nan"), "roll_out"), False),
    ],
)
def test_incremental_revenue_whose_interval_includes_zero_is_not_shown(row, said):
    sec = Section()
    campaign_report._say_effect(sec, row, CampaignsParams())
    assert ("cmp_revenue_not_shown" in keys(sec.sentences)) is said
    assert keys(sec.sentences)[:2] == ["cmp_effect_text", f"cmp_why_{row.verdict}"]


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [(-0.4, 3.1, True), (0.0, 2.0, True), (-2.0, 0.0, True), (0.2, 3.1, False),
     (-3.0, -0.1, False), (float("nan"), 1.0, False)],
)  # fmt: skip
def test_an_interval_including_zero_is_not_shown(low, high, said):
    for key in ("cmp_long_term_not_shown", "cmp_trigger_not_shown"):
        notes = campaign_report.not_shown(key, low, high, campaign="CP02")
        assert keys(notes) == ([key] if said else [])
        assert all("CP02" in t.sentence(n) for n in notes for t in (JA, EN))


# ---------------------------------------------------------------- leads


def test_a_response_time_effect_whose_interval_includes_zero_is_not_shown():
    unsure = Effect(24.0, 0.02, -0.01, 0.05, 300, 700, True)
    assert keys(leads_report.effect_sentences(unsure)) == [
        "leads_effect_text",
        "leads_effect_not_shown",
    ]
    clear = Effect(24.0, 0.20, 0.15, 0.25, 300, 700, True)
    assert keys(leads_report.effect_sentences(clear)) == ["leads_effect_text"]
    none = Effect(1.0, None, None, None, 0, 700, False)
    assert keys(leads_report.effect_sentences(none)) == ["leads_effect_none"]
    for t in (JA, EN):
        assert "24" in t.sentence(leads_report.effect_sentences(unsure)[1])
