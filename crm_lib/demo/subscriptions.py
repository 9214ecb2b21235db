"""Subscriptions (定期便): a shifted-beta-geometric (sBG) process with skips.

At each renewal (every ``period`` days: 30 for "monthly", 60 for "bimonthly") a subscription
is cancelled with probability theta_i ~ Beta(SBG_ALPHA, SBG_BETA) (Fader & Hardie 2007). Before
each delivery after the first the customer skips it with probability s_i ~ Beta(SKIP_A, SKIP_B);
churn driver: every earlier skip multiplies the cancellation probability at later renewals by
``SKIP_HAZARD_MULTIPLIER`` (capped at 1), so theta_eff = min(1, theta * 2 ** skips_so_far).
Deliveries are orders (channel "subscription") at start + k * period; skipped ones have none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln

from crm_lib.demo.columns import gather, id_column, id_width, label_column, to_str
from crm_lib.demo.period import HORIZON_DAYS, to_dates

SBG_ALPHA = 0.7
SBG_BETA = 3.0
SKIP_A = 1.0
SKIP_B = 8.0
SKIP_HAZARD_MULTIPLIER = 2.0
PLANS = ("monthly", "bimonthly")
PLAN_DAYS = np.array([30, 60])
PLAN_PROBS = (0.7, 0.3)
PRICES_YEN = np.array(
    [3_980, 4_980, 5_980, 6_980, 7_980, 8_980, 9_980]
)  # per delivery, the 定期便 price list
SUBSCRIPTION_DISCOUNT = 0.9  # the price is near 90 % of the customer's mean order value
SUB_CATEGORY = (1, 0)  # supplement or skincare (codes into personas.CATEGORIES)
SUB_CATEGORY_PROBS = (0.7, 0.3)
CANCEL_REASONS = (
    "商品が余っている",
    "効果を実感できない",
    "価格が高い",
    "配送の遅れ",
    "他社製品に切り替え",
    "引っ越し・生活の変化",
)
_REASON_PROBS = np.array(
    [
        [0.15, 0.25, 0.25, 0.10, 0.13, 0.12],  # no skips before cancelling
        [0.45, 0.15, 0.15, 0.05, 0.10, 0.10],  # at least one skip
    ]
)


@dataclass
class Subscriptions:
    """One row per subscription (index = subscription number - 1, ordered by start)."""

    cust: np.ndarray  # customer index
    plan: np.ndarray  # code into PLANS
    start_day: np.ndarray  # integer days since START
    end_time: np.ndarray  # float days, inf = active at the end of the period
    theta: np.ndarray  # latent per-renewal cancellation probability before skips
    skip_prob: np.ndarray
    skips: np.ndarray
    renewals: np.ndarray  # renewals survived (sBG "periods survived")
    cancelled_at: np.ndarray  # renewal number at which it was cancelled, 0 = not cancelled
    cancel_reason: np.ndarray  # code into CANCEL_REASONS, -1 = active
    price: np.ndarray  # yen per delivery
    category: np.ndarray
    delivery_sub: np.ndarray  # per delivery: subscription index
    delivery_day: np.ndarray  # per delivery: integer day
    skip_sub: np.ndarray  # per skipped delivery: subscription index
    skip_day: np.ndarray  # per skipped delivery: the day it would have been delivered
    renewal_sub: np.ndarray  # per renewal that took place: subscription index
    renewal_k: np.ndarray  # renewal number (1, 2, ...)
    renewal_prior_skips: np.ndarray  # skips before that renewal
    renewal_cancelled: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.cust)

    @property
    def period_days(self) -> np.ndarray:
        return PLAN_DAYS[self.plan]


def simulate_subscriptions(
    rng: np.random.Generator, cust: np.ndarray, start_day: np.ndarray, mean_value: np.ndarray
) -> Subscriptions:
    """Simulate the subscriptions of customers ``cust`` starting on ``start_day``.

    ``mean_value`` is each subscriber's mean order value (yen), which sets the plan price.
    """
    order = np.lexsort((cust, start_day))
    cust, start_day, mean_value = cust[order], start_day[order], mean_value[order]
    n = len(cust)
    plan = rng.choice(len(PLANS), size=n, p=PLAN_PROBS)
    period = PLAN_DAYS[plan]
    theta = rng.beta(SBG_ALPHA, SBG_BETA, n)
    skip_prob = rng.beta(SKIP_A, SKIP_B, n)
    price_idx = np.abs(PRICES_YEN[None, :] - SUBSCRIPTION_DISCOUNT * mean_value[:, None]).argmin(1)
    category = np.array(SUB_CATEGORY)[rng.choice(2, size=n, p=SUB_CATEGORY_PROBS)]

    # long format: one row per scheduled delivery k = 0, 1, ... inside the period
    slots = (HORIZON_DAYS - 1 - start_day) // period + 1
    sub = np.repeat(np.arange(n), slots)
    first = np.concatenate([[0], np.cumsum(slots)])
    k = np.arange(len(sub)) - first[sub]
    skip = (rng.random(len(sub)) < skip_prob[sub]) & (k >= 1)
    cum_skip = np.cumsum(skip)
    skips_before = cum_skip - skip - np.concatenate([[0], cum_skip])[first[sub]]
    hazard = np.minimum(1.0, theta[sub] * SKIP_HAZARD_MULTIPLIER**skips_before)
    cancel = (rng.random(len(sub)) < hazard) & (k >= 1)
    cum_cancel = np.cumsum(cancel)
    cancels_before = cum_cancel - cancel - np.concatenate([[0], cum_cancel])[first[sub]]
    alive_row = cancels_before == 0  # renewal k took place (or k = 0)
    kept = alive_row & ~cancel  # delivery slot k is part of the subscription

    cancelled_at = np.zeros(n, dtype=np.int64)
    cancelled_at[sub[cancel & alive_row]] = k[cancel & alive_row]
    skips = np.bincount(sub[kept & skip], minlength=n)
    renewals = np.bincount(sub[kept & (k >= 1)], minlength=n)
    notice = rng.uniform(1.0, 7.0, n)  # cancellation is notified 1-7 days before the renewal
    end_time = np.where(cancelled_at > 0, start_day + cancelled_at * period - notice, np.inf)
    end_time = np.where(cancelled_at > 0, np.maximum(end_time, start_day + 1.0), end_time)
    reason_probs = _REASON_PROBS[(skips > 0).astype(int)]
    reason = (rng.random(n)[:, None] > np.cumsum(reason_probs, axis=1)).sum(axis=1)
    reason = np.where(cancelled_at > 0, np.minimum(reason, len(CANCEL_REASONS) - 1), -1)

    day = start_day[sub] + k * period[sub]
    delivered = kept & ~skip
    skipped = kept & skip
    renewal = alive_row & (k >= 1)
    return Subscriptions(
        cust=cust,
        plan=plan,
        start_day=start_day,
        end_time=end_time,
        theta=theta,
        skip_prob=skip_prob,
        skips=skips,
        renewals=renewals,
        cancelled_at=cancelled_at,
        cancel_reason=reason,
        price=PRICES_YEN[price_idx],
        category=category,
        delivery_sub=sub[delivered],
        delivery_day=day[delivered],
        skip_sub=sub[skipped],
        skip_day=day[skipped],
        renewal_sub=sub[renewal],
        renewal_k=k[renewal],
        renewal_prior_skips=skips_before[renewal],
        renewal_cancelled=cancel[renewal],
    )


def sbg_survival(alpha: float, beta: float, periods: np.ndarray) -> np.ndarray:
    """sBG probability of surviving ``periods`` renewals: B(alpha, beta + t) / B(alpha, beta)."""
    return np.exp(betaln(alpha, beta + periods) - betaln(alpha, beta))


def survival_counts(subs: Subscriptions, plan: int | None = None, max_periods: int = 36) -> list:
    """Cohort survival: per renewal number t, subscriptions observable at t and still active.

    A subscription is observable at renewal t when start + t * period falls inside the data;
    it survived t when it was not cancelled at renewals 1..t. ``plan`` (code into PLANS)
    restricts to one plan; otherwise plans are mixed (t counts renewals, whatever the plan).
    """
    keep = np.ones(len(subs), dtype=bool) if plan is None else subs.plan == plan
    start, period, cancelled = subs.start_day[keep], subs.period_days[keep], subs.cancelled_at[keep]
    out = []
    for t in range(1, max_periods + 1):
        observable = start + t * period <= HORIZON_DAYS - 1
        if not observable.any():
            break
        survived = observable & ((cancelled == 0) | (cancelled > t))
        out.append(
            {"renewal": t, "observable": int(observable.sum()), "active": int(survived.sum())}
        )
    return out


def subscriptions_table(subs: Subscriptions, customer_ids) -> pd.DataFrame:
    """The ``subscriptions`` table (``customer_ids``: pyarrow array of customer ids)."""
    n = len(subs)
    return pd.DataFrame(
        {
            "subscription_id": id_column("S", np.arange(1, n + 1), id_width(n, 7)),
            "customer_id": to_str(gather(customer_ids, subs.cust)),
            "plan": label_column(subs.plan, PLANS),
            "start_date": to_dates(subs.start_day),
            "end_date": to_dates(subs.end_time),
            "skips": subs.skips.astype(np.int64),
            "cancel_reason": label_column(subs.cancel_reason, CANCEL_REASONS),
        }
    )
