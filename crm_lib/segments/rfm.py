"""RFM: recency, orders and monetary value per customer, scores 1-5 and named segments.

Scores come either from fixed cut-offs (:class:`RfmCutoffs`, the segments report's
default: absolute, so that a segment means the same thing from one period to the next, its
description holds in days, orders and money, and migrations between two dates can be
compared) or from quintiles of the customers at the as-of date (relative: a score says where
a customer stands among the others that day). Quintiles are taken on mid-ranks: a group of
equal values shares the score of the mean of the ranks it spans (scipy's
``rankdata(method="average")``). F is never a quintile: an order count has too many ties
(most customers order once, so quintiles would give every two-order customer a top score);
in the quantile variant F is the order count itself, 5 meaning five or more. The measures
are the shared per-customer definitions of :mod:`crm_lib.features` (one definition of a
purchase), run as SQL in the engine on the canonical ``transactions`` table; amounts in the
data's currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import customer_table, quote_literal
from crm_lib.features import customer_summary_sql
from crm_lib.params import SegmentsParams

SEGMENTS = (
    "champions",
    "loyal",
    "potential_loyalists",
    "new",
    "cant_lose",
    "at_risk",
    "hibernating",
    "lost",
)
SEGMENT_PREFIX = "seg_name_"  # label key prefix of a segment's name (crm_lib.i18n.segments)
RULE_PREFIX = "seg_rule_"  # label key prefix of a segment's rule in words

# The segment rules, first match wins, on the scores r, f, m (1-5, 5 = best). Every
# (r, f, m) falls into exactly one segment: r >= 3 ends at potential_loyalists, r <= 2
# at hibernating (r = 2) or lost (r = 1).
SEGMENT_RULES: tuple[tuple[str, str], ...] = (
    ("champions", "r >= 4 AND f >= 4 AND m >= 4"),  # bought lately, often, much
    ("loyal", "r >= 3 AND f >= 3"),  # buys regularly and lately
    ("new", "r >= 4 AND f = 1"),  # one recent order
    ("potential_loyalists", "r >= 3"),  # recent, not yet frequent
    ("cant_lose", "f >= 4 AND m >= 4"),  # (r <= 2) was among the best, gone quiet
    ("at_risk", "f >= 3"),  # (r <= 2) used to buy regularly, not lately
    ("hibernating", "r = 2"),  # few orders, a while ago
    ("lost", "TRUE"),  # (r = 1) few orders, long ago
)


@dataclass(frozen=True)
class RfmCutoffs:
    """Fixed score boundaries: each tuple holds the four edges between scores 1..5.

    ``recency_days``: a last purchase at most edge[0] days before the as-of date scores 5,
    at most edge[1] days 4, ... more than edge[3] days 1. ``orders`` (purchases) and
    ``monetary`` (net spend to date, in the data's currency): a value below edge[0] scores
    1, from edge[0] 2, ... from edge[3] 5. :meth:`of` takes them from the segments
    parameters (:class:`~crm_lib.params.SegmentsParams`, where the defaults live).
    """

    recency_days: tuple[int, int, int, int]
    orders: tuple[int, int, int, int]
    monetary: tuple[float, float, float, float]

    def __post_init__(self):
        for name in ("recency_days", "orders", "monetary"):
            edges = list(getattr(self, name))
            if len(edges) != 4 or edges != sorted(set(edges)):
                raise ValueError(f"{name} needs four increasing edges, not {edges}")

    @classmethod
    def of(cls, params: SegmentsParams | None = None) -> RfmCutoffs:
        """The fixed cut-offs of the segments parameters (default: their defaults)."""
        params = params or SegmentsParams()
        return cls(
            tuple(params.recency_cutoffs_days),
            tuple(params.orders_cutoffs),
            tuple(params.monetary_cutoffs),
        )


def _fixed_score_sql(column: str, edges, *, lower_is_better: bool) -> str:
    if lower_is_better:
        parts = [f"CASE WHEN {column} <= {float(e)} THEN 1 ELSE 0 END" for e in edges]
    else:
        parts = [f"CASE WHEN {column} >= {float(e)} THEN 1 ELSE 0 END" for e in edges]
    return "(1 + " + " + ".join(parts) + ")"


def fixed_scores_sql(
    cutoffs: RfmCutoffs,
    recency: str = "recency_days",
    orders: str = "orders",
    monetary: str = "monetary",
) -> tuple[str, str, str]:
    """SQL expressions of the R, F and M scores (1-5) on fixed cut-offs, from the named
    columns (recency in days, orders, net spend in the currency)."""
    return (
        _fixed_score_sql(recency, cutoffs.recency_days, lower_is_better=True),
        _fixed_score_sql(orders, cutoffs.orders, lower_is_better=False),
        _fixed_score_sql(monetary, cutoffs.monetary, lower_is_better=False),
    )


F_COUNT_CAP = 5  # quantile variant: F = orders, capped here (5 = five or more)


def _quintile_score_sql(column: str, *, lower_is_better: bool) -> str:
    """1-5 by the quintile of the mid-rank: with ``below`` customers worse and ``tied``
    equal, the score is ``1 + floor(5 * (below + tied / 2) / n)`` (in integers, exact)."""
    order = "DESC" if lower_is_better else "ASC"
    below = f"(rank() OVER (ORDER BY {column} {order}) - 1)"
    tied = f"count(*) OVER (PARTITION BY {column})"
    return f"least(5, 1 + (10 * {below} + 5 * {tied}) // (2 * count(*) OVER ()))"


def segment_case_sql() -> str:
    """The SQL ``CASE`` that names the segment of scores ``r``, ``f``, ``m``."""
    whens = " ".join(f"WHEN {cond} THEN {quote_literal(name)}" for name, cond in SEGMENT_RULES)
    return f"CASE {whens} END"


def rfm_sql(as_of: dt.date, cutoffs: RfmCutoffs | None = None) -> str:
    """The per-customer RFM query (DuckDB) as of ``as_of``, on the shared customer summary
    (:func:`~crm_lib.features.customer_summary_sql`, purchasers only)."""
    if cutoffs is None:
        r = _quintile_score_sql("recency_days", lower_is_better=True)
        f = f"least(orders, {F_COUNT_CAP})"
        m = _quintile_score_sql("monetary", lower_is_better=False)
    else:
        r, f, m = fixed_scores_sql(cutoffs)
    return f"""
WITH summary AS (
{customer_summary_sql(as_of, purchasers_only=True)}
), measured AS (
    SELECT *, revenue_net AS monetary FROM summary
), scored AS (
    SELECT *, CAST({r} AS INTEGER) AS r, CAST({f} AS INTEGER) AS f, CAST({m} AS INTEGER) AS m
    FROM measured
)
SELECT customer_id, first_purchase_date, last_purchase_date, recency_days, orders, monetary,
       revenue_gross, avg_order_value, r AS r_score, f AS f_score, m AS m_score,
       {segment_case_sql()} AS segment
FROM scored
ORDER BY customer_id"""


def rfm_scores(
    ds: Dataset,
    as_of: dt.date | None = None,
    *,
    cutoffs: RfmCutoffs | None = None,
    quantile: bool = False,
) -> pd.DataFrame:
    """One row per customer with a purchase on or before ``as_of`` (default: observation
    end).

    ``recency_days``: days from the last purchase to ``as_of``; ``orders``: purchases
    (returns not counted); ``monetary``: net spend over all orders to ``as_of`` (returns
    netted); ``avg_order_value``: gross spend per purchase (:mod:`crm_lib.features`;
    amounts in the data's currency). Scores 1-5 on the fixed ``cutoffs`` (default: those of
    the default segments parameters, as the segments report scores), or with ``quantile``
    R and M by quintile of mid-ranks and F = orders capped at :data:`F_COUNT_CAP`;
    ``segment`` by :data:`SEGMENT_RULES`.
    """
    as_of = as_of or ds.observation_end
    if quantile and cutoffs is not None:
        raise ValueError("quantile scores take no cut-offs")
    chosen = None if quantile else (cutoffs or RfmCutoffs.of())
    return customer_table(ds.con, rfm_sql(as_of, chosen))  # Spark's table when it built it


def segment_summary(rfm: pd.DataFrame) -> pd.DataFrame:
    """Per segment (in :data:`SEGMENTS` order, empty ones kept): customers, share of
    customers, net revenue and its share, average order value, median recency (days) and
    mean orders per customer (amounts in the data's currency)."""
    grouped = rfm.groupby("segment", observed=False)
    summary = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["monetary"].sum(),
            "revenue_gross": grouped["revenue_gross"].sum(),
            "orders": grouped["orders"].sum(),
            "median_recency_days": grouped["recency_days"].median(),
        }
    ).reindex(list(SEGMENTS))
    summary[["customers", "revenue", "revenue_gross", "orders"]] = summary[
        ["customers", "revenue", "revenue_gross", "orders"]
    ].fillna(0)
    summary["customer_share"] = summary["customers"] / max(summary["customers"].sum(), 1)
    total = summary["revenue"].sum()
    summary["revenue_share"] = summary["revenue"] / total if total else 0.0
    summary["avg_order_value"] = summary["revenue_gross"] / summary["orders"].where(
        summary["orders"] > 0
    )
    summary["orders_per_customer"] = summary["orders"] / summary["customers"].where(
        summary["customers"] > 0
    )
    summary = summary.astype({"customers": "int64", "orders": "int64"})
    columns = ["customers", "customer_share", "revenue", "revenue_share", "avg_order_value"]
    columns += ["orders_per_customer", "median_recency_days"]
    return summary[columns].rename_axis("segment").reset_index()


def segment_migration(
    ds: Dataset,
    start: dt.date,
    end: dt.date | None = None,
    *,
    cutoffs: RfmCutoffs,
    window_months: int = 12,
) -> pd.DataFrame:
    """Each customer's segment at ``start`` and at ``end`` on the fixed ``cutoffs``, with
    net revenue in the ``window_months`` up to each date.

    Customers who had not bought by ``start`` have ``segment_from`` = ``"not_yet"``.
    ``revenue_change`` = revenue in the window to ``end`` minus that to ``start``: what a
    transition gained (positive) or lost (negative).
    """
    end = end or ds.observation_end
    before = rfm_scores(ds, start, cutoffs=cutoffs)[["customer_id", "segment"]]
    after = rfm_scores(ds, end, cutoffs=cutoffs)[["customer_id", "segment"]]
    moves = after.merge(before, on="customer_id", how="left", suffixes=("_to", "_from"))
    moves["segment_from"] = moves["segment_from"].fillna("not_yet")
    revenue = window_revenue(ds, [start, end], window_months)
    moves = moves.merge(revenue, on="customer_id", how="left")
    moves[["revenue_from", "revenue_to"]] = moves[["revenue_from", "revenue_to"]].fillna(0.0)
    moves["revenue_change"] = moves["revenue_to"] - moves["revenue_from"]
    return moves[
        ["customer_id", "segment_from", "segment_to", "revenue_from", "revenue_to"]
        + ["revenue_change"]
    ]


def window_revenue(ds: Dataset, dates: list[dt.date], window_months: int = 12) -> pd.DataFrame:
    """Net revenue per customer in the ``window_months`` up to each of two dates
    (``revenue_from``, ``revenue_to``); a window is (date - months, date]."""
    start, end = dates
    return ds.con.execute(
        f"""SELECT customer_id,
                   coalesce(sum(amount) FILTER (WHERE order_date <= $start
                       AND order_date > CAST($start AS DATE) - INTERVAL {int(window_months)} MONTH),
                       0) AS revenue_from,
                   coalesce(sum(amount) FILTER (WHERE order_date <= $end
                       AND order_date > CAST($end AS DATE) - INTERVAL {int(window_months)} MONTH),
                       0) AS revenue_to
            FROM transactions GROUP BY customer_id""",
        {"start": start, "end": end},
    ).df()
