"""The company's own version of the "75 % not ready" and "80 % lost" figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from statsmodels.stats.proportion import proportion_confint


@dataclass(frozen=True)
class Share:
    """A share with its denominator and 95 % Wilson interval (sampling of the leads)."""

    share: float | None
    numerator: int
    denominator: int
    ci_low: float | None
    ci_high: float | None


def _share(num: int, den: int) -> Share:
    if den == 0:
        return Share(None, 0, 0, None, None)
    low, high = proportion_confint(num, den, alpha=0.05, method="wilson")
    return Share(num / den, num, den, float(low), float(high))


def not_ready_share(leads: pd.DataFrame, ready_days: int, cohort_days: int) -> Share:
    """Of the buyers among leads created at least ``cohort_days`` before the end (so a late
    purchase could be seen), the share who bought more than ``ready_days`` after becoming a
    lead."""
    buyers = leads[leads["won"] & (leads["age_days"] >= cohort_days)]
    return _share(int((buyers["days_to_win"] > ready_days).sum()), len(buyers))


def never_followed_lost_share(leads: pd.DataFrame, window_days: int) -> Share:
    """Of the leads never followed up and at least ``window_days`` old, the share that did
    not buy within ``window_days``: the upper bound of "lost to a competitor" the data shows
    (a lead that did not buy here may have bought nowhere)."""
    never = leads[leads["response_hours"].isna() & (leads["age_days"] >= window_days)]
    bought = never["won"] & (never["days_to_win"] <= window_days)
    return _share(int((~bought).sum()), len(never))
