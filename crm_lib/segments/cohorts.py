"""New and existing customers: revenue from repeat buyers, second-purchase (F2) conversion
and days to the second purchase by acquisition channel and cohort month, cohort retention.

A customer's *first purchase day* is the day of their first order (returns never count as
purchases); revenue on that day is new-customer revenue, later revenue is repeat revenue.
The *second purchase* is the first order on a later day. Acquisition channel comes from
``customers.acquisition_channel`` when that table and column are present.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.features import PURCHASE, first_two_purchase_days_sql


def has_acquisition_channel(ds: Dataset) -> bool:
    """Whether the data says how each customer was acquired."""
    return ds.has("customers") and "acquisition_channel" in ds.loads["customers"].columns


def monthly_new_vs_repeat(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per calendar month: net revenue from first-purchase days (``new_revenue``) and
    from later orders of existing customers (``repeat_revenue``)."""
    as_of = as_of or ds.observation_end
    return ds.con.execute(
        f"""WITH firsts AS (SELECT customer_id,
                                  min(order_date) FILTER (WHERE {PURCHASE}) AS first_day
                           FROM transactions WHERE order_date <= $as_of GROUP BY customer_id)
           SELECT date_trunc('month', order_date) AS month,
                  coalesce(sum(amount) FILTER (WHERE order_date <= first_day), 0) AS new_revenue,
                  coalesce(sum(amount) FILTER (WHERE order_date > first_day
                                                  OR first_day IS NULL), 0) AS repeat_revenue
           FROM transactions JOIN firsts USING (customer_id)
           WHERE order_date <= $as_of
           GROUP BY 1 ORDER BY 1""",
        {"as_of": as_of},
    ).df()


def repeat_revenue_share(
    ds: Dataset, as_of: dt.date | None = None, *, window_months: int = 12
) -> dict:
    """Net revenue in the trailing ``window_months`` split into new and repeat, and
    ``repeat_share`` (0-1): the share that came from customers buying again."""
    as_of = as_of or ds.observation_end
    new, repeat = ds.con.execute(
        f"""WITH firsts AS (SELECT customer_id,
                                   min(order_date) FILTER (WHERE {PURCHASE}) AS first_day
                            FROM transactions WHERE order_date <= $as_of GROUP BY customer_id)
            SELECT coalesce(sum(amount) FILTER (WHERE order_date <= first_day), 0),
                   coalesce(sum(amount) FILTER (WHERE order_date > first_day
                                                   OR first_day IS NULL), 0)
            FROM transactions JOIN firsts USING (customer_id)
            WHERE order_date <= $as_of
              AND order_date > CAST($as_of AS DATE) - INTERVAL {int(window_months)} MONTH""",
        {"as_of": as_of},
    ).fetchall()[0]
    total = new + repeat
    return {
        "new_revenue": new,
        "repeat_revenue": repeat,
        "repeat_share": repeat / total if total else None,
    }


def second_purchases(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per customer: first and second purchase day, ``days_to_second`` (days,
    empty without a second purchase), ``cohort_month`` (month of the first purchase) and
    ``acquisition_channel`` (empty when the data has none)."""
    as_of = as_of or ds.observation_end
    channel = "c.acquisition_channel" if has_acquisition_channel(ds) else "CAST(NULL AS VARCHAR)"
    join = (
        "LEFT JOIN (SELECT DISTINCT ON (customer_id) customer_id, acquisition_channel "
        "FROM customers) c USING (customer_id)"
        if has_acquisition_channel(ds)
        else ""
    )
    return ds.con.execute(
        f"""WITH firsts AS (SELECT customer_id, first_day AS first_order_date,
                                   second_day AS second_order_date
                            FROM ({first_two_purchase_days_sql(as_of)}))
            SELECT customer_id, first_order_date, second_order_date,
                   date_diff('day', first_order_date, second_order_date) AS days_to_second,
                   CAST(date_trunc('month', first_order_date) AS DATE) AS cohort_month,
                   {channel} AS acquisition_channel
            FROM firsts {join}
            ORDER BY customer_id"""
    ).df()


def f2_summary(
    seconds: pd.DataFrame,
    as_of: dt.date,
    *,
    window_days: int = 180,
    by: str | None = None,
) -> pd.DataFrame:
    """Second-purchase (F2) conversion, overall or per ``by`` (e.g. ``acquisition_channel``,
    ``cohort_month``).

    ``f2_rate`` (0-1): among customers whose first purchase was at least ``window_days``
    before ``as_of`` (``eligible``: every one of them had the full window), the share who
    bought again within ``window_days``. ``median_days_to_second``: days from the first to
    the second purchase of every customer who made one. ``customers``: all customers.
    """
    frame = seconds.assign(
        eligible=seconds["first_order_date"]
        <= pd.Timestamp(as_of) - pd.Timedelta(days=int(window_days)),
    )
    frame["converted"] = frame["eligible"] & (frame["days_to_second"] <= window_days)
    keys = [by] if by else np.zeros(len(frame), dtype=int)
    grouped = frame.groupby(keys, dropna=False)
    summary = pd.DataFrame(
        {
            "customers": grouped.size(),
            "eligible": grouped["eligible"].sum(),
            "converted": grouped["converted"].sum(),
            "repeat_customers": grouped["second_order_date"].count(),
            "median_days_to_second": grouped["days_to_second"].median(),
        }
    )
    summary["f2_rate"] = summary["converted"] / summary["eligible"].where(summary["eligible"] > 0)
    summary = summary.astype({"eligible": "int64", "converted": "int64"})
    return summary.reset_index(names=by) if by else summary.reset_index(drop=True)


def cohort_retention(
    ds: Dataset, as_of: dt.date | None = None, *, max_months: int = 24
) -> pd.DataFrame:
    """Cohort (month of first purchase) x months since then: the share (0-1) of the cohort
    with an order in that month. Rows are cohorts, columns 0..``max_months``; a cell after
    ``as_of`` is empty, an observed month without orders is 0."""
    as_of = as_of or ds.observation_end
    long = ds.con.execute(
        f"""WITH firsts AS (SELECT customer_id, date_trunc('month', min(order_date)) AS cohort
                           FROM transactions WHERE {PURCHASE} AND order_date <= $as_of
                           GROUP BY customer_id),
                active AS (SELECT DISTINCT customer_id, cohort,
                                  date_diff('month', cohort, date_trunc('month', order_date)) AS k
                           FROM transactions JOIN firsts USING (customer_id)
                           WHERE {PURCHASE} AND order_date <= $as_of),
                sizes AS (SELECT cohort, count(*) AS size FROM firsts GROUP BY cohort)
           SELECT CAST(cohort AS DATE) AS cohort_month, k AS months_since,
                  count(*) / any_value(size) AS retention
           FROM active JOIN sizes USING (cohort)
           WHERE k <= $max_months
           GROUP BY cohort, k""",
        {"as_of": as_of, "max_months": int(max_months)},
    ).df()
    matrix = long.pivot(index="cohort_month", columns="months_since", values="retention")
    matrix = matrix.reindex(columns=range(int(max_months) + 1)).sort_index()
    cohorts = pd.DatetimeIndex(matrix.index)
    end = pd.Timestamp(as_of)
    observed = (end.year - cohorts.year) * 12 + (end.month - cohorts.month)
    inside = np.arange(matrix.shape[1])[None, :] <= np.asarray(observed)[:, None]
    return matrix.mask(inside & matrix.isna(), 0.0)
