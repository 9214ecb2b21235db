"""Metrics of the customer-journey report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "journey"

# --- journey data
PEOPLE = Metric("journey.people", "count", "ジャーニーの人数", "People in the journeys")
PROSPECTS = Metric(
    "journey.prospects", "count", "うち購入前の見込み客", "Of them prospects (no order)"
)
SOURCE = Metric(
    "journey.source", "code", "ジャーニーの元データ", "Journeys built from (events | transactions)"
)
STAGES = Metric("journey.stages", "code", "ステージ（順に）", "Stages, in journey order")

# --- funnel
STAGE_COUNTS = Metric(
    "journey.stage_counts",
    "count",
    "ステージ別の人数（クローズドファネル）",
    "People per stage (closed funnel)",
    keyed=True,
)
STAGE_REACH = Metric(
    "journey.stage_reach",
    "count",
    "ステージに到達した人数（オープンファネル）",
    "People who ever reached each stage (open funnel)",
    keyed=True,
)
CONVERSION = Metric(
    "journey.conversion",
    "share",
    "ステージ間の転換率（クローズドファネル）",
    "Conversion per transition (closed funnel)",
    "up",
    keyed=True,
)
CONVERSION_WINDOW_DAYS = Metric(
    "journey.conversion_window_days",
    "days",
    "次のステージまでの期限（0：制限なし）",
    "Days allowed to the next stage (0: no limit)",
)
DROP_OFF_FROM = Metric(
    "journey.largest_drop_off.from_stage", "code", "最大の離脱：前の段階", "Largest drop-off: from"
)
DROP_OFF_TO = Metric(
    "journey.largest_drop_off.to_stage", "code", "最大の離脱：次の段階", "Largest drop-off: to"
)
DROP_OFF_LOST = Metric(
    "journey.largest_drop_off.lost", "count", "最大の離脱：人数", "Largest drop-off: people", "down"
)
DROP_OFF_SHARE = Metric(
    "journey.largest_drop_off.lost_share",
    "share",
    "最大の離脱：割合",
    "Largest drop-off: share",
    "down",
)

# --- time to convert
MEDIAN_DAYS = Metric(
    "journey.median_days",
    "days",
    "次のステージまでの日数（中央値）",
    "Median days to the next stage",
    "down",
    keyed=True,
)

# --- breakdowns: conversion at the largest drop-off, per group of each dimension
CONVERSION_BY_TRANSITION = Metric(
    "journey.conversion_by.transition",
    "code",
    "内訳を見る遷移（最大の離脱）",
    "Transition broken down (the largest drop-off)",
)
CONVERSION_BY = {
    "acquisition_channel": Metric(
        "journey.conversion_by.acquisition_channel",
        "share",
        "獲得チャネル別の転換率",
        "Conversion by acquisition channel",
        "up",
        keyed=True,
        requires=("customers",),
    ),
    "cohort_month": Metric(
        "journey.conversion_by.cohort_month",
        "share",
        "初回接点の月別の転換率",
        "Conversion by month of first touch",
        "up",
        keyed=True,
    ),
    "value_segment": Metric(
        "journey.conversion_by.value_segment",
        "share",
        "初回購入額の層別の転換率",
        "Conversion by first-order value segment",
        "up",
        keyed=True,
    ),
}
CONVERSION_BY_ACQUISITION = CONVERSION_BY["acquisition_channel"]
CONVERSION_BY_COHORT = CONVERSION_BY["cohort_month"]
CONVERSION_BY_VALUE = CONVERSION_BY["value_segment"]

# --- map of marketing measures (campaign sends and touch events)
GAPS = Metric(
    "journey.gaps",
    "code",
    "施策が届いていないステージ",
    "Stages no measure reaches (gaps)",
    requires=("events",),
)
DUPLICATION = Metric(
    "journey.duplication",
    "share",
    "ステージ別：複数の施策が届いた人の割合",
    "Per stage: share of the people reached who get two or more measures",
    "down",
    keyed=True,
    requires=("events",),
)
COVERAGE = Metric(
    "journey.coverage",
    "share",
    "ステージ別：施策が届いた人の割合",
    "Per stage: share of its people reached by a measure",
    "up",
    keyed=True,
    requires=("events",),
)
DUPLICATED_STAGES = Metric(
    "journey.duplicated_stages",
    "code",
    "施策が重複しているステージ",
    "Stages where measures overlap (duplication)",
    requires=("events",),
)

# --- churned vs retained customers
CHURNED = Metric(
    "journey.churn_groups.churned", "count", "比較した離反顧客", "Churned customers compared"
)
RETAINED = Metric(
    "journey.churn_groups.retained", "count", "比較した継続顧客", "Retained customers compared"
)
DIVERGENCE_STEP = Metric(
    "journey.divergence.step",
    "number",
    "離反顧客と継続顧客の経路が分かれる歩数",
    "Step at which churned and retained paths diverge",
)
DIVERGENCE_DISTANCE = Metric(
    "journey.divergence.distance",
    "share",
    "分かれる歩での行動の違い（全変動距離）",
    "Difference of the event mix there (total variation distance)",
)
DIVERGENCE_EVENT = Metric(
    "journey.divergence.event_type",
    "code",
    "分かれる歩で最も差のある行動",
    "Event that differs most there",
)
DIVERGENCE_DIFFERENCE = Metric(
    "journey.divergence.difference",
    "share",
    "その行動の割合の差（離反−継続）",
    "Its share among churned minus among retained customers",
)

# --- satisfaction
SATISFACTION = Metric(
    "journey.satisfaction",
    "number",
    "満足度（0〜100）：次元・ステージ別",
    "Satisfaction (0-100) per dimension and stage",
    "up",
    keyed=True,
    requires=("feedback",),
)
