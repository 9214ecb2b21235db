"""Customer segmentation: RFM segments, behavioural clusters, membership ranks (会員ランク)
and new vs existing customers. Every per-customer figure is computed as SQL in the engine
(``Dataset.con``) on the canonical tables, with the one definition of a purchase and the
per-customer measures of :mod:`crm_lib.features`; amounts in the data's currency
(``business.currency``), durations in days. :mod:`crm_lib.segments.report` assembles the
segments report section by section.
"""

from crm_lib.segments.clusters import (
    FEATURES,
    BehaviourClusters,
    cluster_features,
    cluster_profiles,
)
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
    lorenz_curve,
    membership_ranks,
    migration_rates,
    rank_distribution,
    rank_migration,
    rank_names,
    ranks_at_risk,
    revenue_concentration,
)
from crm_lib.segments.rfm import (
    SEGMENT_PREFIX,
    SEGMENT_RULES,
    SEGMENTS,
    RfmCutoffs,
    rfm_scores,
    segment_migration,
    segment_summary,
)
from crm_lib.segments.table import customer_segment_table

__all__ = [
    "FEATURES",
    "SEGMENTS",
    "SEGMENT_PREFIX",
    "SEGMENT_RULES",
    "BehaviourClusters",
    "RfmCutoffs",
    "cluster_features",
    "cluster_profiles",
    "cohort_retention",
    "customer_segment_table",
    "f2_summary",
    "has_acquisition_channel",
    "lorenz_curve",
    "membership_ranks",
    "migration_flows",
    "migration_matrix",
    "migration_rates",
    "monthly_new_vs_repeat",
    "rank_distribution",
    "rank_migration",
    "rank_names",
    "ranks_at_risk",
    "repeat_revenue_share",
    "revenue_concentration",
    "rfm_scores",
    "second_purchases",
    "segment_migration",
    "segment_summary",
]
