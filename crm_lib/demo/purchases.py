"""The ad-hoc purchase process of every customer (everything except subscription deliveries).

Each customer follows an MBG/NBD process (Batislam, Denizel & Filiztekin 2007): orders arrive
as a Poisson process with rate lambda (orders/day) from the first order on, and after each
order, the first included, the customer drops out for good with probability p. (The BG/NBD
of Fader, Hardie & Lee 2005 has no dropout after the first order; one-off sample buyers need
it.) Spend per order follows the Gamma-Gamma model, see :mod:`crm_lib.demo.personas`.

Churn driver: a delivery-delay complaint is planted on an order with probability
``DELAY_COMPLAINT_PROB``; right after that order the customer drops out with probability
p + (1 - p) x ``DELAY_EXTRA_DROPOUT``: their own dropout, and on top of it a share of
customers who leave because of the delay, however loyal they were. Subscriptions run
alongside (see :mod:`crm_lib.demo.subscriptions`): a customer is active while their ad-hoc
process is alive or a subscription is running, and inactive (churned) from the later of the
two ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lib.demo import personas as ps
from crm_lib.demo.customers import Population
from crm_lib.demo.period import HORIZON_DAYS

DELAY_COMPLAINT_PROB = 0.05  # per order, planted delivery-delay complaint
DELAY_EXTRA_DROPOUT = 0.3  # share of customers who leave after a delayed order they complained of
COMPLAINT_LAST_DAY = HORIZON_DAYS - 8  # complaints need up to 7 days to be filed
SUBSCRIPTION_LAG_DAYS = (3, 30)  # subscription starts this many days after the second order


@dataclass
class Latents:
    """Latent per-customer parameters (per day, yen)."""

    lam: np.ndarray  # purchase rate, orders/day
    p: np.ndarray  # dropout probability after each order
    nu: np.ndarray  # Gamma-Gamma rate of order value; mean order value = spend_p / nu
    spend_p: np.ndarray  # Gamma-Gamma shape of order value
    sub_intent: np.ndarray  # would start a subscription at the second order

    @property
    def mean_order_value(self) -> np.ndarray:
        return self.spend_p / self.nu


@dataclass
class AdHocOrders:
    """Ad-hoc orders, sorted by customer and time; ``seq`` 0 is the first order."""

    cust: np.ndarray
    time: np.ndarray  # float days since START
    seq: np.ndarray
    complaint: np.ndarray  # delivery-delay complaint planted on this order
    drop: np.ndarray  # the customer dropped out right after this order (dropout coin)

    def subset(self, keep: np.ndarray) -> AdHocOrders:
        return AdHocOrders(*(a[keep] for a in self._arrays()))

    def sorted(self) -> AdHocOrders:
        order = np.lexsort((self.time, self.cust))
        return AdHocOrders(*(a[order] for a in self._arrays()))

    def search_key(self) -> np.ndarray:
        """Sorted float key customer * 2048 + time, for counting orders in time windows."""
        return self.cust * 2048.0 + self.time

    def _arrays(self) -> tuple[np.ndarray, ...]:
        return (self.cust, self.time, self.seq, self.complaint, self.drop)


def simulate_latents(rng: np.random.Generator, pop: Population) -> Latents:
    """Draw lambda, p, nu and the subscription intent from each customer's persona."""
    k = pop.persona
    lam = rng.gamma(ps.column("r")[k], 1.0 / ps.column("alpha")[k])
    p = rng.beta(ps.column("a")[k], ps.column("b")[k])
    spend_gamma = np.array([x.spend_gamma for x in ps.PERSONAS])[k]
    nu = rng.gamma(ps.column("spend_q")[k], 1.0 / spend_gamma)
    sub_intent = rng.random(len(k)) < ps.column("subscribe_prob")[k]
    return Latents(lam, p, nu, ps.column("spend_p")[k], sub_intent)


def group_starts(cust: np.ndarray, n: int) -> np.ndarray:
    """Index of the first row of each customer in rows sorted by customer (length n + 1)."""
    return np.searchsorted(cust, np.arange(n + 1))


def grouped_cumsum(values: np.ndarray, cust: np.ndarray, n: int) -> np.ndarray:
    """Cumulative sum of ``values`` within each customer (rows sorted by customer)."""
    total = np.cumsum(values, dtype=np.int64)
    starts = group_starts(cust, n)
    before = np.concatenate([[0], total])[starts[:-1]]
    return total - before[cust]


def potential_orders(rng: np.random.Generator, pop: Population, lat: Latents) -> AdHocOrders:
    """All orders each customer would place if they never dropped out, with dropout coins.

    Row 0 of every customer is the first order; repeat orders are a Poisson process with rate
    lambda until the end of the period; ``drop`` is the dropout coin tossed after each order.
    """
    n = len(pop)
    horizon = HORIZON_DAYS - pop.first_time
    m = rng.poisson(lat.lam * horizon)
    cust = np.concatenate([np.arange(n), np.repeat(np.arange(n), m)])
    frac = np.concatenate([np.zeros(n), rng.uniform(1e-9, 1.0, int(m.sum()))])
    order = np.argsort(cust + frac, kind="stable")
    cust, frac = cust[order], frac[order]
    time = pop.first_time[cust] + frac * horizon[cust]
    seq = np.arange(len(cust)) - group_starts(cust, n)[cust]
    complaint = (rng.random(len(cust)) < DELAY_COMPLAINT_PROB) & (time <= COMPLAINT_LAST_DAY)
    p_eff = delayed_dropout(lat.p[cust], complaint)
    drop = rng.random(len(cust)) < p_eff
    return AdHocOrders(cust.astype(np.int64), time, seq.astype(np.int32), complaint, drop)


def delayed_dropout(p: np.ndarray, complaint: np.ndarray) -> np.ndarray:
    """Dropout probability right after each order: ``p``, raised by the planted delivery
    delay on orders with a ``complaint``."""
    return np.where(complaint, p + (1 - p) * DELAY_EXTRA_DROPOUT, p)


def subscription_starts(
    rng: np.random.Generator, pop: Population, lat: Latents, pot: AdHocOrders
) -> tuple[np.ndarray, np.ndarray]:
    """Customers who start a subscription, and the start day (integer days since START).

    A customer with the intent subscribes 3-30 days after the second order (which exists only
    if they did not drop out after the first), if the start falls inside the period.
    """
    n = len(pop)
    starts = group_starts(pot.cust, n)
    has_second = (np.diff(starts) >= 2) & ~pot.drop[np.minimum(starts[:-1], len(pot.cust) - 1)]
    second = np.where(has_second, starts[:-1] + 1, 0)
    lag = rng.integers(SUBSCRIPTION_LAG_DAYS[0], SUBSCRIPTION_LAG_DAYS[1] + 1, n)
    start_day = np.floor(pot.time[second]) + lag
    ok = lat.sub_intent & has_second & (start_day <= HORIZON_DAYS - 1)
    who = np.flatnonzero(ok)
    return who, start_day[who].astype(np.int64)


def resolve_orders(pot: AdHocOrders, n: int) -> tuple[AdHocOrders, np.ndarray]:
    """Apply dropout to the potential orders.

    Returns the realised orders (up to and including the order after which each customer
    dropped out) and, per customer, the time of that order (inf = still buying at the end).
    """
    earlier_drops = grouped_cumsum(pot.drop, pot.cust, n) - pot.drop
    orders = pot.subset(earlier_drops == 0)
    return orders, dropout_times(orders, n)


def dropout_times(orders: AdHocOrders, n: int) -> np.ndarray:
    """Per customer: time of the last ad-hoc order if they dropped out, else inf."""
    out = np.full(n, np.inf)
    dropped = np.zeros(n, dtype=bool)
    dropped[orders.cust[orders.drop]] = True
    last = np.full(n, -np.inf)
    np.maximum.at(last, orders.cust, orders.time)
    out[dropped] = last[dropped]
    return out
