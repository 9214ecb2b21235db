"""Amounts far outside the rest: a misplaced decimal point, a total typed into the
amount column, an amount in minor units (cents) read as whole units."""

from __future__ import annotations

import math

from crm_lib.dataset import Dataset
from crm_lib.engine import first_row
from crm_lib.health.findings import Finding, Severity
from crm_lib.money import Amount
from crm_lib.params import HealthParams


def extreme_threshold(ds: Dataset, params: HealthParams) -> float | None:
    """The largest plausible amount, in the currency: exp(Q3 + k·IQR) of the log amounts
    of purchases (k = ``params.extreme_iqr_factor``); a rule on the log scale, since order
    values are skewed. None with fewer than ``params.extreme_min_purchases`` purchases."""
    n, q1, q3 = first_row(
        ds.con,
        """SELECT count(*), quantile_cont(ln(amount), 0.25), quantile_cont(ln(amount), 0.75)
           FROM transactions WHERE amount > 0""",
    )
    if n < params.extreme_min_purchases:
        return None
    return round(float(_exp(q3 + params.extreme_iqr_factor * (q3 - q1))), 2)


def _exp(x: float) -> float:
    return math.exp(min(x, 700.0))  # beyond any amount a DOUBLE column holds


def extreme_amounts(ds: Dataset, params: HealthParams) -> Finding:
    """Transactions (purchases or returns) whose size exceeds :func:`extreme_threshold`;
    the sample holds the largest ones' order ids."""
    threshold = extreme_threshold(ds, params)
    count, sample = 0, None
    if threshold is not None:
        count, sample = first_row(
            ds.con,
            f"""SELECT count(*), arg_max(order_id, abs(amount), {int(params.sample_size)})
                FROM transactions WHERE abs(amount) > ?""",
            [threshold],
        )
    return Finding(
        "extreme_amounts",
        "transactions",
        "amount",
        count,
        tuple(sample or ()),
        Severity.MEDIUM,
        {
            "threshold": None if threshold is None else Amount(threshold),
            "factor": params.extreme_iqr_factor,
        },
    )
