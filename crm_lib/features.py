"""Per-customer definitions, once, in SQL run by the engine: what a purchase is, and the
measures every report counts with it.

**A purchase** is an order with a non-negative amount (:data:`PURCHASE`): zero-amount
orders (a free sample, a fully discounted order) count, returns and refunds (negative
amounts, :data:`RETURN`) do not; they are netted from revenue. **Orders** counts purchase
rows, **purchase days** the distinct days with a purchase (several orders on one day are one
purchase occasion, as the LTV models count them). Segments, churn, the KPIs and LTV read
these definitions; ``frequency`` is used only inside ``crm_lib.ltv``, where it is the
literature's term (repeat purchase days).

Each measure is an aggregate over the canonical ``transactions`` table, written in DuckDB's
dialect; :func:`customer_summary_sql` can emit the same query in another dialect
(``spark``, ``snowflake``, ``bigquery`` ...) through sqlglot, so that the same definitions
run on a distributed engine when the data outgrows one machine.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlglot

from crm_lib.dataset import Dataset
from crm_lib.engine import customer_table

PURCHASE = "amount >= 0"  # an order that is a purchase
RETURN = "amount < 0"  # a return or refund

# name -> aggregate expression over one customer's transactions up to the as-of date.
# {as_of} is the as-of date literal. Amounts in the data's currency, durations in days.
CUSTOMER_SUMMARY = {
    "first_purchase_date": f"min(order_date) FILTER (WHERE {PURCHASE})",
    "last_purchase_date": f"max(order_date) FILTER (WHERE {PURCHASE})",
    "orders": f"count(*) FILTER (WHERE {PURCHASE})",
    "purchase_days": f"count(DISTINCT order_date) FILTER (WHERE {PURCHASE})",
    "revenue_gross": f"coalesce(sum(amount) FILTER (WHERE {PURCHASE}), 0)",
    "returns": f"count(*) FILTER (WHERE {RETURN})",
    "return_amount": f"coalesce(-sum(amount) FILTER (WHERE {RETURN}), 0)",
    "revenue_net": "sum(amount)",
    "avg_order_value": f"avg(amount) FILTER (WHERE {PURCHASE})",
    "recency_days": f"date_diff('day', max(order_date) FILTER (WHERE {PURCHASE}), {{as_of}})",
    "tenure_days": f"date_diff('day', min(order_date) FILTER (WHERE {PURCHASE}), {{as_of}})",
}


def date_literal(day: dt.date) -> str:
    """A date as a SQL literal (``DATE '2025-12-31'``)."""
    return f"DATE '{pd.Timestamp(day).date().isoformat()}'"


def customer_summary_sql(
    as_of: dt.date,
    *,
    table: str = "transactions",
    dialect: str = "duckdb",
    purchasers_only: bool = False,
) -> str:
    """SQL for one row per customer with every :data:`CUSTOMER_SUMMARY` column.

    Only orders on or before ``as_of`` count; a customer with only returns has empty
    purchase dates (left out with ``purchasers_only``). ``dialect``: any sqlglot dialect.
    """
    as_of_sql = date_literal(as_of)
    columns = ",\n       ".join(
        f"{expr.format(as_of=as_of_sql)} AS {name}" for name, expr in CUSTOMER_SUMMARY.items()
    )
    having = f"\nHAVING count(*) FILTER (WHERE {PURCHASE}) > 0" if purchasers_only else ""
    sql = f"""SELECT customer_id,
       {columns}
FROM {table}
WHERE order_date <= {as_of_sql}
GROUP BY customer_id{having}
ORDER BY customer_id"""
    if dialect == "duckdb":
        return sql
    return sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True)[0]


def purchase_days_sql(as_of: dt.date, *, table: str = "transactions") -> str:
    """SQL for one row per customer and purchase day up to ``as_of``: ``customer_id``,
    ``day`` and ``value`` (that day's gross purchases, in the currency)."""
    return f"""SELECT customer_id, order_date AS day, sum(amount) AS value
FROM {table} WHERE {PURCHASE} AND order_date <= {date_literal(as_of)}
GROUP BY customer_id, order_date"""


def first_two_purchase_days_sql(as_of: dt.date) -> str:
    """SQL for one row per customer who bought by ``as_of``: ``customer_id``, ``first_day``
    and ``second_day`` (their first and second purchase day; NULL without a second), the
    inputs of F2 conversion."""
    return f"""WITH days AS ({purchase_days_sql(as_of)}),
     nth AS (SELECT customer_id, day,
                    row_number() OVER (PARTITION BY customer_id ORDER BY day) AS n FROM days)
SELECT customer_id, min(day) FILTER (WHERE n = 1) AS first_day,
       min(day) FILTER (WHERE n = 2) AS second_day
FROM nth WHERE n <= 2 GROUP BY customer_id"""


def customer_summary(ds: Dataset, as_of: dt.date, *, purchasers_only: bool = False):
    """One row per customer as of ``as_of``: purchase dates, counts, revenue, recency,
    tenure (see :data:`CUSTOMER_SUMMARY`). Read from Spark's table when the run built it."""
    return customer_table(ds.con, customer_summary_sql(as_of, purchasers_only=purchasers_only))
