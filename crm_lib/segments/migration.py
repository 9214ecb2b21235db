"""Migration between two dates: who moved from which group to which, and what it was worth.

Works on any per-customer table with a "from" and a "to" column (RFM segments, membership
ranks), as produced by :func:`~crm_lib.segments.rfm.segment_migration` and
:func:`~crm_lib.segments.ranks.rank_migration`.
"""

from __future__ import annotations

import pandas as pd


def migration_matrix(
    moves: pd.DataFrame,
    order_from: list[str],
    order_to: list[str],
    *,
    from_col: str = "segment_from",
    to_col: str = "segment_to",
) -> pd.DataFrame:
    """Customers per (from, to): rows ``order_from``, columns ``order_to``, zeros kept.

    Customers whose "from" value is not in ``order_from`` (e.g. not yet a customer) are
    left out, so each row sums to that group's size at the first date.
    """
    kept = moves[moves[from_col].isin(order_from)]
    matrix = pd.crosstab(kept[from_col], kept[to_col])
    return matrix.reindex(index=order_from, columns=order_to, fill_value=0).astype("int64")


def migration_flows(
    moves: pd.DataFrame,
    *,
    from_col: str = "segment_from",
    to_col: str = "segment_to",
    value_col: str = "revenue_change",
) -> pd.DataFrame:
    """One row per (from, to) with customers and the summed ``value_col`` (in the currency), for a
    Sankey diagram and for the revenue each transition gained or lost."""
    flows = (
        moves.groupby([from_col, to_col], observed=True)
        .agg(customers=("customer_id", "size"), revenue_change=(value_col, "sum"))
        .reset_index()
        .rename(columns={from_col: "source", to_col: "target"})
    )
    return flows.sort_values("customers", ascending=False, ignore_index=True)
