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
MISSING_CELLS = Metric("data_health.missing_cells", "count", "欠損セル数", "Empty cells", "down")
POSSIBLE_DUPLICATE_ORDERS = Metric(
    "data_health.possible_duplicate_orders",
    "count",
    "重複の疑いのある注文",
    "Possible duplicate orders",
    "down",
)
