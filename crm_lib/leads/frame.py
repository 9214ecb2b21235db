"""One row per lead: its source, response time (hours) and conversion (first purchase of
its customer), built in SQL from the leads and transactions tables."""

from __future__ import annotations

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.features import PURCHASE

UNKNOWN_SOURCE = "unknown"

LEADS_SQL = f"""
SELECT l.lead_id, l.created_at, coalesce(l.source, '{UNKNOWN_SOURCE}') AS source,
       l.first_contact_at, l.status, l.customer_id,
       date_diff('second', l.created_at, l.first_contact_at) / 3600.0 AS response_hours,
       f.first_purchase AS won_at
FROM leads l
LEFT JOIN (
    SELECT customer_id, min(order_date) AS first_purchase
    FROM transactions WHERE {PURCHASE} GROUP BY customer_id
) f ON l.customer_id = f.customer_id
ORDER BY l.lead_id
"""


def lead_frame(ds: Dataset) -> pd.DataFrame:
    """Per lead: ``response_hours`` (NaN: never contacted), ``won`` (its customer bought),
    ``days_to_win`` (days from creation to the first purchase, at least 0) and ``age_days``
    (days from creation to the observation end)."""
    leads = ds.con.execute(LEADS_SQL).df()
    end = pd.Timestamp(ds.observation_end) + pd.Timedelta(days=1)
    created = pd.to_datetime(leads["created_at"])
    won_at = pd.to_datetime(leads["won_at"])
    leads["won"] = won_at.notna()
    leads["days_to_win"] = ((won_at - created.dt.normalize()).dt.days).clip(lower=0)
    leads["age_days"] = (end - created).dt.total_seconds() / 86400.0
    leads["response_hours"] = leads["response_hours"].astype(float)
    return leads


STATUSES = ("open", "won", "lost")  # the contract's status codes


def is_open(leads: pd.DataFrame, open_days: int) -> pd.Series:
    """Open leads: no purchase, and status ``open`` (or, where the status is missing or not
    one of :data:`STATUSES`, younger than ``open_days``). Every other lead without a
    purchase is lost."""
    status = leads["status"]
    unknown = ~status.isin(STATUSES)
    young = leads["age_days"] < open_days
    return ~leads["won"] & (status.eq("open") | (unknown & young))
