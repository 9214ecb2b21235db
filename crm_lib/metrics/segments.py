"""Metrics of the segments report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "segments"

# RFM segments (quintiles)
CUSTOMERS = Metric("segments.customers", "count", "購入実績のある顧客数", "Customers who bought")
SEGMENT_SIZES = Metric(
    "segments.segment_sizes",
    "count",
    "RFMセグメント別の顧客数（採点は rfm_scoring）",
    "Customers per RFM segment (scored per rfm_scoring)",
    keyed=True,
)
SEGMENT_REVENUE_SHARE = Metric(
    "segments.segment_revenue_share",
    "share",
    "RFMセグメント別の累計売上の構成比（採点は rfm_scoring）",
    "Share of revenue to date per RFM segment (scored per rfm_scoring)",
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


RFM_SCORING = Metric(
    "segments.rfm_scoring",
    "code",
    "RFMの採点方法（固定基準／五分位）",
    "RFM scoring (fixed/quantile)",
)
CLUSTERS_STABILITY_MIN_ARI = Metric(
    "segments.clusters.stability_min_ari",
    "ratio",
    "クラスターの安定性：乱数を変えた再推定どうしの最低の調整ランド指数",
    "Cluster stability: lowest adjusted Rand index between any two seed refits",
    "up",
)
CLUSTERS_SUBSAMPLE_ARI = Metric(
    "segments.clusters.subsample_ari",
    "ratio",
    "クラスターの安定性：部分標本での再推定と全体の一致度（調整ランド指数の平均）",
    "Cluster stability: mean adjusted Rand index of subsample refits against the full fit",
    "up",
)
CLUSTERS_SUBSAMPLE_MIN_ARI = Metric(
    "segments.clusters.subsample_min_ari",
    "ratio",
    "クラスターの安定性：部分標本での再推定と全体の一致度（最低値）",
    "Cluster stability: lowest adjusted Rand index of a subsample refit against the full fit",
    "up",
)
CLUSTERS_SUBSAMPLE_K = Metric(
    "segments.clusters.subsample_k",
    "count",
    "部分標本での再推定が選んだクラスター数（k別の回数）",
    "Subsample refits choosing each number of clusters k",
    keyed=True,
)
CLUSTERS_FITTED = Metric(
    "segments.clusters.fitted",
    "count",
    "クラスターの推定に使った顧客数（層別標本）",
    "Customers the clusters were fitted on (stratified sample)",
)
SEGMENT_MIGRATION_NEW_REVENUE = Metric(
    "segments.segment_migration.new_revenue",
    "money",
    "期間中の新規顧客の直近12か月売上",
    "Trailing-12-month revenue of the customers new between the two dates",
    "up",
)
SEGMENT_MIGRATION_EXISTING_CHANGE = Metric(
    "segments.segment_migration.existing_revenue_change",
    "money",
    "既存顧客の直近12か月売上の前年差",
    "Change in trailing-12-month revenue of the existing customers",
    "up",
)
RANK_MIGRATION_COUNTS_LAPSED = Metric(
    "segments.rank_migration_counts.lapsed",
    "count",
    "両期間とも購入のない（ランクだけが残る）顧客",
    "Ranked customers with no spend in either window",
    "down",
)
RANK_AT_RISK_COVERED = Metric(
    "segments.rank_at_risk_covered",
    "count",
    "定期便の予定お届けでランクを維持できる顧客",
    "Members whose scheduled subscription deliveries keep their rank",
    requires=("subscriptions",),
)
# CPM (customer portfolio management)
CPM_CELL_SIZES = Metric(
    "segments.cpm.cell_sizes",
    "count",
    "CPMの客層別の顧客数",
    "Customers per CPM cell",
    keyed=True,
)
CPM_CELL_REVENUE_SHARE = Metric(
    "segments.cpm.cell_revenue_share",
    "share",
    "CPMの客層別の累計売上の構成比",
    "Share of revenue to date per CPM cell",
    keyed=True,
)
CPM_LAPSED = Metric(
    "segments.cpm.lapsed",
    "count",
    "離脱客（休眠客の掘り起こし対象）",
    "Lapsed customers (reactivation list)",
    "down",
)
CPM_MIGRATION_NEW = Metric(
    "segments.cpm.migration.new",
    "count",
    "期間中に新たに顧客になった人数",
    "Customers new between the two dates",
    "up",
)
CPM_MIGRATION_PROMOTED = Metric(
    "segments.cpm.migration.promoted",
    "count",
    "上の客層に育った顧客",
    "Customers who moved up a stage",
    "up",
)
CPM_MIGRATION_LAPSED = Metric(
    "segments.cpm.migration.lapsed",
    "count",
    "現役から離脱した顧客",
    "Active customers who lapsed",
    "down",
)
CPM_MIGRATION_REACTIVATED = Metric(
    "segments.cpm.migration.reactivated",
    "count",
    "離脱から現役に戻った顧客",
    "Lapsed customers who came back",
    "up",
)

# deciles
DECILE_REVENUE_SHARE = Metric(
    "segments.decile.revenue_share",
    "share",
    "デシル別の売上構成比",
    "Share of revenue per decile",
    keyed=True,
)
DECILE_TOP_SHARE = Metric(
    "segments.decile.top_share",
    "share",
    "デシル1（上位10%）の売上構成比",
    "Revenue share of decile 1 (top 10 %)",
)
DECILE_WINDOW_MONTHS = Metric(
    "segments.decile.window_months", "count", "デシル分析の集計月数", "Decile window (months)"
)

# F-conversion ladder
LADDER_RATES = Metric(
    "segments.f_ladder.rates",
    "share",
    "F転換率（F1→F2、F2→F3 …）",
    "F conversion rates (F1→F2, F2→F3 ...)",
    "up",
    keyed=True,
)
LADDER_WINDOW_DAYS = Metric(
    "segments.f_ladder.window_days", "days", "F転換の判定期間", "F conversion window"
)
LADDER_RATES_BY_CHANNEL = Metric(
    "segments.f_ladder.rates_by_channel",
    "share",
    "獲得チャネル別のF転換率",
    "F conversion rates per acquisition channel",
    "up",
    keyed=True,
    requires=("customers",),
)

# segment history
HISTORY_SEGMENT_CHANGED = Metric(
    "segments.history.segment_changed",
    "count",
    "直近の月末からRFMセグメントが変わった顧客",
    "Customers whose RFM segment changed at the last snapshot",
)
HISTORY_CELL_CHANGED = Metric(
    "segments.history.cpm_cell_changed",
    "count",
    "直近の月末からCPMの客層が変わった顧客",
    "Customers whose CPM cell changed at the last snapshot",
)
