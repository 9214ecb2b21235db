"""The per-customer segmentation table the segments report saves as an artifact."""

from __future__ import annotations

import numpy as np
import pandas as pd


def customer_segment_table(
    rfm: pd.DataFrame,
    rfm_fixed: pd.DataFrame,
    ranks: pd.DataFrame,
    clustered: pd.DataFrame | None = None,
    cluster_labels: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per customer (ids only, no personal data): RFM measures (days, orders, amounts),
    quintile scores and segment, the segment by fixed cut-offs, cluster (1-based, empty for
    customers not clustered) and membership rank with its trailing spend
    (amounts in the data's currency)."""
    table = rfm[
        ["customer_id", "recency_days", "orders", "monetary", "avg_order_value"]
        + ["r_score", "f_score", "m_score", "segment"]
    ].merge(
        rfm_fixed[["customer_id", "segment"]].rename(columns={"segment": "segment_fixed"}),
        on="customer_id",
        how="left",
    )
    table = table.merge(ranks[["customer_id", "spend_12m", "rank"]], on="customer_id", how="left")
    clusters = pd.Series(pd.NA, index=table.index, dtype="Int64")
    if clustered is not None and cluster_labels is not None:
        ids = pd.Series(np.asarray(cluster_labels) + 1, index=clustered["customer_id"])
        clusters = table["customer_id"].map(ids).astype("Int64")
    table["cluster"] = clusters
    return table
