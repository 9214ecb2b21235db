"""The ``events`` table: the customer journey and marketing touchpoints.

Funnel awareness -> interest -> first_purchase -> repeat -> loyal (subscription). Planted
rates: every person (customer or prospect) has an awareness event; exactly 50 % of them reach
interest and 40 % of those buy (see :mod:`crm_lib.demo.leads`); repeat and loyal follow from
the purchase and subscription processes. Direct customers: interest 0.2 + Gamma(2, 2.5) days
before the first order day, awareness Gamma(1.5, 6) days before that (compressed near the
start of the period), plus Poisson(0.8) ad impressions in between. Prospects appear with
``lead_id`` only; a won lead's events carry both ids.

Late entry: exactly ``LATE_ENTRY_SHARE`` of the direct customers (drawn from a stream of
their own, so every other draw is unchanged) enter at interest (a referral, a store visit, a
direct call): their first event is the interest event, they have no ad impressions, and their
awareness event is a catalogue request between the interest event and the first order. The
open funnel counts them at every stage (its rates stay as planted); the closed funnel loses
them at interest (no interest event follows their awareness).

Gap: no marketing touch (``MARKETING_EVENTS``, contacts) ever reaches a customer in stage
"first_purchase" (from the first order to the day of the second order); campaigns only
target customers whose second order was on an earlier day, and lead follow-ups (calls,
catalogues) happen before the first order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.demo.campaigns import CAMPAIGNS
from crm_lib.demo.columns import gather, id_column, id_strings, id_width, label_column, to_str
from crm_lib.demo.customers import Population
from crm_lib.demo.leads import Leads
from crm_lib.demo.period import HORIZON_DAYS, to_timestamps
from crm_lib.demo.subscriptions import Subscriptions
from crm_lib.demo.transactions import OrderRows

EVENT_TYPES = (
    "ad_impression",
    "ad_click",
    "tv_ad_response",
    "catalog_request",
    "site_visit",
    "sample_request",
    "call_inquiry",
    "first_purchase",
    "second_purchase",
    "subscription_start",
    "email_open",
    "dm_received",
    "sms_click",
    "call_outbound",
)
STAGES = ("awareness", "interest", "first_purchase", "repeat", "loyal")
GAP_STAGE = "first_purchase"
MARKETING_EVENTS = (
    "ad_impression",
    "ad_click",
    "email_open",
    "dm_received",
    "sms_click",
    "call_outbound",
)
EVENT_CHANNELS = (
    "web",
    "search",
    "affiliate",
    "tv",
    "newspaper",
    "referral",
    "phone",
    "email",
    "dm",
    "sms",
    "online",
    "mail_order",
    "subscription",
)
_T = {name: i for i, name in enumerate(EVENT_TYPES)}
_C = {name: i for i, name in enumerate(EVENT_CHANNELS)}
# (awareness type, awareness channel, interest type, interest channel) per acquisition channel
_BY_ACQUISITION = (
    ("ad_click", "web", "site_visit", "web"),  # web_ad
    ("ad_click", "search", "site_visit", "web"),  # search
    ("ad_click", "affiliate", "site_visit", "web"),  # affiliate
    ("tv_ad_response", "tv", "call_inquiry", "phone"),  # tv_infomercial
    ("catalog_request", "newspaper", "call_inquiry", "phone"),  # newspaper
    ("ad_click", "referral", "site_visit", "web"),  # referral
    ("ad_click", "web", "sample_request", "web"),  # sample_campaign
)
_AWARE_TYPE = np.array([_T[row[0]] for row in _BY_ACQUISITION])
_AWARE_CHANNEL = np.array([_C[row[1]] for row in _BY_ACQUISITION])
_INTEREST_TYPE = np.array([_T[row[2]] for row in _BY_ACQUISITION])
_INTEREST_CHANNEL = np.array([_C[row[3]] for row in _BY_ACQUISITION])
_ORDER_CHANNEL = np.array([_C["online"], _C["mail_order"], _C["phone"], _C["subscription"]])
LATE_ENTRY_SHARE = 0.25  # of the direct customers: enter at interest (see the module docstring)
CATALOGUE_SOURCES = (3, 4)  # tv_infomercial, newspaper leads are sent a catalogue (DM)
EMAIL_OPEN_PROB = 0.30
SMS_CLICK_PROB = 0.12
AWARE, INTEREST, FIRST, REPEAT, LOYAL = range(5)


@dataclass
class _Events:
    cust: list
    lead: list
    time: list
    etype: list
    channel: list
    stage: list

    def add(self, cust, lead, time, etype, channel, stage):
        """Append events; scalars are broadcast to the length of ``time``."""
        n = len(time)
        self.time.append(np.asarray(time, dtype=np.float64))
        for store, value, dtype in (
            (self.cust, cust, np.int32),
            (self.lead, lead, np.int32),
            (self.etype, etype, np.int8),
            (self.channel, channel, np.int8),
            (self.stage, stage, np.int8),
        ):
            store.append(np.broadcast_to(np.asarray(value, dtype=dtype), (n,)))


def first_two_orders(rows: OrderRows, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Day of each customer's first and second order (positive amount); inf when missing."""
    pos = rows.amount > 0
    cust, day = rows.cust[pos], rows.day[pos]
    order = np.lexsort((day, cust))
    cust, day = cust[order], day[order]
    starts = np.searchsorted(cust, np.arange(n + 1))
    count = np.diff(starts)
    first = np.where(count >= 1, day[np.minimum(starts[:-1], len(day) - 1)], np.inf)
    second = np.where(count >= 2, day[np.minimum(starts[:-1] + 1, len(day) - 1)], np.inf)
    return first.astype(np.float64), second.astype(np.float64)


def build_events(
    rng: np.random.Generator,
    pop: Population,
    leads: Leads,
    rows: OrderRows,
    subs: Subscriptions,
    contacts: dict[str, np.ndarray],
) -> tuple[pd.DataFrame, dict]:
    """The ``events`` table and the realised funnel (stage counts, rates, days to convert)."""
    n = len(pop)
    ev = _Events([], [], [], [], [], [])
    first_day, second_day = first_two_orders(rows, n)
    cust_of_lead = np.full(len(leads), -1)
    cust_of_lead[pop.lead[pop.lead >= 0]] = np.flatnonzero(pop.lead >= 0)

    # direct customers: awareness, ad impressions, interest before the first order day
    direct = np.flatnonzero(pop.lead < 0)
    late_rng = rng.spawn(1)[0]  # late entry: its own stream, nothing else changes
    d_first = first_day[direct]
    to_interest = 0.2 + rng.gamma(2.0, 2.5, len(direct))
    to_aware = to_interest + rng.gamma(1.5, 6.0, len(direct))
    room = (d_first - 0.02) * rng.uniform(0.5, 1.0, len(direct))  # near START: compress
    squeeze = np.minimum(1.0, room / to_aware)
    t_interest, t_aware = d_first - to_interest * squeeze, d_first - to_aware * squeeze
    late = _late_entrants(late_rng, len(direct))
    t_first_event = first_day[direct] + 0.3  # the first order event is later the same day
    t_aware = np.where(
        late,
        t_interest + late_rng.uniform(0.1, 0.9, len(direct)) * (t_first_event - t_interest),
        t_aware,
    )
    acq = pop.acquisition[direct]
    aware_type = np.where(late, _T["catalog_request"], _AWARE_TYPE[acq])
    aware_channel = np.where(late, _C["phone"], _AWARE_CHANNEL[acq])
    ev.add(direct, -1, t_aware, aware_type, aware_channel, AWARE)
    ev.add(direct, -1, t_interest, _INTEREST_TYPE[acq], _INTEREST_CHANNEL[acq], INTEREST)
    k = rng.poisson(0.8, len(direct))
    who = np.repeat(np.arange(len(direct)), k)
    t_imp = t_aware[who] + rng.random(len(who)) * (t_interest[who] - t_aware[who])
    who, t_imp = who[~late[who]], t_imp[~late[who]]
    ev.add(direct[who], -1, t_imp, _T["ad_impression"], _C["web"], AWARE)

    # leads (won leads carry their customer id too)
    lid = np.arange(len(leads))
    lc = cust_of_lead
    ev.add(lc, lid, leads.created, _AWARE_TYPE[leads.source], _AWARE_CHANNEL[leads.source], AWARE)
    i = np.flatnonzero(leads.interested)
    src = leads.source[i]
    ev.add(lc[i], i, leads.interest_time[i], _INTEREST_TYPE[src], _INTEREST_CHANNEL[src], INTEREST)
    limit = np.where(lc >= 0, np.floor(leads.first_order), HORIZON_DAYS)
    f = np.flatnonzero(np.isfinite(leads.first_contact))
    stage = np.where(leads.interest_time[f] <= leads.first_contact[f], INTEREST, AWARE)
    ev.add(lc[f], f, leads.first_contact[f], _T["call_outbound"], _C["phone"], stage)
    cat = np.flatnonzero(np.isin(leads.source, CATALOGUE_SOURCES))
    t_cat = leads.created[cat] + rng.uniform(2.0, 5.0, len(cat))
    ok = t_cat < limit[cat]
    cat, t_cat = cat[ok], t_cat[ok]
    stage = np.where(leads.interest_time[cat] <= t_cat, INTEREST, AWARE)
    ev.add(lc[cat], cat, t_cat, _T["dm_received"], _C["dm"], stage)

    # purchase events on the order date (first before second when both fall on one day)
    first_channel = _ORDER_CHANNEL[rows.channel[_first_rows(rows, n)]]
    t_first = first_day + rng.uniform(0.3, 0.6, n)
    ev.add(np.arange(n), pop.lead, t_first, _T["first_purchase"], first_channel, FIRST)
    rep = np.flatnonzero(np.isfinite(second_day))
    second_channel = _ORDER_CHANNEL[rows.channel[_first_rows(rows, n, second=True)[rep]]]
    t_second = second_day[rep] + rng.uniform(0.65, 0.95, len(rep))
    ev.add(rep, pop.lead[rep], t_second, _T["second_purchase"], second_channel, REPEAT)
    t_sub = subs.start_day + rng.uniform(0.05, 0.3, len(subs))
    sub_type, sub_channel = _T["subscription_start"], _C["subscription"]
    ev.add(subs.cust, pop.lead[subs.cust], t_sub, sub_type, sub_channel, LOYAL)

    # marketing touches from actual sends
    loyal_from = np.full(n, np.inf)
    loyal_to = np.full(n, -np.inf)
    loyal_from[subs.cust] = t_sub
    loyal_to[subs.cust] = subs.end_time
    treated = contacts["treated"].astype(bool)
    t_cust = contacts["cust"][treated].astype(np.int64)
    t_sent = contacts["sent"][treated]
    t_chan = np.array([CAMPAIGNS[int(x)].channel for x in range(len(CAMPAIGNS))])[
        contacts["campaign"][treated].astype(np.int64)
    ]
    m = len(t_cust)
    delay = np.select(
        [t_chan == "email", t_chan == "dm", t_chan == "sms"],
        [rng.exponential(0.25, m), rng.uniform(1.0, 3.0, m), rng.exponential(1 / 24, m)],
        rng.uniform(0.0, 10 / 1440, m),
    )
    show = np.select(
        [t_chan == "email", t_chan == "sms"],
        [rng.random(m) < EMAIL_OPEN_PROB, rng.random(m) < SMS_CLICK_PROB],
        True,
    )
    t_time = t_sent + delay
    show &= t_time < HORIZON_DAYS
    etype = np.select(
        [t_chan == "email", t_chan == "dm", t_chan == "sms"],
        [_T["email_open"], _T["dm_received"], _T["sms_click"]],
        _T["call_outbound"],
    )
    chan = np.select(
        [t_chan == "email", t_chan == "dm", t_chan == "sms"],
        [_C["email"], _C["dm"], _C["sms"]],
        _C["phone"],
    )
    tc, tt = t_cust[show], t_time[show]
    stage = np.where((tt >= loyal_from[tc]) & (tt < loyal_to[tc]), LOYAL, REPEAT)
    ev.add(tc, pop.lead[tc], tt, etype[show], chan[show], stage)

    cust, lead, time, etype, channel, stage = (
        np.concatenate(a) for a in (ev.cust, ev.lead, ev.time, ev.etype, ev.channel, ev.stage)
    )
    order = np.argsort(time)  # deterministic; exact ties are practically absent
    cust, lead, time, etype, channel, stage = (
        a[order] for a in (cust, lead, time, etype, channel, stage)
    )
    lead_ids = id_strings("L", np.arange(1, len(leads) + 1), id_width(len(leads), 8))
    table = pd.DataFrame(
        {
            "event_id": id_column("E", np.arange(1, len(time) + 1), id_width(len(time), 9)),
            "customer_id": to_str(gather(pop.ids, cust)),
            "lead_id": to_str(gather(lead_ids, lead)),
            "event_time": to_timestamps(time),
            "event_type": label_column(etype, EVENT_TYPES),
            "channel": label_column(channel, EVENT_CHANNELS),
            "stage": label_column(stage, STAGES),
        }
    )
    funnel = _funnel(n, leads, cust, lead, time, stage)
    funnel["closed"] = _closed_funnel(np.where(cust >= 0, cust, n + lead), time, etype, stage)
    funnel["late_entry"] = _late_truth(direct[late], cust, stage)
    return table, funnel


def _quantiles(gap: np.ndarray) -> dict:
    if not len(gap):
        return {"median": float("nan"), "mean": float("nan"), "p90": float("nan")}
    return {
        "median": float(np.median(gap)),
        "mean": float(np.mean(gap)),
        "p90": float(np.quantile(gap, 0.9)),
    }


def _closed_funnel(person, time, etype, stage) -> dict:
    """The closed funnel without a window, as the journey report defines it: from the
    first awareness event, each stage's first marking event at or after the person's time
    in the previous stage; days from the latest previous-stage event before it. Marking
    events: all but the campaign touches (e-mail, DM, SMS, calls), which mark no stage."""
    touches = [_T[e] for e in ("email_open", "dm_received", "sms_click", "call_outbound")]
    marks = ~np.isin(etype, touches)
    p, t, s = person[marks], time[marks], stage[marks]
    size = int(person.max()) + 1
    at = np.full(size, np.inf)
    np.minimum.at(at, p[s == 0], t[s == 0])
    persons, rates, days = {STAGES[0]: int(np.isfinite(at).sum())}, {}, {}
    for k in range(1, len(STAGES)):
        nxt = np.full(size, np.inf)
        cand = (s == k) & (t >= at[p])
        np.minimum.at(nxt, p[cand], t[cand])
        anchor = np.full(size, -np.inf)
        ok = (s == k - 1) & (t >= at[p]) & (t <= nxt[p])
        np.maximum.at(anchor, p[ok], t[ok])
        done = np.isfinite(nxt)
        key = f"{STAGES[k - 1]}->{STAGES[k]}"
        persons[STAGES[k]] = int(done.sum())
        before = persons[STAGES[k - 1]]
        rates[key] = persons[STAGES[k]] / before if before else float("nan")
        days[key] = _quantiles(nxt[done] - anchor[done])
        at = nxt
    return {"persons": persons, "conversion_rates": rates, "days_to_convert": days}


def _late_entrants(rng: np.random.Generator, n_direct: int) -> np.ndarray:
    """Which direct customers enter at interest: exactly ``LATE_ENTRY_SHARE`` of them."""
    late = np.zeros(n_direct, dtype=bool)
    late[rng.choice(n_direct, round(LATE_ENTRY_SHARE * n_direct), replace=False)] = True
    return late


def _late_truth(late_cust: np.ndarray, cust: np.ndarray, stage: np.ndarray) -> dict:
    """The planted late entrants: their share, number and how many reach each stage."""
    mine = np.isin(cust, late_cust)
    reached = {s: int(np.unique(cust[mine & (stage == i)]).size) for i, s in enumerate(STAGES)}
    return {
        "share_of_direct_customers": LATE_ENTRY_SHARE,
        "entry_stage": STAGES[INTEREST],
        "people": len(late_cust),
        "reached": reached,
    }


def _first_rows(rows: OrderRows, n: int, second: bool = False) -> np.ndarray:
    """Row index of each customer's first (or second) positive order (0 when missing)."""
    pos = np.flatnonzero(rows.amount > 0)
    order = pos[np.lexsort((pos, rows.cust[pos]))]
    starts = np.searchsorted(rows.cust[order], np.arange(n + 1))
    idx = starts[:-1] + int(second)
    ok = idx < starts[1:]
    return np.where(ok, order[np.minimum(idx, len(order) - 1)], 0)


def _funnel(n, leads, cust, lead, time, stage) -> dict:
    """Persons reaching each stage, stage-to-stage rates and median days between stages."""
    person = np.where(cust >= 0, cust, n + lead)
    n_person = n + len(leads)
    first_at = np.full((len(STAGES), n_person), np.nan)
    for s in range(len(STAGES)):
        m = stage == s
        t = np.full(n_person, np.inf)
        np.minimum.at(t, person[m], time[m])
        first_at[s] = np.where(np.isfinite(t), t, np.nan)
    reached = ~np.isnan(first_at)
    counts = reached.sum(axis=1)
    out = {
        "stages": list(STAGES),
        "persons": {s: int(c) for s, c in zip(STAGES, counts, strict=True)},
    }
    rates, days = {}, {}
    for s in range(1, len(STAGES)):
        both = reached[s - 1] & reached[s] & (first_at[s] >= first_at[s - 1])  # in order
        key = f"{STAGES[s - 1]}->{STAGES[s]}"
        rates[key] = float(counts[s] / counts[s - 1]) if counts[s - 1] else float("nan")
        gap = first_at[s, both] - first_at[s - 1, both]
        days[key] = {
            "median": float(np.median(gap)) if len(gap) else float("nan"),
            "mean": float(np.mean(gap)) if len(gap) else float("nan"),
            "p90": float(np.quantile(gap, 0.9)) if len(gap) else float("nan"),
        }
    out["conversion_rates"] = rates
    out["days_to_convert"] = days
    return out
