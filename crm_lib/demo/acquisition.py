"""When people first reach the company: a growing flow of new prospects and customers.

The acquisition intensity rises linearly over the period: at the end it is
``1 + GROWTH`` times the intensity at the start (days since START).
"""

from __future__ import annotations

import numpy as np

from crm_lib.demo.period import HORIZON_DAYS

GROWTH = 1.5  # intensity at the end of the period / intensity at the start - 1


def growing_arrivals(
    rng: np.random.Generator, n: int, first_day: float = 0.0, last_day: float = HORIZON_DAYS
) -> np.ndarray:
    """``n`` arrival times (float days) on [first_day, last_day) with intensity 1 + GROWTH t / T.

    Drawn by inverting the cumulative intensity, so no rejection loop is needed.
    """
    k = GROWTH / (2.0 * HORIZON_DAYS)

    def cumulative(t: np.ndarray | float) -> np.ndarray | float:
        return t + k * np.square(t)

    lo, hi = cumulative(first_day), cumulative(last_day)
    c = lo + rng.random(n) * (hi - lo)
    t = (-1.0 + np.sqrt(1.0 + 4.0 * k * c)) / (2.0 * k)
    return np.clip(t, first_day, np.nextafter(last_day, 0.0))
