"""The ``transactions`` table: ad-hoc orders, subscription deliveries, campaign-induced orders
and returns.

Order value: Gamma-Gamma draw in yen rounded to 10 yen (at least 300 yen); a subscription
delivery costs the subscription's price. About 3 % of rows are returns: an order is returned
with probability ``RETURN_PROB`` 3-30 days later (full refund, or a partial refund of 30-70 %
in ``PARTIAL_REFUND_SHARE`` of returns) with negative amount and quantity, same customer,
channel and category as the order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.demo import personas as ps
from crm_lib.demo.campaigns import CAMPAIGNS
from crm_lib.demo.columns import gather, id_column, id_width, label_column, to_str
from crm_lib.demo.customers import Population
from crm_lib.demo.period import HORIZON_DAYS, to_dates
from crm_lib.demo.purchases import AdHocOrders, Latents
from crm_lib.demo.subscriptions import Subscriptions

RETURN_PROB = 0.031
PARTIAL_REFUND_SHARE = 0.2
MIN_ORDER_YEN = 300
SOURCES = ("ad_hoc", "subscription", "campaign", "return")
ONLINE, MAIL_ORDER, PHONE, SUBSCRIPTION = range(4)


@dataclass
class OrderRows:
    """All transaction rows, in order_id order."""

    cust: np.ndarray
    day: np.ndarray  # integer days since START
    amount: np.ndarray  # yen, negative for returns
    channel: np.ndarray  # code into ORDER_CHANNELS
    category: np.ndarray
    quantity: np.ndarray
    source: np.ndarray  # code into SOURCES
    table: pd.DataFrame


def _order_value(rng: np.random.Generator, lat: Latents, cust: np.ndarray) -> np.ndarray:
    value = rng.gamma(lat.spend_p[cust], 1.0 / lat.nu[cust])
    return np.maximum(MIN_ORDER_YEN, np.round(value / 10.0) * 10.0).astype(np.int64)


def build_transactions(
    rng: np.random.Generator,
    pop: Population,
    lat: Latents,
    orders: AdHocOrders,
    subs: Subscriptions,
    induced_cust: np.ndarray,
    induced_time: np.ndarray,
    induced_campaign: np.ndarray,
) -> OrderRows:
    """Assemble every order and return into the ``transactions`` table."""
    persona = pop.persona
    # ad-hoc orders: the first order's channel follows how the customer was acquired
    a_cust = orders.cust
    first_channel = np.select(
        [pop.acquisition == 3, pop.acquisition == 4], [PHONE, MAIL_ORDER], ONLINE
    )
    a_channel = ps.draw_categorical(rng, ps.table("channel_probs"), persona[a_cust])
    a_channel = np.where(orders.seq == 0, first_channel[a_cust], a_channel)
    # subscription deliveries
    s_cust = subs.cust[subs.delivery_sub]
    # campaign-induced orders: the channel of the campaign
    i_cust = induced_cust.astype(np.int64)
    camp_channel = np.array([c.channel for c in CAMPAIGNS])[induced_campaign.astype(np.int64)]
    i_channel = np.select(
        [camp_channel == "dm", camp_channel == "call"],
        [np.where(rng.random(len(i_cust)) < 0.6, MAIL_ORDER, ONLINE), PHONE],
        ONLINE,
    )

    cust = np.concatenate([a_cust, s_cust, i_cust])
    day = np.floor(np.concatenate([orders.time, subs.delivery_day, induced_time])).astype(np.int64)
    time = np.concatenate([orders.time, subs.delivery_day + 0.5, induced_time])
    source = np.repeat([0, 1, 2], [len(a_cust), len(s_cust), len(i_cust)]).astype(np.int8)
    channel = np.concatenate([a_channel, np.full(len(s_cust), SUBSCRIPTION), i_channel]).astype(
        np.int8
    )
    category = ps.draw_categorical(rng, ps.table("category_probs"), persona[cust])
    category[source == 1] = subs.category[subs.delivery_sub]
    amount = _order_value(rng, lat, cust)
    amount[source == 1] = subs.price[subs.delivery_sub]
    quantity = 1 + rng.poisson(0.3, len(cust))
    quantity[source == 1] = 1

    # returns
    ret = np.flatnonzero(rng.random(len(cust)) < RETURN_PROB)
    r_day = day[ret] + rng.integers(3, 31, len(ret))
    ret, r_day = ret[r_day < HORIZON_DAYS], r_day[r_day < HORIZON_DAYS]
    partial = rng.random(len(ret)) < PARTIAL_REFUND_SHARE
    share = rng.uniform(0.3, 0.7, len(ret))
    r_amount = np.where(
        partial, np.maximum(10, np.round(amount[ret] * share / 10) * 10), amount[ret]
    )
    r_quantity = np.where(partial, 1, quantity[ret])

    cust = np.concatenate([cust, cust[ret]])
    day = np.concatenate([day, r_day])
    time = np.concatenate([time, r_day + 0.99])
    amount = np.concatenate([amount, -r_amount.astype(np.int64)])
    quantity = np.concatenate([quantity, -r_quantity]).astype(np.int64)
    channel = np.concatenate([channel, channel[ret]])
    category = np.concatenate([category, category[ret]])
    source = np.concatenate([source, np.full(len(ret), 3, dtype=np.int8)])

    order = np.lexsort((time, cust, day))
    cust, day, amount, channel, category, quantity, source = (
        a[order] for a in (cust, day, amount, channel, category, quantity, source)
    )
    table = pd.DataFrame(
        {
            "order_id": id_column("O", np.arange(1, len(cust) + 1), id_width(len(cust), 8)),
            "customer_id": to_str(gather(pop.ids, cust)),
            "order_date": to_dates(day),
            "amount": amount.astype(np.int64),
            "channel": label_column(channel, ps.ORDER_CHANNELS),
            "category": label_column(category, ps.CATEGORIES),
            "quantity": quantity,
        }
    )
    return OrderRows(cust, day, amount, channel, category, quantity, source, table)


def window_response(
    rows: OrderRows, cust: np.ndarray, first_day: np.ndarray, days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Response to contacts: any order and the sum of orders in a window of ``days`` days.

    Counts orders with a positive amount and a channel other than "subscription" whose
    order_date is between ``first_day`` and ``first_day + days - 1``. Returns
    (responded bool, revenue yen).
    """
    counted = (rows.amount > 0) & (rows.channel != SUBSCRIPTION)
    key = rows.cust[counted] * 2048 + rows.day[counted]
    amount = rows.amount[counted]
    order = np.argsort(key, kind="stable")
    key, amount = key[order], amount[order]
    cum = np.concatenate([[0], np.cumsum(amount)])
    query = cust * 2048 + first_day
    by_query = np.argsort(query, kind="stable")  # sorted queries search much faster
    lo = np.empty(len(query), dtype=np.int64)
    hi = np.empty(len(query), dtype=np.int64)
    lo[by_query] = np.searchsorted(key, query[by_query])
    hi[by_query] = np.searchsorted(key, query[by_query] + days)
    return hi > lo, cum[hi] - cum[lo]
