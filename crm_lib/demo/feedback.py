"""The ``feedback`` table: call-centre notes, NPS surveys and reviews in Japanese.

Sources (probabilities per order unless stated):
- delivery-delay complaints planted by the purchase process (70 % call centre, 30 % review),
  filed 2-7 days after the delayed order;
- subscription skip requests (60 % of skips) and cancellations (70 % of cancellations);
- NPS surveys (6 % of orders, 7-14 days later), reviews (4 %), call-centre inquiries (3 %);
- the emerging topic "packaging": 8 % of orders placed from 2025-10-01 on, filed 1-6 days later
  (60 % call centre, 40 % review). It appears nowhere before 2025-10-01.
``PII_SHARE`` of call-centre notes contain the customer's name (with 様), phone number or
e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crm_lib.demo import texts as tx
from crm_lib.demo.columns import gather, id_column, id_width, join_strings, label_column, to_str
from crm_lib.demo.customers import Population
from crm_lib.demo.period import HORIZON_DAYS, day_number, to_timestamps
from crm_lib.demo.purchases import AdHocOrders
from crm_lib.demo.subscriptions import CANCEL_REASONS, Subscriptions
from crm_lib.demo.transactions import OrderRows

CHANNELS = ("call_centre", "survey", "review")
CALL, SURVEY, REVIEW = range(3)
PACKAGING_START = date(2025, 10, 1)
PACKAGING_PROB = 0.08
SURVEY_PROB = 0.06
REVIEW_PROB = 0.04
INQUIRY_PROB = 0.03
SKIP_CALL_PROB = 0.6
CANCEL_CALL_PROB = 0.7
DELAY_CALL_SHARE = 0.7
PII_SHARE = 0.12
PII_KINDS = ("name", "name_phone", "email")
PII_KIND_PROBS = (0.5, 0.3, 0.2)
# topic mixes (probabilities) of surveys, reviews and call-centre inquiries
SURVEY_TOPICS = {
    "praise": 0.40,
    "neutral": 0.25,
    "price": 0.13,
    "product_effect": 0.12,
    "call_wait": 0.10,
}
REVIEW_TOPICS = {
    "praise": 0.50,
    "neutral": 0.18,
    "price": 0.12,
    "skin_reaction": 0.08,
    "product_effect": 0.12,
}
INQUIRY_TOPICS = {
    "usage_question": 0.40,
    "skin_reaction": 0.20,
    "product_effect": 0.15,
    "call_wait": 0.10,
    "price": 0.05,
    "praise": 0.10,
}


@dataclass
class Feedback:
    """The feedback table and its latent labels (row order = feedback_id order)."""

    table: pd.DataFrame
    cust: np.ndarray
    topic: np.ndarray  # code into texts.TOPICS
    channel: np.ndarray
    pii_kind: np.ndarray  # code into PII_KINDS, -1 = no personal data
    day: np.ndarray


def _topic(name: str) -> int:
    return tx.TOPICS.index(name)


def _draw_topics(rng: np.random.Generator, mix: dict[str, float], n: int) -> np.ndarray:
    codes = np.array([_topic(t) for t in mix])
    return codes[rng.choice(len(codes), size=n, p=np.array(list(mix.values())))]


def _sample_orders(
    rng: np.random.Generator, rows: OrderRows, prob: float, mask: np.ndarray | None = None
) -> np.ndarray:
    ok = rows.amount > 0
    if mask is not None:
        ok &= mask
    return np.flatnonzero(ok & (rng.random(len(ok)) < prob))


def _pick(rng: np.random.Generator, table: dict, topic: np.ndarray, rows: np.ndarray) -> pa.Array:
    """A random template of ``table[topic]`` for each selected row ("" for other rows)."""
    flat, offset, count = [""], np.zeros(len(tx.TOPICS), dtype=np.int64), np.zeros(len(tx.TOPICS))
    for name, variants in table.items():
        offset[_topic(name)] = len(flat)
        count[_topic(name)] = len(variants)
        flat += list(variants)
    idx = np.zeros(len(topic), dtype=np.int64)
    t = topic[rows]
    idx[rows] = offset[t] + np.floor(rng.random(len(rows)) * count[t]).astype(np.int64)
    return pa.array(flat).take(pa.array(idx))


def _choice(rng: np.random.Generator, options: tuple[str, ...], mask: np.ndarray) -> pa.Array:
    idx = np.where(mask, 1 + rng.integers(0, len(options), len(mask)), 0)
    return pa.array(("",) + tuple(options)).take(pa.array(idx))


def build_feedback(
    rng: np.random.Generator,
    pop: Population,
    orders: AdHocOrders,
    subs: Subscriptions,
    rows: OrderRows,
) -> Feedback:
    """Simulate every feedback row and build the ``feedback`` table."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(cust, time, channel, topic, reason=None):
        reason = np.full(len(cust), -1) if reason is None else reason
        parts.append((cust, time, np.asarray(channel), np.asarray(topic), reason))

    n = len(orders.cust[orders.complaint])
    add(
        orders.cust[orders.complaint],
        orders.time[orders.complaint] + rng.uniform(2.0, 7.0, n),
        np.where(rng.random(n) < DELAY_CALL_SHARE, CALL, REVIEW),
        np.full(n, _topic("delivery_delay")),
    )
    skip = np.flatnonzero(rng.random(len(subs.skip_sub)) < SKIP_CALL_PROB)
    add(
        subs.cust[subs.skip_sub[skip]],
        subs.skip_day[skip] - rng.uniform(3.0, 10.0, len(skip)),
        np.full(len(skip), CALL),
        np.full(len(skip), _topic("subscription_skip")),
    )
    cancel = np.flatnonzero((subs.cancelled_at > 0) & (rng.random(len(subs)) < CANCEL_CALL_PROB))
    add(
        subs.cust[cancel],
        np.floor(subs.end_time[cancel]) + rng.uniform(9 / 24, 18 / 24, len(cancel)),
        np.full(len(cancel), CALL),
        np.full(len(cancel), _topic("subscription_cancel")),
        subs.cancel_reason[cancel],
    )
    for prob, lag, channel, mix in (
        (SURVEY_PROB, (7.0, 14.0), SURVEY, SURVEY_TOPICS),
        (REVIEW_PROB, (3.0, 20.0), REVIEW, REVIEW_TOPICS),
        (INQUIRY_PROB, (1.0, 10.0), CALL, INQUIRY_TOPICS),
    ):
        o = _sample_orders(rng, rows, prob)
        add(
            rows.cust[o],
            rows.day[o] + rng.uniform(*lag, len(o)),
            np.full(len(o), channel),
            _draw_topics(rng, mix, len(o)),
        )
    o = _sample_orders(rng, rows, PACKAGING_PROB, rows.day >= day_number(PACKAGING_START))
    add(
        rows.cust[o],
        rows.day[o] + rng.uniform(1.0, 6.0, len(o)),
        np.where(rng.random(len(o)) < 0.6, CALL, REVIEW),
        np.full(len(o), _topic("packaging")),
    )

    cust, time, channel, topic, reason = (np.concatenate(a) for a in zip(*parts, strict=True))
    # office hours for calls, any waking hour for surveys and reviews
    hour = np.where(channel == CALL, rng.uniform(9, 18, len(cust)), rng.uniform(7, 23.5, len(cust)))
    time = np.floor(time) + hour / 24.0
    keep = (time < HORIZON_DAYS) & (time >= pop.first_time[cust])
    cust, time, channel, topic, reason = (a[keep] for a in (cust, time, channel, topic, reason))
    order = np.lexsort((cust, time))
    cust, time, channel, topic, reason = (a[order] for a in (cust, time, channel, topic, reason))
    return _feedback_table(rng, pop, cust, time, channel, topic, reason)


def _feedback_table(
    rng: np.random.Generator,
    pop: Population,
    cust: np.ndarray,
    time: np.ndarray,
    channel: np.ndarray,
    topic: np.ndarray,
    reason: np.ndarray,
) -> Feedback:
    """Texts (with personal data in PII_SHARE of call notes), ratings and the table."""
    n = len(cust)
    call = channel == CALL
    pii = np.where(
        call & (rng.random(n) < PII_SHARE),
        rng.choice(len(PII_KINDS), size=n, p=PII_KIND_PROBS),
        -1,
    )
    with_name = (pii == 0) | (pii == 1)
    use_surname = rng.random(n) < 0.4
    who = pc.if_else(pa.array(use_surname), gather(pop.surname, cust), gather(pop.name, cust))
    generic_opener = _choice(rng, tx.CALL_OPENERS, call & ~with_name)
    name_part = pc.if_else(pa.array(with_name), who, "")
    name_opener = _choice(rng, tx.CALL_OPENERS_NAME, with_name)

    is_cancel = call & (topic == _topic("subscription_cancel"))
    body = _pick(rng, tx.CALL_BODIES, topic, np.flatnonzero(call & ~is_cancel))
    survey_text = _pick(rng, tx.SURVEY_COMMENTS, topic, np.flatnonzero(channel == SURVEY))
    review_text = _pick(rng, tx.REVIEW_TEXTS, topic, np.flatnonzero(channel == REVIEW))
    wrap = rng.integers(0, len(tx.CANCEL_BODIES), n)
    cancel_pre = pa.array(("",) + tuple(b[0] for b in tx.CANCEL_BODIES)).take(
        pa.array(np.where(is_cancel, wrap + 1, 0))
    )
    cancel_post = pa.array(("",) + tuple(b[1] for b in tx.CANCEL_BODIES)).take(
        pa.array(np.where(is_cancel, wrap + 1, 0))
    )
    reason_text = pa.array(("",) + CANCEL_REASONS).take(
        pa.array(np.where(is_cancel, reason + 1, 0))
    )
    closer = _pick(rng, tx.CALL_CLOSERS, topic, np.flatnonzero(call))
    phone_part = pc.if_else(
        pa.array(pii == 1),
        join_strings(
            _choice(rng, tx.PHONE_PREFIX, pii == 1),
            gather(pop.phone, cust),
            _choice(rng, tx.PHONE_SUFFIX, pii == 1),
        ),
        "",
    )
    email_part = pc.if_else(
        pa.array(pii == 2),
        join_strings(
            _choice(rng, tx.EMAIL_PREFIX, pii == 2),
            gather(pop.email, cust),
            _choice(rng, tx.EMAIL_SUFFIX, pii == 2),
        ),
        "",
    )
    text = join_strings(
        generic_opener,
        name_part,
        name_opener,
        body,
        cancel_pre,
        reason_text,
        cancel_post,
        closer,
        phone_part,
        email_part,
        survey_text,
        review_text,
    )

    rating = np.full(n, -1, dtype=np.int64)
    for table, ch in ((tx.SURVEY_RATINGS, SURVEY), (tx.REVIEW_RATINGS, REVIEW)):
        for name, (lo, hi) in table.items():
            m = (channel == ch) & (topic == _topic(name))
            rating[m] = rng.integers(lo, hi + 1, int(m.sum()))
    table = pd.DataFrame(
        {
            "feedback_id": id_column("F", np.arange(1, n + 1), id_width(n, 7)),
            "customer_id": to_str(gather(pop.ids, cust)),
            "created_at": to_timestamps(time),
            "channel": label_column(channel, CHANNELS),
            "rating": pd.arrays.IntegerArray(np.where(rating >= 0, rating, 0), rating < 0),
            "text": to_str(text),
        }
    )
    return Feedback(table, cust, topic, channel, pii, np.floor(time).astype(np.int64))
