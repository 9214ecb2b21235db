"""What churn means here, and when it is measured.

Non-contractual customers churn when they make **no purchase** (:data:`crm_lib.features.PURCHASE`:
an order that is not a return) within
``window_days`` days after a cutoff date. Customers with a subscription (定期便) running at the
cutoff are contractual: they churn when the subscription is **cancelled** (``end_date``) within
the window. The population at a cutoff is every customer with a purchase in the
``active_within_days`` days up to it (by default the window itself: a customer who has not
bought for longer has already churned by the same definition), plus every running
subscriber. Churn rates therefore read as one period's loss of the customers active in the
period before (1 - the repeat rate from one window to the next).

The default window comes from the data: the given quantile (default 0.9) of the days between
consecutive purchase days of the same customer, rounded up to whole 30-day months, so that
"no purchase within the window" is unusual for a customer who is still buying. Subscription
deliveries (``channel = 'subscription'``) are left out of those gaps: they follow the plan's
schedule, and subscribers churn by cancelling.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.features import PURCHASE, date_literal
from crm_lib.params import Business, ChurnParams


def has_column(ds: Dataset, table: str, column: str) -> bool:
    """Whether the data provided ``column`` of ``table`` (the table is present)."""
    return ds.has(table) and column in ds.loads[table].columns


def inter_purchase_days(ds: Dataset, cutoff: dt.date) -> np.ndarray:
    """Days between consecutive purchase days of the same customer, purchases on or before
    ``cutoff`` only (returns and subscription deliveries excluded)."""
    deliveries = (
        "AND coalesce(channel, '') <> 'subscription'"
        if has_column(ds, "transactions", "channel")
        else ""
    )
    sql = f"""
WITH days AS (SELECT DISTINCT customer_id, order_date FROM transactions
              WHERE {PURCHASE} AND order_date <= {date_literal(cutoff)} {deliveries}),
gaps AS (SELECT date_diff('day', lag(order_date) OVER (PARTITION BY customer_id
                                                        ORDER BY order_date), order_date) AS gap
         FROM days)
SELECT gap FROM gaps WHERE gap IS NOT NULL"""
    return ds.con.execute(sql).fetchnumpy()["gap"].astype(float)


def default_window_days(
    gaps: np.ndarray, quantile: float = 0.9, *, round_to: int = 30, minimum: int = 30
) -> int:
    """The churn window (days): the ``quantile`` of the inter-purchase days rounded up to a
    multiple of ``round_to`` days (at least ``minimum``); ``minimum`` when there are no gaps."""
    if len(gaps) == 0:
        return minimum
    days = float(np.quantile(gaps, quantile))
    return max(minimum, int(math.ceil(days / round_to) * round_to))


def default_cutoffs(observation_end: dt.date, window_days: int) -> tuple[dt.date, dt.date]:
    """(train cutoff, test cutoff): the test cutoff is ``window_days`` before the observation
    end, so its labels are fully observed; the train cutoff is ``window_days`` before that, so
    its labels end where the test features begin."""
    test = observation_end - dt.timedelta(days=int(window_days))
    return test - dt.timedelta(days=int(window_days)), test


def population_sql(cutoff: dt.date, active_within_days: int, *, subscriptions: bool = False) -> str:
    """SQL: the customers scored at ``cutoff``: ``customer_id``, ``contractual`` (a
    subscription runs at the cutoff). Reads only rows dated on or before the cutoff (a
    subscription's ``end_date`` is only compared with the cutoff)."""
    c = date_literal(cutoff)
    buyers = f"""SELECT customer_id FROM transactions
                 WHERE {PURCHASE} AND order_date <= {c}
                 GROUP BY customer_id
                 HAVING max(order_date) > {c} - INTERVAL {int(active_within_days)} DAY"""
    if not subscriptions:
        return f"SELECT customer_id, false AS contractual FROM ({buyers})"
    running = f"""SELECT DISTINCT customer_id FROM subscriptions
                  WHERE start_date <= {c} AND (end_date IS NULL OR end_date > {c})"""
    return f"""SELECT customer_id, bool_or(contractual) AS contractual FROM (
                   SELECT customer_id, false AS contractual FROM ({buyers})
                   UNION ALL SELECT customer_id, true FROM ({running}))
               GROUP BY customer_id"""


def churn_labels(
    ds: Dataset,
    cutoff: dt.date,
    window_days: int,
    *,
    active_within_days: int | None = None,
    subscriptions: bool | None = None,
) -> pd.DataFrame:
    """The population at ``cutoff`` (bought within ``active_within_days`` days, default the
    window, or subscribed) with its outcome in the ``window_days`` days after it:
    ``customer_id``, ``contractual``, ``churned`` (bool), ``purchases_in_window`` (purchase
    days). These are labels: they read the window after the cutoff, features never do.
    ``subscriptions``: whether subscribers are contractual (default: the table is present)."""
    if subscriptions is None:
        subscriptions = ds.has("subscriptions")
    active_within_days = active_within_days or window_days
    c, w = date_literal(cutoff), int(window_days)
    cancel = (
        f"""LEFT JOIN (SELECT customer_id, true AS cancelled FROM subscriptions
                       WHERE start_date <= {c} AND end_date > {c}
                         AND end_date <= {c} + INTERVAL {w} DAY GROUP BY customer_id) x
            USING (customer_id)"""
        if subscriptions
        else "LEFT JOIN (SELECT NULL AS customer_id, false AS cancelled) x USING (customer_id)"
    )
    sql = f"""
WITH pop AS ({population_sql(cutoff, active_within_days, subscriptions=subscriptions)}),
later AS (SELECT customer_id, count(DISTINCT order_date) AS purchases_in_window
          FROM transactions
          WHERE {PURCHASE} AND order_date > {c} AND order_date <= {c} + INTERVAL {w} DAY
          GROUP BY customer_id)
SELECT pop.customer_id, pop.contractual,
       coalesce(later.purchases_in_window, 0) AS purchases_in_window,
       CASE WHEN pop.contractual THEN coalesce(x.cancelled, false)
            ELSE coalesce(later.purchases_in_window, 0) = 0 END AS churned
FROM pop LEFT JOIN later USING (customer_id) {cancel}
ORDER BY pop.customer_id"""
    return ds.con.execute(sql).df()


@dataclass(frozen=True)
class Design:
    """The resolved definition of one run: the window, the two cutoffs and the population.

    ``window_days``: days without a purchase that count as churn; ``quantile``: the
    purchase-gap quantile it came from (None when ``business.churn_window_days`` set it);
    ``active_within_days``: days before a cutoff in which the scored customers bought;
    ``recent_days``: the recent window of the trend, complaint and contact features.
    """

    observation_end: dt.date
    window_days: int
    quantile: float | None
    train_cutoff: dt.date
    test_cutoff: dt.date
    active_within_days: int
    recent_days: int
    gaps: np.ndarray = field(repr=False)  # days between purchase days, to the observation end


def design(ds: Dataset, params: ChurnParams, business: Business) -> Design:
    """The window (``business.churn_window_days``, or from the purchase gaps when 0), the
    cutoffs (``params.train_cutoff`` / ``test_cutoff``, or :func:`default_cutoffs`) and the
    population window (``params.active_within_days``, or the churn window when 0)."""
    end = ds.observation_end
    gaps = inter_purchase_days(ds, end)
    fixed = business.churn_window_days
    window = fixed or default_window_days(gaps, params.window_quantile)
    train_at, test_at = default_cutoffs(end, window)
    return Design(
        observation_end=end,
        window_days=window,
        quantile=None if fixed else params.window_quantile,
        train_cutoff=params.train_cutoff or train_at,
        test_cutoff=params.test_cutoff or test_at,
        active_within_days=params.active_within_days or window,
        recent_days=params.recent_days,
        gaps=gaps,
    )
