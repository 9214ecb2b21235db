"""Time-series LTV (累積LTV) and the acquisition cost it supports (限界CPO), in the engine.

A customer is acquired on their first purchase day. Their value at m months is the net
revenue (purchases less returns, each row on its own date) in the m calendar months from
that day, times the gross margin rate when CLV is margin. Right-censored: a customer counts
at m months only once those months are inside the data (first purchase + m months on or
before the day after the observation end), so longer horizons rest on earlier cohorts.
Historical and undiscounted: what customers acquired so far were worth, not a forecast.

The maximum cost per acquisition (限界CPO, break-even CPA) at m months is the mean value
at m months per acquired customer: what the company could pay to acquire one and break
even over those months on margin, before any profit target; with a target share of the
margin kept as profit, the ceiling is value x (1 - share).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy.stats import norm

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE, date_literal

NO_GROUP = "—"  # customers without an acquisition channel
OVERALL = None  # ``group`` of the row over all customers


def cumulative_value_sql(as_of: dt.date, months: tuple[int, ...], by_channel: bool) -> str:
    """SQL for one row per group (``"group"`` NULL with ``overall`` true: all customers;
    with ``by_channel``, one row per ``customers.acquisition_channel`` as well) with, per
    horizon m, ``n_m`` (customers who reached m months), ``mean_m`` and ``sd_m`` (mean and
    standard deviation of their net revenue in their first m months)."""
    end = date_literal(as_of)
    windows = ",\n           ".join(
        f"coalesce(sum(t.amount) FILTER (WHERE t.order_date < f.first_date + INTERVAL {m} MONTH)"
        f", 0) AS v{m}"
        for m in months
    )
    reached = {m: f"f.first_date + INTERVAL {m} MONTH <= {end} + 1" for m in months}
    stats = ",\n       ".join(
        f"count(*) FILTER (WHERE {reached[m]}) AS n_{m}, "
        f"avg(v{m}) FILTER (WHERE {reached[m]}) AS mean_{m}, "
        f"stddev_samp(v{m}) FILTER (WHERE {reached[m]}) AS sd_{m}"
        for m in months
    )
    if by_channel:
        channel = f"coalesce(c.acquisition_channel, {quote_literal(NO_GROUP)})"
        group = f'{channel} AS "group", grouping({channel}) = 1 AS overall'
        tail = "LEFT JOIN customers c USING (customer_id)\n"
        tail += f"GROUP BY GROUPING SETS (({channel}), ())"
    else:
        group, tail = 'NULL AS "group", true AS overall', ""
    return f"""
WITH firsts AS (
    SELECT customer_id, min(order_date) FILTER (WHERE {PURCHASE}) AS first_date
    FROM transactions WHERE order_date <= {end} GROUP BY customer_id
),
per_customer AS (
    SELECT f.customer_id, f.first_date,
           {windows}
    FROM firsts f JOIN transactions t USING (customer_id)
    WHERE f.first_date IS NOT NULL AND t.order_date >= f.first_date
      AND t.order_date <= {end}
    GROUP BY f.customer_id, f.first_date
)
SELECT {group},
       {stats}
FROM per_customer f {tail}"""


def cumulative_value(
    ds: Dataset,
    months: tuple[int, ...] = (1, 3, 6, 12, 24),
    *,
    by_channel: bool | None = None,
    gross_margin: float = 1.0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Mean cumulative value per acquired customer by months since acquisition.

    Long format, one row per group and horizon ``months`` (calendar months) reached by at
    least one customer: ``group`` (acquisition channel; :data:`OVERALL` for all customers,
    listed first), ``months``, ``customers`` (who reached it), ``value`` (mean net revenue
    in the first ``months`` months times ``gross_margin``: margin when below 1, in the
    currency) and ``low``-``high``: a normal-approximation interval at ``level`` for that
    mean (sampling uncertainty of the customers acquired; empty for one customer).
    ``by_channel``: break down by ``customers.acquisition_channel`` (default: when the
    dataset has a customers table)."""
    months = tuple(sorted({int(m) for m in months}))
    by_channel = ds.has("customers") if by_channel is None else by_channel
    wide = ds.con.execute(cumulative_value_sql(ds.observation_end, months, by_channel)).df()
    wide = wide.sort_values(["overall", "group"], ascending=[False, True], kind="stable")
    z = norm.ppf(0.5 + level / 2)
    frames = []
    for m in months:  # a few horizons
        n = wide[f"n_{m}"].astype(float)
        value = wide[f"mean_{m}"].astype(float) * gross_margin
        half = z * wide[f"sd_{m}"].astype(float) * gross_margin / np.sqrt(n.where(n > 0))
        frames.append(
            pd.DataFrame(
                {
                    "group": wide["group"].where(~wide["overall"], OVERALL),
                    "months": m,
                    "customers": n.astype("int64"),
                    "value": value,
                    "low": value - half,
                    "high": value + half,
                }
            )
        )
    long = pd.concat(frames, ignore_index=True)
    long = long[long["customers"] > 0]
    order = long["group"].isna().map({True: 0, False: 1})
    long = long.assign(_o=order).sort_values(["_o", "group", "months"], kind="stable")
    return long.drop(columns="_o").reset_index(drop=True)


def max_cpo(cumulative: pd.DataFrame, months: int = 12, profit_share: float = 0.0) -> pd.DataFrame:
    """The most each group can pay to acquire one customer (限界CPO) from ``cumulative``
    (:func:`cumulative_value`) at ``months``: ``group``, ``customers``, ``value`` (mean
    value at ``months``, the break-even CPA), ``max_cpo`` = value x (1 - ``profit_share``)
    with its interval ``low``-``high``; highest first, all customers (:data:`OVERALL`)
    in their place. Empty when no customer has reached ``months`` months."""
    at = cumulative[cumulative["months"] == months]
    keep = 1.0 - profit_share
    out = pd.DataFrame(
        {
            "group": at["group"],
            "customers": at["customers"],
            "value": at["value"],
            "max_cpo": at["value"] * keep,
            "low": at["low"] * keep,
            "high": at["high"] * keep,
        }
    )
    return out.sort_values("max_cpo", ascending=False, kind="stable").reset_index(drop=True)
