"""The fixed data period of the demo company and conversions from day numbers.

Every simulated time is a float number of days since ``START`` 00:00 (day 0 = 2023-01-01);
the period ends at ``HORIZON_DAYS`` (2026-01-01 00:00, i.e. after the last day 2025-12-31).
"""

from __future__ import annotations

from datetime import date

import numpy as np

START = date(2023, 1, 1)
END = date(2025, 12, 31)
HORIZON_DAYS = (END - START).days + 1  # 1096 days: the length of the period
_EPOCH = np.datetime64(START.isoformat(), "us")
_US_PER_DAY = 86_400_000_000


def day_number(d: date) -> int:
    """Days from ``START`` to the calendar date ``d``."""
    return (d - START).days


def to_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (float or int, days since START) -> datetime64[us] dates at midnight.

    NaN or infinite values become NaT.
    """
    days = np.asarray(days, dtype=np.float64)
    ok = np.isfinite(days)
    us = np.where(ok, np.floor(np.where(ok, days, 0.0)), 0.0).astype(np.int64) * _US_PER_DAY
    out = _EPOCH + us.astype("timedelta64[us]")
    out[~ok] = np.datetime64("NaT")
    return out


def to_timestamps(days: np.ndarray) -> np.ndarray:
    """Float days since START -> datetime64[us] timestamps rounded to whole seconds.

    NaN or infinite values become NaT.
    """
    days = np.asarray(days, dtype=np.float64)
    ok = np.isfinite(days)
    seconds = np.round(np.where(ok, days, 0.0) * 86_400.0).astype(np.int64)
    out = _EPOCH + (seconds * 1_000_000).astype("timedelta64[us]")
    out[~ok] = np.datetime64("NaT")
    return out


def day_of_year(days: np.ndarray) -> np.ndarray:
    """Day of the year (0-based) of integer day numbers since START."""
    dates = to_dates(days)
    years = dates.astype("datetime64[Y]")
    return (dates.astype("datetime64[D]") - years.astype("datetime64[D]")).astype(np.int64)


def month_of(days: np.ndarray) -> np.ndarray:
    """Calendar month (1-12) of day numbers since START."""
    dates = to_dates(days).astype("datetime64[M]")
    return (dates.astype(np.int64) % 12 + 1).astype(np.int8)
