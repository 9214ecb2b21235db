"""Metrics of the segments report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "segments"

# RFM segments (quintiles)
CUSTOMERS = Metric("segments.customers", "count", "購入実績のある顧客数", "Customers who bought")
SEGMENT_SIZES = Metric(
    "segments.segment_sizes",
    "count",
    "RFMセグメント別の顧客数（五分位）",
    "Customers per RFM segment (quintiles)",
    keyed=True,
)
SEGMENT_REVENUE_SHARE = Metric(
    "segments.segment_revenue_share",
    "share",
    "RFMセグメント別の累計売上の構成比（五分位）",
    "Share of revenue to date per RFM segment (quintiles)",
    keyed=True,
)

# fixed cut-offs and migration
SEGMENT_SIZES_FIXED = Metric(
    "segments.segment_sizes_fixed",
    "count",
    "RFMセグメント別の顧客数（固定基準）",
    "Customers per RFM segment (fixed cut-offs)",
    keyed=True,
)
SEGMENT_MIGRATION_FROM = Metric(
    "segments.segment_migration.from", "date", "セグメント移動の比較開始日", "Migration: first date"
)
SEGMENT_MIGRATION_TO = Metric(
    "segments.segment_migration.to", "date", "セグメント移動の比較終了日", "Migration: second date"
)
SEGMENT_MIGRATION_STAYED = Metric(
    "segments.segment_migration.stayed",
    "count",
    "同じセグメントにとどまった顧客",
    "Customers who stayed in their segment",
)
SEGMENT_MIGRATION_MOVED = Metric(
    "segments.segment_migration.moved",
    "count",
    "セグメントを移った顧客",
    "Customers who changed segment",
)
SEGMENT_MIGRATION_NEW = Metric(
    "segments.segment_migration.new",
    "count",
    "期間中に新たに顧客になった人数",
    "Customers new between the two dates",
    "up",
)

# behavioural clusters
CLUSTERS_K = Metric("segments.clusters.k", "count", "クラスター数", "Number of clusters")
CLUSTERS_STABILITY_ARI = Metric(
    "segments.clusters.stability_ari",
    "ratio",
    "クラスターの安定性（調整ランド指数）",
    "Cluster stability (adjusted Rand index)",
    "up",
)
CLUSTERS_METHOD = Metric(
    "segments.clusters.method", "code", "クラスタリングの手法", "Clustering method"
)
CLUSTERS_CRITERION = Metric(
    "segments.clusters.criterion", "code", "クラスター数の選択基準", "Criterion choosing k"
)
CLUSTERS_CUSTOMERS = Metric(
    "segments.clusters.customers", "count", "クラスター分析の対象顧客数", "Customers clustered"
)
CLUSTERS_SIZES = Metric(
    "segments.clusters.sizes",
    "count",
    "クラスター別の顧客数",
    "Customers per cluster",
    keyed=True,
)

# membership ranks and revenue concentration
RANK_COUNTS = Metric(
    "segments.rank_counts", "count", "会員ランク別の顧客数", "Customers per rank", keyed=True
)
TOP20_REVENUE_SHARE = Metric(
    "segments.top20_revenue_share",
    "share",
    "上位20%の顧客の売上シェア（直近12か月）",
    "Revenue share of the top 20 % of customers (trailing 12 months)",
)
GINI = Metric(
    "segments.gini", "ratio", "購入金額のジニ係数（直近12か月）", "Gini of trailing spend"
)
RANK_MIGRATION_UP = Metric(
    "segments.rank_migration.up", "share", "ランクアップした顧客の割合", "Share ranked up", "up"
)
RANK_MIGRATION_DOWN = Metric(
    "segments.rank_migration.down",
    "share",
    "ランクダウンした顧客の割合",
    "Share ranked down",
    "down",
)
RANK_MIGRATION_STAY = Metric(
    "segments.rank_migration.stay", "share", "同じランクの顧客の割合", "Share who kept their rank"
)
RANK_MIGRATION_COUNTS_UP = Metric(
    "segments.rank_migration_counts.up",
    "count",
    "ランクアップした顧客",
    "Customers ranked up",
    "up",
)
RANK_MIGRATION_COUNTS_DOWN = Metric(
    "segments.rank_migration_counts.down",
    "count",
    "ランクダウンした顧客",
    "Customers ranked down",
    "down",
)
RANK_MIGRATION_COUNTS_STAY = Metric(
    "segments.rank_migration_counts.stay",
    "count",
    "同じランクの顧客",
    "Customers who kept their rank",
)
RANK_MIGRATION_COUNTS_NEW = Metric(
    "segments.rank_migration_counts.new",
    "count",
    "期間中に新たにランクが付いた顧客",
    "Customers new between the two dates",
    "up",
)
RANK_AT_RISK = Metric(
    "segments.rank_at_risk",
    "count",
    "購入がなければランクを失う顧客",
    "Customers who lose their rank unless they buy",
    "down",
)

# new and existing customers
REPEAT_REVENUE_SHARE = Metric(
    "segments.repeat_revenue_share",
    "share",
    "既存顧客（リピート）の売上シェア（直近12か月）",
    "Share of revenue from repeat purchases (trailing 12 months)",
    "up",
)
F2_RATE = Metric("segments.f2_rate", "share", "F2転換率", "F2 conversion (second purchase)", "up")
F2_WINDOW_DAYS = Metric("segments.f2_window_days", "days", "F2の判定期間", "F2 window")
DAYS_TO_SECOND_PURCHASE_MEDIAN = Metric(
    "segments.days_to_second_purchase_median",
    "days",
    "2回目購入までの日数（中央値）",
    "Days to the second purchase (median)",
    "down",
)
F2_RATE_BY_CHANNEL = Metric(
    "segments.f2_rate_by_channel",
    "share",
    "獲得チャネル別のF2転換率",
    "F2 conversion per acquisition channel",
    "up",
    keyed=True,
    requires=("customers",),
)
