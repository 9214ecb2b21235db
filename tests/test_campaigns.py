"""The campaigns report: its sections cite what the demo company planted and realised (the
generator's own tally in truth.json), say plainly when data is missing, and read in both
languages. The statistics themselves are tested in test_experiments, test_uplift and
test_fatigue."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.demo import generate_demo
from crm_lib.experiments import report
from crm_lib.i18n import LANGUAGES, Translator
from crm_lib.metrics import campaigns as m
from crm_lib.money import Money
from crm_lib.params import Business, CampaignsParams

N, SEED = 5000, 42
PLANNED = {"CP01": 0.15, "CP02": 0.20, "CP03": 0.15, "CP04": 0.10, "CP05": 0.20}
PARAMS = CampaignsParams(
    planned_control_share=PLANNED,
    trigger={"column": "precipitation_mm", "threshold": 1.0, "campaigns": ["CP04"]},
    bootstrap_resamples=500,
    uplift_bootstrap=50,
)
EFFECTIVE = {"roll_out", "not_profitable", "effective_roi_unknown"}


@pytest.fixture(scope="module")
def ds():
    return load_dataset(load_config(None, [f"data.customers={N}", f"data.seed={SEED}"]))


@pytest.fixture(scope="module")
def truth():
    raw = generate_demo(n_customers=N, seed=SEED).truth
    return {**raw, "campaigns": {c["campaign_id"]: c for c in raw["campaigns"]}}


@pytest.fixture(scope="module")
def sections(ds):
    effects = report.effects(ds, PARAMS, Business())
    return {
        "overview": report.overview(ds),
        "effects": effects,
        "long_term": report.long_term(ds, PARAMS),
        "segments": report.segments(ds, Business()),
        "uplift": report.uplift_targeting(ds, PARAMS, Business()),
        "fatigue": report.fatigue(ds, PARAMS),
        "trigger": report.trigger(ds, PARAMS),
        "pilot": report.pilot(effects, PARAMS),
    }


def test_each_campaign_lift_is_the_realised_difference_of_the_truth(sections, truth):
    """The recorded lift of every campaign with a control group is the treatment minus
    control response the generator tallied (points), and the newsletters get none."""
    metrics = sections["effects"].metrics
    for cid in PLANNED:
        realised = truth["campaigns"][cid]["overall"]["realised_diff_pts"]
        assert metrics[m.LIFT_PTS.at(cid)] == pytest.approx(realised, abs=1e-9), cid
        low, high = metrics[m.CI_LOW_PTS.at(cid)], metrics[m.CI_HIGH_PTS.at(cid)]
        assert low < realised < high
    assert not any(k.path.startswith("campaigns.NL") for k in metrics)
    assert sections["overview"].metrics[m.ANALYSED] == len(PLANNED)


def test_the_zero_effect_campaign_is_not_declared_effective(sections, truth):
    assert truth["campaigns"]["CP02"]["planted"]["uplift_pts"] == 0
    assert sections["effects"].metrics[m.VERDICT.at("CP02")] not in EFFECTIVE


def test_the_verdict_sentence_follows_the_verdict_code(sections):
    sec = sections["effects"]
    verdicts = [sec.metrics[m.VERDICT.at(cid)] for cid in PLANNED]
    reasons = [
        s.key.removeprefix("cmp_why_") for s in sec.sentences if s.key.startswith("cmp_why_")
    ]
    assert reasons == verdicts


def test_the_harmed_age_group_of_cp03_is_flagged(sections, truth):
    planted = truth["campaigns"]["CP03"]["segments"]
    assert (
        planted["age_60_plus"]["true_uplift_pts"] < 0 < planted["age_under_60"]["true_uplift_pts"]
    )
    metrics = sections["segments"].metrics
    assert metrics[m.SEGMENT_HARMED.at("CP03", "60+")] is True
    assert metrics[m.SEGMENT_HARMED.at("CP03", "under_60")] is False
    assert metrics[m.SEGMENT_LIFT_PTS.at("CP03", "60+")] == pytest.approx(
        planted["age_60_plus"]["realised_diff_pts"], abs=1e-9
    )
    harmed = [s for s in sections["segments"].sentences if s.key == "cmp_segment_harmed"]
    assert [s.values["campaign"] for s in harmed] == ["CP03"]  # nothing else was planted


def test_rank_and_rfm_groups_are_taken_before_the_send(ds):
    """A customer's rank in the segment table is their rank on the day before the send:
    recomputed here for CP01 with the segments report's own rank function as of that day."""
    from crm_lib.segments import membership_ranks

    lifts = report.segment_lifts(ds, Business())
    assert {"age", "rank", "rfm"} <= set(lifts["segment_by"])
    cp01 = lifts[(lifts["campaign_id"] == "CP01") & (lifts["segment_by"] == "rank")]
    ranks = membership_ranks(ds, Business().rank_tiers, dt.date(2024, 4, 9))
    contacts = ds.table("contacts").query("campaign_id == 'CP01'")
    counted = contacts.merge(ranks, on="customer_id").groupby(["group", "rank"]).size()
    got = cp01.set_index("segment")
    for rank, n in counted.xs("treatment").items():
        assert got.loc[rank, "n_treatment"] == n
    many = lifts[lifts["segment_by"] != "age"]
    assert (many["p_bh"] >= many["diff_vs_rest_p_value"] - 1e-12).all()  # BH never lowers p


def test_the_fatigue_cap_is_the_planted_threshold(sections, truth):
    assert sections["fatigue"].metrics[m.FATIGUE_CAP] == truth["contact_fatigue"]["threshold_sends"]


def test_the_rainy_day_effects_are_the_realised_ones_and_cover_the_plant(sections, truth):
    rain = truth["campaigns"]["CP04"]["segments"]
    metrics = sections["trigger"].metrics
    assert metrics[m.TRIGGER_ON_PTS] == pytest.approx(rain["rainy_day"]["realised_diff_pts"])
    assert metrics[m.TRIGGER_OFF_PTS] == pytest.approx(rain["dry_day"]["realised_diff_pts"])
    planted = truth["rainy_day"]["planted_rainy_minus_dry_pts"]
    assert metrics[m.TRIGGER_CI_LOW_PTS] < planted < metrics[m.TRIGGER_CI_HIGH_PTS]


def test_the_uplift_model_is_judged_against_random_targeting(sections):
    """The page says whether the model beats random targeting, from the interval it cites."""
    sec = sections["uplift"]
    low = sec.metrics[m.QINI_AUC_LOW]
    said = {s.key for s in sec.sentences}
    assert ("cmp_uplift_better" in said) == (low > 0)
    assert ("cmp_uplift_not_better" in said) == (low <= 0)
    if low <= 0:  # an unproven model's lists are hypotheses, and the page says so
        assert {"cmp_target_caveat", "cmp_do_not_disturb_caveat"} <= said


def test_pilot_size_grows_with_the_baseline_response(sections):
    plan = sections["pilot"].plan.sort_values("baseline_rate")
    assert plan["n_per_arm"].is_monotonic_increasing  # below 50 %, p(1-p) grows with p
    assert (plan["target_lift_pts"] == PARAMS.pilot_target_lift_pts).all()


def test_every_sentence_reads_in_both_languages(sections):
    for language in LANGUAGES:
        t = Translator(language, Money("JPY", language))
        for sec in sections.values():
            for sentence in sec.sentences:
                text = t.sentence(sentence)
                assert text and "{" not in text and "cmp_" not in text, sentence.key
                assert not re.search(r"\bnan\b", text), text


def test_without_contacts_the_report_says_so_and_records_nothing():
    cdnow = load_dataset(load_config(None, ["data.source=cdnow"]))
    sec = report.overview(cdnow)
    assert [s.key for s in sec.sentences] == ["cmp_no_contacts"] and not sec.metrics
    effects = report.effects(cdnow, PARAMS, Business())
    for empty in (effects, report.long_term(cdnow, PARAMS), report.segments(cdnow, Business()),
                  report.uplift_targeting(cdnow, PARAMS, Business()),
                  report.fatigue(cdnow, PARAMS), report.trigger(cdnow, PARAMS),
                  report.pilot(effects, PARAMS)):  # fmt: skip
        assert not empty.sentences and not empty.metrics and not empty.tables


def test_the_demo_run_records_the_realised_lifts(demo_run):
    """End to end: the campaigns notebook of the default demo run writes metrics.json."""
    metrics = json.loads((demo_run / "metrics.json").read_text(encoding="utf-8"))["campaigns"]
    manifest = json.loads((demo_run / "manifest.json").read_text(encoding="utf-8"))
    customers = manifest["config"]["data"]["customers"]
    truth = generate_demo(n_customers=customers, seed=SEED).truth["campaigns"]
    for campaign in truth:
        cid = campaign["campaign_id"]
        if campaign["kind"] == "newsletter":
            assert cid not in metrics
            continue
        assert metrics[cid]["lift_pts"] == pytest.approx(
            campaign["overall"]["realised_diff_pts"], abs=1e-9
        )


def test_executive_actions_cite_the_measured_effects(demo_run):
    """Measured actions come first; every number they cite is a campaigns metric, and a
    roll-out's impact is its measured incremental revenue, not a share of a stake."""
    from crm_lib.metrics import lookup

    metrics = json.loads((demo_run / "metrics.json").read_text(encoding="utf-8"))
    actions = metrics["executive"]["actions"]
    measured = [a["measured"] for a in actions]
    assert measured == sorted(measured, reverse=True) and any(measured)
    for action in actions:
        for path in action["metrics"].values():
            assert path.startswith("campaigns.") and lookup(metrics, path) is not None, path
        if not action["measured"]:  # only the advice to pilot targeting cites evidence
            assert action["impact"] is None
            assert action["metrics"] == {} or action["key"] == "exec_action_target_unproven"
            continue
        assert action["report"] == "campaigns.html"
        if action["key"] == "exec_action_roll_out":
            assert action["impact"] == pytest.approx(lookup(metrics, action["metrics"]["revenue"]))
    verdicts = {
        c: v["verdict"]
        for c, v in metrics["campaigns"].items()
        if isinstance(v, dict) and "verdict" in v
    }
    proven = metrics["campaigns"]["uplift"]["qini_auc_ci_low"] > 0
    targeted = {a["key"] for a in actions} & {"exec_action_target", "exec_action_target_unproven"}
    assert (
        targeted <= {"exec_action_target"}
        if proven
        else targeted == {"exec_action_target_unproven"}
    )
    rolled = [a for a in actions if a["key"] == "exec_action_roll_out"]
    assert len(rolled) == sum(v == "roll_out" for v in verdicts.values())
