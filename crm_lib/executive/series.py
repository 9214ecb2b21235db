"""Data KPIs per period: one SQL query per KPI for every period at once (the dataset's engine).

A period ends at a date of the trend (:func:`crm_lib.executive.kpi.period_ends`). What a
point measures depends on the KPI:

- **trailing window** (repeat rate, active customers, revenue, NPS, revenue concentration):
  the orders or ratings in the ``months`` months up to the period end, ``(end - months, end]``;
  consecutive windows overlap when the window is longer than the period;
- **acquisition cohort** (F2): the customers whose first purchase falls in the
  ``period_months`` months up to the period end, followed for ``f2_window_days`` days after
  their first purchase (a period whose cohort is not yet followed to the end is left out by
  :func:`crm_lib.executive.kpi.trend`).

The periods enter the query as a small ``VALUES`` table joined to the facts on a date range,
so the work grows with the data, not with the number of periods. Purchases are those of
:data:`crm_lib.features.PURCHASE`; "bought 2+ times" counts purchase days, as
:data:`crm_lib.features.CUSTOMER_SUMMARY` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE, date_literal, first_two_purchase_days_sql
from crm_lib.params import Business, ExecutiveParams

TOP_SHARE = 0.2  # the top share of customers of the revenue concentration (top 20 %)


@dataclass(frozen=True)
class KpiSettings:
    """How the data KPIs are measured, from the run's parameters (:meth:`of`).

    ``window_months``: trailing window of repeat rate, revenue, active customers and NPS
    (``params.executive.window_months``). ``period_months``: months between two trend points,
    also the length of an F2 acquisition cohort (``params.executive.period_months``).
    ``f2_window_days``: days after the first purchase in which a second counts as F2
    (``business.f2_window_days``). ``concentration_window_months``: trailing window of the
    revenue concentration (``business.rank_window_months``, as the segments report measures
    it). ``nps_channel``: feedback channel holding 0-10 survey ratings;
    ``nps_min_responses``: fewer responses in a window give no NPS.
    """

    window_months: int
    f2_window_days: int
    concentration_window_months: int
    nps_channel: str
    nps_min_responses: int
    period_months: int = 3

    @classmethod
    def of(cls, params: ExecutiveParams, business: Business) -> KpiSettings:
        return cls(
            window_months=params.window_months,
            f2_window_days=business.f2_window_days,
            concentration_window_months=business.rank_window_months,
            nps_channel=params.nps_channel,
            nps_min_responses=params.nps_min_responses,
            period_months=params.period_months,
        )


def window_start(end: dt.date, months: int) -> dt.date:
    """The exclusive start of the ``months``-month window ending at ``end``."""
    return (pd.Timestamp(end) - pd.DateOffset(months=int(months))).date()


def periods_sql(ends: Sequence[dt.date], months: int) -> str:
    """The periods as a ``VALUES`` table ``p(period_end, period_start)``: each period is
    ``(period_start, period_end]``, ``months`` long."""
    rows = ", ".join(
        f"({date_literal(end)}, {date_literal(window_start(end, months))})" for end in ends
    )
    return f"(VALUES {rows}) AS p(period_end, period_start)"


def _aligned(ends: Sequence[dt.date], rows: list[tuple], default: Any = None) -> list:
    """Values of ``rows`` (period_end, value) in the order of ``ends``; ``default`` where a
    period has no row."""
    found = {pd.Timestamp(end).date(): value for end, value in rows}
    out = []
    for end in ends:
        value = found.get(end, default)
        out.append(None if value is None else float(value))
    return out


_IN_PERIOD = "t.order_date > p.period_start AND t.order_date <= p.period_end"


def repeat_rate_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """Repeat rate (0-1) per trailing window: among customers with a purchase in the
    ``window_months`` months to each end, the share who bought on 2+ days in that window."""
    rows = ds.con.execute(
        f"""WITH c AS (SELECT p.period_end, t.customer_id,
                             count(DISTINCT t.order_date) AS purchase_days
                      FROM transactions t JOIN {periods_sql(ends, s.window_months)}
                        ON {_IN_PERIOD}
                      WHERE t.{PURCHASE}
                      GROUP BY p.period_end, t.customer_id)
           SELECT period_end, avg(CASE WHEN purchase_days >= 2 THEN 1.0 ELSE 0.0 END)
           FROM c GROUP BY period_end"""
    ).fetchall()
    return _aligned(ends, rows)


def active_customers_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """Customers with a purchase in the ``window_months`` months to each end."""
    rows = ds.con.execute(
        f"""SELECT p.period_end, count(DISTINCT t.customer_id)
            FROM transactions t JOIN {periods_sql(ends, s.window_months)} ON {_IN_PERIOD}
            WHERE t.{PURCHASE} GROUP BY p.period_end"""
    ).fetchall()
    return _aligned(ends, rows, 0.0)


def revenue_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """Net revenue (the data's currency, returns deducted) in the ``window_months`` months to
    each end."""
    rows = ds.con.execute(
        f"""SELECT p.period_end, sum(t.amount)
            FROM transactions t JOIN {periods_sql(ends, s.window_months)} ON {_IN_PERIOD}
            GROUP BY p.period_end"""
    ).fetchall()
    return _aligned(ends, rows, 0.0)


def top_revenue_share_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """Share (0-1) of trailing-window net revenue from the top 20 % of customers with positive
    net spend in the window (the top round(0.2 x customers) by spend), as
    :func:`crm_lib.segments.revenue_concentration` measures it at one date."""
    rows = ds.con.execute(
        f"""WITH spend AS (SELECT p.period_end, t.customer_id, sum(t.amount) AS spend
                          FROM transactions t
                          JOIN {periods_sql(ends, s.concentration_window_months)}
                            ON {_IN_PERIOD}
                          GROUP BY p.period_end, t.customer_id HAVING sum(t.amount) > 0),
                ranked AS (SELECT period_end, spend,
                                  row_number() OVER (PARTITION BY period_end
                                                     ORDER BY spend DESC) AS from_top,
                                  count(*) OVER (PARTITION BY period_end) AS n,
                                  sum(spend) OVER (PARTITION BY period_end) AS total
                           FROM spend)
           SELECT period_end,
                  sum(spend) FILTER (WHERE from_top <= round($top * n)) / any_value(total)
           FROM ranked GROUP BY period_end""",
        {"top": TOP_SHARE},
    ).fetchall()
    return _aligned(ends, rows)


def nps_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """Net Promoter Score (-100..100 points) of the 0-10 survey ratings in the
    ``window_months`` months to each end: % promoters (9-10) minus % detractors (0-6).

    Needs ``feedback.rating``; with a ``channel`` column only ``nps_channel`` rows count.
    None for a window with fewer than ``nps_min_responses`` ratings."""
    if not ds.has("feedback") or "rating" not in ds.loads["feedback"].columns:
        return [None] * len(ends)
    channel = ""
    if "channel" in ds.loads["feedback"].columns:
        channel = f"AND f.channel = {quote_literal(s.nps_channel)}"
    rows = ds.con.execute(
        f"""SELECT p.period_end, count(*),
                   100 * avg(CASE WHEN f.rating >= 9 THEN 1.0 WHEN f.rating <= 6 THEN -1.0
                             ELSE 0.0 END)
            FROM feedback f JOIN {periods_sql(ends, s.window_months)}
              ON CAST(f.created_at AS DATE) > p.period_start
             AND CAST(f.created_at AS DATE) <= p.period_end
            WHERE f.rating BETWEEN 0 AND 10 {channel}
            GROUP BY p.period_end"""
    ).fetchall()
    kept = [(end, score) for end, n, score in rows if n >= s.nps_min_responses]
    return _aligned(ends, kept)


def f2_cohort_series(ds: Dataset, ends: Sequence[dt.date], s: KpiSettings) -> list:
    """F2 conversion (0-1) per acquisition cohort: among customers whose first purchase falls
    in the ``period_months`` months to each end, the share whose second purchase day came
    within ``f2_window_days`` days of the first. A cohort not yet followed for the whole
    window (end + window after the observation end) is measured here on what is known; the
    trend leaves it out. None for a period without new customers."""
    rows = ds.con.execute(
        f"""WITH f AS ({first_two_purchase_days_sql(ds.observation_end)})
           SELECT p.period_end,
                  avg(CASE WHEN date_diff('day', f.first_day, f.second_day) <= $w THEN 1.0
                      ELSE 0.0 END)
           FROM f JOIN {periods_sql(ends, s.period_months)}
             ON f.first_day > p.period_start AND f.first_day <= p.period_end
           GROUP BY p.period_end""",
        {"w": int(s.f2_window_days)},
    ).fetchall()
    return _aligned(ends, rows)


__all__ = [
    "TOP_SHARE",
    "KpiSettings",
    "active_customers_series",
    "f2_cohort_series",
    "nps_series",
    "periods_sql",
    "repeat_rate_series",
    "revenue_series",
    "top_revenue_share_series",
    "window_start",
]
