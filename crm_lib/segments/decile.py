"""Decile analysis (デシル分析): the customers who bought in a window, ranked by their net
spend in it and cut into ten groups of equal size (decile 1 = the highest spenders).

A group's size differs from another's by at most one customer (ties in spend are broken
by customer id, so the cut is reproducible). Spend is net of the returns in the window,
in the data's currency; the average order value is gross purchase amount per purchase.
One large order can lift a customer, or a whole small decile, to the top: the summary
carries each decile's largest single order and its customers with one order only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.features import PURCHASE

DECILES = 10


def decile_sql(window_months: int) -> str:
    """The per-decile query; parameter ``$end``: the window is (end - months, end]."""
    return f"""
WITH window_tx AS (
    SELECT customer_id, amount FROM transactions
    WHERE order_date <= $end
      AND order_date > CAST($end AS DATE) - INTERVAL {int(window_months)} MONTH
), per_customer AS (
    SELECT customer_id, sum(amount) AS spend,
           count(*) FILTER (WHERE {PURCHASE}) AS orders,
           coalesce(sum(amount) FILTER (WHERE {PURCHASE}), 0) AS gross,
           max(amount) FILTER (WHERE {PURCHASE}) AS largest_order
    FROM window_tx GROUP BY customer_id
    HAVING count(*) FILTER (WHERE {PURCHASE}) > 0
), ranked AS (
    SELECT *, ntile({DECILES}) OVER (ORDER BY spend DESC, customer_id) AS decile
    FROM per_customer
)
SELECT decile, count(*) AS customers, sum(spend) AS revenue, sum(orders) AS orders,
       sum(gross) AS gross, min(spend) AS min_spend, max(spend) AS max_spend,
       max(largest_order) AS largest_order,
       count(*) FILTER (WHERE orders = 1) AS one_order_customers
FROM ranked GROUP BY decile ORDER BY decile"""


def decile_table(ds: Dataset, *, window_months: int = 12, end: dt.date | None = None):
    """Per decile (1 = top spenders in the ``window_months`` up to ``end``, default the
    observation end): customers, net revenue, its share and cumulative share (0-1),
    orders, average order value, lowest and highest customer spend, the largest single
    order and its share of the decile's revenue, customers with one order (currency)."""
    frame = ds.con.execute(decile_sql(window_months), {"end": end or ds.observation_end}).df()
    total = frame["revenue"].sum()
    frame["revenue_share"] = frame["revenue"] / total if total else 0.0
    frame["cumulative_share"] = frame["revenue_share"].cumsum()
    frame["avg_order_value"] = frame["gross"] / frame["orders"].where(frame["orders"] > 0)
    revenue = frame["revenue"].where(frame["revenue"] > 0)
    frame["largest_order_share"] = frame["largest_order"] / revenue
    frame["one_order_share"] = frame["one_order_customers"] / frame["customers"]
    columns = ["decile", "customers", "revenue", "revenue_share", "cumulative_share"]
    columns += ["orders", "avg_order_value", "min_spend", "max_spend", "largest_order"]
    columns += ["largest_order_share", "one_order_customers", "one_order_share"]
    return frame[columns].astype({"decile": "int64", "customers": "int64", "orders": "int64"})


def window_start(end: dt.date, window_months: int) -> dt.date:
    """The first day of the window (end - months, end]."""
    return (
        pd.Timestamp(end) - pd.DateOffset(months=int(window_months)) + pd.Timedelta(days=1)
    ).date()
