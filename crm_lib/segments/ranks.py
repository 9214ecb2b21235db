"""Membership ranks (会員ランク) by trailing-12-month spend, their moves, and who is about
to lose theirs; revenue concentration (top 20 % share, Lorenz curve, Gini).

Tiers are a mapping rank name -> minimum net spend over the trailing window, in the data's
currency (``business.rank_tiers`` of the run config; the default is
:data:`crm_lib.params.DEFAULT_RANK_TIERS`). A customer holds the highest tier whose
minimum their spend reaches; the lowest tier takes everyone below (also a net refund), so
every customer who ever bought has a rank.
The trailing window of a date d is (d - ``window_months`` months, d].
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE


def ordered_tiers(tiers: dict[str, float]) -> list[tuple[str, float]]:
    """Tiers from the highest minimum spend down; refuses repeated minimums."""
    if not tiers:
        raise ValueError("rank tiers are empty")
    if len(set(tiers.values())) != len(tiers):
        raise ValueError(f"two ranks share a minimum spend: {tiers}")
    return sorted(((str(k), float(v)) for k, v in tiers.items()), key=lambda kv: -kv[1])


def rank_names(tiers: dict[str, float]) -> list[str]:
    """Rank names from the highest to the lowest."""
    return [name for name, _ in ordered_tiers(tiers)]


def _rank_case_sql(tiers: dict[str, float], spend: str) -> tuple[str, str]:
    """SQL for the rank name and level (0 = highest) of a spend column."""
    ordered = ordered_tiers(tiers)
    names = " ".join(f"WHEN {spend} >= {v} THEN {quote_literal(n)}" for n, v in ordered[:-1])
    levels = " ".join(f"WHEN {spend} >= {v} THEN {i}" for i, (_, v) in enumerate(ordered[:-1]))
    lowest, last = quote_literal(ordered[-1][0]), len(ordered) - 1
    if not names:
        return lowest, "0"
    return f"CASE {names} ELSE {lowest} END", f"CASE {levels} ELSE {last} END"


def _ranks_sql(tiers: dict[str, float], window_months: int) -> str:
    name, level = _rank_case_sql(tiers, "spend_12m")
    months = int(window_months)
    return f"""
WITH spend AS (
    SELECT customer_id,
           coalesce(sum(amount) FILTER (
               WHERE order_date > CAST($as_of AS DATE) - INTERVAL {months} MONTH), 0) AS spend_12m
    FROM transactions
    WHERE order_date <= $as_of
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE {PURCHASE}) > 0
)
SELECT customer_id, spend_12m, {name} AS rank, {level} AS rank_level
FROM spend ORDER BY customer_id"""


def membership_ranks(
    ds: Dataset,
    tiers: dict[str, float],
    as_of: dt.date | None = None,
    *,
    window_months: int = 12,
) -> pd.DataFrame:
    """Each customer with a purchase on or before ``as_of`` (default: observation end):
    ``spend_12m`` (net spend in the trailing window, in the data's currency), ``rank`` and
    ``rank_level`` (0 = highest)."""
    as_of = as_of or ds.observation_end
    return ds.con.execute(_ranks_sql(tiers, window_months), {"as_of": as_of}).df()


def rank_distribution(ranks: pd.DataFrame, tiers: dict[str, float]) -> pd.DataFrame:
    """Per rank, highest first: minimum spend, customers and their share, trailing spend
    and its share, mean spend per customer (amounts in the data's currency)."""
    ordered = ordered_tiers(tiers)
    grouped = ranks.groupby("rank")
    table = pd.DataFrame(
        {"customers": grouped.size(), "spend": grouped["spend_12m"].sum()}
    ).reindex([n for n, _ in ordered])
    table = table.fillna(0).astype({"customers": "int64"})
    table.insert(0, "min_spend", [v for _, v in ordered])
    table["customer_share"] = table["customers"] / max(table["customers"].sum(), 1)
    total = table["spend"].sum()
    table["spend_share"] = table["spend"] / total if total else 0.0
    table["mean_spend"] = table["spend"] / table["customers"].where(table["customers"] > 0)
    return table.rename_axis("rank").reset_index()


def rank_migration(
    ds: Dataset,
    tiers: dict[str, float],
    start: dt.date,
    end: dt.date | None = None,
    *,
    window_months: int = 12,
) -> pd.DataFrame:
    """Each customer's rank at ``start`` and ``end`` with the trailing spend at each,
    ``spend_change`` and ``move``: up, down, stay, or new (no purchase by ``start``)."""
    end = end or ds.observation_end
    before = membership_ranks(ds, tiers, start, window_months=window_months)
    after = membership_ranks(ds, tiers, end, window_months=window_months)
    moves = after.merge(before, on="customer_id", how="left", suffixes=("_to", "_from"))
    level_from, level_to = moves["rank_level_from"], moves["rank_level_to"]
    moves["move"] = "stay"
    moves.loc[level_to < level_from, "move"] = "up"
    moves.loc[level_to > level_from, "move"] = "down"
    moves.loc[level_from.isna(), "move"] = "new"
    moves["rank_from"] = moves["rank_from"].fillna("new")
    moves["spend_12m_from"] = moves["spend_12m_from"].fillna(0.0)
    moves["spend_change"] = moves["spend_12m_to"] - moves["spend_12m_from"]
    columns = ["customer_id", "rank_from", "rank_to", "spend_12m_from", "spend_12m_to"]
    return moves[[*columns, "spend_change", "move"]]


def migration_rates(moves: pd.DataFrame) -> dict:
    """Up, down and stay as counts and as rates (0-1) of the customers ranked at the first
    date; ``new``: customers who first bought between the two dates."""
    ranked = moves[moves["move"] != "new"]
    counts = ranked["move"].value_counts()
    n = len(ranked)
    result = {m: (float(counts.get(m, 0) / n) if n else None) for m in ("up", "down", "stay")}
    result["counts"] = {m: int(counts.get(m, 0)) for m in ("up", "down", "stay")}
    result["ranked_at_start"] = n
    result["new"] = int((moves["move"] == "new").sum())
    return result


def ranks_at_risk(
    ds: Dataset,
    tiers: dict[str, float],
    as_of: dt.date | None = None,
    *,
    horizon_days: int = 90,
    window_months: int = 12,
) -> pd.DataFrame:
    """Customers above the lowest rank who lose it within ``horizon_days`` unless they buy:
    the spend of the current window that still counts ``horizon_days`` later falls short of
    their rank's minimum. ``gap``: what they must spend by then to keep the rank (in the
    data's currency).

    Sorted by rank (highest first), then by the smallest gap. Customer ids only.
    """
    as_of = as_of or ds.observation_end
    ordered = ordered_tiers(tiers)
    minimums = pd.DataFrame(
        {"rank": [n for n, _ in ordered[:-1]], "min_spend": [v for _, v in ordered[:-1]]}
    )
    months = int(window_months)
    kept = ds.con.execute(
        f"""SELECT customer_id,
                   max(order_date) FILTER (WHERE {PURCHASE}) AS last_purchase_date,
                   coalesce(sum(amount) FILTER (WHERE order_date > CAST($as_of AS DATE)
                       + INTERVAL {int(horizon_days)} DAY - INTERVAL {months} MONTH), 0)
                       AS spend_still_counting
            FROM transactions WHERE order_date <= $as_of GROUP BY customer_id""",
        {"as_of": as_of},
    ).df()
    ranks = membership_ranks(ds, tiers, as_of, window_months=window_months)
    risk = ranks.merge(minimums, on="rank").merge(kept, on="customer_id")
    risk["gap"] = risk["min_spend"] - risk["spend_still_counting"]
    risk["keep_by"] = as_of + dt.timedelta(days=int(horizon_days))
    risk = risk[risk["gap"] > 0].sort_values(["rank_level", "gap", "customer_id"])
    columns = ["customer_id", "rank", "spend_12m", "spend_still_counting", "gap"]
    return risk[[*columns, "keep_by", "last_purchase_date"]].reset_index(drop=True)


def _spend_window_sql(months: int) -> str:
    return f"""SELECT customer_id, sum(amount) AS spend
               FROM transactions
               WHERE order_date <= $as_of
                 AND order_date > CAST($as_of AS DATE) - INTERVAL {int(months)} MONTH
               GROUP BY customer_id HAVING sum(amount) > 0"""


def revenue_concentration(
    ds: Dataset, as_of: dt.date | None = None, *, window_months: int = 12, top: float = 0.2
) -> dict:
    """How much of the trailing-window net revenue the top ``top`` share of customers bring.

    Among customers with positive net spend in the window: ``customers``,
    ``top_revenue_share`` (0-1; the top round(top x customers) by spend) and ``gini``
    (0 = everyone spends the same, 1 = one customer spends all).
    """
    as_of = as_of or ds.observation_end
    customers, top_share, gini = ds.con.execute(
        f"""WITH s AS ({_spend_window_sql(window_months)}),
                 ranked AS (SELECT spend,
                                   row_number() OVER (ORDER BY spend DESC) AS from_top,
                                   row_number() OVER (ORDER BY spend ASC) AS from_bottom,
                                   count(*) OVER () AS n, sum(spend) OVER () AS total
                            FROM s)
            SELECT count(*),
                   sum(spend) FILTER (WHERE from_top <= round($top * n)) / any_value(total),
                   2 * sum(from_bottom * spend) / (any_value(n) * any_value(total))
                       - (any_value(n) + 1) / any_value(n)
            FROM ranked""",
        {"as_of": as_of, "top": top},
    ).fetchall()[0]
    return {
        "customers": int(customers),
        "top_share": top,
        "top_revenue_share": top_share,
        "gini": gini,
    }


def lorenz_curve(
    ds: Dataset, as_of: dt.date | None = None, *, window_months: int = 12, points: int = 100
) -> pd.DataFrame:
    """The Lorenz curve of trailing-window net spend: cumulative share of customers
    (poorest first) against cumulative share of revenue, at ``points`` quantiles + origin."""
    as_of = as_of or ds.observation_end
    curve = ds.con.execute(
        f"""WITH s AS ({_spend_window_sql(window_months)}),
                 binned AS (SELECT ntile({int(points)}) OVER (ORDER BY spend) AS bin, spend FROM s),
                 bins AS (SELECT bin, count(*) AS customers, sum(spend) AS spend
                          FROM binned GROUP BY bin)
            SELECT sum(customers) OVER w / sum(customers) OVER () AS customer_share,
                   sum(spend) OVER w / sum(spend) OVER () AS revenue_share
            FROM bins
            WINDOW w AS (ORDER BY bin ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            ORDER BY bin""",
        {"as_of": as_of},
    ).df()
    origin = pd.DataFrame({"customer_share": [0.0], "revenue_share": [0.0]})
    return pd.concat([origin, curve], ignore_index=True)
