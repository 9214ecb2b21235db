"""Paths read backwards: what preceded an end point, against the same customers' earlier
period of the same length.

End points (one per customer and kind):

- ``lapse``: the customer's first lapse (:mod:`crm_lib.journey.between`: no purchase within
  ``lapse_days`` after a purchase, no running subscription then); the end is the day the
  silence reached ``lapse_days``, and the window read backwards is the whole silence, the
  ``lapse_days`` days after the last purchase;
- ``cancellation``: the end date of the customer's first cancelled subscription (an end
  date on or before the observation end); the window is the ``days`` days before it (the
  end day itself, when the cancellation is made, is left out).

Baseline: the window of the same length just before (for a lapse it ends with the last
purchase). Only end points whose customer was in the journey log (first touch, or the
subscription's start) for the whole baseline are compared. A touch
(:mod:`crm_lib.journey.touches`) is counted once per end point and window.

Per item: the share of end points with it in the window and in the baseline (Wilson
intervals), and the exact McNemar test of the discordant pairs (the same customers in both
periods), BH-adjusted over every (kind, item). An association: the baseline is the same
customers at another time, not customers who did not leave.
"""

from __future__ import annotations

import pandas as pd
from scipy.stats import binomtest, false_discovery_control

from crm_lib.features import date_literal
from crm_lib.journey.between import intervals_sql, wilson_interval
from crm_lib.journey.log import JourneyLog
from crm_lib.journey.touches import split_item, touches_sql

LAPSE, CANCELLATION = "lapse", "cancellation"
END_KINDS = (LAPSE, CANCELLATION)
COLUMNS = [
    "end_kind", "item", "kind", "code", "end_points", "in_window", "in_baseline",
    "window_only", "baseline_only", "share_window", "share_window_low", "share_window_high",
    "share_baseline", "share_baseline_low", "share_baseline_high", "difference", "p_value",
    "q_value", "flagged",
]  # fmt: skip


def end_points_sql(log: JourneyLog, lapse_days: int, days: int) -> str:
    """SQL: customer_id, end_kind, window_start (first day read back), end_day (first day
    after the window), baseline_start; end points with a full baseline only."""
    w, d = int(lapse_days), int(days)
    parts = [
        f"""SELECT customer_id, '{LAPSE}' AS end_kind,
                   CAST(day + INTERVAL 1 DAY AS DATE) AS window_start,
                   CAST(day + INTERVAL {w + 1} DAY AS DATE) AS end_day,
                   CAST(day - INTERVAL {w - 1} DAY AS DATE) AS baseline_start
            FROM ({intervals_sql(log, w, 1_000_000)}) WHERE lapsed
            QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n) = 1"""
    ]
    if log.has_subscriptions:
        end = date_literal(log.observation_end)
        parts.append(
            f"""SELECT customer_id, '{CANCELLATION}', CAST(end_date - INTERVAL {d} DAY AS DATE),
                       end_date, CAST(end_date - INTERVAL {2 * d} DAY AS DATE)
                FROM (SELECT customer_id, min(end_date) AS end_date,
                             arg_min(start_date, end_date) AS start_date
                      FROM subscriptions WHERE end_date <= {end} GROUP BY customer_id)
                WHERE start_date <= end_date - INTERVAL {2 * d} DAY"""
        )
    return f"""SELECT e.* FROM ({" UNION ALL ".join(parts)}) e
               JOIN {log.people} p ON p.person_id = e.customer_id
               WHERE CAST(p.first_touch AS DATE) <= e.baseline_start"""


def _counts(log: JourneyLog, ends: str, touches: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    sizes = log.con.execute(
        f"SELECT end_kind, count(*) AS end_points FROM ({ends}) GROUP BY ALL ORDER BY ALL"
    ).df()
    items = log.con.execute(
        f"""WITH e AS ({ends}),
                 hits AS (SELECT e.customer_id, e.end_kind, t.item,
                                 bool_or(t.day >= e.window_start) AS in_window,
                                 bool_or(t.day < e.window_start) AS in_baseline
                          FROM e JOIN ({touches}) t
                            ON t.customer_id = e.customer_id AND t.day >= e.baseline_start
                           AND t.day < e.end_day
                          GROUP BY ALL)
            SELECT end_kind, item, count(*) FILTER (WHERE in_window) AS in_window,
                   count(*) FILTER (WHERE in_baseline) AS in_baseline,
                   count(*) FILTER (WHERE in_window AND NOT in_baseline) AS window_only,
                   count(*) FILTER (WHERE in_baseline AND NOT in_window) AS baseline_only
            FROM hits GROUP BY ALL ORDER BY ALL"""
    ).df()
    return sizes, items


def _mcnemar(window_only: int, baseline_only: int) -> float:
    """Exact McNemar p-value: the discordant pairs against a fair coin."""
    pairs = int(window_only) + int(baseline_only)
    return float(binomtest(int(window_only), pairs, 0.5).pvalue) if pairs else 1.0


def compare(sizes: pd.DataFrame, items: pd.DataFrame, min_end_points: int, alpha: float):
    """Per (end kind, item): shares, intervals and tests of the module doc; items that
    fewer than ``min_end_points`` end points have in either period are left out."""
    frame = items.merge(sizes, on="end_kind")
    frame = frame[frame[["in_window", "in_baseline"]].max(axis=1) >= min_end_points]
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS).astype({"flagged": bool})
    frame = frame.reset_index(drop=True)
    n = frame["end_points"]
    frame["share_window"] = frame["in_window"] / n
    frame["share_window_low"], frame["share_window_high"] = wilson_interval(frame["in_window"], n)
    frame["share_baseline"] = frame["in_baseline"] / n
    frame["share_baseline_low"], frame["share_baseline_high"] = wilson_interval(
        frame["in_baseline"], n
    )
    frame["difference"] = frame["share_window"] - frame["share_baseline"]
    frame["p_value"] = [
        _mcnemar(a, b) for a, b in zip(frame["window_only"], frame["baseline_only"], strict=True)
    ]
    frame["q_value"] = false_discovery_control(frame["p_value"].to_numpy(), method="bh")
    frame["flagged"] = frame["q_value"] < alpha
    kinds = [split_item(i) for i in frame["item"]]
    frame["kind"], frame["code"] = [k for k, _ in kinds], [c for _, c in kinds]
    order = {k: i for i, k in enumerate(END_KINDS)}
    frame = frame.assign(_k=frame["end_kind"].map(order)).sort_values(
        ["_k", "share_window", "item"], ascending=[True, False, True]
    )
    return frame[COLUMNS].reset_index(drop=True)


def preceding(
    log: JourneyLog,
    lapse_days: int = 180,
    *,
    days: int = 60,
    min_end_points: int = 20,
    alpha: float = 0.05,
    topics=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sizes, comparison): end points per kind (end_kind, end_points), and per kind and
    item :data:`COLUMNS` (shares 0..1; ``difference`` = window minus baseline share)."""
    ends = end_points_sql(log, lapse_days, days)
    sizes, items = _counts(log, ends, touches_sql(log, topics))
    table = compare(sizes, items, min_end_points, alpha)
    return sizes, table
