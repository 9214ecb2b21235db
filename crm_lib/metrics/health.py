"""Metrics of the data-health report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "data_health"

TRANSACTIONS = Metric("data_health.transactions", "count", "取引件数", "Transactions")
CUSTOMERS = Metric("data_health.customers", "count", "顧客数", "Customers")
REVENUE = Metric("data_health.revenue", "money", "純売上", "Net revenue", "up")
FIRST_ORDER_DATE = Metric("data_health.first_order_date", "date", "最初の注文日", "First order")
LAST_ORDER_DATE = Metric("data_health.last_order_date", "date", "最後の注文日", "Last order")
TABLES = Metric("data_health.tables", "count", "テーブル別の行数", "Rows per table", keyed=True)
ROWS_AFTER_OBSERVATION_END = Metric(
    "data_health.rows_after_observation_end",
    "count",
    "観測終了日より後の注文（除外）",
    "Orders after the observation end (left out)",
)
CUSTOMER_COVERAGE = Metric(
    "data_health.customer_coverage",
    "share",
    "顧客マスタにある購買顧客の割合",
    "Share of buying customers in the customer table",
    "up",
    requires=("customers",),
)
RETURNS_SHARE_OF_ROWS = Metric(
    "data_health.returns.share_of_rows", "share", "返品の行の割合", "Returns: share of rows", "down"
)
RETURNS_SHARE_OF_SALES = Metric(
    "data_health.returns.share_of_sales",
    "share",
    "返品額の売上に対する割合",
    "Returns: share of sales",
    "down",
)
MISSING_CELLS = Metric(
    "data_health.missing_cells",
    "count",
    "欠損セル数（設計上の空欄を除く）",
    "Empty cells (apart from those by design)",
    "down",
)
POSSIBLE_DUPLICATE_ORDERS = Metric(
    "data_health.possible_duplicate_orders",
    "count",
    "重複の疑いのある注文",
    "Possible duplicate orders",
    "down",
)


BY_DESIGN_EMPTY_CELLS = Metric(
    "data_health.by_design_empty_cells",
    "count",
    "設計上の空欄（欠損に数えない）",
    "Empty cells by design (not gaps)",
)
CHECK_PROBLEMS = Metric(
    "data_health.checks.problems",
    "count",
    "問題が見つかったチェックの数",
    "Checks that found a problem",
    "down",
)
UNMATCHED_RETURNS = Metric(
    "data_health.checks.unmatched_returns",
    "count",
    "対応する購入のない返品",
    "Returns without a matching purchase",
    "down",
)
ORPHAN_ROWS = Metric(
    "data_health.checks.orphan_rows",
    "count",
    "参照先のないIDを持つ行（テーブル・列別）",
    "Rows whose id matches nothing (per table and column)",
    "down",
    keyed=True,
)
MONTH_GAPS = Metric(
    "data_health.checks.month_gaps",
    "count",
    "観測期間中の注文のない月",
    "Months without orders inside the span",
    "down",
)
EXTREME_AMOUNTS = Metric(
    "data_health.checks.extreme_amounts",
    "count",
    "極端な金額の取引",
    "Transactions with an extreme amount",
    "down",
)
EXTREME_AMOUNT_THRESHOLD = Metric(
    "data_health.checks.extreme_amount_threshold",
    "money",
    "極端な金額の基準",
    "Threshold of an extreme amount",
)
CODE_RENAMES = Metric(
    "data_health.checks.code_renames",
    "count",
    "途中で名前が変わったとみられるコードの組",
    "Code pairs that look renamed part-way",
    "down",
)
