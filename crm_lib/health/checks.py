"""Data-health computations: what was loaded, how complete it is, how activity moves by
month. Every figure is computed in the engine from the canonical tables of a
:class:`~crm_lib.dataset.Dataset`.
"""

from __future__ import annotations

import pandas as pd

from crm_lib.contract import TABLES
from crm_lib.dataset import Dataset
from crm_lib.engine import first_row, quote_ident
from crm_lib.features import PURCHASE, RETURN


def headline(ds: Dataset) -> dict:
    """Customers, transactions, first and last order date and net revenue."""
    row = first_row(
        ds.con,
        """SELECT count(DISTINCT customer_id), count(*), min(order_date), max(order_date),
                  coalesce(sum(amount), 0)
           FROM transactions""",
    )
    keys = ["customers", "transactions", "first_order_date", "last_order_date", "revenue"]
    figures = dict(zip(keys, row, strict=True))
    figures["revenue"] = round(figures["revenue"], 2)  # amounts carry at most cents
    return figures


def table_overview(ds: Dataset) -> pd.DataFrame:
    """One row per canonical table: present or not, rows kept and left out, date range."""
    rows = []
    for name, spec in TABLES.items():
        load = ds.loads.get(name)
        if load is None:
            rows.append({"table": name, "present": False})
            continue
        col = quote_ident(spec.time_column)
        first, last = first_row(ds.con, f"SELECT min({col}), max({col}) FROM {name}")
        rows.append(
            {
                "table": name,
                "present": True,
                "rows": load.rows_used,
                "rows_after_end": load.rows_after_observation_end,
                "first_date": first,
                "last_date": last,
                "source": load.source,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.astype({"rows": "Int64", "rows_after_end": "Int64"})


def monthly_activity(ds: Dataset) -> pd.DataFrame:
    """Per calendar month from the first to the last: orders, net revenue, returns and new
    customers (first order). A month without transactions inside the span is a row of
    zeros, so that charts show the gap instead of drawing across it."""
    return ds.con.execute(
        f"""WITH firsts AS (SELECT customer_id, min(order_date) AS first_order
                           FROM transactions WHERE {PURCHASE} GROUP BY customer_id),
                months AS (SELECT CAST(date_trunc('month', order_date) AS DATE) AS month,
                                  count(*) FILTER (WHERE {PURCHASE}) AS orders,
                                  sum(amount) AS revenue,
                                  count(*) FILTER (WHERE {RETURN}) AS returns
                           FROM transactions GROUP BY 1),
                span AS (SELECT CAST(unnest(generate_series(min(month), max(month),
                                     INTERVAL 1 MONTH)) AS DATE) AS month FROM months),
                news AS (SELECT CAST(date_trunc('month', first_order) AS DATE) AS month,
                                count(*) AS new_customers
                         FROM firsts GROUP BY 1)
           SELECT month, coalesce(orders, 0) AS orders, coalesce(revenue, 0) AS revenue,
                  coalesce(returns, 0) AS returns, coalesce(new_customers, 0) AS new_customers
           FROM span LEFT JOIN months USING (month) LEFT JOIN news USING (month)
           ORDER BY month"""
    ).df()


def returns_summary(ds: Dataset) -> dict:
    """Returns as a share of rows and of gross sales (both 0..1)."""
    share_rows, share_amount = first_row(
        ds.con,
        f"""SELECT avg(CASE WHEN {RETURN} THEN 1.0 ELSE 0.0 END),
                  coalesce(-sum(amount) FILTER (WHERE {RETURN}), 0)
                  / nullif(sum(amount) FILTER (WHERE {PURCHASE}), 0)
           FROM transactions""",
    )
    return {"share_of_rows": share_rows, "share_of_sales": share_amount}


def missing_values(ds: Dataset) -> pd.DataFrame:
    """Empty cells per provided column of every present table (columns a source did
    not have are not counted as missing). ``means``: the contract's reason when empty
    cells of the column are by design (an active subscription has no end date), else
    None; ``by_design`` says which."""
    parts = []
    for name, load in ds.loads.items():
        if not load.columns:
            continue
        counts = ", ".join(
            f"count(*) - count({quote_ident(c)}) AS {quote_ident(c)}" for c in load.columns
        )
        row = first_row(ds.con, f"SELECT {counts} FROM {name}")
        for column, missing in zip(load.columns, row, strict=True):
            means = TABLES[name].column(column).empty_means
            parts.append(
                {
                    "table": name,
                    "column": column,
                    "missing": missing,
                    "missing_share": missing / load.rows_used if load.rows_used else 0.0,
                    "by_design": means is not None,
                    "means": means,
                }
            )
    return pd.DataFrame(parts, columns=[*MISSING_COLUMNS])


MISSING_COLUMNS = ("table", "column", "missing", "missing_share", "by_design", "means")


def customer_coverage(ds: Dataset) -> float | None:
    """Share (0..1) of customers in transactions that the customers table knows; None if
    there is no customers table."""
    if not ds.has("customers"):
        return None
    return first_row(
        ds.con,
        """SELECT avg(CASE WHEN c.customer_id IS NULL THEN 0.0 ELSE 1.0 END)
           FROM (SELECT DISTINCT customer_id FROM transactions) t
           LEFT JOIN (SELECT DISTINCT customer_id FROM customers) c USING (customer_id)""",
    )[0]


def possible_duplicate_orders(ds: Dataset) -> int:
    """Orders that repeat another order's customer, day and amount (double entries?)."""
    return first_row(
        ds.con,
        """SELECT coalesce(sum(n - 1), 0) FROM (
               SELECT count(*) AS n FROM transactions
               GROUP BY customer_id, order_date, amount HAVING count(*) > 1)""",
    )[0]
