"""Per-customer aggregations, defined once in SQL and run by the engine.

Each definition is a SQL expression over the canonical ``transactions`` table, written
in DuckDB's dialect. :func:`customer_summary_sql` can emit the same query in another
dialect (``spark``, ``snowflake``, ``bigquery`` ...) through sqlglot, so that the same
definitions run on a distributed engine when the data outgrows one machine.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import sqlglot

# name -> aggregate expression over transactions of one customer up to the as-of date.
# {as_of} is the as-of date literal. Amounts in the data's currency, durations in days.
CUSTOMER_SUMMARY = {
    "first_order_date": "min(order_date) FILTER (WHERE amount >= 0)",
    "last_order_date": "max(order_date) FILTER (WHERE amount >= 0)",
    "orders": "count(*) FILTER (WHERE amount >= 0)",
    "order_days": "count(DISTINCT order_date) FILTER (WHERE amount >= 0)",
    "revenue_gross": "coalesce(sum(amount) FILTER (WHERE amount >= 0), 0)",
    "returns": "count(*) FILTER (WHERE amount < 0)",
    "return_amount": "coalesce(-sum(amount) FILTER (WHERE amount < 0), 0)",
    "revenue_net": "sum(amount)",
    "avg_order_value": "avg(amount) FILTER (WHERE amount >= 0)",
    "recency_days": "date_diff('day', max(order_date) FILTER (WHERE amount >= 0), {as_of})",
    "tenure_days": "date_diff('day', min(order_date) FILTER (WHERE amount >= 0), {as_of})",
}


def customer_summary_sql(
    as_of: dt.date, *, table: str = "transactions", dialect: str = "duckdb"
) -> str:
    """SQL for one row per customer with every :data:`CUSTOMER_SUMMARY` column.

    Only orders on or before ``as_of`` count; a customer with only returns has empty
    order dates. ``dialect`` is any sqlglot dialect name.
    """
    as_of_sql = f"DATE '{as_of.isoformat()}'"
    columns = ",\n       ".join(
        f"{expr.format(as_of=as_of_sql)} AS {name}" for name, expr in CUSTOMER_SUMMARY.items()
    )
    sql = f"""SELECT customer_id,
       {columns}
FROM {table}
WHERE order_date <= {as_of_sql}
GROUP BY customer_id
ORDER BY customer_id"""
    if dialect == "duckdb":
        return sql
    return sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True)[0]


def customer_summary(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """One row per customer as of ``as_of``: order dates, counts, revenue, recency, tenure."""
    return con.execute(customer_summary_sql(as_of)).df()
