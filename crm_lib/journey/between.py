"""What happened between one purchase and the next: journeys aligned on purchase number.

For every customer and purchase number n (1..``max_purchase``; a purchase day of
:data:`crm_lib.features.PURCHASE`, several orders on one day are one purchase) the
*interval* starts the day after the n-th purchase. The customer **bought again** when the
(n+1)-th purchase came within ``lapse_days`` days, and **lapsed** otherwise, unless a
subscription ran on the last day of that window (subscribers leave by cancelling): the
journey page's lapse rule (購入途絶, not the churn report's window). Intervals whose n-th
purchase is less than ``lapse_days`` before the observation end are right-censored (left
out): their outcome is unknown.

A touch (:mod:`crm_lib.journey.touches`) is *in* the interval when it falls in the first
``window_days`` days after the n-th purchase and before the next purchase day. Every
interval is so observed for the same days, except those of customers who bought again
sooner (assumption: what happens in the first days after a purchase is comparable).

Per purchase number and item: the lapse rate of intervals with the item against those
without, their difference with the Newcombe hybrid-score interval and the score test's
p-value, and the relative drop in the repurchase rate (``1 - repurchase rate with /
without``, the extra dropout if the item adds a dropout chance on top of everyone's own,
as in the demo). p-values are BH-adjusted over every (purchase number, item) compared
(``scipy.stats.false_discovery_control``). Rates per group carry Wilson intervals. A
customer counts once per purchase number, so the intervals of one row are independent
customers. These are associations: an item precedes the lapse, it is not shown to cause it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from crm_lib.experiments.effects import lift_interval, lift_p_value, quietly
from crm_lib.features import PURCHASE, date_literal
from crm_lib.journey.log import JourneyLog
from crm_lib.journey.touches import split_item, touches_sql

COLUMNS = [
    "purchase_number", "item", "kind", "code", "intervals", "with_item", "lapsed_with",
    "lapse_rate_with", "lapse_rate_without", "difference", "ci_low", "ci_high",
    "share_lapsed", "share_lapsed_low", "share_lapsed_high", "share_repurchased",
    "share_repurchased_low", "share_repurchased_high", "repurchase_drop",
    "repurchase_drop_low", "repurchase_drop_high", "p_value", "q_value", "flagged",
]  # fmt: skip


def intervals_sql(log: JourneyLog, lapse_days: int, max_purchase: int) -> str:
    """SQL: one row per customer and purchase number n with a known outcome: customer_id,
    n, day (of the n-th purchase), next_day (of the (n+1)-th; NULL: none), lapsed (bool),
    until (first day no longer in the interval, before ``window_days`` is applied)."""
    w = int(lapse_days)
    end = date_literal(log.observation_end)
    running = "FALSE"
    if log.has_subscriptions:
        running = f"""EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = q.customer_id
                                 AND s.start_date <= q.day + INTERVAL {w} DAY
                                 AND (s.end_date IS NULL
                                      OR s.end_date > q.day + INTERVAL {w} DAY))"""
    again = f"(q.next_day IS NOT NULL AND q.next_day <= q.day + INTERVAL {w} DAY)"
    return f"""
        WITH days AS (SELECT DISTINCT t.customer_id, t.order_date AS day FROM transactions t
                      SEMI JOIN {log.people} p ON p.person_id = t.customer_id
                      WHERE {PURCHASE}),
             q AS (SELECT customer_id, day,
                          row_number() OVER w AS n, lead(day) OVER w AS next_day
                   FROM days WINDOW w AS (PARTITION BY customer_id ORDER BY day))
        SELECT q.customer_id, q.n, q.day, q.next_day,
               NOT {again} AND NOT {running} AS lapsed,
               CAST(CASE WHEN {again} THEN q.next_day
                         ELSE q.day + INTERVAL {w + 1} DAY END AS DATE) AS until
        FROM q
        WHERE q.n <= {int(max_purchase)} AND q.day <= {end} - INTERVAL {w} DAY"""


def _counts(log: JourneyLog, intervals: str, touches: str, window_days: int):
    con = log.con
    groups = con.execute(
        f"""SELECT n AS purchase_number, count(*) AS intervals,
                   count(*) FILTER (WHERE lapsed) AS lapsed,
                   median(date_diff('day', day, next_day)) FILTER (WHERE NOT lapsed
                                                                  AND next_day IS NOT NULL)
                       AS median_gap_days
            FROM ({intervals}) GROUP BY n ORDER BY n"""
    ).df()
    items = con.execute(
        f"""WITH i AS ({intervals}),
                 hits AS (SELECT DISTINCT i.customer_id, i.n, t.item, i.lapsed
                          FROM i JOIN ({touches}) t
                            ON t.customer_id = i.customer_id AND t.day > i.day
                           AND t.day < i.until
                           AND t.day <= i.day + INTERVAL {int(window_days)} DAY)
            SELECT n AS purchase_number, item, count(*) AS with_item,
                   count(*) FILTER (WHERE lapsed) AS lapsed_with
            FROM hits GROUP BY ALL ORDER BY ALL"""
    ).df()
    return groups, items


def wilson_interval(x, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95 % intervals of the shares x / n (arrays)."""
    low, high = quietly(proportion_confint, x, n, alpha=0.05, method="wilson")
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def _repurchase_drop(x_with: int, n_with: int, x_without: int, n_without: int):
    """1 - (repurchase rate with / without) and its score interval (from the ratio's)."""
    if not (n_with and n_without and x_without):
        return np.nan, np.nan, np.nan
    low, high = quietly(
        confint_proportions_2indep, x_with, n_with, x_without, n_without,
        method="score", compare="ratio",
    )  # fmt: skip
    ratio = (x_with / n_with) / (x_without / n_without)
    return 1 - ratio, 1 - float(high), 1 - float(low)


def compare(groups: pd.DataFrame, items: pd.DataFrame, min_intervals: int, alpha: float):
    """Per (purchase number, item): the rates, intervals and tests of the module doc;
    items with fewer than ``min_intervals`` intervals with or without them are left out."""
    frame = items.merge(groups[["purchase_number", "intervals", "lapsed"]], on="purchase_number")
    without = frame["intervals"] - frame["with_item"]
    frame = frame[(frame["with_item"] >= min_intervals) & (without >= min_intervals)]
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS).astype({"flagged": bool})
    frame = frame.reset_index(drop=True)
    a, n1 = frame["lapsed_with"], frame["with_item"]
    c, n0 = frame["lapsed"] - a, frame["intervals"] - frame["with_item"]
    rows = [lift_interval(*v) for v in zip(a, n1, c, n0, strict=True)]
    frame["difference"], frame["ci_low"], frame["ci_high"] = map(list, zip(*rows, strict=True))
    frame["lapse_rate_with"], frame["lapse_rate_without"] = a / n1, c / n0
    frame["p_value"] = [lift_p_value(*v) for v in zip(a, n1, c, n0, strict=True)]
    b = n1 - a  # repurchased with the item
    retained = frame["intervals"] - frame["lapsed"]
    frame["share_lapsed"] = a / frame["lapsed"]
    frame["share_lapsed_low"], frame["share_lapsed_high"] = wilson_interval(a, frame["lapsed"])
    frame["share_repurchased"] = b / retained
    frame["share_repurchased_low"], frame["share_repurchased_high"] = wilson_interval(b, retained)
    drops = [_repurchase_drop(*v) for v in zip(b, n1, n0 - c, n0, strict=True)]
    frame["repurchase_drop"], frame["repurchase_drop_low"], frame["repurchase_drop_high"] = map(
        list, zip(*drops, strict=True)
    )
    p = frame["p_value"].fillna(1.0).to_numpy()
    frame["q_value"] = false_discovery_control(p, method="bh")
    frame["flagged"] = frame["q_value"] < alpha
    kinds = [split_item(i) for i in frame["item"]]
    frame["kind"], frame["code"] = [k for k, _ in kinds], [c for _, c in kinds]
    return frame[COLUMNS].sort_values(["purchase_number", "q_value", "item"]).reset_index(drop=True)


def between_purchases(
    log: JourneyLog,
    lapse_days: int = 180,
    *,
    max_purchase: int = 3,
    window_days: int = 30,
    min_intervals: int = 20,
    alpha: float = 0.05,
    topics=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups, comparison). ``groups``: per purchase number, intervals, lapsed and
    median_gap_days (of those who bought again). ``comparison``: :data:`COLUMNS`, one row
    per purchase number and item (see the module doc); shares 0..1. ``window_days`` is
    capped at ``lapse_days``; ``topics``: feedback topic regexes (default
    :data:`~crm_lib.journey.touches.FEEDBACK_TOPICS`)."""
    window = min(int(window_days), int(lapse_days))
    intervals = intervals_sql(log, lapse_days, max_purchase)
    groups, items = _counts(log, intervals, touches_sql(log, topics), window)
    groups["lapse_rate"] = groups["lapsed"] / groups["intervals"]
    return groups, compare(groups, items, min_intervals, alpha)
