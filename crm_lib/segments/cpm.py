"""CPM (customer portfolio management): ten cells of stage x status, as Japanese mail-order
CRM tools draw them.

Stage, from each customer's purchases up to the as-of date (:mod:`crm_lib.features`):

- ``first`` (初回): one purchase day;
- ``early`` (よちよち): two or more purchase days, first-to-last purchase span (在籍期間)
  under ``cpm_early_tenure_days``;
- ``steady`` (コツコツ): span from ``cpm_early_tenure_days``, cumulative net spend under
  ``cpm_spend``;
- ``trendy`` (流行): span from ``cpm_early_tenure_days`` to under ``cpm_loyal_tenure_days``,
  spend from ``cpm_spend``;
- ``loyal`` (優良): span from ``cpm_loyal_tenure_days``, spend from ``cpm_spend``.

Status: ``lapsed`` (離脱) after ``cpm_lapse_days`` or more days without a purchase, else
``active`` (現役). Purchase days count distinct days with a purchase (several orders on one
day are one occasion, as the F2 rate counts them); spend is net of returns, in the data's
currency. Every purchaser falls into exactly one cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import customer_summary_sql
from crm_lib.params import SegmentsParams

STAGES = ("first", "early", "steady", "trendy", "loyal")
STATUSES = ("active", "lapsed")
CELLS = tuple(f"{stage}_{status}" for status in STATUSES for stage in STAGES)
CELL_PREFIX = "seg_cpm_cell_"  # label key prefix of a cell's name (crm_lib.i18n.segments)


@dataclass(frozen=True)
class CpmThresholds:
    """The CPM cut-offs: days without a purchase that make a customer lapsed, the two
    first-to-last purchase spans (days) and the cumulative net spend (currency)."""

    lapse_days: int = 240
    early_tenure_days: int = 90
    loyal_tenure_days: int = 210
    spend: float = 70_000

    @classmethod
    def of(cls, params: SegmentsParams | None = None) -> CpmThresholds:
        """The thresholds of the segments parameters (default: their defaults)."""
        params = params or SegmentsParams()
        return cls(
            params.cpm_lapse_days,
            params.cpm_early_tenure_days,
            params.cpm_loyal_tenure_days,
            float(params.cpm_spend),
        )


def cpm_cell_sql(
    th: CpmThresholds,
    *,
    purchase_days: str = "purchase_days",
    span_days: str = "span_days",
    spend: str = "spend",
    recency_days: str = "recency_days",
) -> str:
    """The SQL expression of a purchaser's cell from the named columns (days, currency)."""
    stage = f"""CASE
        WHEN {purchase_days} <= 1 THEN 'first'
        WHEN {span_days} < {int(th.early_tenure_days)} THEN 'early'
        WHEN {spend} < {float(th.spend)} THEN 'steady'
        WHEN {span_days} < {int(th.loyal_tenure_days)} THEN 'trendy'
        ELSE 'loyal' END"""
    status = f"CASE WHEN {recency_days} >= {int(th.lapse_days)} THEN 'lapsed' ELSE 'active' END"
    return f"(({stage}) || '_' || ({status}))"


def cpm_sql(as_of: dt.date, th: CpmThresholds) -> str:
    """One row per purchaser as of ``as_of``: the CPM measures and ``cell``."""
    return f"""
WITH summary AS (
{customer_summary_sql(as_of, purchasers_only=True)}
), measured AS (
    SELECT customer_id, first_purchase_date, last_purchase_date, purchase_days, orders,
           recency_days, revenue_net AS spend,
           date_diff('day', first_purchase_date, last_purchase_date) AS span_days
    FROM summary
)
SELECT *, {cpm_cell_sql(th)} AS cell FROM measured ORDER BY customer_id"""


def cpm_cells(ds: Dataset, th: CpmThresholds, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per purchaser as of ``as_of`` (default: observation end): first and last purchase
    date, purchase days, orders, days since the last purchase, first-to-last span (days),
    cumulative net spend (currency) and CPM ``cell`` (``<stage>_<status>``)."""
    return ds.con.execute(cpm_sql(as_of or ds.observation_end, th)).df()


def cpm_summary(ds: Dataset, th: CpmThresholds, *, window_months: int = 12) -> pd.DataFrame:
    """Per cell (in :data:`CELLS` order, empty ones kept) at the observation end:
    ``customers`` and their share, cumulative net spend (``revenue``) and its share, net
    revenue in the trailing ``window_months`` (``revenue_window``) and its share, and
    spend per customer (currency)."""
    end = ds.observation_end
    frame = ds.con.execute(
        f"""WITH cells AS ({cpm_sql(end, th)}),
                 recent AS (SELECT customer_id, sum(amount) AS revenue_window
                            FROM transactions
                            WHERE order_date <= $end
                              AND order_date > CAST($end AS DATE)
                                  - INTERVAL {int(window_months)} MONTH
                            GROUP BY customer_id)
            SELECT cell, count(*) AS customers, sum(spend) AS revenue,
                   coalesce(sum(revenue_window), 0) AS revenue_window
            FROM cells LEFT JOIN recent USING (customer_id)
            GROUP BY cell""",
        {"end": end},
    ).df()
    summary = frame.set_index("cell").reindex(list(CELLS)).fillna(0.0)
    summary["customers"] = summary["customers"].astype("int64")
    summary.insert(0, "stage", [c.rsplit("_", 1)[0] for c in summary.index])
    summary.insert(1, "status", [c.rsplit("_", 1)[1] for c in summary.index])
    for column, share in (
        ("customers", "customer_share"),
        ("revenue", "revenue_share"),
        ("revenue_window", "revenue_window_share"),
    ):
        total = summary[column].sum()
        summary[share] = summary[column] / total if total else 0.0
    summary["spend_per_customer"] = summary["revenue"] / summary["customers"].where(
        summary["customers"] > 0
    )
    return summary.rename_axis("cell").reset_index()


def cpm_migration(
    ds: Dataset, th: CpmThresholds, start: dt.date, end: dt.date, *, window_months: int = 12
) -> pd.DataFrame:
    """Each customer's cell at ``start`` (``not_yet`` before their first purchase) and at
    ``end``, with net revenue in the ``window_months`` up to each date and its change
    (currency), in the columns :func:`~crm_lib.segments.migration.migration_flows` reads."""
    return ds.con.execute(
        f"""WITH later AS ({cpm_sql(end, th)}),
                 earlier AS ({cpm_sql(start, th)}),
                 revenue AS (
                     SELECT customer_id,
                            coalesce(sum(amount) FILTER (WHERE order_date <= $start
                                AND order_date > CAST($start AS DATE)
                                    - INTERVAL {int(window_months)} MONTH), 0) AS revenue_from,
                            coalesce(sum(amount) FILTER (WHERE order_date <= $end
                                AND order_date > CAST($end AS DATE)
                                    - INTERVAL {int(window_months)} MONTH), 0) AS revenue_to
                     FROM transactions GROUP BY customer_id)
            SELECT later.customer_id,
                   coalesce(earlier.cell, {quote_literal("not_yet")}) AS segment_from,
                   later.cell AS segment_to,
                   coalesce(revenue_from, 0) AS revenue_from,
                   coalesce(revenue_to, 0) AS revenue_to,
                   coalesce(revenue_to, 0) - coalesce(revenue_from, 0) AS revenue_change
            FROM later LEFT JOIN earlier USING (customer_id)
                 LEFT JOIN revenue USING (customer_id)
            ORDER BY later.customer_id""",
        {"start": start, "end": end},
    ).df()


def lapsed_list(cells: pd.DataFrame) -> pd.DataFrame:
    """The lapsed (離脱) customers, the reactivation list: customer id (no personal data),
    cell, last purchase date, days since, purchase days and cumulative net spend, highest
    spend first (ties: most recent first, then id)."""
    lapsed = cells[cells["cell"].str.endswith("_lapsed")]
    lapsed = lapsed.sort_values(
        ["spend", "last_purchase_date", "customer_id"], ascending=[False, False, True]
    )
    columns = ["customer_id", "cell", "last_purchase_date", "recency_days", "purchase_days"]
    return lapsed[[*columns, "spend"]].reset_index(drop=True)
