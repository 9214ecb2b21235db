"""Marketing campaigns: targeting, random control groups, real effects and contact fatigue.

Targeting respects the journey gap: only customers with at least two orders before the send
date are ever targeted, so no campaign reaches a customer between the first and the second
order (stage "first_purchase"). A control group (10-20 %, drawn per customer) is recorded with
the same ``sent_at`` but receives nothing.

Effects are real orders. "Alive" means the customer is still active at the send (ad-hoc
process not dropped out, or a subscription running); only alive customers can respond. The
natural response probability is b = 1 - exp(-14 * lambda) (an ad-hoc order within the 14-day
window) while the ad-hoc process is alive, else 0. A planted uplift U (points) is the average
effect over all targeted customers: it falls on the alive ones, each getting
u = U / (alive share of the targets). A treated alive customer without a natural order in the
window gets an extra (induced) order in the window with probability min(1, u / (1 - b)), which
adds exactly min(u, 1 - b) to their response probability. A negative effect postpones the
natural orders in the window of a treated alive customer past its end with probability
``suppress``, lowering the response probability by suppress * b. Campaigns are processed in
send order.

Contact fatigue: each actual send is followed by an unsubscribe with probability
``UNSUBSCRIBE_BASE`` (0.3 %), or ``UNSUBSCRIBE_FATIGUED`` (2 %) when it is more than
``FATIGUE_THRESHOLD`` sends to that customer in the 30 days up to and including it. An
unsubscribed customer is excluded from later campaigns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from crm_lib.demo.columns import gather, id_column, id_width, label_column, to_str
from crm_lib.demo.customers import Population
from crm_lib.demo.period import HORIZON_DAYS, day_number, to_timestamps
from crm_lib.demo.purchases import AdHocOrders, dropout_times
from crm_lib.demo.subscriptions import Subscriptions

WINDOW_DAYS = 14  # response window: order_date from the send date to 13 days later
FATIGUE_WINDOW_DAYS = 30
FATIGUE_THRESHOLD = 4  # more than this many sends in 30 days (this one included) = fatigued
UNSUBSCRIBE_BASE = 0.003
UNSUBSCRIBE_FATIGUED = 0.02
CHANNELS = ("email", "dm", "sms", "call")
_HISTORY = 8  # sends remembered per customer for the fatigue count


@dataclass(frozen=True)
class Campaign:
    """A campaign. Uplifts are response-rate shares (0.05 = 5 points) averaged over targets."""

    campaign_id: str
    name: str
    channel: str  # one of CHANNELS
    kind: str  # "single" (one send date), "spread" (each target on one day), "newsletter"
    first_day: date
    last_day: date
    hour: float  # send time of day (hours)
    control_share: float
    uplift: float = 0.0  # average uplift over the targets (under 60 when suppress_60_plus)
    uplift_wet: float | None = None  # uplift on rainy send days (``uplift`` on dry days)
    suppress_60_plus: float = 0.0  # 60+ treated: share of natural window orders postponed
    recency_days: tuple[int, int] | None = (0, 365)  # last order this many days before the send
    description: str = field(default="", compare=False)


CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign(
        "CP01",
        "新作美容液のご案内メール",
        "email",
        "single",
        date(2024, 4, 10),
        date(2024, 4, 10),
        10.0,
        0.15,
        uplift=0.05,
        description="positive: +5 points",
    ),
    Campaign(
        "CP02",
        "夏のご愛顧感謝DM",
        "dm",
        "single",
        date(2024, 7, 16),
        date(2024, 7, 16),
        11.0,
        0.20,
        uplift=0.0,
        description="no effect",
    ),
    Campaign(
        "CP03",
        "秋のエイジングケア特集メール",
        "email",
        "single",
        date(2024, 10, 8),
        date(2024, 10, 8),
        10.0,
        0.15,
        uplift=0.07,
        suppress_60_plus=0.4,
        description="+7 points under 60; 60+ put off: 40 % of their natural orders postponed",
    ),
    Campaign(
        "CP04",
        "雨の日限定クーポン（SMS）",
        "sms",
        "spread",
        date(2025, 6, 2),
        date(2025, 7, 18),
        7.5,
        0.10,
        uplift=0.02,
        uplift_wet=0.08,
        description="rainy-day message: +2 points on dry days, +8 points on rainy days",
    ),
    Campaign(
        "CP05",
        "休眠のお客様へのフォローコール",
        "call",
        "single",
        date(2025, 2, 12),
        date(2025, 2, 12),
        14.0,
        0.20,
        uplift=0.03,
        recency_days=(120, 540),
        description="+3 points; most dormant targets have churned, so each alive one gets a lot",
    ),
    Campaign(
        "NL23",
        "メールマガジン 2023年秋冬号",
        "email",
        "newsletter",
        date(2023, 10, 5),
        date(2023, 12, 28),
        9.0,
        0.0,
        recency_days=None,
        description="weekly/fortnightly newsletter, no control group, no effect",
    ),
    Campaign(
        "NL24",
        "メールマガジン 2024年秋冬号",
        "email",
        "newsletter",
        date(2024, 9, 5),
        date(2024, 11, 28),
        9.0,
        0.0,
        recency_days=None,
        description="weekly/fortnightly newsletter, no control group, no effect",
    ),
    Campaign(
        "NL25",
        "メールマガジン 2025年秋冬号",
        "email",
        "newsletter",
        date(2025, 9, 4),
        date(2025, 11, 27),
        9.0,
        0.0,
        recency_days=None,
        description="weekly/fortnightly newsletter, no control group, no effect",
    ),
)


@dataclass
class CampaignState:
    """Per-customer facts the campaigns need (days since START)."""

    second_day: np.ndarray  # day of the second order, inf if none
    adhoc_until: np.ndarray  # when the ad-hoc process dropped out, inf = alive at the end
    sub_end: np.ndarray  # end of the subscription, inf = running, -inf = none
    lam: np.ndarray  # purchase rate, orders/day
    age_60_plus: np.ndarray
    prefecture: np.ndarray
    newsletter: np.ndarray  # 0 none, 1 fortnightly, 2 weekly
    order_days_key: np.ndarray  # sorted customer * 2048 + day of every natural order

    @property
    def active_until(self) -> np.ndarray:
        """When the customer became inactive (days), inf = active at the end of the period."""
        return np.maximum(self.adhoc_until, self.sub_end)


@dataclass
class ContactLog:
    """Contacts (one per customer and send) with their latent truth."""

    cust: list = field(default_factory=list)
    campaign: list = field(default_factory=list)
    sent: list = field(default_factory=list)  # float days
    treated: list = field(default_factory=list)
    unsubscribed: list = field(default_factory=list)
    recent_sends: list = field(default_factory=list)  # sends in 30 days incl. this (treated)
    effect: list = field(default_factory=list)  # expected causal effect on response (0-1)
    wet: list = field(default_factory=list)
    alive: list = field(default_factory=list)
    induced_cust: list = field(default_factory=list)
    induced_time: list = field(default_factory=list)
    induced_campaign: list = field(default_factory=list)
    alive_share: dict = field(default_factory=dict)  # campaign index -> alive share of targets

    def arrays(self) -> dict[str, np.ndarray]:
        """The per-contact and per-induced-order lists as concatenated arrays."""
        return {
            k: np.concatenate(v) if v else np.array([])
            for k, v in self.__dict__.items()
            if isinstance(v, list)
        }


def campaign_state(
    pop: Population,
    lam: np.ndarray,
    orders: AdHocOrders,
    adhoc_until: np.ndarray,
    subs: Subscriptions,
) -> CampaignState:
    """The per-customer facts campaigns need, before any campaign ran."""
    n = len(pop)
    second_day = np.full(n, np.inf)
    second = orders.seq == 1
    second_day[orders.cust[second]] = np.floor(orders.time[second])
    sub_end = np.full(n, -np.inf)
    sub_end[subs.cust] = subs.end_time
    ad_hoc = orders.cust * 2048.0 + np.floor(orders.time)
    deliveries = subs.cust[subs.delivery_sub] * 2048.0 + subs.delivery_day
    return CampaignState(
        second_day=second_day,
        adhoc_until=adhoc_until,
        sub_end=sub_end,
        lam=lam,
        age_60_plus=pop.age_60_plus,
        prefecture=pop.prefecture,
        newsletter=pop.newsletter,
        order_days_key=np.sort(np.concatenate([ad_hoc, deliveries])),
    )


def _waves() -> list[tuple[float, int, int]]:
    """(send time in days, campaign index, newsletter week number) in send order."""
    waves = []
    for c, camp in enumerate(CAMPAIGNS):
        first = day_number(camp.first_day)
        if camp.kind == "newsletter":
            n_weeks = (camp.last_day - camp.first_day).days // 7 + 1
            waves += [(first + 7 * w + camp.hour / 24, c, w) for w in range(n_weeks)]
        elif camp.kind == "spread":
            days = (camp.last_day - camp.first_day).days + 1
            waves += [(first + d + camp.hour / 24, c, -1) for d in range(days)]
        else:
            waves.append((first + camp.hour / 24, c, -1))
    return sorted(waves)


def _last_order_day(key: np.ndarray, cust: np.ndarray, day: float) -> np.ndarray:
    """Day of each customer's last natural order before ``day`` (-inf if none)."""
    idx = np.searchsorted(key, cust * 2048.0 + day) - 1
    prev = key[np.maximum(idx, 0)]
    same = (idx >= 0) & (np.floor(prev / 2048.0) == cust)
    return np.where(same, prev - cust * 2048.0, -np.inf)


def run_campaigns(
    rng: np.random.Generator,
    pop: Population,
    state: CampaignState,
    orders: AdHocOrders,
    wet: np.ndarray,
) -> tuple[ContactLog, AdHocOrders]:
    """Send every campaign in time order; returns the contact log and the (changed) orders.

    ``wet`` is the (prefecture x day) rainy-day matrix. ``state.adhoc_until`` is updated when
    postponed orders move a customer's last order.
    """
    n = len(pop)
    log = ContactLog()
    unsubscribed = np.zeros(n, dtype=bool)
    history = np.full((n, _HISTORY), -1e9, dtype=np.float64)
    n_sent = np.zeros(n, dtype=np.int64)
    key = orders.search_key()
    spread_targets: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, float]] = {}

    for send_time, c, week in _waves():
        camp = CAMPAIGNS[c]
        day = float(np.floor(send_time))
        if camp.kind == "spread":
            if c not in spread_targets:
                spread_targets[c] = _spread_targets(rng, camp, state, unsubscribed, n)
            who, days, control, share = spread_targets[c]
            pick = days == day
            cust, control = who[pick], control[pick]
            keep = ~unsubscribed[cust]
            cust, control = cust[keep], control[keep]
        else:
            cust = _eligible(camp, state, unsubscribed, day, week)
            control = rng.random(len(cust)) < camp.control_share
            base = ~state.age_60_plus[cust] if camp.suppress_60_plus else slice(None)
            alive_now = state.active_until[cust[base]] > day
            share = float(alive_now.mean()) if alive_now.size else 0.0
        if len(cust) == 0:
            continue
        log.alive_share.setdefault(c, share)
        sent = send_time + rng.uniform(0.0, 50.0 / 1440.0, len(cust))

        # fatigue and unsubscribes (actual sends only)
        treated_idx = cust[~control]
        recent = np.zeros(len(cust), dtype=np.int64)
        recent_t = 1 + (history[treated_idx] > sent[~control, None] - FATIGUE_WINDOW_DAYS).sum(1)
        recent[~control] = recent_t
        p_unsub = np.where(recent_t > FATIGUE_THRESHOLD, UNSUBSCRIBE_FATIGUED, UNSUBSCRIBE_BASE)
        unsub = np.zeros(len(cust), dtype=bool)
        unsub[~control] = rng.random(len(treated_idx)) < p_unsub
        history[treated_idx, n_sent[treated_idx] % _HISTORY] = sent[~control]
        n_sent[treated_idx] += 1
        unsubscribed[cust[unsub]] = True

        # effects
        active_until = state.active_until[cust]
        alive = active_until > day
        natural = np.where(
            state.adhoc_until[cust] > day, 1.0 - np.exp(-WINDOW_DAYS * state.lam[cust]), 0.0
        )
        wet_day = wet[state.prefecture[cust], int(day)]
        scale = 1.0 / share if share > 0 else 0.0
        uplift = np.full(len(cust), camp.uplift * scale)
        if camp.uplift_wet is not None:
            uplift = np.where(wet_day, camp.uplift_wet, camp.uplift) * scale
        suppress = np.zeros(len(cust))
        if camp.suppress_60_plus:
            old = state.age_60_plus[cust]
            uplift = np.where(old, 0.0, uplift)
            suppress = np.where(old, camp.suppress_60_plus, 0.0)
        effect = alive * (np.minimum(uplift, 1.0 - natural) - suppress * natural)

        lo = np.searchsorted(key, cust * 2048.0 + day)
        hi = np.searchsorted(key, cust * 2048.0 + day + WINDOW_DAYS)
        has_natural = hi > lo
        treat_alive = ~control & alive
        p_extra = np.minimum(1.0, uplift / np.maximum(1.0 - natural, 1e-12))
        extra = treat_alive & ~has_natural & (rng.random(len(cust)) < p_extra)
        if extra.any():
            room = np.minimum(WINDOW_DAYS, active_until[extra] - day)
            room = np.minimum(room, HORIZON_DAYS - day)
            log.induced_cust.append(cust[extra])
            log.induced_time.append(day + rng.random(int(extra.sum())) * room)
            log.induced_campaign.append(np.full(int(extra.sum()), c))
        put_off = treat_alive & has_natural & (rng.random(len(cust)) < suppress)
        if put_off.any():
            orders = _postpone(rng, orders, lo[put_off], hi[put_off], day, state)
            key = orders.search_key()

        log.cust.append(cust)
        log.campaign.append(np.full(len(cust), c))
        log.sent.append(sent)
        log.treated.append(~control)
        log.unsubscribed.append(unsub)
        log.recent_sends.append(recent)
        log.effect.append(effect)
        log.wet.append(wet_day)
        log.alive.append(alive)
    return log, orders


def _eligible(
    camp: Campaign, state: CampaignState, unsubscribed: np.ndarray, day: float, week: int
) -> np.ndarray:
    """Customers targeted by a single campaign or a newsletter edition on ``day``."""
    ok = (state.second_day < day) & ~unsubscribed
    if camp.kind == "newsletter":
        ok &= (state.newsletter == 2) | ((state.newsletter == 1) & (week % 2 == 0))
    cust = np.flatnonzero(ok)
    if camp.recency_days is not None:
        last = _last_order_day(state.order_days_key, cust, day)
        gap = day - last
        cust = cust[(gap >= camp.recency_days[0]) & (gap <= camp.recency_days[1])]
    return cust


def _spread_targets(
    rng: np.random.Generator,
    camp: Campaign,
    state: CampaignState,
    unsubscribed: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Targets of a spread campaign, chosen at its first day, each with a random send day.

    Also returns the share of targets alive on their send day.
    """
    first = day_number(camp.first_day)
    who = _eligible(camp, state, unsubscribed, float(first), -1)
    span = (camp.last_day - camp.first_day).days + 1
    days = first + rng.integers(0, span, len(who)).astype(np.float64)
    control = rng.random(len(who)) < camp.control_share
    alive = state.active_until[who] > days
    return who, days, control, float(alive.mean()) if len(who) else 0.0


def _postpone(
    rng: np.random.Generator,
    orders: AdHocOrders,
    lo: np.ndarray,
    hi: np.ndarray,
    day: float,
    state: CampaignState,
) -> AdHocOrders:
    """Move the orders in rows [lo, hi) to 0-14 days after the window; drop those past the end.

    A customer who dropped out now drops out at their (possibly moved) last order; one whose
    last order moved past the end is still buying at the end.
    """
    counts = hi - lo
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    rows = np.repeat(lo, counts) + within
    time = orders.time.copy()
    time[rows] = day + WINDOW_DAYS + rng.uniform(0.0, WINDOW_DAYS, len(rows))
    moved = AdHocOrders(orders.cust, time, orders.seq, orders.complaint, orders.drop)
    moved = moved.subset(time < HORIZON_DAYS).sorted()
    state.adhoc_until = dropout_times(moved, len(state.adhoc_until))
    return moved


GROUPS = ("control", "treatment")


def contacts_table(
    log: dict[str, np.ndarray],
    customer_ids,
    responded: np.ndarray,
    revenue: np.ndarray,
) -> pd.DataFrame:
    """The ``contacts`` table from a sorted contact log (see :meth:`ContactLog.arrays`)."""
    n = len(log["cust"])
    camp = log["campaign"].astype(np.int64)
    return pd.DataFrame(
        {
            "contact_id": id_column("CT", np.arange(1, n + 1), id_width(n, 8)),
            "customer_id": to_str(gather(customer_ids, log["cust"].astype(np.int64))),
            "campaign_id": label_column(camp, [c.campaign_id for c in CAMPAIGNS]),
            "campaign_name": label_column(camp, [c.name for c in CAMPAIGNS]),
            "channel": label_column(camp, [c.channel for c in CAMPAIGNS]),
            "sent_at": to_timestamps(log["sent"]),
            "group": label_column(log["treated"].astype(np.int64), GROUPS),
            "responded": responded.astype(bool),
            "revenue": revenue.astype(np.int64),
            "unsubscribed": log["unsubscribed"].astype(bool),
        }
    )
