"""The campaigns report: its sections cite what the demo company planted and realised (the
generator's own tally in truth.json), say plainly when data is missing, and read in both
languages. The statistics themselves are tested in test_experiments, test_uplift and
test_fatigue."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pandas as pd
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
    segments = report.segments(ds, Business())
    return {
        "overview": report.overview(ds),
        "effects": effects,
        "long_term": report.long_term(ds, PARAMS),
        "segments": segments,
        "uplift": report.uplift_targeting(ds, PARAMS, Business()),
        "fatigue": report.fatigue(ds, PARAMS),
        "trigger": report.trigger(ds, PARAMS),
        "pilot": report.pilot(ds, effects, segments, PARAMS, Business()),
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
    untested = many["diff_vs_rest_p_value"].isna()  # e.g. a segment with no control member
    assert (many.loc[untested, "p_bh"] == 1).all()  # never flagged
    tested = many[~untested]
    assert (tested["p_bh"] >= tested["diff_vs_rest_p_value"] - 1e-12).all()  # BH never lowers p


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


def test_pilot_baseline_is_the_control_response_of_the_group(ds, sections):
    """Each channel x RFM segment baseline equals a count made here in pandas from the
    contacts: one unit per campaign with a control group and customer (customers in both
    arms left out), responded = any of its sends responded, the RFM segment as of the day
    before the campaign's first send (the segments report's rfm_scores, as the segments
    section takes it), pooled over the channel's campaigns; a group never in a control group
    has 0. The group sizes now sum to the customers with a purchase by the observation end
    (transactions with amount >= 0): 5,000 customers give 4,000-5,000 of them."""
    from crm_lib.segments import rfm_scores

    contacts = ds.table("contacts")
    controlled = contacts.groupby("campaign_id")["group"].agg(lambda g: g.nunique() == 2)
    contacts = contacts[contacts["campaign_id"].map(controlled)]
    units = contacts.groupby(["campaign_id", "customer_id"]).agg(
        arms=("group", "nunique"), group=("group", "first"), responded=("responded", "any"),
        channel=("channel", "first"), first=("sent_at", "min"),
    ).reset_index()  # fmt: skip
    units = units[(units["arms"] == 1) & (units["group"] == "control")]
    parts = []
    for cid, part in units.groupby("campaign_id"):
        first = contacts.loc[contacts["campaign_id"] == cid, "sent_at"].min()
        rfm = rfm_scores(ds, (first - dt.timedelta(days=1)).date())
        parts.append(part.merge(rfm[["customer_id", "segment"]], on="customer_id"))
    counted = pd.concat(parts).groupby(["channel", "segment"])["responded"].agg(["size", "sum"])
    plan = sections["pilot"].plan.set_index(["channel", "segment"])
    assert set(plan["segment_by"]) == {"rfm"}  # the default segmentation
    seen = plan.loc[counted.index]
    assert list(seen["controls"]) == list(counted["size"])
    assert list(seen["responders"]) == list(counted["sum"])
    assert (plan.drop(index=counted.index)["controls"] == 0).all()
    estimable = seen["controls"] >= report.MIN_BASELINE_CONTROLS
    assert estimable.sum() >= 4
    assert seen.loc[estimable, "baseline_rate"].to_numpy() == pytest.approx(
        (counted["sum"] / counted["size"])[estimable.to_numpy()].to_numpy()
    )
    tx = ds.table("transactions")
    buyers = tx.loc[(tx["amount"] >= 0) & (tx["order_date"] <= str(ds.observation_end)),
                    "customer_id"].nunique()  # fmt: skip
    assert 4000 < buyers <= N
    assert (plan.groupby("channel")["customers"].sum() == buyers).all()


def test_pilot_sizes_are_statsmodels_power_at_the_group_baseline(sections):
    """Every sized group: customers per arm = statsmodels NormalIndPower on Cohen's h for
    baseline -> baseline + 3 points (equal arms, the default control share), and at the
    detectable lift a pilot of all the group's customers has 80 % power (statsmodels);
    the sentences cite the group needing the most and the one with the smallest detectable
    lift, and the metrics hold each sized group (5,000 customers: 6 sized, all needing more
    customers than the group has, the smallest detectable lift 6.1 points)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    sec = sections["pilot"]
    plan = sec.plan
    sized = plan[plan["status"].isin(["sized", "exceeds_segment"])]
    assert len(sized) >= 4
    lift = PARAMS.pilot_target_lift_pts / 100
    for r in sized.itertuples():
        h = abs(proportion_effectsize(r.baseline_rate + lift, r.baseline_rate))
        n = NormalIndPower().solve_power(h, alpha=0.05, power=0.8, ratio=1.0)
        assert r.n_treatment == r.n_control == math.ceil(n)
        assert r.status == ("exceeds_segment" if 2 * r.n_treatment > r.customers else "sized")
        n_c = round(r.customers / 2)
        n_t = r.customers - n_c
        h_mde = abs(proportion_effectsize(r.baseline_rate + r.mde_pts / 100, r.baseline_rate))
        power = NormalIndPower().power(h_mde, n_t, 0.05, ratio=n_c / n_t)
        assert power == pytest.approx(0.8, abs=1e-4)
        group = f"rfm_{r.segment}"
        assert sec.metrics[m.PILOT_N_TREATMENT][r.channel][group] == r.n_treatment
        assert sec.metrics[m.PILOT_MDE_PTS][r.channel][group] == pytest.approx(r.mde_pts)
    said = {s.key: s.values for s in sec.sentences}
    most = said["cmp_pilot_most"]
    assert most["n_t"] == sized["n_treatment"].max()
    best = sized.loc[sized["mde_pts"].idxmin()]
    smallest = said["cmp_pilot_smallest_mde"]
    assert (smallest["channel"].value, smallest["mde"]) == (best["channel"], best["mde_pts"])


def test_a_campaign_with_several_arms_counts_its_control_group_once():
    """Two treatment arms share one control group: the segments table repeats its control
    counts on each arm's rows, the baseline counts them once (20 controls, 5 responders,
    not 40 and 10); a campaign of another channel pools separately."""
    lifts = pd.DataFrame(
        {
            "campaign_id": ["A", "A", "B"],
            "arm": ["a1", "a2", "treatment"],
            "segment_by": ["rfm"] * 3,
            "segment": ["loyal"] * 3,
            "n_control": [20, 20, 50],
            "rate_control": [0.25, 0.25, 0.1],
        }
    )
    channels = pd.Series({"A": "email", "B": "dm"})
    got = report.segment_baselines(lifts, channels, ("rfm",)).set_index("channel")
    assert got.loc["email", ["controls", "responders"]].tolist() == [20, 5]
    assert got.loc["dm", ["controls", "responders"]].tolist() == [50, 5]
    assert report.segment_baselines(lifts, channels, ("rank",)).empty


def test_a_group_with_too_few_past_controls_is_listed_not_sized(sections):
    """Groups with fewer than 30 past control customers (at 5,000 customers: "at_risk" and
    "cant_lose" on every channel, at most 19) get no baseline, no size and no metric, and
    the page names them."""
    sec = sections["pilot"]
    few = sec.plan[sec.plan["controls"] < 30]
    assert {"at_risk", "cant_lose"} <= set(few["segment"])
    assert (few["status"] == "few_controls").all()
    assert few[["baseline_rate", "n_treatment", "n_total", "mde_pts"]].isna().all().all()
    for r in few.itertuples():
        assert f"rfm_{r.segment}" not in sec.metrics[m.PILOT_N_TREATMENT].get(r.channel, {})
    unsized = next(s for s in sec.sentences if s.key == "cmp_pilot_unsized")
    assert unsized.values["groups"] == len(few) + (sec.plan["status"] == "no_responders").sum()


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
                  report.pilot(cdnow, effects, report.segments(cdnow), PARAMS)):  # fmt: skip
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
