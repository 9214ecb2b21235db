"""Subscription (定期便) practice of Japanese mail-order CRM, computed in the engine.

**Retention by delivery count** (回数別継続率): of the subscriptions started, the share that
received their 2nd, 3rd, ... delivery. Deliveries are purchase rows of the ``transactions``
table whose channel is the subscription channel; each is assigned to the customer's latest
subscription started on or before its date (an as-of join), and counted once per day. The
count is right-censored: a subscription enters the denominator of delivery k only once its
k-th scheduled delivery (start + (k - 1) x the plan's renewal days, plus a grace for
shipping delays) is on or before the observation end. A delivery skipped (お休み) delays the
count: a running subscription that skipped and has not had k deliveries by then counts as
not (yet) having reached delivery k.

**Conversion to subscription** (引き上げ率): among customers whose first purchase day held no
subscription delivery and who had no subscription before it (a trial or one-off first
order), the share who started a subscription within ``within_days`` days of that first
purchase. Right-censored too: only customers whose first purchase is at least
``within_days`` days before the observation end are counted.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE, date_literal

NO_PLAN = "—"  # subscriptions without a plan, and customers without a group
DEFAULT_PERIOD_DAYS = 30  # renewal period of a plan not in ``renewal_days``
UPGRADE_GROUPS = {  # what an upgrade rate can be broken down by -> its SQL expression
    "acquisition_channel": "c.acquisition_channel",
    "first_category": "f.first_category",
}


def period_days_sql(renewal_days: dict[str, int], default_days: int) -> str:
    """A SQL expression of a subscription's renewal period in days, by its ``plan``."""
    cases = " ".join(
        f"WHEN {quote_literal(plan)} THEN {int(days)}" for plan, days in renewal_days.items()
    )
    return f"CASE plan {cases} ELSE {int(default_days)} END" if cases else str(int(default_days))


def subscription_deliveries_sql(as_of: dt.date, channel: str = "subscription") -> str:
    """SQL for one row per subscription started by ``as_of``, in start order: ``sub`` (a
    row number), ``subscription_id``, ``customer_id``, ``plan`` (:data:`NO_PLAN` when
    empty), ``start_date``, ``end_date`` (NULL: running), ``deliveries``: its delivery days
    up to ``as_of`` (purchase days of ``channel``, each assigned to the customer's latest
    subscription started on or before it) and ``price``: their mean value (in the currency;
    NULL before the first)."""
    end = date_literal(as_of)
    return f"""
WITH subs AS (
    SELECT row_number() OVER (ORDER BY customer_id, start_date, subscription_id) AS sub,
           subscription_id, customer_id, coalesce(plan, {quote_literal(NO_PLAN)}) AS plan,
           start_date, end_date
    FROM subscriptions
    WHERE start_date <= {end}
),
days AS (
    SELECT customer_id, order_date, sum(amount) AS value
    FROM transactions
    WHERE channel = {quote_literal(channel)} AND {PURCHASE} AND order_date <= {end}
    GROUP BY customer_id, order_date
),
counted AS (
    SELECT s.sub, count(*) AS deliveries, avg(d.value) AS price
    FROM days d ASOF JOIN subs s
      ON d.customer_id = s.customer_id AND d.order_date >= s.start_date
    GROUP BY s.sub
)
SELECT s.sub, s.subscription_id, s.customer_id, s.plan, s.start_date, s.end_date,
       coalesce(c.deliveries, 0) AS deliveries, c.price
FROM subs s LEFT JOIN counted c USING (sub)
ORDER BY s.sub"""


def delivery_retention(
    ds: Dataset,
    renewal_days: dict[str, int],
    *,
    deliveries: int = 6,
    grace_days: int = 7,
    channel: str = "subscription",
    default_days: int = DEFAULT_PERIOD_DAYS,
) -> pd.DataFrame:
    """Retention by delivery count per plan, for deliveries 1..``deliveries``.

    One row per plan and delivery k: ``period_days`` (the plan's renewal period,
    ``renewal_days`` or ``default_days``), ``started`` (subscriptions of the plan),
    ``eligible`` (those whose k-th scheduled delivery plus ``grace_days`` days is on or
    before the observation end), ``censored`` (started - eligible: too recent to tell),
    ``reached`` (eligible with at least k deliveries), ``share`` (reached / eligible) and
    ``step`` (of the eligible that reached delivery k - 1, the share reaching k: one minus
    the drop-off between the two; empty for k = 1 or when none reached k - 1)."""
    end = date_literal(ds.observation_end)
    subs = subscription_deliveries_sql(ds.observation_end, channel)
    days = period_days_sql(renewal_days, default_days)
    sql = f"""
WITH per_sub AS (
    SELECT plan, start_date, deliveries, {days} AS period_days
    FROM ({subs})
),
at_risk AS (
    SELECT plan, period_days, k, deliveries,
           start_date + CAST((k - 1) * period_days + {int(grace_days)} AS INTEGER) <= {end}
               AS eligible
    FROM per_sub CROSS JOIN range(1, {int(deliveries) + 1}) AS r(k)
)
SELECT plan, k AS delivery, any_value(period_days) AS period_days,
       count(*) AS started,
       count(*) FILTER (WHERE eligible) AS eligible,
       count(*) FILTER (WHERE eligible AND deliveries >= k) AS reached,
       count(*) FILTER (WHERE eligible AND deliveries >= k - 1) AS reached_previous
FROM at_risk
GROUP BY plan, k
ORDER BY plan, k"""
    table = ds.con.execute(sql).df()
    table["censored"] = table["started"] - table["eligible"]
    table["share"] = table["reached"] / table["eligible"].where(table["eligible"] > 0)
    previous = table["reached_previous"].where((table["delivery"] > 1) & (table["eligible"] > 0))
    table["step"] = table["reached"] / previous.where(previous > 0)
    columns = ["plan", "delivery", "period_days", "started", "eligible", "censored", "reached"]
    return table[[*columns, "share", "step"]].astype({"period_days": "int64"})


def subscription_delivery_rows(ds: Dataset, channel: str = "subscription") -> int:
    """Purchase rows of the subscription ``channel`` (0: deliveries cannot be counted)."""
    sql = f"SELECT count(*) FROM transactions WHERE channel = {quote_literal(channel)}"
    return int(ds.con.execute(f"{sql} AND {PURCHASE}").fetchall()[0][0])


def first_orders_sql(as_of: dt.date, within_days: int, channel: str = "subscription") -> str:
    """SQL for one row per customer with a purchase by ``as_of``: ``first_date`` (first
    purchase day), ``first_category`` (category of the largest order that day),
    ``trial`` (that day held no ``channel`` delivery and no subscription started before
    it), ``observed`` (``within_days`` days after it are inside the data), ``start_date``
    (first subscription started on or after it, if any) and ``converted`` (that start is
    within ``within_days`` days of the first purchase)."""
    end = date_literal(as_of)
    within = int(within_days)
    return f"""
WITH first_day AS (
    SELECT customer_id, min(order_date) AS first_date
    FROM transactions WHERE {PURCHASE} AND order_date <= {end} GROUP BY customer_id
),
first_orders AS (
    SELECT t.customer_id, any_value(f.first_date) AS first_date,
           first(t.category ORDER BY t.amount DESC, t.order_id) AS first_category,
           coalesce(bool_or(t.channel = {quote_literal(channel)}), false) AS first_is_delivery
    FROM transactions t JOIN first_day f
      ON t.customer_id = f.customer_id AND t.order_date = f.first_date
    WHERE {PURCHASE}
    GROUP BY t.customer_id
),
starts AS (
    SELECT f.customer_id,
           count(s.start_date) FILTER (WHERE s.start_date < f.first_date) AS before_first,
           min(s.start_date) FILTER (WHERE s.start_date >= f.first_date) AS start_date
    FROM first_orders f JOIN subscriptions s USING (customer_id)
    WHERE s.start_date <= {end}
    GROUP BY f.customer_id
)
SELECT f.customer_id, f.first_date, f.first_category,
       NOT f.first_is_delivery AND coalesce(s.before_first, 0) = 0 AS trial,
       f.first_date + {within} <= {end} AS observed,
       s.start_date,
       coalesce(s.start_date <= f.first_date + {within}, false) AS converted
FROM first_orders f LEFT JOIN starts s USING (customer_id)"""


def upgrade_flags(
    ds: Dataset, within_days: int = 90, channel: str = "subscription"
) -> pd.DataFrame:
    """Per customer (indexed by ``customer_id``): the columns of :func:`first_orders_sql`.
    For one customer or a small dataset; the report aggregates in the engine
    (:func:`upgrade_rates`)."""
    sql = first_orders_sql(ds.observation_end, within_days, channel)
    return ds.con.execute(f"{sql} ORDER BY customer_id").df().set_index("customer_id")


def upgrade_rates(
    ds: Dataset,
    within_days: int = 90,
    *,
    by: str | None = None,
    channel: str = "subscription",
    level: float = 0.95,
) -> pd.DataFrame:
    """Conversion from a trial (first) order to a subscription within ``within_days`` days.

    One row per group (``by``: a key of :data:`UPGRADE_GROUPS`; ``None``: one row,
    ``group`` empty), most customers first: ``customers`` (trial first orders with
    ``within_days`` observed), ``converted``, ``too_recent`` (trial first orders less than
    ``within_days`` days before the observation end: not counted), ``rate`` and the Wilson
    interval
    ``low``-``high`` at ``level`` for the proportion (sampling uncertainty, customers taken
    as independent). ``by="acquisition_channel"`` needs the customers table."""
    base = first_orders_sql(ds.observation_end, within_days, channel)
    join = ""
    group = "NULL"
    if by is not None:
        group = f"coalesce({UPGRADE_GROUPS[by]}, {quote_literal(NO_PLAN)})"
        if by == "acquisition_channel":
            join = "LEFT JOIN customers c USING (customer_id)"
    sql = f"""
SELECT {group} AS "group",
       count(*) FILTER (WHERE observed) AS customers,
       count(*) FILTER (WHERE observed AND converted) AS converted,
       count(*) FILTER (WHERE NOT observed) AS too_recent
FROM ({base}) f {join}
WHERE trial
GROUP BY 1
ORDER BY customers DESC, "group" """
    table = ds.con.execute(sql).df()
    return with_wilson_interval(table, level)


def with_wilson_interval(table: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """``rate``, ``low`` and ``high`` of ``converted`` out of ``customers`` per row (Wilson
    score interval at ``level``; empty where there are no customers)."""
    out = table.copy()
    n, k = out["customers"].astype(float), out["converted"].astype(float)
    some = n > 0
    out["rate"] = (k / n).where(some)
    out["low"], out["high"] = float("nan"), float("nan")
    if some.any():
        low, high = proportion_confint(k[some], n[some], alpha=1 - level, method="wilson")
        out.loc[some, "low"], out.loc[some, "high"] = low, high
    return out
