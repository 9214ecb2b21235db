"""Churn features per customer as of a cutoff date, computed as SQL in the engine.

Every feature query reads only rows dated on or before the cutoff (``order_date``,
``created_at``, ``sent_at``, ``start_date``); a subscription's ``end_date`` is only compared
with the cutoff (running or not at that date), never read as a value. The ``skips`` column of
``subscriptions`` counts skips up to the end of the data, so it is **not** used: skips as of the
cutoff are the scheduled deliveries (start + k x renewal period, on or before the cutoff) that
have no ``subscription`` order. Tables or columns that are absent give no features (e.g. CDNOW
has transactions only); :func:`feature_sources` says which groups were computed.

A purchase, recency, tenure, orders and returns are the shared definitions of
:mod:`crm_lib.features`. Units: days for durations, the data's currency for amounts
(:data:`MONEY_FEATURES`), counts otherwise; ``mean_rating`` is the rating divided by the
highest rating of its channel (0-1), so NPS (0-10) and stars (1-5) mix.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from crm_lib.churn.baselines import PurchaseFits
from crm_lib.churn.definition import Design, churn_labels, has_column, population_sql
from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import CUSTOMER_SUMMARY, PURCHASE, date_literal, purchase_days_sql
from crm_lib.params import Business
from crm_lib.segments import membership_ranks

#: call-centre notes and reviews about late deliveries (配送遅延); a regular expression
DELIVERY_KEYWORDS = "配送|配達|届か|届いてい|届くまで|遅延"
#: any complaint: the delivery words, or a low rating (at most 40 % of the channel's maximum)
COMPLAINT_KEYWORDS = DELIVERY_KEYWORDS + "|不満|お怒り|残念|高い|かゆみ|赤く|ヒリヒリ"
LOW_RATING_SHARE = 0.4

#: feature name -> group; groups name the explanation and the suggested action
FEATURE_GROUPS = {
    "recency_days": "recency",
    "overdue_ratio": "recency",
    "purchase_days": "purchases",
    "purchases_recent": "purchases",
    "mean_purchase_value": "monetary",
    "spend_365d": "monetary",
    "spend_trend": "trend",
    "tenure_days": "tenure",
    "mean_gap_days": "regularity",
    "gap_cv": "regularity",
    "returns": "returns",
    "return_rate": "returns",
    "subscription_active": "subscription",
    "subscription_tenure_days": "subscription",
    "subscription_skips": "skips",
    "subscriptions_cancelled": "subscription",
    "rank_level": "rank",
    "feedback_count": "feedback",
    "complaints_recent": "complaint",
    "delivery_complaints_recent": "delivery_complaint",
    "delivery_complaint_since_last_order": "delivery_complaint",
    "mean_rating": "feedback",
    "contacts_recent": "contacts",
    "unsubscribed": "contacts",
    "region": "profile",
    "acquisition_channel": "profile",
    "age_band": "profile",
}
CATEGORICAL = ("region", "acquisition_channel", "age_band")
#: features that are amounts in the data's currency (written with it in reasons and charts)
MONEY_FEATURES = ("mean_purchase_value", "spend_365d")
#: counts, day counts, amounts and the overdue ratio: long right tails, taken as log1p by
#: the logistic model (shares, bounded trends, flags and ranks are left as they are)
LOG_SCALED = (
    "recency_days", "overdue_ratio", "purchase_days", "purchases_recent",
    "mean_purchase_value", "spend_365d", "tenure_days", "mean_gap_days", "returns",
    "subscription_tenure_days", "subscription_skips", "subscriptions_cancelled",
    "feedback_count", "complaints_recent", "delivery_complaints_recent", "contacts_recent",
)  # fmt: skip


def _columns(ds: Dataset, table: str) -> set[str]:
    return set(ds.loads[table].columns) if ds.has(table) else set()


def transaction_features_sql(cutoff: dt.date, recent_days: int) -> str:
    """Recency, purchase days, money, spend trend (last ``recent_days`` vs the
    ``recent_days`` before), tenure, regularity and returns of every customer with a purchase
    by ``cutoff``. ``purchase_days`` counts distinct days with a purchase,
    ``mean_purchase_value`` is the mean gross value of a purchase day, ``spend_365d`` the
    net spend (returns netted) of the 365 days to the cutoff."""
    c, r = date_literal(cutoff), int(recent_days)
    summary = {
        name: CUSTOMER_SUMMARY[name].format(as_of=c)
        for name in ("recency_days", "tenure_days", "orders", "returns", "last_purchase_date")
    }
    return f"""
WITH tx AS (SELECT customer_id, order_date, amount FROM transactions WHERE order_date <= {c}),
days AS ({purchase_days_sql(cutoff)}),
gaps AS (SELECT customer_id, day, value,
                date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day) AS gap
         FROM days),
p AS (SELECT customer_id, count(*) AS purchase_days,
             avg(value) AS mean_purchase_value, avg(gap) AS mean_gap_days,
             stddev_samp(gap) / nullif(avg(gap), 0) AS gap_cv,
             count(*) FILTER (WHERE day > {c} - INTERVAL {r} DAY) AS purchases_recent
      FROM gaps GROUP BY customer_id),
m AS (SELECT customer_id,
             coalesce(sum(amount) FILTER (WHERE order_date > {c} - INTERVAL {r} DAY), 0) AS s1,
             coalesce(sum(amount) FILTER (WHERE order_date > {c} - INTERVAL {2 * r} DAY
                                            AND order_date <= {c} - INTERVAL {r} DAY), 0) AS s0,
             coalesce(sum(amount) FILTER (WHERE order_date > {c} - INTERVAL 365 DAY), 0)
                 AS spend_365d,
             {summary["recency_days"]} AS recency_days,
             {summary["tenure_days"]} AS tenure_days,
             {summary["returns"]} AS returns,
             {summary["orders"]} AS orders,
             {summary["last_purchase_date"]} AS last_purchase_date
      FROM tx GROUP BY customer_id)
SELECT customer_id, recency_days, recency_days / mean_gap_days AS overdue_ratio,
       purchase_days, purchases_recent, mean_purchase_value, spend_365d,
       CASE WHEN abs(s1) + abs(s0) > 0 THEN (s1 - s0) / (abs(s1) + abs(s0)) ELSE 0 END
           AS spend_trend,
       tenure_days, mean_gap_days, gap_cv, returns, returns / orders AS return_rate,
       last_purchase_date
FROM p JOIN m USING (customer_id)"""


def subscription_features_sql(
    cutoff: dt.date,
    renewal_days: dict[str, int],
    *,
    with_deliveries: bool,
    with_plan: bool = True,
    default_days: int = 30,
) -> str:
    """Running subscription at ``cutoff``, its age (days), earlier cancellations, and skips
    so far: scheduled deliveries by the cutoff without a ``subscription`` order (needs the
    ``channel`` column of transactions; without it, skips are left out).
    ``renewal_days``: days between deliveries by plan (``business.renewal_days``); a plan
    not listed, or data without plans, is delivered every ``default_days``."""
    c = date_literal(cutoff)
    period = " ".join(f"WHEN {quote_literal(p)} THEN {int(d)}" for p, d in renewal_days.items())
    period = (
        f"CASE plan {period} ELSE {int(default_days)} END"
        if period and with_plan
        else str(int(default_days))
    )
    until = f"CASE WHEN end_date IS NOT NULL AND end_date <= {c} THEN end_date ELSE {c} END"
    skips = "0"
    join = ""
    if with_deliveries:
        skips = "floor(date_diff('day', s.start_date, s.until) / s.period) + 1 - count(t.day)"
        join = f"""LEFT JOIN (SELECT DISTINCT customer_id, order_date AS day FROM transactions
                              WHERE channel = 'subscription' AND {PURCHASE}
                                AND order_date <= {c}) t
                   ON t.customer_id = s.customer_id AND t.day >= s.start_date
                  AND t.day <= s.until"""
    plan = "plan" if with_plan else "NULL"
    return f"""
WITH s AS (SELECT row_number() OVER (ORDER BY customer_id, start_date, end_date) AS sid,
                  customer_id, start_date, {plan} AS plan,
                  {period} AS period, {until} AS until,
                  end_date IS NOT NULL AND end_date <= {c} AS ended
           FROM subscriptions WHERE start_date <= {c}),
per AS (SELECT s.sid, any_value(s.customer_id) AS customer_id, any_value(s.start_date) AS start,
               any_value(s.ended) AS ended, greatest({skips}, 0) AS skips
        FROM s {join} GROUP BY s.sid, s.start_date, s.until, s.period)
SELECT customer_id,
       CAST(bool_or(NOT ended) AS INTEGER) AS subscription_active,
       date_diff('day', min(start) FILTER (WHERE NOT ended), {c}) AS subscription_tenure_days,
       sum(skips) AS subscription_skips,
       count(*) FILTER (WHERE ended) AS subscriptions_cancelled
FROM per GROUP BY customer_id"""


def feedback_features_sql(
    cutoff: dt.date,
    recent_days: int,
    *,
    delivery_keywords: str = DELIVERY_KEYWORDS,
    complaint_keywords: str = COMPLAINT_KEYWORDS,
    with_rating: bool = True,
    with_channel: bool = True,
) -> str:
    """Feedback by ``cutoff``: count, complaints and delivery complaints in the last
    ``recent_days``, a delivery complaint filed on or after the last purchase (the complaint
    about the order that may be the last one), mean rating (0-1 of the channel's maximum)."""
    c, r = date_literal(cutoff), int(recent_days)
    dk, ck = quote_literal(delivery_keywords), quote_literal(complaint_keywords)
    chan = "channel" if with_channel else "'all'"
    rating = "rating / nullif(max(rating) OVER (PARTITION BY ch), 0)" if with_rating else "NULL"
    return f"""
WITH f AS (SELECT customer_id, CAST(created_at AS DATE) AS day, {chan} AS ch, text,
                  {"rating" if with_rating else "NULL"} AS rating
           FROM feedback WHERE CAST(created_at AS DATE) <= {c}),
g AS (SELECT customer_id, day, {rating} AS score,
             regexp_matches(text, {dk}) AS delivery,
             regexp_matches(text, {ck}) AS worded
      FROM f),
g2 AS (SELECT *, delivery OR worded OR coalesce(score <= {LOW_RATING_SHARE}, false) AS complaint
       FROM g),
last AS (SELECT customer_id, max(order_date) AS last_day FROM transactions
         WHERE {PURCHASE} AND order_date <= {c} GROUP BY customer_id)
SELECT customer_id, count(*) AS feedback_count,
       count(*) FILTER (WHERE complaint AND day > {c} - INTERVAL {r} DAY) AS complaints_recent,
       count(*) FILTER (WHERE delivery AND day > {c} - INTERVAL {r} DAY)
           AS delivery_complaints_recent,
       CAST(coalesce(bool_or(delivery AND day >= last_day), false) AS INTEGER)
           AS delivery_complaint_since_last_order,
       avg(score) AS mean_rating
FROM g2 LEFT JOIN last USING (customer_id) GROUP BY customer_id"""


def contact_features_sql(
    cutoff: dt.date, recent_days: int, *, with_group: bool = True, with_unsubscribed: bool = True
) -> str:
    """Campaign messages actually sent in the last ``recent_days`` (control rows excluded)
    and whether the customer unsubscribed by ``cutoff``."""
    c, r = date_literal(cutoff), int(recent_days)
    sent = "coalesce(\"group\", 'treatment') <> 'control'" if with_group else "true"
    unsub = "coalesce(bool_or(unsubscribed), false)" if with_unsubscribed else "false"
    return f"""
SELECT customer_id,
       count(*) FILTER (WHERE {sent} AND CAST(sent_at AS DATE) > {c} - INTERVAL {r} DAY)
           AS contacts_recent,
       CAST({unsub} AS INTEGER) AS unsubscribed
FROM contacts WHERE CAST(sent_at AS DATE) <= {c} GROUP BY customer_id"""


def feature_sources(ds: Dataset) -> dict[str, bool]:
    """Which feature groups the dataset can feed (table present with the needed columns)."""
    return {
        "subscriptions": ds.has("subscriptions"),
        "feedback": ds.has("feedback"),
        "contacts": ds.has("contacts"),
        "customers": bool(_columns(ds, "customers") & set(CATEGORICAL)),
    }


def churn_features(
    ds: Dataset,
    cutoff: dt.date,
    business: Business,
    *,
    active_within_days: int | None,
    recent_days: int,
    rhythm_multiple: float = 0.0,
    delivery_keywords: str = DELIVERY_KEYWORDS,
) -> pd.DataFrame:
    """One row per customer of the population at ``cutoff`` (see
    :mod:`crm_lib.churn.definition`: quiet for less than ``active_within_days`` days, or
    ``rhythm_multiple`` x their mean gap when longer; None: every buyer), indexed by
    ``customer_id``: ``contractual``, ``last_purchase_date`` and the features of
    :data:`FEATURE_GROUPS` that the data has.

    ``recent_days`` (days): the recent window of spend trend, complaints and contacts.
    ``business``: the membership ranks of ``rank_level`` (``rank_tiers`` over
    ``rank_window_months``, as in the segments report) and the delivery schedule of each
    plan (``renewal_days``).
    """
    con, sources = ds.con, feature_sources(ds)
    pop = population_sql(
        cutoff, active_within_days, subscriptions=sources["subscriptions"],
        rhythm_multiple=rhythm_multiple,
    )  # fmt: skip
    frame = con.execute(
        f"SELECT * FROM ({pop}) JOIN ({transaction_features_sql(cutoff, recent_days)}) "
        "USING (customer_id) ORDER BY customer_id"
    ).df()
    frame = frame.set_index("customer_id")
    parts = []
    if sources["subscriptions"]:
        deliveries = has_column(ds, "transactions", "channel")
        sql = subscription_features_sql(
            cutoff,
            business.renewal_days,
            with_deliveries=deliveries,
            with_plan=has_column(ds, "subscriptions", "plan"),
        )
        part = con.execute(sql).df().set_index("customer_id")
        if not deliveries:
            part = part.drop(columns="subscription_skips")
        parts.append(part)
    if sources["feedback"]:
        sql = feedback_features_sql(
            cutoff,
            recent_days,
            delivery_keywords=delivery_keywords,
            with_rating=has_column(ds, "feedback", "rating"),
            with_channel=has_column(ds, "feedback", "channel"),
        )
        parts.append(con.execute(sql).df().set_index("customer_id"))
    if sources["contacts"]:
        sql = contact_features_sql(
            cutoff,
            recent_days,
            with_group=has_column(ds, "contacts", "group"),
            with_unsubscribed=has_column(ds, "contacts", "unsubscribed"),
        )
        parts.append(con.execute(sql).df().set_index("customer_id"))
    for part in parts:
        frame = frame.join(part, how="left")
        counts = [c for c in part.columns if c not in ("mean_rating", "subscription_tenure_days")]
        frame[counts] = frame[counts].fillna(0)
    ranks = membership_ranks(
        ds, business.rank_tiers, cutoff, window_months=business.rank_window_months
    )
    frame = frame.join(ranks.set_index("customer_id")["rank_level"], how="left")
    if sources["customers"]:
        cols = [c for c in CATEGORICAL if c in _columns(ds, "customers")]
        profile = con.execute(f"SELECT customer_id, {', '.join(cols)} FROM customers").df()
        profile = profile.set_index("customer_id")[cols].astype(object)
        frame = frame.join(profile, how="left")
        frame[cols] = frame[cols].where(frame[cols].notna(), "—").astype(str)
    return frame


def design_features(
    ds: Dataset, cutoff: dt.date, design: Design, business: Business,
    fits: PurchaseFits | None = None, **options,
) -> pd.DataFrame:  # fmt: skip
    """The features of the design's population at ``cutoff`` (:func:`churn_features` with
    its allowance and recent window, ``options`` passed on). ``p_alive``: every buyer with
    P(alive) at least the threshold (from ``fits``), and every running subscriber."""
    if design.definition != "p_alive":
        return churn_features(
            ds, cutoff, business, active_within_days=design.active_within_days,
            recent_days=design.recent_days, rhythm_multiple=design.multiple, **options,
        )  # fmt: skip
    features = churn_features(
        ds, cutoff, business, active_within_days=None, recent_days=design.recent_days, **options
    )
    alive = _fits(fits).p_alive(cutoff).reindex(features.index).fillna(0.0)
    keep = features["contractual"].to_numpy(dtype=bool) | (alive >= design.p_alive_threshold)
    return features[keep]


def design_labels(
    ds: Dataset, cutoff: dt.date, design: Design, fits: PurchaseFits | None = None
) -> pd.Series:
    """Whether each customer of the population at ``cutoff`` churned in the
    ``design.window_days`` days after it (bool, by ``customer_id``). ``p_alive``: the
    population is every running subscriber and every buyer with P(alive) at the cutoff at
    least the threshold; non-contractual customers churned when P(alive) at the window end,
    from the model refitted on the purchases to then, is below it."""
    window = design.window_days
    if design.definition != "p_alive":
        labels = churn_labels(
            ds, cutoff, window, active_within_days=design.active_within_days,
            rhythm_multiple=design.multiple,
        )  # fmt: skip
        return labels.set_index("customer_id")["churned"]
    labels = churn_labels(ds, cutoff, window, unlimited=True).set_index("customer_id")
    now = _fits(fits).p_alive(cutoff).reindex(labels.index).fillna(0.0)
    labels = labels[labels["contractual"] | (now >= design.p_alive_threshold)]
    later = fits.p_alive(cutoff + dt.timedelta(days=int(window)))
    gone = later.reindex(labels.index).fillna(1.0) < design.p_alive_threshold
    return labels["churned"].where(labels["contractual"], gone).astype(bool)


def _fits(fits: PurchaseFits | None) -> PurchaseFits:
    if fits is None:
        raise ValueError("the p_alive definition needs the purchase-model fits (PurchaseFits)")
    return fits


def features_and_labels(
    ds: Dataset, cutoff: dt.date, design: Design, business: Business,
    fits: PurchaseFits | None = None, **options,
) -> tuple[pd.DataFrame, np.ndarray]:  # fmt: skip
    """The features at ``cutoff`` (:func:`design_features`) and, row for row, whether each
    customer churned in the ``design.window_days`` days after it (bool array,
    :func:`design_labels`). ``fits``: the purchase models (needed by ``p_alive``)."""
    features = design_features(ds, cutoff, design, business, fits, **options)
    churned = design_labels(ds, cutoff, design, fits).loc[features.index].to_numpy(dtype=bool)
    return features, churned


def feature_columns(frame: pd.DataFrame) -> list[str]:
    """The model inputs present in a feature frame, in :data:`FEATURE_GROUPS` order."""
    return [c for c in FEATURE_GROUPS if c in frame.columns]
