"""The segments report, section by section: dataset and typed parameters in, :class:`Section`
out.

Each function computes its tables with :mod:`crm_lib.segments`, picks the values its
sentences cite (the largest gain, the best channel, the top rank ...), declares its metrics
(:mod:`crm_lib.metrics.segments`) and artifacts. The notebook ``10_segments`` shows, says
and records them. Parameters: :class:`~crm_lib.params.SegmentsParams`; rank tiers, the
rank window and the F2 window come from :class:`~crm_lib.params.Business` (shared with the
other reports). Amounts are in the run's currency (:class:`~crm_lib.money.Amount`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.features import customer_summary_sql
from crm_lib.metrics import segments as m
from crm_lib.money import Amount
from crm_lib.params import Business, SegmentsParams
from crm_lib.section import Code, Column, Items, Label, Section, Sentence, Table
from crm_lib.segments.clusters import BehaviourClusters, cluster_features, cluster_profiles
from crm_lib.segments.cohorts import (
    cohort_retention,
    f2_summary,
    has_acquisition_channel,
    monthly_new_vs_repeat,
    repeat_revenue_share,
    second_purchases,
)
from crm_lib.segments.migration import migration_flows, migration_matrix
from crm_lib.segments.ranks import (
    listed_at_risk,
    lorenz_curve,
    membership_ranks,
    migration_rates,
    move_summary,
    rank_distribution,
    rank_names,
    rank_shortfalls,
    revenue_concentration,
)
from crm_lib.segments.ranks import rank_migration as rank_moves_between
from crm_lib.segments.rfm import (
    RULE_PREFIX,
    SEGMENT_PREFIX,
    SEGMENTS,
    RfmCutoffs,
    rfm_scores,
    segment_migration,
    segment_summary,
)
from crm_lib.segments.table import customer_segment_table

#: how a per-segment summary (:func:`~crm_lib.segments.segment_summary`) is shown
SEGMENT_COLUMNS = {
    "segment": Column("seg_segment", f"code:{SEGMENT_PREFIX}"),
    "customers": Column("customers", "count"),
    "customer_share": Column("seg_customer_share", "share"),
    "revenue": Column("seg_revenue_net", "money"),
    "revenue_share": Column("seg_revenue_share", "share"),
    "avg_order_value": Column("seg_avg_order_value", "money"),
    "orders_per_customer": Column("seg_orders_per_customer", "number1"),
    "median_recency_days": Column("seg_median_recency_days", "days"),
}


CHANNEL_PREFIX = "jny_acq_"  # label prefix of acquisition channels (else the code itself)


def migration_start(ds: Dataset, params: SegmentsParams) -> dt.date:
    """The first date of the migrations: ``migration_from``, else 12 months before the
    observation end."""
    if params.migration_from:
        return params.migration_from
    return (pd.Timestamp(ds.observation_end) - pd.DateOffset(months=12)).date()


def _sizes(summary: pd.DataFrame, column: str = "customers") -> dict:
    return dict(zip(summary["segment"], summary[column], strict=True))


# ---------------------------------------------------------------- RFM


@dataclass(kw_only=True)
class RfmSection(Section):
    rfm: pd.DataFrame  # per customer: measures, scores, segment
    summary: pd.DataFrame  # per segment: customers, revenue, shares, order value, recency
    scoring: str  # "fixed" (the cut-offs of the parameters) or "quantile"


def rfm_segments(ds: Dataset, params: SegmentsParams | None = None) -> RfmSection:
    """RFM segments on the scores of ``params.rfm_scoring`` (default: the fixed cut-offs):
    their sizes and revenue, each segment's rule, how a score is given, the champions'
    share and the customers at risk of being lost."""
    params = params or SegmentsParams()
    quantile = params.rfm_scoring == "quantile"
    cutoffs = None if quantile else RfmCutoffs.of(params)
    rfm = rfm_scores(ds, cutoffs=cutoffs, quantile=quantile)
    summary = segment_summary(rfm)
    by_segment = summary.set_index("segment")
    sec = RfmSection(
        heading="seg_rfm_heading", rfm=rfm, summary=summary, scoring=params.rfm_scoring
    )
    sec.tables["segments"] = Table(
        summary.assign(rule=summary["segment"]),
        {**SEGMENT_COLUMNS, "rule": Column("seg_rule", f"code:{RULE_PREFIX}")},
    )
    sec.say(
        "seg_rfm_summary",
        end=ds.observation_end,
        customers=len(rfm),
        champions_share=by_segment.loc["champions", "customer_share"],
        champions_revenue=by_segment.loc["champions", "revenue_share"],
    )
    if cutoffs is None:
        sec.say("seg_rfm_quantile_rule", one_share=(rfm["orders"] == 1).mean())
    else:
        sec.say(
            "seg_rfm_fixed_rule",
            recency=Items(tuple(cutoffs.recency_days)),
            orders=Items(tuple(cutoffs.orders)),
            monetary=Items(tuple(Amount(v) for v in cutoffs.monetary)),
            days=cutoffs.recency_days[1],
            often=cutoffs.orders[2],
            much=Amount(cutoffs.monetary[2]),
        )
    risky = by_segment.loc[["cant_lose", "at_risk"]]
    sec.say(
        "seg_rfm_risk_text",
        customers=int(risky["customers"].sum()),
        revenue=risky["revenue_share"].sum(),
    )
    sec.metrics = {
        m.CUSTOMERS: len(rfm),
        m.SEGMENT_SIZES: _sizes(summary),
        m.SEGMENT_REVENUE_SHARE: _sizes(summary, "revenue_share"),
        m.RFM_SCORING: params.rfm_scoring,
    }
    return sec


# ---------------------------------------------------------------- fixed cut-offs, migration


@dataclass(kw_only=True)
class MigrationSection(Section):
    fixed: pd.DataFrame  # per customer: measures, scores and segment on the fixed cut-offs
    summary: pd.DataFrame  # per segment, fixed cut-offs
    moves: pd.DataFrame  # per customer: segment at start and end, revenue change
    flows: pd.DataFrame  # per (source, target): customers, revenue change
    matrix: pd.DataFrame  # segment at start x segment at end: customers
    order: list[str]  # groups of the flows in display order ("not_yet" first)
    start: dt.date
    end: dt.date
    has_history: bool  # some customers had bought by start


def fixed_segments(ds: Dataset, params: SegmentsParams) -> MigrationSection:
    """RFM segments on the fixed cut-offs, and how customers moved between them from
    :func:`migration_start` to the observation end. Customers who first bought in between
    bring new-customer revenue, not a migration: said and listed apart ("new customers").
    The moves of existing customers compare the same customers' trailing revenue at both
    dates. The revenue effects (new customers, the move that gained most, the one that lost
    most) are said and listed largest first (``migration_rows`` moves listed)."""
    cutoffs = RfmCutoffs.of(params)
    start, end = migration_start(ds, params), ds.observation_end
    fixed = rfm_scores(ds, cutoffs=cutoffs)
    summary = segment_summary(fixed)
    moves = segment_migration(ds, start, end, cutoffs=cutoffs)
    flows = migration_flows(moves)
    existing = moves[moves["segment_from"] != NOT_YET]
    stayed = int((existing["segment_from"] == existing["segment_to"]).sum())
    moved, new = len(existing) - stayed, len(moves) - len(existing)
    sec = MigrationSection(
        heading="seg_fixed_heading",
        fixed=fixed,
        summary=summary,
        moves=moves,
        flows=flows,
        matrix=migration_matrix(moves, list(SEGMENTS), list(SEGMENTS)),
        order=[NOT_YET, *SEGMENTS],
        start=start,
        end=end,
        has_history=not existing.empty,
    )
    sec.tables["segments"] = Table(summary, SEGMENT_COLUMNS)
    sec.say(
        "seg_fixed_text",
        recency=Items(tuple(cutoffs.recency_days)),
        orders=Items(tuple(cutoffs.orders)),
        monetary=Items(tuple(Amount(v) for v in cutoffs.monetary)),
    )
    existing_change = float(existing["revenue_change"].sum())
    if existing.empty:
        sec.say("seg_migration_no_history", start=start)
    else:
        sec.say(
            "seg_migration_existing_text",
            start=start,
            end=end,
            moved=moved,
            stayed=stayed,
            change=Amount(existing_change),
        )
        for _, key, values in migration_findings(flows):
            sec.say(key, **values)
        sec.tables["moves"] = Table(
            migration_effects(flows, params.migration_rows),
            {
                "move": Column("seg_move"),
                "customers": Column("customers", "count"),
                "revenue_change": Column("seg_revenue_change", "money"),
            },
        )
    sec.artifacts[artifacts.SEGMENT_MIGRATION] = flows
    sec.metrics = {
        m.SEGMENT_SIZES_FIXED: _sizes(summary),
        m.SEGMENT_MIGRATION_FROM: start,
        m.SEGMENT_MIGRATION_TO: end,
        m.SEGMENT_MIGRATION_STAYED: stayed,
        m.SEGMENT_MIGRATION_MOVED: moved,
        m.SEGMENT_MIGRATION_NEW: new,
        m.SEGMENT_MIGRATION_NEW_REVENUE: float(
            moves.loc[moves["segment_from"] == NOT_YET, "revenue_change"].sum()
        ),
        m.SEGMENT_MIGRATION_EXISTING_CHANGE: existing_change,
    }
    return sec


# ---------------------------------------------------------------- behavioural clusters


#: mean adjusted Rand index below which clusters are poorly / only moderately reproduced
#: (Steinley 2004: .65 and .80 are the bounds of poor and moderate recovery)
ARI_POOR, ARI_GOOD = 0.65, 0.80


def stability_notes(seed_ari: float | None, subsample_ari: float | None) -> list[Sentence]:
    """A sentence when the clusters are not reproduced: the lower of the mean ARIs across
    seeds and across subsamples (None: not measured) below :data:`ARI_GOOD` (moderate) or
    :data:`ARI_POOR` (unstable); none when both are good."""
    measured = [a for a in (seed_ari, subsample_ari) if a is not None and np.isfinite(a)]
    if not measured or min(measured) >= ARI_GOOD:
        return []
    ari = min(measured)
    key = "seg_clusters_unstable" if ari < ARI_POOR else "seg_clusters_moderate"
    return [Sentence(key, {"ari": ari, "poor": ARI_POOR, "good": ARI_GOOD})]


@dataclass(kw_only=True)
class ClusterSection(Section):
    features: pd.DataFrame  # the customers clustered and their features
    model: BehaviourClusters | None  # None: too few customers to cluster
    profiles: pd.DataFrame | None  # per cluster: size, revenue share, medians, levels


def clusters(ds: Dataset, params: SegmentsParams) -> ClusterSection:
    """Behavioural clusters of the repeat customers: k and its criterion, the customers
    fitted on (a stratified sample of at most ``cluster_sample``, applied to all), the
    stability across seeds (mean and lowest ARI) and across subsamples (ARI and the k each
    chose), and each cluster described in words."""
    features = cluster_features(ds, min_orders=params.cluster_min_orders)
    sec = ClusterSection(
        heading="seg_clusters_heading", features=features, model=None, profiles=None
    )
    if len(features) < 10 * params.k_max:
        sec.say("seg_clusters_too_few", customers=len(features))
        return sec
    model = BehaviourClusters(
        k_range=(params.k_min, params.k_max),
        method=params.cluster_method,
        stability_seeds=params.stability_seeds,
        fit_sample=params.cluster_sample,
        subsample_runs=params.subsample_runs,
        subsample_share=params.subsample_share,
        random_state=params.seed,
    ).fit(features)
    profiles = cluster_profiles(features, model.labels_)
    sec.model, sec.profiles = model, profiles
    purchasers = scalar(
        ds.con,
        f"SELECT count(*) FROM ({customer_summary_sql(ds.observation_end, purchasers_only=True)})",
    )
    sec.say(
        "seg_clusters_chosen",
        customers=len(features),
        excluded=purchasers - len(features),
        k_min=params.k_min,
        k_max=params.k_max,
        criterion=Label(f"seg_criterion_{model.criterion_}"),
        k=model.k_,
    )
    if len(model.fit_rows_) < len(features):
        sec.say("seg_clusters_sample", fitted=len(model.fit_rows_), customers=len(features))
    if model.stability_ari_ is not None:
        sec.say(
            "seg_clusters_seed_stability",
            runs=params.stability_seeds,
            ari=model.stability_ari_,
            ari_min=model.stability_min_ari_,
        )
    if model.subsample_ari_ is not None:
        sec.say(
            "seg_clusters_subsample_stability",
            runs=params.subsample_runs,
            share=params.subsample_share,
            ks=Items(tuple(model.subsample_runs_["k"].astype(int))),
            ari=model.subsample_ari_,
            ari_min=model.subsample_min_ari_,
        )
    sec.sentences += stability_notes(model.stability_ari_, model.subsample_ari_)
    for p in profiles.itertuples():
        sec.say(
            "seg_cluster_profile",
            cluster=p.cluster,
            customers=p.customers,
            revenue_share=p.revenue_share,
            recency=Label(f"seg_recency_{p.recency_days_level}"),
            recency_days=p.recency_days,
            often=Label(f"seg_orders_{p.orders_level}"),
            orders=p.orders,
            value=Label(f"seg_avg_order_value_{p.avg_order_value_level}"),
            order_value=Amount(p.avg_order_value),
        )
    sec.metrics = {
        m.CLUSTERS_K: model.k_,
        m.CLUSTERS_STABILITY_ARI: model.stability_ari_,
        m.CLUSTERS_STABILITY_MIN_ARI: model.stability_min_ari_,
        m.CLUSTERS_SUBSAMPLE_ARI: model.subsample_ari_,
        m.CLUSTERS_SUBSAMPLE_MIN_ARI: model.subsample_min_ari_,
        m.CLUSTERS_SUBSAMPLE_K: model.subsample_k_,
        m.CLUSTERS_FITTED: len(model.fit_rows_),
        m.CLUSTERS_METHOD: params.cluster_method,
        m.CLUSTERS_CRITERION: model.criterion_,
        m.CLUSTERS_CUSTOMERS: len(features),
        m.CLUSTERS_SIZES: dict(zip(profiles["cluster"], profiles["customers"], strict=True)),
    }
    return sec


# ---------------------------------------------------------------- membership ranks


@dataclass(kw_only=True)
class RankSection(Section):
    ranks: pd.DataFrame  # per customer: trailing spend, rank, rank level
    distribution: pd.DataFrame  # per rank: minimum, customers, spend, shares
    curve: pd.DataFrame  # Lorenz curve of trailing spend
    top_share: float  # share of customers called "top" (0.2)
    top_revenue_share: float  # their share of trailing revenue


def ranks(ds: Dataset, business: Business) -> RankSection:
    """Membership ranks on trailing spend (the top rank in words, or a warning when every
    customer falls in one rank), and how concentrated trailing revenue is."""
    tiers, months = business.rank_tiers, business.rank_window_months
    per_customer = membership_ranks(ds, tiers, window_months=months)
    distribution = rank_distribution(per_customer, tiers)
    concentration = revenue_concentration(ds, window_months=months)
    sec = RankSection(
        heading="seg_ranks_heading",
        ranks=per_customer,
        distribution=distribution,
        curve=lorenz_curve(ds, window_months=months),
        top_share=concentration["top_share"],
        top_revenue_share=concentration["top_revenue_share"],
    )
    everyone = distribution["customers"] == len(per_customer)
    if everyone.any():
        sec.say("seg_ranks_one_rank", rank=distribution.loc[everyone, "rank"].iloc[0])
    else:
        top = distribution.iloc[0]
        sec.say(
            "seg_ranks_text",
            rank=top["rank"],
            customers=int(top["customers"]),
            share=top["customer_share"],
            spend_share=top["spend_share"],
        )
    sec.tables["ranks"] = Table(
        distribution,
        {
            "rank": Column("seg_rank"),
            "min_spend": Column("seg_min_spend", "money"),
            "customers": Column("customers", "count"),
            "spend": Column("seg_spend_12m", "money"),
            "customer_share": Column("seg_customer_share", "share"),
            "spend_share": Column("seg_spend_share", "share"),
            "mean_spend": Column("seg_mean_spend", "money"),
        },
    )
    sec.say(
        "seg_concentration_text",
        customers=concentration["customers"],
        share=concentration["top_revenue_share"],
        gini=concentration["gini"],
    )
    sec.metrics = {
        m.RANK_COUNTS: dict(zip(distribution["rank"], distribution["customers"], strict=True)),
        m.TOP20_REVENUE_SHARE: concentration["top_revenue_share"],
        m.GINI: concentration["gini"],
    }
    return sec


@dataclass(kw_only=True)
class RankMigrationSection(Section):
    moves: pd.DataFrame  # per customer: rank at start and end, spend change, move
    summary: pd.DataFrame  # per move (up, down, stay, lapsed, new): customers, share
    matrix: pd.DataFrame  # rank at start (then lapsed, new) x rank at end: customers
    start: dt.date
    end: dt.date
    has_history: bool  # some customers were ranked at start


def rank_migration(ds: Dataset, params: SegmentsParams, business: Business) -> RankMigrationSection:
    """Rank moves from :func:`migration_start` to the observation end: up, down, kept, as
    shares of the active members (spend in either window). Lapsed members (ranked, no
    spend in either window) and customers new since then are rows of their own, in the
    table and in the matrix, and not part of the shares."""
    tiers, months = business.rank_tiers, business.rank_window_months
    start, end = migration_start(ds, params), ds.observation_end
    moves = rank_moves_between(ds, tiers, start, end, window_months=months)
    rates = migration_rates(moves)
    order = rank_names(tiers)
    groups = moves.assign(
        group_from=moves["rank_from"].where(~moves["move"].isin(["lapsed", "new"]), moves["move"])
    )
    sec = RankMigrationSection(
        moves=moves,
        summary=move_summary(moves),
        matrix=migration_matrix(
            groups, [*order, "lapsed", "new"], order, from_col="group_from", to_col="rank_to"
        ),
        start=start,
        end=end,
        has_history=rates["ranked_at_start"] > 0,
    )
    if rates["ranked_at_start"] == 0:
        sec.say("seg_migration_no_history", start=start)
    else:
        sec.say(
            "seg_rank_migration_active_text",
            start=start,
            end=end,
            active=rates["active"],
            up=rates["up"],
            down=rates["down"],
            stay=rates["stay"],
            lapsed=rates["lapsed"],
            new=rates["new"],
        )
        sec.tables["moves"] = Table(
            sec.summary,
            {
                "move": Column("seg_move", f"code:{MOVE_PREFIX}"),
                "customers": Column("customers", "count"),
                "share": Column("seg_move_share", "share"),
                "spend_change": Column("seg_spend_change", "money"),
            },
        )
    counts = rates["counts"]
    sec.metrics = {
        m.RANK_MIGRATION_UP: rates["up"],
        m.RANK_MIGRATION_DOWN: rates["down"],
        m.RANK_MIGRATION_STAY: rates["stay"],
        m.RANK_MIGRATION_COUNTS_UP: counts["up"],
        m.RANK_MIGRATION_COUNTS_DOWN: counts["down"],
        m.RANK_MIGRATION_COUNTS_STAY: counts["stay"],
        m.RANK_MIGRATION_COUNTS_NEW: rates["new"],
        m.RANK_MIGRATION_COUNTS_LAPSED: rates["lapsed"],
    }
    return sec


@dataclass(kw_only=True)
class AtRiskSection(Section):
    at_risk: pd.DataFrame  # every member who loses their rank by the horizon without buying
    shortfalls: pd.DataFrame  # also those their scheduled deliveries keep (``covered``)
    keep_by: dt.date


def ranks_at_risk(ds: Dataset, params: SegmentsParams, business: Business) -> AtRiskSection:
    """Members who lose their rank within ``rank_risk_horizon_days`` unless they buy more
    than their running subscriptions (定期便) deliver by then: how many, how many of the
    top rank, the median spend they need beyond those deliveries, how many the deliveries
    alone keep (not listed); the first ``rank_risk_rows`` listed (all in the artifact)."""
    tiers = business.rank_tiers
    shortfalls = rank_shortfalls(
        ds,
        tiers,
        horizon_days=params.rank_risk_horizon_days,
        window_months=business.rank_window_months,
        renewal_days=business.renewal_days,
        channel=business.subscription_channel,
    )
    at_risk = listed_at_risk(shortfalls)
    covered = int(shortfalls["covered"].sum())
    teiki = ds.has("subscriptions")
    keep_by = ds.observation_end + dt.timedelta(days=params.rank_risk_horizon_days)
    sec = AtRiskSection(at_risk=at_risk, shortfalls=shortfalls, keep_by=keep_by)
    if at_risk.empty:
        sec.say("seg_no_at_risk", keep_by=keep_by)
    else:
        values = {
            "keep_by": keep_by,
            "customers": len(at_risk),
            "top": int((at_risk["rank"] == rank_names(tiers)[0]).sum()),
            "gap": Amount(at_risk["gap"].median()),
            "rows": min(params.rank_risk_rows, len(at_risk)),
        }
        if teiki:
            sec.say("seg_at_risk_teiki_text", covered=covered, **values)
        else:
            sec.say("seg_at_risk_text", **values)
        columns = {
            "customer_id": Column("seg_customer_id"),
            "rank": Column("seg_rank"),
            "spend_12m": Column("seg_spend_12m", "money"),
            "spend_still_counting": Column("seg_spend_still_counting", "money"),
        }
        if teiki:
            columns["scheduled_amount"] = Column("seg_scheduled_amount", "money")
        columns["gap"] = Column("seg_gap_beyond_deliveries" if teiki else "seg_gap", "money")
        columns["last_purchase_date"] = Column("seg_last_purchase_date", "date")
        sec.tables["at_risk"] = Table(at_risk.head(params.rank_risk_rows), columns)
    sec.artifacts[artifacts.RANK_AT_RISK] = at_risk
    sec.metrics = {m.RANK_AT_RISK: len(at_risk)}
    if teiki:
        sec.metrics[m.RANK_AT_RISK_COVERED] = covered
    return sec


# ---------------------------------------------------------------- new and existing customers


@dataclass(kw_only=True)
class NewExistingSection(Section):
    monthly: pd.DataFrame  # per month: new-customer and repeat revenue
    window_days: int  # the F2 window


def new_and_existing(ds: Dataset, business: Business) -> NewExistingSection:
    """The trailing revenue share of repeat purchases, the F2 conversion and the median
    days to the second purchase."""
    days = business.f2_window_days
    repeat = repeat_revenue_share(ds)
    sec = NewExistingSection(
        heading="seg_new_existing_heading", monthly=monthly_new_vs_repeat(ds), window_days=days
    )
    sec.say("seg_repeat_text", share=repeat["repeat_share"])
    overall = f2_summary(second_purchases(ds), ds.observation_end, window_days=days).iloc[0]
    if overall["eligible"] == 0:
        sec.say("seg_no_f2", days=days)
    else:
        sec.say(
            "seg_f2_text",
            days=days,
            rate=overall["f2_rate"],
            eligible=int(overall["eligible"]),
            median=overall["median_days_to_second"],
        )
    sec.metrics = {
        m.REPEAT_REVENUE_SHARE: repeat["repeat_share"],
        m.F2_RATE: overall["f2_rate"],
        m.F2_WINDOW_DAYS: days,
        m.DAYS_TO_SECOND_PURCHASE_MEDIAN: overall["median_days_to_second"],
    }
    return sec


@dataclass(kw_only=True)
class ChannelSection(Section):
    by_channel: pd.DataFrame | None  # per acquisition channel: F2; None: no channel data
    window_days: int


def f2_by_channel(ds: Dataset, business: Business) -> ChannelSection:
    """F2 conversion per acquisition channel, the best and the worst named; said to be
    left out when the data has no acquisition channel."""
    days = business.f2_window_days
    sec = ChannelSection(by_channel=None, window_days=days)
    if not has_acquisition_channel(ds):
        sec.say("seg_no_channel")
        return sec
    by_channel = f2_summary(
        second_purchases(ds), ds.observation_end, window_days=days, by="acquisition_channel"
    )
    sec.by_channel = by_channel
    ranked = by_channel.dropna(subset=["f2_rate"]).sort_values("f2_rate")
    if len(ranked) >= 2:
        best, worst = ranked.iloc[-1], ranked.iloc[0]
        sec.say(
            "seg_f2_channel_text",
            best=Code(CHANNEL_PREFIX, best["acquisition_channel"]),
            best_rate=best["f2_rate"],
            worst=Code(CHANNEL_PREFIX, worst["acquisition_channel"]),
            worst_rate=worst["f2_rate"],
        )
    sec.tables["channels"] = Table(
        by_channel,
        {
            "acquisition_channel": Column("seg_channel", f"code:{CHANNEL_PREFIX}"),
            "customers": Column("customers", "count"),
            "eligible": Column("seg_eligible", "count"),
            "f2_rate": Column("seg_f2_rate", "share"),
            "median_days_to_second": Column("seg_median_days_to_second", "days"),
        },
    )
    sec.metrics = {
        m.F2_RATE_BY_CHANNEL: dict(
            zip(by_channel["acquisition_channel"], by_channel["f2_rate"], strict=True)
        )
    }
    return sec


@dataclass(kw_only=True)
class CohortSection(Section):
    by_cohort: pd.DataFrame  # per month of first purchase: F2
    retention: pd.DataFrame  # cohort x months since the first purchase: share who bought
    window_days: int


def cohorts(ds: Dataset, params: SegmentsParams, business: Business) -> CohortSection:
    """F2 conversion per month of first purchase, cohort retention and its mean in the
    first and the twelfth month."""
    days = business.f2_window_days
    by_cohort = f2_summary(
        second_purchases(ds), ds.observation_end, window_days=days, by="cohort_month"
    )
    retention = cohort_retention(ds, max_months=params.cohort_months)
    sec = CohortSection(by_cohort=by_cohort, retention=retention, window_days=days)
    month12 = retention[12].mean() if 12 in retention.columns else np.nan
    sec.say("seg_cohort_text", month1=retention[1].mean(), month12=month12)
    return sec


# ---------------------------------------------------------------- per-customer artifact


def customer_table(
    rfm: RfmSection,
    fixed: MigrationSection,
    ranks: RankSection,
    clusters: ClusterSection,
    history: Section | None = None,
) -> Section:
    """The per-customer artifact (``customer_segments``) from the sections above: RFM
    measures, scores and segments, cluster, rank; with ``history``
    (:func:`~crm_lib.segments.practice_report.segment_changes`) also the CPM cell, the
    fixed-cut-off segment and the cell before their last change and the month end at which
    each change was first seen (empty: none over the history), for triggers on a change."""
    labels = clusters.model.labels_ if clusters.model is not None else None
    table = customer_segment_table(rfm.rfm, fixed.fixed, ranks.ranks, clusters.features, labels)
    if history is not None:
        changes = history.history[
            ["customer_id", "segment_previous", "segment_changed_on", "cpm_cell"]
            + ["cpm_cell_previous", "cpm_cell_changed_on"]
        ]
        table = table.merge(changes, on="customer_id", how="left")
    sec = Section()
    sec.artifacts[artifacts.CUSTOMER_SEGMENTS] = table
    return sec


NOT_YET = "not_yet"  # segment_from of a customer who had not bought by the first date
MOVE_PREFIX = "seg_move_"  # label key prefix of a rank move (up, down, stay, lapsed, new)


def _path(source: str, target: str) -> Items:
    """A segment move as a sentence writes it (A → B)."""
    return Items((Code(SEGMENT_PREFIX, source), Code(SEGMENT_PREFIX, target)), "path_separator")


def migration_findings(flows: pd.DataFrame) -> list[tuple[float, str, dict]]:
    """The revenue effects of a segment migration (:func:`~crm_lib.segments.migration_flows`),
    largest absolute amount first: (amount, sentence key, values). New customers (from
    ``not_yet``): their trailing revenue, and the segment that holds most of it; among
    existing customers who changed segment, the move that gained most (if any gained) and
    the one that lost most (if any lost)."""
    findings = []
    new = flows[flows["source"] == NOT_YET]
    if not new.empty:
        total = float(new["revenue_change"].sum())
        top = new.loc[new["revenue_change"].idxmax()]
        values = {
            "new": int(new["customers"].sum()),
            "revenue": Amount(total),
            "segment": Code(SEGMENT_PREFIX, top["target"]),
            "segment_customers": int(top["customers"]),
            "segment_revenue": Amount(top["revenue_change"]),
        }
        findings.append((total, "seg_migration_new_text", values))
    moved = flows[(flows["source"] != NOT_YET) & (flows["source"] != flows["target"])]
    if not moved.empty and moved["revenue_change"].max() > 0:
        gain = moved.loc[moved["revenue_change"].idxmax()]
        values = {
            "gain_from": Code(SEGMENT_PREFIX, gain["source"]),
            "gain_to": Code(SEGMENT_PREFIX, gain["target"]),
            "customers": int(gain["customers"]),
            "gain": Amount(gain["revenue_change"]),
        }
        findings.append((float(gain["revenue_change"]), "seg_migration_gain_text", values))
    if not moved.empty and moved["revenue_change"].min() < 0:
        loss = moved.loc[moved["revenue_change"].idxmin()]
        values = {
            "loss_from": Code(SEGMENT_PREFIX, loss["source"]),
            "loss_to": Code(SEGMENT_PREFIX, loss["target"]),
            "customers": int(loss["customers"]),
            "loss": Amount(loss["revenue_change"]),
        }
        findings.append((float(loss["revenue_change"]), "seg_migration_loss_text", values))
    return sorted(findings, key=lambda f: -abs(f[0]))


def migration_effects(flows: pd.DataFrame, rows: int) -> pd.DataFrame:
    """One row for the new customers (all flows from ``not_yet``) and one per move of
    existing customers between two segments, the ``rows`` with the largest revenue change
    (either sign); largest absolute change first. ``move``: the cited row name,
    ``customers``, ``revenue_change`` (in the currency)."""
    new = flows[flows["source"] == NOT_YET]
    moved = flows[(flows["source"] != NOT_YET) & (flows["source"] != flows["target"])]
    moved = moved.loc[moved["revenue_change"].abs().sort_values(ascending=False).index[:rows]]
    table = pd.DataFrame(
        {
            "move": [_path(a, b) for a, b in zip(moved["source"], moved["target"], strict=True)],
            "customers": moved["customers"].to_numpy(),
            "revenue_change": moved["revenue_change"].to_numpy(dtype=float),
        }
    )
    if not new.empty:
        first = pd.DataFrame(
            {
                "move": [Label("seg_new_customers")],
                "customers": [int(new["customers"].sum())],
                "revenue_change": [float(new["revenue_change"].sum())],
            }
        )
        table = pd.concat([first, table], ignore_index=True)
    order = table["revenue_change"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)
