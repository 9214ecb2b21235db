"""Per-customer frequency, recency, T and monetary value, computed in the engine.

Same meaning as lifetimes' ``summary_data_from_transaction_data``: purchases are counted on
distinct days (purchase days, :func:`crm_lib.features.purchase_days_sql`); ``frequency`` is
the number of repeat purchase days; ``recency`` the time from the first to the last
purchase day; ``T`` the time from the first purchase day to the end of the calibration
period; ``monetary_value`` the mean value of the repeat purchase days (the first purchase
excluded). Times are in the model's unit: days (``D``) or weeks (``W`` = days / 7, as in
the literature). Returns (negative amounts) are not purchases; values are gross.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.features import date_literal, purchase_days_sql

UNIT_DAYS = {"D": 1.0, "W": 7.0}


def rfm_summary_sql(
    calibration_end: dt.date,
    observation_end: dt.date | None = None,
    time_unit: str = "D",
    *,
    table: str = "transactions",
) -> str:
    """SQL for one row per customer whose first purchase is on or before ``calibration_end``.

    With ``observation_end``, adds the holdout: ``frequency_holdout`` (purchase days after
    calibration_end up to observation_end), ``monetary_value_holdout`` and
    ``duration_holdout`` (in the time unit).
    """
    unit = UNIT_DAYS[time_unit]
    cal = date_literal(calibration_end)
    end = date_literal(observation_end or calibration_end)
    days = purchase_days_sql(observation_end or calibration_end, table=table)
    return f"""
WITH days AS ({days}),
firsts AS (SELECT customer_id, min(day) AS first_day FROM days GROUP BY customer_id)
SELECT customer_id,
       count(*) FILTER (WHERE day <= {cal}) - 1 AS frequency,
       date_diff('day', min(day), max(day) FILTER (WHERE day <= {cal})) / {unit} AS recency,
       date_diff('day', min(day), {cal}) / {unit} AS T,
       coalesce(avg(value) FILTER (WHERE day > first_day AND day <= {cal}), 0) AS monetary_value,
       count(*) FILTER (WHERE day > {cal}) AS frequency_holdout,
       coalesce(avg(value) FILTER (WHERE day > {cal}), 0) AS monetary_value_holdout,
       date_diff('day', {cal}, {end}) / {unit} AS duration_holdout
FROM days JOIN firsts USING (customer_id)
WHERE first_day <= {cal}
GROUP BY customer_id
ORDER BY customer_id"""


def rfm_summary(
    ds: Dataset,
    calibration_end: dt.date,
    observation_end: dt.date | None = None,
    time_unit: str = "D",
) -> pd.DataFrame:
    """The calibration summary (and holdout counts) of every customer, indexed by id."""
    if time_unit not in UNIT_DAYS:
        raise ValueError(f"time_unit must be one of {sorted(UNIT_DAYS)}, not {time_unit!r}")
    sql = rfm_summary_sql(calibration_end, observation_end, time_unit)
    return ds.con.execute(sql).df().set_index("customer_id")
