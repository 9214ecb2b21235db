"""Subscription retention: Kaplan-Meier curves of time to cancellation (days) by group.

lifelines 0.30 requires pandas < 3 and installing it downgrades pandas, so the product-limit
estimator is implemented here in numpy (a few lines; same estimate as lifelines'
KaplanMeierFitter). A subscription still running at ``as_of`` is censored at that date.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


def subscription_durations(subscriptions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per subscription started by ``as_of``: ``days`` from start to cancellation (or to
    ``as_of`` when running) and ``cancelled`` (bool)."""
    subs = subscriptions[pd.to_datetime(subscriptions["start_date"]) <= pd.Timestamp(as_of)]
    end = pd.to_datetime(subs["end_date"])
    cancelled = end.notna() & (end <= pd.Timestamp(as_of))
    stop = end.where(cancelled, pd.Timestamp(as_of))
    out = subs.copy()
    out["days"] = (stop - pd.to_datetime(subs["start_date"])).dt.days.astype(float)
    out["cancelled"] = cancelled.to_numpy()
    return out


def kaplan_meier(days, cancelled) -> pd.DataFrame:
    """Product-limit estimate: ``days``, ``at_risk``, ``cancelled``, ``survival`` (share
    still subscribed after that many days), starting at day 0 with survival 1."""
    days = np.asarray(days, dtype=float)
    events = np.asarray(cancelled, dtype=bool)
    times = np.unique(days[events])
    at_risk = np.array([(days >= t).sum() for t in times], dtype=float)
    failed = np.array([(events & (days == t)).sum() for t in times], dtype=float)
    survival = np.cumprod(1 - failed / at_risk) if len(times) else np.array([])
    head = pd.DataFrame({"days": [0.0], "at_risk": [float(len(days))], "cancelled": [0.0],
                         "survival": [1.0]})  # fmt: skip
    body = pd.DataFrame({"days": times, "at_risk": at_risk, "cancelled": failed,
                         "survival": survival})  # fmt: skip
    return pd.concat([head, body], ignore_index=True) if len(times) else head


def median_days(curve: pd.DataFrame) -> float:
    """First day the survival falls to 0.5 or below; NaN when it never does."""
    below = curve.loc[curve["survival"] <= 0.5, "days"]
    return float(below.iloc[0]) if len(below) else float("nan")


def retention_by(durations: pd.DataFrame, by: str, *, min_size: int = 20) -> pd.DataFrame:
    """Kaplan-Meier curve per value of ``by`` (groups with at least ``min_size``
    subscriptions), stacked with a ``group`` column."""
    frames = []
    for group, rows in durations.groupby(durations[by].fillna("—").astype(str)):
        if len(rows) >= min_size:
            frames.append(kaplan_meier(rows["days"], rows["cancelled"]).assign(group=group))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def median_table(curves: pd.DataFrame, durations: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group: subscriptions, cancelled, median days to cancel (NaN: not reached)."""
    if curves.empty:
        return pd.DataFrame(columns=["group", "subscriptions", "cancelled", "median_days"])
    keys = durations[by].fillna("—").astype(str)
    counts = durations.groupby(keys).agg(
        subscriptions=("days", "size"), cancelled=("cancelled", "sum")
    )
    medians = curves.groupby("group").apply(median_days, include_groups=False)
    table = counts.loc[medians.index].assign(median_days=medians.to_numpy())
    return table.rename_axis("group").reset_index()
