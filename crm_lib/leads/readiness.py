"""Time from lead to purchase: Kaplan-Meier (``scipy.stats.ecdf``), open leads censored."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import CensoredData, ecdf


def conversion_curve(
    days: np.ndarray, converted: np.ndarray, at_days: tuple[int, ...]
) -> pd.DataFrame:
    """Cumulative conversion ``1 - S(t)`` at ``at_days`` from times in days (to the purchase
    when ``converted``, else to the censoring date), with 95 % pointwise intervals
    (Greenwood, log-log) of the conversion curve."""
    days = np.asarray(days, dtype=float)
    converted = np.asarray(converted, dtype=bool)
    days = np.maximum(days, 1e-9)  # a purchase on the lead's first day: just after time 0
    data = CensoredData(uncensored=days[converted], right=days[~converted])
    res = ecdf(data)
    with warnings.catch_warnings():  # undefined where the curve is 0 or 1: set to 0 / 1 below
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = res.cdf.confidence_interval(0.95, method="log-log")
    at = np.asarray(at_days, dtype=float)
    return pd.DataFrame(
        {
            "day": list(at_days),
            "conversion": res.cdf.evaluate(at),
            "ci_low": np.nan_to_num(ci.low.evaluate(at), nan=0.0),
            "ci_high": np.nan_to_num(ci.high.evaluate(at), nan=1.0),
            "at_risk": [int((days >= a).sum()) for a in at],
        }
    )


def lead_times(leads: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Days to the purchase of converted leads, the age at the end of the others."""
    converted = leads["won"].to_numpy()
    days = np.where(converted, leads["days_to_win"].to_numpy(float), leads["age_days"].to_numpy())
    return days, converted
