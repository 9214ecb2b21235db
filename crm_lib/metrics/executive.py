"""Metrics of the executive report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "executive"

GOALS = Metric("executive.goals", "record", "目標と実績", "Goals and actuals")
TOLERANCE = Metric("executive.tolerance", "share", "要注意とする不足幅", "At-risk tolerance")
TRENDS = Metric("executive.trends", "number", "KPIの推移", "KPI trends", keyed=True)
FINDINGS = Metric("executive.findings", "record", "所見", "Findings")
ACTIONS = Metric("executive.actions", "record", "推奨施策", "Recommended actions")

# the monthly business figures (crm_lib.executive.business), of the latest complete month
BUSINESS_MONTH = Metric("executive.business.month", "date", "対象月（初日）", "Month (first day)")
BUSINESS_DORMANCY_DAYS = Metric(
    "executive.business.dormancy_days",
    "days",
    "休眠とみなす無購入日数",
    "Days without purchase: dormant",
)
BUSINESS_REVENUE = Metric(
    "executive.business.revenue",
    "money",
    "月間売上（返品控除後）",
    "Monthly revenue (net of returns)",
    "up",
)
BUSINESS_ORDERS = Metric(
    "executive.business.orders", "count", "月間受注件数", "Monthly orders", "up"
)
BUSINESS_AOV = Metric(
    "executive.business.aov", "money", "客単価（1受注あたり）", "Average order value", "up"
)
BUSINESS_BUYERS = Metric(
    "executive.business.buyers",
    "count",
    "月間購入顧客数",
    "Customers who bought in the month",
    "up",
)
BUSINESS_NEW_CUSTOMERS = Metric(
    "executive.business.new_customers",
    "count",
    "新規顧客数（初回購入）",
    "New customers (first purchase)",
    "up",
)
BUSINESS_NEW_REVENUE = Metric(
    "executive.business.new_revenue", "money", "新規顧客の売上", "Revenue from new customers", "up"
)
BUSINESS_EXISTING_CUSTOMERS = Metric(
    "executive.business.existing_customers",
    "count",
    "既存顧客数（購入あり）",
    "Existing customers who bought",
    "up",
)
BUSINESS_EXISTING_REVENUE = Metric(
    "executive.business.existing_revenue",
    "money",
    "既存顧客の売上",
    "Revenue from existing customers",
    "up",
)
BUSINESS_ACTIVE_CUSTOMERS = Metric(
    "executive.business.active_customers",
    "count",
    "稼働顧客数（月末）",
    "Active customers (month end)",
    "up",
)
BUSINESS_DORMANT_CUSTOMERS = Metric(
    "executive.business.dormant_customers",
    "count",
    "休眠客数（月末）",
    "Dormant customers (month end)",
    "down",
)
BUSINESS_REACTIVATED_CUSTOMERS = Metric(
    "executive.business.reactivated_customers", "count", "休眠復帰数", "Reactivated customers", "up"
)
BUSINESS_MOM = Metric(
    "executive.business.mom",
    "ratio",
    "前月比（当月÷前月）",
    "vs previous month (this ÷ last)",
    keyed=True,
)
BUSINESS_YOY = Metric(
    "executive.business.yoy",
    "ratio",
    "前年同月比（当月÷前年同月）",
    "vs same month last year (this ÷ then)",
    keyed=True,
)
BUSINESS_MONTHS = Metric("executive.business.months", "record", "月次の推移", "Monthly figures")

#: figure of crm_lib.executive.business.FIGURES -> its metric
BUSINESS_FIGURES = {
    "revenue": BUSINESS_REVENUE,
    "orders": BUSINESS_ORDERS,
    "aov": BUSINESS_AOV,
    "buyers": BUSINESS_BUYERS,
    "new_customers": BUSINESS_NEW_CUSTOMERS,
    "new_revenue": BUSINESS_NEW_REVENUE,
    "existing_customers": BUSINESS_EXISTING_CUSTOMERS,
    "existing_revenue": BUSINESS_EXISTING_REVENUE,
    "active_customers": BUSINESS_ACTIVE_CUSTOMERS,
    "dormant_customers": BUSINESS_DORMANT_CUSTOMERS,
    "reactivated_customers": BUSINESS_REACTIVATED_CUSTOMERS,
}
