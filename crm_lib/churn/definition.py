"""What churn means here, and when it is measured.

Non-contractual customers churn when they stay **without a purchase**
(:data:`crm_lib.features.PURCHASE`: an order that is not a return) for longer than they are
allowed. Customers with a subscription (定期便) running at the cutoff are contractual: they
churn when the subscription is **cancelled** (``end_date``) within the ``window_days`` days
after the cutoff, whatever the definition. Three definitions of the allowance
(``ChurnParams.definition``):

- ``window``: no purchase within ``window_days`` days (one allowance for everyone).
- ``rhythm``: no purchase for ``rhythm_multiple`` times the customer's own mean gap between
  purchase days, or the window when that is longer (one-time buyers: the window). A customer
  who buys every 200 days is not churned after 90 quiet days; one who buys every 16 days is
  still allowed the window.
- ``p_alive``: the purchase model's P(alive) (fitted on every customer's purchases to the
  date, no labels) falls below ``p_alive_threshold``. It is as good as the purchase model:
  BG/NBD gives every one-time buyer P(alive) = 1, so none of them ever churns by it.

The population at a cutoff is every customer **not churned by the same definition** at the
cutoff (quiet for less than their allowance, or P(alive) at least the threshold), plus every
running subscriber; the label is whether they are churned ``window_days`` days later. For
``window`` and ``rhythm`` a customer is churned at the window end when they make no purchase
in the window and their silence then reaches the allowance (quiet days at the cutoff +
window >= allowance); a purchase in the window resets the silence below it. The churn rate
therefore reads as the share of the customers active by the definition who lapse by it
within the window: it counts silence, not attrition (a slow buyer who is still a customer
is counted when their silence passes the allowance).

The default window comes from the data: the given quantile (default 0.9) of the days between
consecutive purchase days of the same customer, rounded up to whole 30-day months, so that
"no purchase within the window" is unusual for a customer who is still buying. Subscription
deliveries (``channel = 'subscription'``) are left out of those gaps: they follow the plan's
schedule, and subscribers churn by cancelling.

Cutoffs: the test cutoff is one window before the observation end (its labels end there),
the train cutoff one window before it, the early cutoff one more window before: candidate
models learn at the early cutoff and are compared on the train cutoff's labels (validation),
the chosen kind is refitted at the train cutoff and tested at the test cutoff.
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

DEFINITIONS = ("window", "rhythm", "p_alive")


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


def default_cutoffs(observation_end: dt.date, window_days: int) -> tuple[dt.date, dt.date, dt.date]:
    """(early, train, test) cutoffs, each ``window_days`` apart: the test cutoff is one
    window before the observation end, so its labels are fully observed; each earlier
    cutoff's labels end where the next one's features begin."""
    step = dt.timedelta(days=int(window_days))
    test = observation_end - step
    return test - 2 * step, test - step, test


def status_sql(cutoff: dt.date, active_within_days: int | None, rhythm_multiple: float = 0.0):
    """SQL: per customer with a purchase on or before ``cutoff``: ``silence_days`` (days
    since the last purchase day), ``mean_gap_days`` (mean days between purchase days; empty
    with one) and ``allowance_days``: ``active_within_days``, or ``rhythm_multiple`` x the
    mean gap when that is longer (``rhythm_multiple`` 0: the fixed window). ``None``: no
    limit (every buyer is within it)."""
    c = date_literal(cutoff)
    base = "1e9" if active_within_days is None else str(int(active_within_days))
    gap = "date_diff('day', min(day), max(day)) / nullif(count(*) - 1, 0)"
    allowance = base
    if rhythm_multiple:
        allowance = f"greatest({base}, coalesce({float(rhythm_multiple)!r} * {gap}, 0))"
    return f"""SELECT customer_id, date_diff('day', max(day), {c}) AS silence_days,
       {gap} AS mean_gap_days, {allowance} AS allowance_days
FROM (SELECT DISTINCT customer_id, order_date AS day FROM transactions
      WHERE {PURCHASE} AND order_date <= {c})
GROUP BY customer_id"""


def population_sql(
    cutoff: dt.date,
    active_within_days: int | None,
    *,
    subscriptions: bool = False,
    rhythm_multiple: float = 0.0,
) -> str:
    """SQL: the customers scored at ``cutoff``: ``customer_id``, ``contractual`` (a
    subscription runs at the cutoff): buyers quiet for less than their allowance
    (:func:`status_sql`) and running subscribers. Reads only rows dated on or before the
    cutoff (a subscription's ``end_date`` is only compared with the cutoff)."""
    c = date_literal(cutoff)
    status = status_sql(cutoff, active_within_days, rhythm_multiple)
    buyers = f"SELECT customer_id FROM ({status}) WHERE silence_days < allowance_days"
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
    rhythm_multiple: float = 0.0,
    unlimited: bool = False,
) -> pd.DataFrame:
    """The population at ``cutoff`` (:func:`population_sql`; ``active_within_days`` defaults
    to the window, ``unlimited``: every buyer) with its outcome in the ``window_days`` days
    after it: ``customer_id``, ``contractual``, ``purchases_in_window`` (purchase days),
    ``churned`` (bool: contractual, cancelled in the window; others, no purchase in the
    window and quiet days at the cutoff + window >= their allowance, the window or
    ``rhythm_multiple`` x their mean gap when longer). These are labels:
    they read the window after the cutoff, features never do. ``subscriptions``: whether
    subscribers are contractual (default: the table is present)."""
    if subscriptions is None:
        subscriptions = ds.has("subscriptions")
    active = None if unlimited else (active_within_days or window_days)
    c, w = date_literal(cutoff), int(window_days)
    cancel = (
        f"""LEFT JOIN (SELECT customer_id, true AS cancelled FROM subscriptions
                       WHERE start_date <= {c} AND end_date > {c}
                         AND end_date <= {c} + INTERVAL {w} DAY GROUP BY customer_id) x
            USING (customer_id)"""
        if subscriptions
        else "LEFT JOIN (SELECT NULL AS customer_id, false AS cancelled) x USING (customer_id)"
    )
    pop = population_sql(cutoff, active, subscriptions=subscriptions,
                         rhythm_multiple=rhythm_multiple)  # fmt: skip
    sql = f"""
WITH pop AS ({pop}),
status AS ({status_sql(cutoff, w, rhythm_multiple)}),
later AS (SELECT customer_id, count(DISTINCT order_date) AS purchases_in_window
          FROM transactions
          WHERE {PURCHASE} AND order_date > {c} AND order_date <= {c} + INTERVAL {w} DAY
          GROUP BY customer_id)
SELECT pop.customer_id, pop.contractual,
       coalesce(later.purchases_in_window, 0) AS purchases_in_window,
       CASE WHEN pop.contractual THEN coalesce(x.cancelled, false)
            ELSE coalesce(later.purchases_in_window, 0) = 0
                 AND coalesce(status.silence_days + {w} >= status.allowance_days, true)
       END AS churned
FROM pop LEFT JOIN later USING (customer_id) LEFT JOIN status USING (customer_id) {cancel}
ORDER BY pop.customer_id"""
    return ds.con.execute(sql).df()


@dataclass(frozen=True)
class Design:
    """The resolved definition of one run: the churn definition, window, cutoffs and
    population.

    ``definition``: ``window``, ``rhythm`` or ``p_alive`` (see the module);
    ``rhythm_multiple``: own mean gaps allowed (``rhythm``); ``p_alive_threshold``
    (``p_alive``). ``window_days``: days after a cutoff in which the label is read (and
    the fixed allowance); ``quantile``: the purchase-gap quantile it came from (None when
    ``business.churn_window_days`` set it); ``active_within_days``: the allowance every
    customer has at least; ``recent_days``: the recent window of the trend, complaint and
    contact features. ``early_cutoff``: where the candidate models learn for the
    validation at ``train_cutoff``.
    """

    observation_end: dt.date
    window_days: int
    quantile: float | None
    early_cutoff: dt.date
    train_cutoff: dt.date
    test_cutoff: dt.date
    active_within_days: int
    recent_days: int
    gaps: np.ndarray = field(repr=False)  # days between purchase days, to the observation end
    definition: str = "window"
    rhythm_multiple: float = 0.0
    p_alive_threshold: float = 0.5

    @property
    def multiple(self) -> float:
        """The ``rhythm_multiple`` in force (0 unless the definition is ``rhythm``)."""
        return self.rhythm_multiple if self.definition == "rhythm" else 0.0


def design(ds: Dataset, params: ChurnParams, business: Business) -> Design:
    """The window (``business.churn_window_days``, or from the purchase gaps when 0), the
    cutoffs (``params.train_cutoff`` / ``test_cutoff``, or :func:`default_cutoffs`; the
    early cutoff is one window before the train cutoff), the population window
    (``params.active_within_days``, or the churn window when 0) and the definition."""
    end = ds.observation_end
    gaps = inter_purchase_days(ds, end)
    fixed = business.churn_window_days
    window = fixed or default_window_days(gaps, params.window_quantile)
    _, train_at, test_at = default_cutoffs(end, window)
    test_at = params.test_cutoff or test_at
    train_at = params.train_cutoff or (test_at - dt.timedelta(days=window))
    return Design(
        observation_end=end,
        window_days=window,
        quantile=None if fixed else params.window_quantile,
        early_cutoff=train_at - dt.timedelta(days=window),
        train_cutoff=train_at,
        test_cutoff=test_at,
        active_within_days=params.active_within_days or window,
        recent_days=params.recent_days,
        gaps=gaps,
        definition=params.definition,
        rhythm_multiple=params.rhythm_multiple,
        p_alive_threshold=params.p_alive_threshold,
    )
