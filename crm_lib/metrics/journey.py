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


# --- right-censoring, late entry, programmes, trended funnel
CENSORED = Metric(
    "journey.censored",
    "count",
    "ステージ間：観察期間が足りず判定できない人数（打ち切り）",
    "Per transition: people not yet observed for the whole window (right-censored)",
    keyed=True,
)
LATE_ENTRANTS = Metric(
    "journey.late_entrants",
    "count",
    "最初のステージより先に途中のステージから入った人数",
    "People who entered mid-way (a later stage before the first one)",
)
DUPLICATION_WINDOW_DAYS = Metric(
    "journey.duplication_window_days",
    "days",
    "重複とみなす2つの施策の間隔（日）",
    "Days within which two programmes count as duplication",
    requires=("events",),
)
PROGRAMMES = Metric(
    "journey.programmes",
    "count",
    "施策プログラムの数（号違いのメールマガジンは1つ）",
    "Campaign programmes (issues of one newsletter count once)",
    requires=("events", "contacts"),
)
TREND = Metric(
    "journey.conversion_trend",
    "share",
    "コホート期間別の転換率（遷移→期間）",
    "Conversion by cohort period (transition -> period)",
    "up",
    keyed=True,
)
TREND_CENSORED_FROM = Metric(
    "journey.conversion_trend_censored_from",
    "code",
    "打ち切りを含む最初のコホート期間",
    "First cohort period with right-censored people",
)
TREND_PERIOD = Metric(
    "journey.trend_period", "code", "コホート期間の単位", "Cohort period (month | quarter)"
)
# --- between purchases n and n+1 (journeys aligned on purchase number)
LAPSE_DAYS = Metric(
    "journey.between.lapse_days",
    "days",
    "購入途絶とみなす購入後の日数",
    "Days without purchase: lapsed",
)
BETWEEN_INTERVALS = Metric(
    "journey.between.intervals",
    "count",
    "購入回数別：結果が分かる顧客数",
    "Per purchase number: customers with a known outcome",
    keyed=True,
)
BETWEEN_LAPSE_RATE = Metric(
    "journey.between.lapse_rate",
    "share",
    "購入回数別：次の購入がなく購入途絶となった割合",
    "Per purchase number: share who lapsed before the next purchase",
    "down",
    keyed=True,
)
BETWEEN_FLAGGED = Metric(
    "journey.between.flagged",
    "code",
    "購入回数別：購入途絶率に差がある出来事（FDR調整後）",
    "Per purchase number: items whose lapse rate differs (after FDR control)",
    keyed=True,
)
BETWEEN_DIFFERENCE = Metric(
    "journey.between.lapse_difference",
    "share",
    "その出来事があった人となかった人の購入途絶率の差",
    "Lapse rate with the item minus without (flagged items)",
    keyed=True,
)
BETWEEN_REPURCHASE_DROP = Metric(
    "journey.between.repurchase_drop",
    "share",
    "その出来事があった人の再購入率の相対的な低下",
    "Relative drop of the repurchase rate with the item (flagged items)",
    keyed=True,
)
# --- paths read backwards from an end point
BACKWARD_END_POINTS = Metric(
    "journey.backwards.end_points",
    "count",
    "終点（購入途絶・定期便解約）別の比較した件数",
    "End points compared, per kind (lapse, cancellation)",
    keyed=True,
)
BACKWARD_TOP = Metric(
    "journey.backwards.top_item",
    "code",
    "終点の前に最も多い出来事",
    "Most common item before the end point, per kind",
    keyed=True,
)
BACKWARD_FLAGGED = Metric(
    "journey.backwards.flagged",
    "code",
    "終点の前に同じ顧客の以前の期間と比べて差がある出来事",
    "Items whose share before the end differs from the same customers' earlier period",
    keyed=True,
)
