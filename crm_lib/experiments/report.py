"""The campaigns report, section by section: dataset and typed parameters in, :class:`Section`
out.

Each function runs the computations of :mod:`crm_lib.experiments` (effects against the
control group, long-term outcomes, lift by segment, context triggers, pilot sizes), picks
what its sentences cite, and declares its metrics (:mod:`crm_lib.metrics.campaigns`). The
notebook ``50_campaigns`` shows, says and records them. Without a contacts table every
section is empty and the first one says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import pandas as pd

from crm_lib import artifacts
from crm_lib.dataset import Dataset
from crm_lib.experiments import planning
from crm_lib.experiments.arms import arm_tests, bh_adjust
from crm_lib.experiments.context import trigger_effects
from crm_lib.experiments.effects import RESPONSE_WINDOW_DAYS, campaign_effects, campaign_overview
from crm_lib.experiments.fatigue import frequency_cap
from crm_lib.experiments.longterm import long_term_effects
from crm_lib.experiments.planning import segment_plan
from crm_lib.experiments.qini import curves as qini_curves
from crm_lib.experiments.qini import uplift_by_decile
from crm_lib.experiments.segments import AGE_60_PLUS, AGE_UNDER_60, age_segments, lift_by_segment
from crm_lib.experiments.targeting import TargetPlan, do_not_disturb, target_plan
from crm_lib.experiments.uplift import (
    evaluate,
    experiment_campaigns,
    send_features,
    uplift_study,
)
from crm_lib.metrics import campaigns as m
from crm_lib.money import Amount
from crm_lib.params import Business, CampaignsParams
from crm_lib.privacy import Masker
from crm_lib.section import Code, Column, Items, Label, Section, Sentence, Table

ALPHA = 0.05  # every interval is 95 %, every test two-sided at 5 %
POWER = 0.8  # of the minimum detectable effects and the pilot sizes
SRM_ALPHA = 0.001  # a sample-ratio mismatch is flagged below this p-value


def _interval(low: float, high: float) -> Sentence | str:
    """An interval cell; "—" when the comparison has none (too few people to compute it)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "—"
    return Sentence("cmp_interval", {"low": low, "high": high})


def _lift_intervals(frame: pd.DataFrame) -> list[Sentence]:
    """The ``interval`` cells of a table of lifts (``lift_ci_low_pts``..``_high_pts``)."""
    return [_interval(r.lift_ci_low_pts, r.lift_ci_high_pts) for r in frame.itertuples()]


def not_shown(key: str, low: float, high: float, **cited) -> list[Sentence]:
    """``[Sentence(key)]`` when the 95 % interval ``low``..``high`` includes 0 (the effect
    is not shown, whatever its point estimate); none when it excludes 0 or is missing."""
    if math.isfinite(low) and math.isfinite(high) and low <= 0 <= high:
        return [Sentence(key, cited)]
    return []


def _key(row) -> str:
    """The metrics key of one comparison: the campaign, or campaign:arm when it has several."""
    return row.campaign_id if row.n_arms == 1 else f"{row.campaign_id}:{row.arm}"


# ---------------------------------------------------------------- overview


@dataclass(kw_only=True)
class OverviewSection(Section):
    campaigns: pd.DataFrame | None  # campaign_overview; None without a contacts table


def overview(ds: Dataset) -> OverviewSection:
    """The campaigns in the data, which have a control group, and how effects are measured."""
    if not ds.has("contacts"):
        sec = OverviewSection(heading="cmp_overview", campaigns=None)
        sec.say("cmp_no_contacts")
        return sec
    found = campaign_overview(ds)
    sec = OverviewSection(heading="cmp_overview", campaigns=found)
    analysed = found[found["status"] == "analysed"]
    sec.say("cmp_overview_text", campaigns=len(found), analysed=len(analysed))
    others = found[found["status"] != "analysed"]
    if len(others):
        sec.say("cmp_overview_uncontrolled", names=Items(tuple(others["campaign_id"])))
    sec.tables["campaigns"] = Table(
        found,
        {
            "campaign_id": Column("cmp_col_campaign"),
            "campaign_name": Column("cmp_col_name"),
            "channel": Column("cmp_col_channel", "code:cmp_channel_"),
            "first_sent_at": Column("cmp_col_first_sent", "date"),
            "n_contacts": Column("cmp_col_contacts", "count"),
            "status": Column("cmp_col_status", "code:cmp_status_"),
        },
    )
    sec.metrics = {m.ANALYSED: len(analysed)}
    return sec


# ---------------------------------------------------------------- effects


@dataclass(kw_only=True)
class EffectsSection(Section):
    effects: pd.DataFrame | None  # campaign_effects of the verified campaigns (one row an arm)


def effects(ds: Dataset, params: CampaignsParams, business: Business) -> EffectsSection:
    """Each verified campaign against its control group: lift with its interval, revenue,
    ROI, the sample-ratio check, CUPED, the detectable effect and the verdict in words."""
    if not ds.has("contacts"):
        return EffectsSection(effects=None)
    every = campaign_effects(
        ds,
        meaningful_lift_pts=params.meaningful_lift_pts,
        planned_control_share=params.planned_control_share,
        cost_per_contact=business.contact_cost,
        margin_share=business.gross_margin,
        pre_period_days=params.pre_period_days,
        alpha=ALPHA,
        power=POWER,
        srm_alpha=SRM_ALPHA,
        bootstrap_resamples=params.bootstrap_resamples,
        seed=params.seed,
    )
    found = every[every["status"] == "analysed"].copy()
    found["n_arms"] = found.groupby("campaign_id")["arm"].transform("size")
    found["interval"] = _lift_intervals(found)
    sec = EffectsSection(heading="cmp_effects", effects=found)
    if found.empty:
        return sec
    sec.say("cmp_method", days=RESPONSE_WINDOW_DAYS, resamples=params.bootstrap_resamples)
    for r in found.itertuples():
        _say_effect(sec, r, params)
    _say_checks(sec, found, params)
    sec.tables["effects"] = Table(
        found,
        {
            "campaign_id": Column("cmp_col_campaign"),
            "n_treatment": Column("cmp_col_treated", "count"),
            "n_control": Column("cmp_col_control", "count"),
            "rate_treatment": Column("cmp_col_rate_t", "share"),
            "rate_control": Column("cmp_col_rate_c", "share"),
            "lift_pts": Column("cmp_col_lift", "signed1"),
            "interval": Column("cmp_col_interval"),
            "p_value": Column("cmp_col_p", "number3"),
            "srm_p_value": Column("cmp_col_srm", "number3"),
            "incremental_revenue": Column("cmp_col_revenue", "money"),
            "roi": Column("cmp_col_roi", "number1"),
            "mde_pts": Column("cmp_col_mde", "number1"),
            "verdict": Column("cmp_col_verdict", "code:cmp_verdict_"),
        },
    )
    for r in found.itertuples():
        key = _key(r)
        sec.metrics |= {
            m.LIFT_PTS.at(key): r.lift_pts,
            m.CI_LOW_PTS.at(key): r.lift_ci_low_pts,
            m.CI_HIGH_PTS.at(key): r.lift_ci_high_pts,
            m.P_VALUE.at(key): r.p_value,
            m.SRM_P_VALUE.at(key): r.srm_p_value,
            m.INCREMENTAL_REVENUE.at(key): r.incremental_revenue,
            m.INCREMENTAL_REVENUE_LOW.at(key): r.incremental_revenue_ci_low,
            m.INCREMENTAL_REVENUE_HIGH.at(key): r.incremental_revenue_ci_high,
            m.ROI.at(key): r.roi,
            m.MDE_PTS.at(key): r.mde_pts,
            m.VERDICT.at(key): r.verdict,
        }
    return sec


def _say_effect(sec: Section, r, params: CampaignsParams) -> None:
    sec.say(
        "cmp_effect_text",
        campaign=r.campaign_id if r.n_arms == 1 else f"{r.campaign_id} ({r.arm})",
        name=r.campaign_name,
        rate_t=r.rate_treatment,
        rate_c=r.rate_control,
        lift=r.lift_pts,
        low=r.lift_ci_low_pts,
        high=r.lift_ci_high_pts,
        p=r.p_value,
        revenue=Amount(r.incremental_revenue),
        revenue_low=Amount(r.incremental_revenue_ci_low),
        revenue_high=Amount(r.incremental_revenue_ci_high),
        verdict=Label(f"cmp_verdict_{r.verdict}"),
    )
    sec.say(
        f"cmp_why_{r.verdict}",
        roi=r.roi,
        cost=Amount(r.cost),
        mde=r.mde_pts,
        meaningful=params.meaningful_lift_pts,
    )
    sec.sentences += not_shown("cmp_revenue_not_shown", r.incremental_revenue_ci_low,
                               r.incremental_revenue_ci_high)  # fmt: skip


def _say_checks(sec: Section, found: pd.DataFrame, params: CampaignsParams) -> None:
    checked = found[found["srm_status"] != "not_checked"]
    mismatched = checked[checked["srm_status"] == "mismatch"]
    for r in mismatched.itertuples():
        sec.say(
            "cmp_srm_mismatch",
            campaign=r.campaign_id,
            planned=r.planned_control_share,
            observed=r.observed_control_share,
            p=r.srm_p_value,
        )
    if len(checked) and mismatched.empty:
        sec.say("cmp_srm_ok", checked=checked["campaign_id"].nunique(), alpha=SRM_ALPHA)
    unchecked = found.loc[found["srm_status"] == "not_checked", "campaign_id"].unique()
    if len(unchecked):
        sec.say("cmp_srm_unchecked", names=Items(tuple(unchecked)))
    removed = found["cuped_variance_removed"].dropna()
    if len(removed):
        sec.say(
            "cmp_cuped",
            days=params.pre_period_days,
            low=float(removed.min()),
            high=float(removed.max()),
        )
    if (found["n_arms"] > 1).any():
        sec.say("cmp_arms_corrected")
    else:
        sec.say("cmp_arms_single")


@dataclass(kw_only=True)
class ArmsSection(Section):
    arms: pd.DataFrame | None  # arm_tests of campaigns with several treatment arms


def arms(ds: Dataset) -> ArmsSection:
    """Campaigns with several treatment arms: each arm against control, Holm and BH."""
    if not ds.has("contacts"):
        return ArmsSection(arms=None)
    tests = arm_tests(ds, alpha=ALPHA)
    several = tests[tests["n_arms"] > 1]
    sec = ArmsSection(arms=several if len(several) else None)
    if len(several):
        sec.tables["arms"] = Table(
            several.assign(interval=_lift_intervals(several)),
            {
                "campaign_id": Column("cmp_col_campaign"),
                "arm": Column("cmp_col_treated"),
                "lift_pts": Column("cmp_col_lift", "signed1"),
                "interval": Column("cmp_col_interval"),
                "p_value": Column("cmp_col_p", "number3"),
                "p_holm": Column("cmp_col_p_holm", "number3"),
                "p_bh": Column("cmp_col_p_bh", "number3"),
            },
        )
    return sec


# ---------------------------------------------------------------- after the window


@dataclass(kw_only=True)
class LongTermSection(Section):
    outcomes: pd.DataFrame | None  # long_term_effects, measured rows


def long_term(ds: Dataset, params: CampaignsParams) -> LongTermSection:
    """Repeat purchase and retention after the response window, per campaign."""
    if not ds.has("contacts"):
        return LongTermSection(outcomes=None)
    every = long_term_effects(
        ds, repeat_days=params.repeat_days, retention_days=params.retention_days, alpha=ALPHA
    )
    measured = every[every["status"] == "measured"].copy()
    sec = LongTermSection(heading="cmp_long_term", outcomes=measured)
    repeat = measured[measured["outcome"] == "repeat"]
    if repeat.empty:
        sec.say("cmp_long_term_none")
    else:
        best = repeat.loc[repeat["lift_pts"].idxmax()]
        sec.say(
            "cmp_long_term_text",
            repeat=params.repeat_days,
            campaign=best["campaign_id"],
            lift=best["lift_pts"],
            low=best["lift_ci_low_pts"],
            high=best["lift_ci_high_pts"],
        )
        low, high = best["lift_ci_low_pts"], best["lift_ci_high_pts"]
        sec.sentences += not_shown("cmp_long_term_not_shown", low, high,
                                   campaign=best["campaign_id"])  # fmt: skip
    pending = every.loc[every["status"] != "measured", "campaign_id"].unique()
    if len(pending):
        sec.say("cmp_long_term_pending", names=Items(tuple(pending)), days=params.retention_days)
    measured["interval"] = _lift_intervals(measured)
    sec.tables["outcomes"] = Table(
        measured,
        {
            "campaign_id": Column("cmp_col_campaign"),
            "outcome": Column("cmp_col_outcome", "code:cmp_outcome_"),
            "rate_treatment": Column("cmp_col_rate_t", "share"),
            "rate_control": Column("cmp_col_rate_c", "share"),
            "lift_pts": Column("cmp_col_lift", "signed1"),
            "interval": Column("cmp_col_interval"),
            "p_value": Column("cmp_col_p", "number3"),
        },
    )
    return sec


# ---------------------------------------------------------------- segments


@dataclass(kw_only=True)
class SegmentsSection(Section):
    lifts: pd.DataFrame | None  # segment_lifts: every segmentation
    by_age: pd.DataFrame | None = None  # the age groups alone (the chart)


#: how each segmentation labels its groups, and its metrics-key prefix
DIMENSIONS = {"age": ("cmp_segment_", ""), "rank": ("", "rank_"), "rfm": ("seg_name_", "rfm_")}


def segment_of_key(key: str) -> Code | str:
    """A segment as readers see it, from its metric key (``<prefix><segment>``, prefixes of
    :data:`DIMENSIONS`): an RFM segment or age group with its label, a rank by its name
    (rank names are the config's own)."""
    for label_prefix, key_prefix in DIMENSIONS.values():
        if key_prefix and key.startswith(key_prefix):
            segment = key.removeprefix(key_prefix)
            return Code(label_prefix, segment) if label_prefix else segment
    return Code(DIMENSIONS["age"][0], key)


def _by_send_day(ds: Dataset, label_of, name: str) -> pd.DataFrame:
    """Lift by a per-customer label taken as of the day before each campaign's first send
    (a label after the send could be an effect of it)."""
    firsts = campaign_overview(ds).query("status == 'analysed'")
    parts = []
    for cid, first in zip(firsts["campaign_id"], firsts["first_sent_at"], strict=True):
        as_of = (pd.Timestamp(first) - pd.Timedelta(days=1)).date()
        labels = label_of(as_of).rename(name)
        parts.append(lift_by_segment(ds, labels, alpha=ALPHA, campaigns=[cid]))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _has_age(ds: Dataset) -> bool:
    return ds.has("customers") and "age_band" in ds.loads["customers"].columns


def _labels(ds: Dataset, business: Business, by: str, as_of) -> pd.Series | None:
    """Each customer's group in segmentation ``by`` as of ``as_of`` (index ``customer_id``):
    age group (fixed; None without ``customers.age_band``), membership rank or RFM segment."""
    from crm_lib.segments import membership_ranks, rfm_scores

    if by == "age":
        return age_segments(ds) if _has_age(ds) else None
    if by == "rank":
        ranks = membership_ranks(ds, business.rank_tiers, as_of,
                                 window_months=business.rank_window_months)  # fmt: skip
        return ranks.set_index("customer_id")["rank"]
    return rfm_scores(ds, as_of).set_index("customer_id")["segment"]


def segment_lifts(ds: Dataset, business: Business) -> pd.DataFrame:
    """Lift per campaign and group of each segmentation the data allows: age group (60+ /
    under 60), membership rank and RFM segment (both as of the day before the send).

    ``harmed``: the lift's interval is below zero and, for rank and RFM (many groups), the
    group differs from the rest after a Benjamini-Hochberg correction over all its groups
    and campaigns (``p_bh``); age has two groups and is not corrected."""
    frames = []
    if _has_age(ds):
        frames.append(lift_by_segment(ds, alpha=ALPHA).assign(segment_by="age"))
    for name in ("rank", "rfm"):
        frames.append(_by_send_day(ds, partial(_labels, ds, business, name), name))
    lifts = pd.concat([f for f in frames if len(f)], ignore_index=True)
    lifts["p_bh"] = lifts["diff_vs_rest_p_value"]
    many = lifts["segment_by"] != "age"
    if many.any():
        p = lifts.loc[many, "diff_vs_rest_p_value"].fillna(1.0).to_numpy()
        lifts.loc[many, "p_bh"] = bh_adjust(p)
        lifts.loc[many, "harmed"] = lifts.loc[many, "harmed"] & (lifts.loc[many, "p_bh"] < ALPHA)
    return lifts


def segments(ds: Dataset, business: Business | None = None) -> SegmentsSection:
    """Lift by age group, membership rank and RFM segment with intervals and interaction
    tests; groups a campaign harms named (see :func:`segment_lifts`)."""
    if not ds.has("contacts"):
        return SegmentsSection(lifts=None)
    lifts = segment_lifts(ds, business or Business())
    sec = SegmentsSection(heading="cmp_segments", lifts=lifts)
    if "age" not in set(lifts["segment_by"]):
        sec.say("cmp_segment_no_age")
    lifts["group"] = [
        Code(DIMENSIONS[r.segment_by][0], r.segment) if DIMENSIONS[r.segment_by][0]
        else r.segment
        for r in lifts.itertuples()
    ]  # fmt: skip
    harmed = lifts[lifts["harmed"].astype(bool)]
    for r in harmed.itertuples():
        sec.say(
            "cmp_segment_harmed",
            campaign=r.campaign_id,
            dimension=Label(f"cmp_segment_by_{r.segment_by}"),
            segment=r.group,
            lift=r.lift_pts,
            low=r.lift_ci_low_pts,
            high=r.lift_ci_high_pts,
            p=r.interaction_p_value,
        )
    if harmed.empty:
        sec.say("cmp_segment_none_harmed")
    if (lifts["segment_by"] != "age").any():
        sec.say("cmp_segment_correction")
    lifts["interval"] = _lift_intervals(lifts)
    sec.lifts = lifts
    age = lifts[lifts["segment_by"] == "age"]
    sec.by_age = age if len(age) else None
    sec.tables["segments"] = Table(
        lifts,
        {
            "campaign_id": Column("cmp_col_campaign"),
            "segment_by": Column("cmp_col_segment_by", "code:cmp_segment_by_"),
            "group": Column("cmp_col_segment"),
            "n_treatment": Column("cmp_col_treated", "count"),
            "n_control": Column("cmp_col_control", "count"),
            "lift_pts": Column("cmp_col_lift", "signed1"),
            "interval": Column("cmp_col_interval"),
            "interaction_p_value": Column("cmp_col_interaction_p", "number3"),
        },
    )
    arms_of = lifts.groupby("campaign_id")["arm"].transform("nunique")
    for r, n_arms in zip(lifts.itertuples(), arms_of, strict=True):
        key = r.campaign_id if n_arms == 1 else f"{r.campaign_id}:{r.arm}"
        segment = f"{DIMENSIONS[r.segment_by][1]}{r.segment}".replace(".", "_")
        sec.metrics |= {
            m.SEGMENT_LIFT_PTS.at(key, segment): r.lift_pts,
            m.SEGMENT_HARMED.at(key, segment): bool(r.harmed),
        }
    return sec


# ---------------------------------------------------------------- context trigger


@dataclass(kw_only=True)
class TriggerSection(Section):
    effects: pd.DataFrame | None  # trigger_effects of the configured campaigns


def trigger(ds: Dataset, params: CampaignsParams) -> TriggerSection:
    """The effect of a context-triggered message on trigger days against other days."""
    if not ds.has("contacts"):
        return TriggerSection(effects=None)
    sec = TriggerSection(heading="cmp_trigger", effects=None)
    setting = params.trigger
    if not setting.campaigns:
        sec.say("cmp_trigger_none")
        return sec
    regions = ds.has("customers") and setting.region_column in ds.loads["customers"].columns
    if not (ds.has("context") and regions and setting.column in ds.loads["context"].columns):
        sec.say("cmp_trigger_no_context")
        return sec
    found = trigger_effects(
        ds,
        context_column=setting.column,
        threshold=setting.threshold,
        region_column=setting.region_column,
        campaign_ids=list(setting.campaigns),
        alpha=ALPHA,
    )
    sec.effects = found
    for r in found.itertuples():
        sec.say(
            "cmp_trigger_text",
            campaign=r.campaign_id,
            trigger=Sentence(
                "cmp_trigger_rule",
                {"column": Code("cmp_context_", setting.column), "threshold": setting.threshold},
            ),
            on=r.uplift_pts_on,
            on_low=r.uplift_ci_low_pts_on,
            on_high=r.uplift_ci_high_pts_on,
            off=r.uplift_pts_off,
            off_low=r.uplift_ci_low_pts_off,
            off_high=r.uplift_ci_high_pts_off,
            diff=r.interaction_pts,
            low=r.interaction_ci_low_pts,
            high=r.interaction_ci_high_pts,
        )
        sec.sentences += not_shown("cmp_trigger_not_shown", r.interaction_ci_low_pts,
                                   r.interaction_ci_high_pts, campaign=r.campaign_id)  # fmt: skip
    unknown = int(found["n_unknown"].sum()) if len(found) else 0
    if unknown:
        sec.say("cmp_trigger_unknown", customers=unknown)
    if len(found):
        first = found.iloc[0]
        sec.metrics = {
            m.TRIGGER_ON_PTS: first["uplift_pts_on"],
            m.TRIGGER_OFF_PTS: first["uplift_pts_off"],
            m.TRIGGER_INTERACTION_PTS: first["interaction_pts"],
            m.TRIGGER_CI_LOW_PTS: first["interaction_ci_low_pts"],
            m.TRIGGER_CI_HIGH_PTS: first["interaction_ci_high_pts"],
        }
    return sec


# ---------------------------------------------------------------- pilot planning


MIN_BASELINE_CONTROLS = 30  # past control customers a group needs for its baseline
UNKNOWN_CHANNEL = "unknown"  # the channel of campaigns whose contacts name none


@dataclass(kw_only=True)
class PilotSection(Section):
    plan: pd.DataFrame | None  # per channel and segment: baseline, sizes, detectable lift


def segment_baselines(lifts: pd.DataFrame, channels: pd.Series, by: tuple) -> pd.DataFrame:
    """Per channel and group of each segmentation in ``by``: ``controls``, the control
    customers of the channel's verified campaigns in the group (as of the day before each
    send; summed over campaigns, a campaign's arms sharing one control group) and
    ``responders`` among them. ``lifts``: :func:`segment_lifts`; ``channels``: campaign ->
    channel."""
    one = lifts[lifts["segment_by"].isin(by)]
    one = one.drop_duplicates(["campaign_id", "segment_by", "segment"])
    one = one.assign(channel=one["campaign_id"].map(channels)).dropna(subset=["channel"])
    responders = (one["rate_control"].fillna(0.0) * one["n_control"]).round()
    return (
        one.assign(responders=responders.astype(int), controls=one["n_control"].astype(int))
        .groupby(["channel", "segment_by", "segment"], as_index=False)[["controls", "responders"]]
        .sum()
    )


def segment_sizes(ds: Dataset, business: Business, by: tuple) -> pd.DataFrame:
    """Customers per group of each segmentation in ``by`` as of the observation end (the
    largest pilot a group allows): ``segment_by``, ``segment``, ``customers``."""
    frames = []
    for name in by:
        labels = _labels(ds, business, name, ds.observation_end)
        if labels is not None and len(labels):
            counts = labels.astype(str).value_counts()
            frames.append(pd.DataFrame({"segment_by": name, "segment": counts.index,
                                        "customers": counts.to_numpy()}))  # fmt: skip
    columns = ["segment_by", "segment", "customers"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _group_order(business: Business) -> dict[str, list[str]]:
    from crm_lib.segments import SEGMENTS, rank_names

    return {"age": [AGE_60_PLUS, AGE_UNDER_60], "rank": rank_names(business.rank_tiers),
            "rfm": list(SEGMENTS)}  # fmt: skip


def _pilot_grid(baselines, sizes, channels, by, business) -> pd.DataFrame:
    """Every channel x every group seen in past campaigns or now, in display order."""
    groups = pd.concat([baselines[["segment_by", "segment"]], sizes[["segment_by", "segment"]]])
    groups = groups.drop_duplicates()
    order = _group_order(business)
    groups["_by"] = groups["segment_by"].map({b: i for i, b in enumerate(by)})
    groups["_at"] = [
        order[b].index(s) if s in order[b] else len(order[b])
        for b, s in zip(groups["segment_by"], groups["segment"], strict=True)
    ]
    groups = groups.sort_values(["_by", "_at", "segment"]).drop(columns=["_by", "_at"])
    grid = pd.DataFrame({"channel": sorted(set(channels))}).merge(groups, how="cross")
    keys = ["channel", "segment_by", "segment"]
    grid = grid.merge(baselines, on=keys, how="left").merge(sizes, on=keys[1:], how="left")
    counts = ["controls", "responders", "customers"]
    grid[counts] = grid[counts].fillna(0).astype(int)
    return grid


def pilot(
    ds: Dataset,
    effects_section: EffectsSection,
    segments_section: SegmentsSection,
    params: CampaignsParams,
    business: Business | None = None,
) -> PilotSection:
    """Customers the next pilot needs on each channel to see ``pilot_target_lift_pts`` in
    each group of the segmentations ``params.pilot_segment_by``, from that group's
    control-group response in the channel's verified campaigns (the segments section's
    :attr:`~SegmentsSection.lifts`), and the smallest lift each group could show with all
    its current customers in the pilot (:func:`crm_lib.experiments.planning.segment_plan`).
    Groups with fewer than :data:`MIN_BASELINE_CONTROLS` past controls, or none of them
    responding, are listed, not sized."""
    found, lifts = effects_section.effects, segments_section.lifts
    if found is None or found.empty or lifts is None:
        return PilotSection(plan=None)
    business = business or Business()
    by = params.pilot_segment_by
    channels = found.drop_duplicates("campaign_id").set_index("campaign_id")["channel"]
    channels = channels.fillna(UNKNOWN_CHANNEL)  # contacts without a channel column
    grid = _pilot_grid(segment_baselines(lifts, channels, by), segment_sizes(ds, business, by),
                       channels, by, business)  # fmt: skip
    plan = segment_plan(
        grid, params.pilot_target_lift_pts, control_share=params.pilot_control_share,
        alpha=ALPHA, power=POWER, min_controls=MIN_BASELINE_CONTROLS,
    )  # fmt: skip
    plan["group"] = [_group(b, s) for b, s in zip(plan["segment_by"], plan["segment"], strict=True)]
    plan["baseline_interval"] = [
        None if pd.isna(lo) else Sentence("cmp_share_interval", {"low": lo, "high": hi})
        for lo, hi in zip(plan["baseline_low"], plan["baseline_high"], strict=True)
    ]
    sec = PilotSection(heading="cmp_pilot", plan=plan)
    _say_pilot(sec, plan, params, by)
    sec.tables["plan"] = Table(
        plan[plan["controls"] > 0],  # groups never in a past control group: named only
        {
            "channel": Column("cmp_col_channel", "code:cmp_channel_"),
            "segment_by": Column("cmp_col_segment_by", "code:cmp_segment_by_"),
            "group": Column("cmp_col_segment"),
            "controls": Column("cmp_col_pilot_controls", "count"),
            "baseline_rate": Column("cmp_col_baseline", "share"),
            "baseline_interval": Column("cmp_col_interval"),
            "n_treatment": Column("cmp_col_pilot_treatment", "count"),
            "n_control": Column("cmp_col_pilot_control", "count"),
            "n_total_high": Column("cmp_col_pilot_high", "count"),
            "customers": Column("cmp_col_pilot_customers", "count"),
            "mde_pts": Column("cmp_col_pilot_mde", "number1"),
            "status": Column("cmp_col_pilot_status", "code:cmp_pilot_status_"),
        },
    )
    sec.metrics = _pilot_metrics(plan)
    return sec


def _group(by: str, segment: str):
    """A group as the page writes it: a label where the segmentation has them."""
    prefix = DIMENSIONS[by][0]
    return Code(prefix, segment) if prefix else segment


def _say_pilot(sec: Section, plan: pd.DataFrame, params: CampaignsParams, by: tuple) -> None:
    dimensions = Items(tuple(Label(f"cmp_segment_by_{b}") for b in by))
    channels = plan["channel"].nunique()
    if plan.empty:
        sec.say("cmp_pilot_no_groups", dimensions=dimensions)
        return
    sec.say("cmp_pilot_method", lift=params.pilot_target_lift_pts, power=POWER,
            dimensions=dimensions, control=params.pilot_control_share)  # fmt: skip
    sized = plan[plan["status"].isin([planning.SIZED, planning.EXCEEDS_SEGMENT])]
    if len(sized):
        most = sized.loc[sized["n_total"].idxmax()]
        sec.say(
            "cmp_pilot_most",
            **_where(most),
            n_t=int(most["n_treatment"]),
            n_c=int(most["n_control"]),
            base=most["baseline_rate"],
            low=most["baseline_low"],
            high=most["baseline_high"],
            n_high=int(most["n_total_high"]),
        )
    detectable = sized.dropna(subset=["mde_pts"])
    if len(detectable):
        best = detectable.loc[detectable["mde_pts"].idxmin()]
        sec.say("cmp_pilot_smallest_mde", **_where(best), mde=best["mde_pts"],
                customers=int(best["customers"]))  # fmt: skip
    exceeds = plan[plan["status"] == planning.EXCEEDS_SEGMENT]
    if len(exceeds):
        sec.say("cmp_pilot_exceeds", lift=params.pilot_target_lift_pts, groups=len(exceeds),
                names=_names(exceeds, channels))  # fmt: skip
    unsized = plan[plan["status"].isin([planning.FEW_CONTROLS, planning.NO_RESPONDERS])]
    if len(unsized):
        sec.say("cmp_pilot_unsized", min=MIN_BASELINE_CONTROLS, groups=len(unsized),
                names=_names(unsized, channels))  # fmt: skip
    beyond = plan[plan["status"] == planning.OUT_OF_RANGE]
    if len(beyond):
        sec.say("cmp_pilot_out_of_range", names=_names(beyond, channels))


def _where(r) -> dict:
    """The channel, segmentation and group of a plan row, as a sentence cites them."""
    return {
        "channel": Code("cmp_channel_", r["channel"]),
        "dimension": Label(f"cmp_segment_by_{r['segment_by']}"),
        "segment": r["group"],
    }


def _names(rows: pd.DataFrame, channels: int) -> Items:
    """Groups with the channels they concern ('At risk (e-mail, SMS)'); a group that
    concerns all ``channels`` alone."""
    names = []
    for _, part in rows.groupby(["segment_by", "segment"], sort=False):
        group = part["group"].iloc[0]
        if part["channel"].nunique() < channels:
            codes = Items(tuple(Code("cmp_channel_", c) for c in part["channel"]))
            group = Sentence("cmp_pilot_group_channels", {"segment": group, "channels": codes})
        names.append(group)
    return Items(tuple(names))


def _pilot_metrics(plan: pd.DataFrame) -> dict:
    """Keyed by channel, then group (``rfm_champions``, ``rank_Gold``, ``60+``)."""
    sized = plan[plan["status"].isin([planning.SIZED, planning.EXCEEDS_SEGMENT])]
    values: dict = {m.PILOT_N_TREATMENT: {}, m.PILOT_N_CONTROL: {}, m.PILOT_MDE_PTS: {}}
    for r in sized.itertuples():
        channel = str(r.channel).replace(".", "_")
        group = f"{DIMENSIONS[r.segment_by][1]}{r.segment}".replace(".", "_")
        values[m.PILOT_N_TREATMENT].setdefault(channel, {})[group] = int(r.n_treatment)
        values[m.PILOT_N_CONTROL].setdefault(channel, {})[group] = int(r.n_control)
        if pd.notna(r.mde_pts):
            values[m.PILOT_MDE_PTS].setdefault(channel, {})[group] = float(r.mde_pts)
    return values


# ---------------------------------------------------------------- whom to contact


@dataclass(kw_only=True)
class UpliftSection(Section):
    evaluation: pd.DataFrame | None  # per campaign and "all": Qini, AUUC, top uplift, intervals
    deciles: pd.DataFrame | None  # observed uplift per predicted-uplift decile (held out)
    curve: pd.DataFrame | None = None  # the held-out Qini curve and its random line
    plan: TargetPlan | None  # the most profitable share of the template campaign's targets
    do_not_disturb: pd.DataFrame | None  # current customers with negative predicted uplift


def uplift_targeting(
    ds: Dataset, params: CampaignsParams, business: Business, masker: Masker | None = None
) -> UpliftSection:
    """An uplift model (two-model gradient boosting) trained on the verified campaigns and
    judged on held-out customers against random targeting; the most profitable share to
    contact for the next send like the template campaign; the do-not-disturb list."""
    empty = UpliftSection(evaluation=None, deciles=None, plan=None, do_not_disturb=None)
    if not ds.has("contacts") or not experiment_campaigns(ds):
        return empty
    study = uplift_study(
        ds, seed=params.seed, n_boot=params.uplift_bootstrap, rank_tiers=business.rank_tiers
    )
    held = study.frame[study.test]
    score = study.uplift[study.test]
    pooled = evaluate(held, score, by=None, n_boot=params.uplift_bootstrap, seed=params.seed)
    evaluation = pd.concat([study.evaluation, pooled], ignore_index=True)
    deciles = uplift_by_decile(held["responded"], held["treatment"], score, alpha=ALPHA)
    curve = qini_curves(held["responded"], held["treatment"], score)
    sec = UpliftSection(
        heading="cmp_uplift", evaluation=evaluation, deciles=deciles, curve=curve, plan=None,
        do_not_disturb=None,
    )  # fmt: skip
    everyone = pooled.iloc[0]
    sec.say(
        "cmp_uplift_text",
        campaigns=held["campaign_id"].nunique(),
        test=len(held),
        qini=everyone["qini_coefficient"],
        low=everyone["qini_coefficient_low"],
        high=everyone["qini_coefficient_high"],
    )
    beats = everyone["qini_coefficient_low"] > 0
    sec.say("cmp_uplift_better" if beats else "cmp_uplift_not_better")
    sec.metrics = {
        m.QINI_AUC: everyone["qini_coefficient"],
        m.QINI_AUC_LOW: everyone["qini_coefficient_low"],
        m.QINI_AUC_HIGH: everyone["qini_coefficient_high"],
        m.AUUC: everyone["auuc"],
    }
    deciles = deciles.assign(
        interval=[Sentence("cmp_interval", {"low": 100 * r.ci_low, "high": 100 * r.ci_high})
                  for r in deciles.itertuples()],
        uplift_pts=100 * deciles["uplift"],
    )  # fmt: skip
    sec.tables["deciles"] = Table(
        deciles,
        {
            "decile": Column("cmp_col_decile"),
            "n": Column("cmp_col_contacts", "count"),
            "rate_treatment": Column("cmp_col_rate_t", "share"),
            "rate_control": Column("cmp_col_rate_c", "share"),
            "uplift_pts": Column("cmp_col_lift", "signed1"),
            "interval": Column("cmp_col_interval"),
        },
    )
    _plan_next_send(sec, ds, study, params, business, masker, beats=bool(beats))
    return sec


def _plan_next_send(sec, ds, study, params, business, masker, *, beats: bool) -> None:
    template = (
        params.target_campaign or (study.frame.sort_values("send_date")["campaign_id"].iloc[-1])
    )
    rows = study.test & (study.frame["campaign_id"] == template).to_numpy()
    part = study.frame[rows]
    if part.empty or part["treatment"].nunique() < 2:
        return
    channel = str(part["channel"].iloc[0])
    treated = part[part["treatment"] == 1]
    responders = treated[treated["responded"] == 1]
    revenue = float(responders["revenue"].mean()) if len(responders) else 0.0
    value = revenue * business.gross_margin
    population = int(study.frame.loc[study.frame["campaign_id"] == template, "customer_id"]
                     .nunique())  # fmt: skip
    sec.plan = plan = target_plan(
        part["responded"], part["treatment"], study.uplift[rows],
        cost_per_contact=business.contact_cost, value_per_outcome=value, channel=channel,
        population=population, budget=params.target_budget,
        n_boot=params.uplift_bootstrap, seed=params.seed,
    )  # fmt: skip
    sec.say(
        "cmp_target_text",
        campaign=template,
        value=Amount(value),
        revenue=Amount(revenue),
        margin=business.gross_margin,
        cost=Amount(business.contact_cost.get(channel, 0.0)),
        share=plan.share,
        contacts=plan.contacts,
        profit=Amount(plan.profit),
        profit_low=Amount(plan.profit_low),
        profit_high=Amount(plan.profit_high),
        everyone=Amount(plan.profit_everyone),
    )
    if not beats:
        sec.say("cmp_target_caveat")
    sec.metrics |= {
        m.TARGET_SHARE: plan.share, m.TARGET_PROFIT: plan.profit,
        m.TARGET_PROFIT_LOW: plan.profit_low, m.TARGET_PROFIT_HIGH: plan.profit_high,
        m.TARGET_CONTACTS: plan.contacts, m.TARGET_CAMPAIGN: template,
    }  # fmt: skip
    day = pd.Timestamp(ds.observation_end) + pd.Timedelta(days=1)
    now = send_features(ds, day.date(), campaign_id=template, channel=channel,
                        rank_tiers=business.rank_tiers,
                        rank_window_months=business.rank_window_months)  # fmt: skip
    avoid = do_not_disturb(study.model, now, ds, masker=masker)
    values = [c for c in avoid.columns if c.startswith("value_")]  # numbers and categories
    avoid = avoid.astype(dict.fromkeys(values, "string"))
    sec.do_not_disturb = avoid
    sec.say("cmp_do_not_disturb", customers=len(avoid), scored=len(now), campaign=template)
    if not beats:
        sec.say("cmp_do_not_disturb_caveat")
    sec.metrics |= {m.DO_NOT_DISTURB: len(avoid)}
    sec.artifacts[artifacts.DO_NOT_DISTURB] = avoid


# ---------------------------------------------------------------- contact fatigue


@dataclass(kw_only=True)
class FatigueSection(Section):
    table: pd.DataFrame | None  # per channel and sends in the window: rates with intervals
    cap: int | None = None


def fatigue(ds: Dataset, params: CampaignsParams) -> FatigueSection:
    """Unsubscribe and response rates against the sends in the previous days, the cap
    beyond which unsubscribes rise (a one-change-point likelihood-ratio scan) and the
    response at that cap."""
    if not ds.has("contacts"):
        return FatigueSection(table=None)
    if "unsubscribed" not in ds.loads["contacts"].columns:
        sec = FatigueSection(heading="cmp_fatigue", table=None)
        sec.say("cmp_fatigue_absent")
        return sec
    found = frequency_cap(ds, window_days=params.fatigue_window_days, seed=params.seed)
    sec = FatigueSection(heading="cmp_fatigue", table=found.table, cap=found.cap)
    unsub = found.unsubscribe
    if found.cap is None:
        sec.say("cmp_fatigue_none", window=found.window_days, p=unsub.get("p_value", 1.0))
    else:
        below, above = unsub["below"], unsub["above"]
        sec.say(
            "cmp_fatigue_cap",
            window=found.window_days,
            cap=found.cap,
            below=below["rate"], below_low=below["low"], below_high=below["high"],
            below_n=below["sends"],
            above=above["rate"], above_low=above["low"], above_high=above["high"],
            above_n=above["sends"],
            stat=unsub["statistic"],
            p=unsub["p_value"],
        )  # fmt: skip
        adjusted = found.response.get("adjusted")
        if adjusted:
            sec.say(
                "cmp_fatigue_response",
                cap=found.cap,
                diff=100 * adjusted["difference"],
                low=100 * adjusted["low"],
                high=100 * adjusted["high"],
            )
        for r in found.by_channel.itertuples():
            sec.say("cmp_fatigue_channel", channel=Code("cmp_channel_", r.channel), cap=r.cap,
                    p=r.p_value)  # fmt: skip
    sec.metrics = {m.FATIGUE_CAP: found.cap}
    return sec
