"""Membership ranks (会員ランク) by trailing-12-month spend, their moves, and who is about
to lose theirs; revenue concentration (top 20 % share, Lorenz curve, Gini).

Tiers are a mapping rank name -> minimum net spend over the trailing window, in the data's
currency (``business.rank_tiers`` of the run config; the default is
:data:`crm_lib.params.DEFAULT_RANK_TIERS`). A customer holds the highest tier whose
minimum their spend reaches; the lowest tier takes everyone below (also a net refund), so
every customer who ever bought has a rank.
The trailing window of a date d is (d - ``window_months`` months, d].

A member about to lose their rank may already have the spend coming: the scheduled
deliveries of a running subscription (定期便) fall inside the window of the deadline.
:func:`scheduled_deliveries` counts them with the subscription definitions of
:mod:`crm_lib.ltv.teiki` (a plan's renewal days; deliveries are ``subscription``-channel
purchases; running = no end date, or one after the as-of date).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE
from crm_lib.ltv.teiki import DEFAULT_PERIOD_DAYS, period_days_sql
from crm_lib.params import Business

#: moves of :func:`rank_migration`, in the order a report lists them
MOVES = ("up", "down", "stay", "lapsed", "new")


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


def ranks_sql(tiers: dict[str, float], window_months: int) -> str:
    """The per-customer rank query; parameter ``$as_of``: the end of the trailing window."""
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
    return ds.con.execute(ranks_sql(tiers, window_months), {"as_of": as_of}).df()


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
    ``spend_change`` and ``move``: up, down, stay, ``lapsed`` (ranked at ``start`` but
    with no net spend, zero or less, in either window: in the lowest rank for want of
    buying, not kept there by their spend) or ``new`` (no purchase by ``start``)."""
    end = end or ds.observation_end
    before = membership_ranks(ds, tiers, start, window_months=window_months)
    after = membership_ranks(ds, tiers, end, window_months=window_months)
    moves = after.merge(before, on="customer_id", how="left", suffixes=("_to", "_from"))
    level_from, level_to = moves["rank_level_from"], moves["rank_level_to"]
    moves["move"] = "stay"
    moves.loc[level_to < level_from, "move"] = "up"
    moves.loc[level_to > level_from, "move"] = "down"
    idle = (moves["spend_12m_from"] <= 0) & (moves["spend_12m_to"] <= 0)
    moves.loc[idle, "move"] = "lapsed"
    moves.loc[level_from.isna(), "move"] = "new"
    moves["rank_from"] = moves["rank_from"].fillna("new")
    moves["spend_12m_from"] = moves["spend_12m_from"].fillna(0.0)
    moves["spend_change"] = moves["spend_12m_to"] - moves["spend_12m_from"]
    columns = ["customer_id", "rank_from", "rank_to", "spend_12m_from", "spend_12m_to"]
    return moves[[*columns, "spend_change", "move"]]


def migration_rates(moves: pd.DataFrame) -> dict:
    """Up, down and stay as counts and as rates (0-1) of the ``active`` customers: ranked
    at the first date and with net spend in at least one of the two windows. ``lapsed``
    (ranked, no spend in either window) and ``new`` (first bought between the two dates)
    are counted apart; ``ranked_at_start`` = active + lapsed."""
    counts = moves["move"].value_counts()
    active = int(sum(counts.get(m, 0) for m in ("up", "down", "stay")))
    result = {
        m: (float(counts.get(m, 0) / active) if active else None) for m in ("up", "down", "stay")
    }
    result["counts"] = {m: int(counts.get(m, 0)) for m in MOVES}
    result["active"] = active
    result["lapsed"] = int(counts.get("lapsed", 0))
    result["ranked_at_start"] = active + result["lapsed"]
    result["new"] = int(counts.get("new", 0))
    return result


def move_summary(moves: pd.DataFrame) -> pd.DataFrame:
    """One row per move of :data:`MOVES`: ``customers``, ``share`` (of the active
    customers for up, down and stay; empty for lapsed and new, which are not part of
    it) and the summed ``spend_change`` (in the data's currency)."""
    grouped = moves.groupby("move")
    table = pd.DataFrame(
        {"customers": grouped.size(), "spend_change": grouped["spend_change"].sum()}
    ).reindex(list(MOVES))
    table = table.fillna(0).astype({"customers": "int64"})
    active = table.loc[["up", "down", "stay"], "customers"].sum()
    share = table["customers"] / active if active else float("nan")
    table["share"] = share.where(table.index.isin(["up", "down", "stay"]))
    return table.rename_axis("move").reset_index()[["move", "customers", "share", "spend_change"]]


def scheduled_deliveries(
    ds: Dataset,
    as_of: dt.date,
    until: dt.date,
    renewal_days: dict[str, int],
    *,
    channel: str = "subscription",
    default_days: int = DEFAULT_PERIOD_DAYS,
) -> pd.DataFrame:
    """Per customer with a subscription running at ``as_of``: the deliveries scheduled
    in (``as_of``, ``until``] and what they bring.

    A subscription runs when it started by ``as_of`` and has no ``end_date`` or one after
    ``as_of``; it delivers at start + k x the plan's renewal days (``renewal_days``, else
    ``default_days``) up to its ``end_date``. The price per delivery is the customer's
    ``channel`` purchases on the subscription's latest delivery day by ``as_of`` (none
    yet: 0, nothing counted). Skips (お休み) are not foreseen. Columns:
    ``scheduled_deliveries``, ``scheduled_amount`` (in the data's currency) and
    ``next_delivery_date``. Empty without a subscriptions table or a channel column.
    """
    columns = ["customer_id", "scheduled_deliveries", "scheduled_amount", "next_delivery_date"]
    if not ds.has("subscriptions") or "channel" not in ds.loads["transactions"].columns:
        return pd.DataFrame(columns=columns)
    plan = "plan" in ds.loads["subscriptions"].columns
    period = period_days_sql(renewal_days if plan else {}, default_days)
    sql = f"""
WITH subs AS (
    SELECT row_number() OVER () AS sub, customer_id, start_date,
           least(coalesce(end_date, CAST($until AS DATE)), CAST($until AS DATE)) AS last_day,
           {period} AS period_days
    FROM subscriptions
    WHERE start_date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
),
days AS (
    SELECT customer_id, order_date, sum(amount) AS amount
    FROM transactions
    WHERE channel = {quote_literal(channel)} AND {PURCHASE} AND order_date <= $as_of
    GROUP BY customer_id, order_date
),
priced AS (
    SELECT s.sub, arg_max(d.amount, d.order_date) AS price
    FROM days d ASOF JOIN subs s
      ON d.customer_id = s.customer_id AND d.order_date >= s.start_date
    GROUP BY s.sub
),
slots AS (
    SELECT s.customer_id, s.start_date, s.period_days, coalesce(p.price, 0) AS price,
           CAST(floor(date_diff('day', s.start_date, $as_of) / s.period_days) AS INTEGER)
               AS done,
           CAST(floor(date_diff('day', s.start_date, s.last_day) / s.period_days) AS INTEGER)
               AS through
    FROM subs s LEFT JOIN priced p USING (sub)
)
SELECT customer_id,
       sum(greatest(through - done, 0)) AS scheduled_deliveries,
       sum(greatest(through - done, 0) * price) AS scheduled_amount,
       min(start_date + (done + 1) * period_days) FILTER (WHERE through > done)
           AS next_delivery_date
FROM slots GROUP BY customer_id ORDER BY customer_id"""
    frame = ds.con.execute(sql, {"as_of": as_of, "until": until}).df()
    frame["next_delivery_date"] = pd.to_datetime(frame["next_delivery_date"]).dt.date
    return frame[columns]


def rank_shortfalls(
    ds: Dataset,
    tiers: dict[str, float],
    as_of: dt.date | None = None,
    *,
    horizon_days: int = 90,
    window_months: int = 12,
    renewal_days: dict[str, int] | None = None,
    channel: str = "subscription",
) -> pd.DataFrame:
    """Members above the lowest rank whose spend of the current window that still counts
    ``horizon_days`` later falls short of their rank's minimum, with the deliveries their
    running subscriptions have scheduled until then (:func:`scheduled_deliveries`;
    ``renewal_days`` by plan, default ``business.renewal_days``).

    ``gap``: what they must spend by then beyond those deliveries to keep the rank (in
    the data's currency); ``covered``: the deliveries alone keep it (``gap`` <= 0).
    """
    as_of = as_of or ds.observation_end
    keep_by = as_of + dt.timedelta(days=int(horizon_days))
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
    short = ranks.merge(minimums, on="rank").merge(kept, on="customer_id")
    short = short[short["min_spend"] > short["spend_still_counting"]]
    days = Business().renewal_days if renewal_days is None else renewal_days
    coming = scheduled_deliveries(ds, as_of, keep_by, days, channel=channel)
    short = short.merge(coming, on="customer_id", how="left")
    short["scheduled_deliveries"] = short["scheduled_deliveries"].fillna(0).astype("int64")
    short["scheduled_amount"] = short["scheduled_amount"].fillna(0).astype("float64")
    short["gap"] = short["min_spend"] - short["spend_still_counting"] - short["scheduled_amount"]
    short["covered"] = short["gap"] <= 0
    short["keep_by"] = keep_by
    short = short.sort_values(["rank_level", "gap", "customer_id"])
    columns = ["customer_id", "rank", "rank_level", "spend_12m", "spend_still_counting"]
    columns += ["scheduled_deliveries", "scheduled_amount", "next_delivery_date", "gap"]
    return short[[*columns, "covered", "keep_by", "last_purchase_date"]].reset_index(drop=True)


def ranks_at_risk(
    ds: Dataset,
    tiers: dict[str, float],
    as_of: dt.date | None = None,
    *,
    horizon_days: int = 90,
    window_months: int = 12,
    renewal_days: dict[str, int] | None = None,
    channel: str = "subscription",
) -> pd.DataFrame:
    """Customers above the lowest rank who lose it within ``horizon_days`` unless they buy
    beyond what their running subscriptions (定期便) deliver by then: the
    :func:`rank_shortfalls` their scheduled deliveries do not cover. ``gap``: the spend
    they need beyond those deliveries (in the data's currency).

    Sorted by rank (highest first), then by the smallest gap. Customer ids only.
    """
    short = rank_shortfalls(
        ds, tiers, as_of, horizon_days=horizon_days, window_months=window_months,
        renewal_days=renewal_days, channel=channel,
    )  # fmt: skip
    return listed_at_risk(short)


def listed_at_risk(shortfalls: pd.DataFrame) -> pd.DataFrame:
    """The members of :func:`rank_shortfalls` their deliveries do not cover, as listed."""
    columns = ["customer_id", "rank", "spend_12m", "spend_still_counting"]
    columns += ["scheduled_deliveries", "scheduled_amount", "gap", "keep_by"]
    listed = shortfalls.loc[~shortfalls["covered"], [*columns, "last_purchase_date"]]
    return listed.reset_index(drop=True)


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
