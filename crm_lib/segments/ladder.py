"""The F-conversion ladder (F転換率): of the customers with n purchase days, the share who
make an (n+1)-th, for F1 -> F2, F2 -> F3, ... overall, by acquisition channel and by cohort
month (month of the first purchase).

A purchase day is a distinct day with a purchase (:data:`~crm_lib.features.PURCHASE`), as
the F2 rate counts them. **Right-censoring**: a customer counts in the F_n -> F_{n+1}
denominator (``eligible``) only if their n-th purchase day is at least ``window_days``
before the as-of date, and converts when the (n+1)-th comes within ``window_days`` of the
n-th; with ``business.f2_window_days`` the first step is exactly the F2 rate of
:func:`~crm_lib.segments.cohorts.f2_summary`. ``median_days``: days from the n-th to the
(n+1)-th purchase day of every customer who made it (as the F2 median counts them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE, date_literal
from crm_lib.segments.cohorts import has_acquisition_channel

GROUPS = ("all", "acquisition_channel", "cohort_month")
NO_CHANNEL = "unknown"  # customers without an acquisition channel (label jny_acq_unknown)


def _group_sql(ds: Dataset, by: str) -> tuple[str, str]:
    """The group expression and the join it needs."""
    if by == "all":
        return "'all'", ""
    if by == "cohort_month":
        return "CAST(date_trunc('month', f.first_day) AS DATE)", ""
    if by == "acquisition_channel":
        if not has_acquisition_channel(ds):
            return quote_literal(NO_CHANNEL), ""
        join = (
            "LEFT JOIN (SELECT DISTINCT ON (customer_id) customer_id, acquisition_channel "
            "FROM customers) c USING (customer_id)"
        )
        return f"coalesce(c.acquisition_channel, {quote_literal(NO_CHANNEL)})", join
    raise ValueError(f"by must be one of {GROUPS}, not {by!r}")


def ladder_sql(ds: Dataset, as_of: dt.date, *, window_days: int, max_f: int, by: str) -> str:
    """The ladder query: one row per (group, step n)."""
    group, join = _group_sql(ds, by)
    end = date_literal(as_of)
    return f"""
WITH days AS (
    SELECT DISTINCT customer_id, order_date FROM transactions
    WHERE {PURCHASE} AND order_date <= {end}
), nth AS (
    SELECT customer_id, order_date,
           row_number() OVER w AS n, lead(order_date) OVER w AS next_date,
           min(order_date) OVER (PARTITION BY customer_id) AS first_day
    FROM days WINDOW w AS (PARTITION BY customer_id ORDER BY order_date)
), steps AS (
    SELECT {group} AS grp, f.n,
           f.order_date <= {end} - INTERVAL {int(window_days)} DAY AS eligible,
           date_diff('day', f.order_date, f.next_date) AS gap_days
    FROM nth f {join}
    WHERE f.n < {int(max_f)}
)
SELECT grp, n, count(*) AS reached,
       count(*) FILTER (WHERE eligible) AS eligible,
       count(*) FILTER (WHERE eligible AND gap_days <= {int(window_days)}) AS converted,
       median(gap_days) AS median_days
FROM steps GROUP BY grp, n ORDER BY grp, n"""


def f_ladder(
    ds: Dataset,
    *,
    window_days: int = 180,
    max_f: int = 5,
    by: str = "all",
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Per group (``by``: ``all``, ``acquisition_channel``, ``cohort_month``) and step
    ``n`` = 1 .. ``max_f`` - 1: ``reached`` (customers with n purchase days), ``eligible``
    (their n-th at least ``window_days`` before ``as_of``), ``converted`` (an (n+1)-th
    within ``window_days``), ``rate`` (0-1, empty without eligible customers) and
    ``median_days`` (days from the n-th to the (n+1)-th, all who made it). ``step``:
    ``"F1→F2"`` ..."""
    as_of = as_of or ds.observation_end
    frame = ds.con.execute(ladder_sql(ds, as_of, window_days=window_days, max_f=max_f, by=by)).df()
    frame = frame.drop(columns="grp") if by == "all" else frame.rename(columns={"grp": by})
    frame = frame.astype(
        {"n": "int64", "reached": "int64", "eligible": "int64", "converted": "int64"}
    )
    frame["rate"] = frame["converted"] / frame["eligible"].where(frame["eligible"] > 0)
    frame.insert(list(frame.columns).index("n") + 1, "step", [f"F{n}→F{n + 1}" for n in frame["n"]])
    return frame
