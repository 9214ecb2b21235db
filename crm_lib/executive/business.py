"""The monthly business figures a mail-order report opens with, in one query.

For each calendar month, in the run's currency: **revenue** (net of returns: every
transaction's amount), **orders** (purchase rows, :data:`crm_lib.features.PURCHASE`),
**average order value** (revenue / orders), **buyers** (customers with a purchase in the
month), **new customers** (first purchase ever in that month) and **existing customers**
(the other buyers) with the revenue of each group (a return of a customer who bought
before counts as existing), and at the month end: **active customers** (a purchase day in
the last ``dormancy_days`` days, ``(end - dormancy_days, end]``), **dormant customers**
(bought before, none in those days: 休眠客) and **reactivations** (customers who bought in
the month after a silence longer than ``dormancy_days``, i.e. who were dormant the day
before: 休眠復帰).

The dormancy threshold is the churn window of the run (``business.churn_window_days``,
or, when 0, the one the churn report derives from the purchase gaps:
:func:`crm_lib.churn.definition.design`), so that "dormant" here and "churned" there mean
the same silence. The months enter the query as a small ``VALUES`` table joined on date
ranges, as :mod:`crm_lib.executive.series` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crm_lib.churn.definition import design
from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.features import PURCHASE, date_literal
from crm_lib.params import Business, ChurnParams

MONTHS = 13  # the latest complete month and the 12 before (its month a year earlier)

#: figure -> unit, in the order the page shows them
FIGURES: dict[str, str] = {
    "revenue": "money",
    "orders": "count",
    "aov": "money",
    "buyers": "count",
    "new_customers": "count",
    "new_revenue": "money",
    "existing_customers": "count",
    "existing_revenue": "money",
    "active_customers": "count",
    "dormant_customers": "count",
    "reactivated_customers": "count",
}


def latest_complete_month(observation_end: dt.date) -> dt.date:
    """The first day of the latest complete month: the month of ``observation_end`` when
    that is the month's last day, else the month before."""
    end = pd.Timestamp(observation_end)
    start = end.replace(day=1)
    if end.is_month_end:
        return start.date()
    return (start - pd.DateOffset(months=1)).date()


def month_starts(latest: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the ``months`` months ending with ``latest``, oldest first."""
    first = pd.Timestamp(latest) - pd.DateOffset(months=months - 1)
    return [d.date() for d in pd.date_range(first, periods=months, freq="MS")]


def month_end(start: dt.date) -> dt.date:
    """The last day of the month starting on ``start``."""
    return (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def dormancy_days(ds: Dataset, churn: ChurnParams, business: Business) -> int:
    """Days without a purchase after which a customer is dormant: the run's churn window
    (``business.churn_window_days``; 0: from the purchase gaps, as the churn report)."""
    return int(design(ds, churn, business).window_days)


def months_sql(starts: list[dt.date], dormancy: int) -> str:
    """The months as ``m(month_start, month_end, active_after)``: ``active_after`` is the
    exclusive start of the dormancy window ending at the month end."""
    rows = []
    for start in starts:
        end = month_end(start)
        after = end - dt.timedelta(days=int(dormancy))
        rows.append(f"({date_literal(start)}, {date_literal(end)}, {date_literal(after)})")
    return f"(VALUES {', '.join(rows)}) AS m(month_start, month_end, active_after)"


def monthly_figures_sql(starts: list[dt.date], dormancy: int) -> str:
    """SQL: one row per month of ``starts`` with every :data:`FIGURES` column except
    ``aov`` (see the module); ``dormancy`` in days."""
    last = date_literal(month_end(starts[-1]))
    months = months_sql(starts, dormancy)
    return f"""
WITH m AS (SELECT * FROM {months}),
tx AS (SELECT customer_id, order_date, amount FROM transactions WHERE order_date <= {last}),
firsts AS (SELECT customer_id, min(order_date) FILTER (WHERE {PURCHASE}) AS first_day
           FROM tx GROUP BY customer_id),
days AS (SELECT DISTINCT customer_id, order_date AS day FROM tx WHERE {PURCHASE}),
gaps AS (SELECT customer_id, day,
                date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day)
                  AS gap_days
         FROM days),
flow AS (
  SELECT m.month_start,
         sum(t.amount) AS revenue,
         count(*) FILTER (WHERE t.{PURCHASE}) AS orders,
         count(DISTINCT t.customer_id) FILTER (WHERE t.{PURCHASE}) AS buyers,
         count(DISTINCT t.customer_id) FILTER (WHERE t.{PURCHASE} AND f.first_day
                                               BETWEEN m.month_start AND m.month_end)
           AS new_customers,
         sum(t.amount) FILTER (WHERE f.first_day BETWEEN m.month_start AND m.month_end)
           AS new_revenue
  FROM tx t JOIN m ON t.order_date BETWEEN m.month_start AND m.month_end
  LEFT JOIN firsts f ON f.customer_id = t.customer_id
  GROUP BY m.month_start),
active AS (
  SELECT m.month_start, count(DISTINCT d.customer_id) AS active_customers
  FROM days d JOIN m ON d.day > m.active_after AND d.day <= m.month_end
  GROUP BY m.month_start),
ever AS (
  SELECT m.month_start, count(*) AS ever_bought
  FROM firsts f JOIN m ON f.first_day <= m.month_end
  GROUP BY m.month_start),
back AS (
  SELECT m.month_start, count(DISTINCT g.customer_id) AS reactivated_customers
  FROM gaps g JOIN m ON g.day BETWEEN m.month_start AND m.month_end
  WHERE g.gap_days > {int(dormancy)}
  GROUP BY m.month_start)
SELECT m.month_start AS month,
       coalesce(flow.revenue, 0) AS revenue,
       coalesce(flow.orders, 0) AS orders,
       coalesce(flow.buyers, 0) AS buyers,
       coalesce(flow.new_customers, 0) AS new_customers,
       coalesce(flow.new_revenue, 0) AS new_revenue,
       coalesce(flow.buyers, 0) - coalesce(flow.new_customers, 0) AS existing_customers,
       coalesce(flow.revenue, 0) - coalesce(flow.new_revenue, 0) AS existing_revenue,
       coalesce(active.active_customers, 0) AS active_customers,
       coalesce(ever.ever_bought, 0) - coalesce(active.active_customers, 0)
         AS dormant_customers,
       coalesce(back.reactivated_customers, 0) AS reactivated_customers
FROM m LEFT JOIN flow USING (month_start) LEFT JOIN active USING (month_start)
LEFT JOIN ever USING (month_start) LEFT JOIN back USING (month_start)
ORDER BY m.month_start"""


@dataclass(frozen=True)
class BusinessMonths:
    """The monthly figures of a run.

    ``frame``: one row per month, oldest first: ``month`` (its first day), ``covered``
    (the data reaches back to the month's first day; a month not covered has no figures,
    NaN), and every :data:`FIGURES` column (amounts in the run's currency).
    ``latest``: first day of the latest complete month; ``dormancy_days``: the threshold.
    """

    frame: pd.DataFrame
    latest: dt.date
    dormancy_days: int
    data_start: dt.date | None


def monthly_figures(
    ds: Dataset, dormancy: int, *, months: int = MONTHS, latest: dt.date | None = None
) -> BusinessMonths:
    """The :data:`FIGURES` of the ``months`` months up to the latest complete month of the
    data (``latest``: another month's first day), ``dormancy`` in days; one query."""
    latest = latest or latest_complete_month(ds.observation_end)
    starts = month_starts(latest, months)
    frame = ds.con.execute(monthly_figures_sql(starts, dormancy)).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    data_start = scalar(ds.con, "SELECT min(order_date) FROM transactions")
    data_start = pd.Timestamp(data_start).date() if data_start is not None else None
    frame.insert(1, "covered", [data_start is not None and m >= data_start for m in starts])
    values = list(FIGURES.keys() - {"aov"})
    frame[values] = frame[values].astype(float)
    frame.loc[~frame["covered"], values] = float("nan")
    frame["aov"] = frame["revenue"] / frame["orders"].where(frame["orders"] > 0)
    frame = frame[["month", "covered", *FIGURES]]
    return BusinessMonths(frame, latest, int(dormancy), data_start)


def ratio(value: float | None, base: float | None) -> float | None:
    """``value / base`` (1.0 = unchanged); None when either is missing or ``base`` is 0."""
    if value is None or base is None or pd.isna(value) or pd.isna(base) or base == 0:
        return None
    return float(value) / float(base)


def _at(frame: pd.DataFrame, month: dt.date, column: str) -> float | None:
    row = frame[frame["month"] == month]
    if row.empty or pd.isna(row[column].iloc[0]):
        return None
    return float(row[column].iloc[0])


def comparisons(figures: BusinessMonths) -> pd.DataFrame:
    """One row per figure of the latest month: ``figure``, ``unit``, ``value``,
    ``previous`` (the month before) and ``mom`` (value / previous), ``year_ago`` (the same
    month a year before) and ``yoy``; None where the compared month is not in the data or
    is zero."""
    frame, latest = figures.frame, figures.latest
    before = (pd.Timestamp(latest) - pd.DateOffset(months=1)).date()
    year_ago = (pd.Timestamp(latest) - pd.DateOffset(months=12)).date()
    rows = []
    for figure, unit in FIGURES.items():
        value = _at(frame, latest, figure)
        prev, last_year = _at(frame, before, figure), _at(frame, year_ago, figure)
        rows.append(
            {
                "figure": figure,
                "unit": unit,
                "value": value,
                "previous": prev,
                "mom": ratio(value, prev),
                "year_ago": last_year,
                "yoy": ratio(value, last_year),
            }
        )
    return pd.DataFrame(rows)


def largest_move(table: pd.DataFrame) -> pd.Series | None:
    """The figure whose month-on-month ratio is furthest from 1 (None when no figure has
    one)."""
    known = table.dropna(subset=["mom"])
    if known.empty:
        return None
    return known.loc[(known["mom"].astype(float) - 1).abs().idxmax()]


__all__ = [
    "FIGURES",
    "MONTHS",
    "BusinessMonths",
    "comparisons",
    "dormancy_days",
    "largest_move",
    "latest_complete_month",
    "month_end",
    "month_starts",
    "monthly_figures",
    "monthly_figures_sql",
    "months_sql",
    "ratio",
]
