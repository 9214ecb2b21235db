"""Prospects (leads): creation, follow-up speed and conversion into customers.

Planted truth: a lead first contacted ``h`` hours after it was created becomes a customer with
probability ``0.05 + 0.25 * exp(-h / 24)``; a lead never followed up with probability 0.02.
25 % of leads are never followed up. The number of leads is set so that the journey funnel
has the planted stage-to-stage rates (see :mod:`crm_lib.demo.journey`): every customer and
every lead that never buys reaches "awareness", and exactly ``AWARENESS_TO_INTEREST`` of them
reach "interest" and ``INTEREST_TO_FIRST_PURCHASE`` of those make a first purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.demo.acquisition import growing_arrivals
from crm_lib.demo.columns import gather, id_column, id_width, label_column, to_str
from crm_lib.demo.period import HORIZON_DAYS, to_timestamps
from crm_lib.demo.personas import ACQUISITION_CHANNELS

SOURCE_PROBS = (0.30, 0.10, 0.10, 0.15, 0.12, 0.05, 0.18)  # over ACQUISITION_CHANNELS
NEVER_FOLLOWED_SHARE = 0.25
# follow-up delay bands among leads that are followed up: (share, low hours, high hours, log)
FOLLOW_UP_BANDS = (
    (0.30, 0.05, 1.0, False),
    (0.35, 1.0, 24.0, True),
    (0.20, 24.0, 168.0, False),
    (0.15, 168.0, 720.0, False),
)
WIN_BASE = 0.05  # conversion probability floor when followed up
WIN_FAST_BONUS = 0.25  # extra conversion probability for an immediate follow-up
WIN_DECAY_HOURS = 24.0  # e-folding time of the bonus (hours)
WIN_NEVER = 0.02  # conversion probability without follow-up
OPEN_DAYS = 60  # an unconverted lead younger than this at the end is "open", older "lost"
AWARENESS_TO_INTEREST = 0.5  # planted funnel rates over all people (customers + prospects)
INTEREST_TO_FIRST_PURCHASE = 0.4
RESPONSE_BANDS = ("<1h", "1-24h", "1-7d", ">7d", "never")


def win_probability(hours: np.ndarray) -> np.ndarray:
    """Planted conversion probability of a lead first contacted after ``hours`` (NaN = never)."""
    hours = np.asarray(hours, dtype=np.float64)
    p = WIN_BASE + WIN_FAST_BONUS * np.exp(-np.nan_to_num(hours, nan=0.0) / WIN_DECAY_HOURS)
    return np.where(np.isnan(hours), WIN_NEVER, p)


def response_band(hours: np.ndarray) -> np.ndarray:
    """Band code (index into RESPONSE_BANDS) of follow-up delays in hours (NaN = never)."""
    hours = np.asarray(hours, dtype=np.float64)
    band = np.digitize(np.nan_to_num(hours, nan=0.0), [1.0, 24.0, 168.0])
    return np.where(np.isnan(hours), 4, band).astype(np.int8)


@dataclass
class Leads:
    """Simulated leads; times are float days since START, NaN when absent."""

    created: np.ndarray
    source: np.ndarray  # code into ACQUISITION_CHANNELS
    contact_hours: np.ndarray  # hours from creation to first contact, NaN = never
    first_contact: np.ndarray
    won: np.ndarray  # bool
    first_order: np.ndarray  # time of the first order of a won lead
    interested: np.ndarray  # bool: reached the interest stage
    interest_time: np.ndarray

    def __len__(self) -> int:
        return len(self.created)


def simulate_leads(rng: np.random.Generator, n_customers: int) -> Leads:
    """Leads for a company of ``n_customers`` customers.

    The number of leads that never buy is ``n_customers * (1 / (rate1 * rate2) - 1)`` so that
    the funnel rates hold exactly; at most ``n_customers`` leads are won.
    """
    n_lost = round(n_customers * (1.0 / (AWARENESS_TO_INTEREST * INTEREST_TO_FIRST_PURCHASE) - 1))
    pool = int(n_lost / 0.8) + 100
    created = growing_arrivals(rng, pool, 0.0, HORIZON_DAYS - 0.01)
    created = np.floor(created) + rng.uniform(8 / 24, 23 / 24, pool)  # office and evening hours
    source = rng.choice(len(ACQUISITION_CHANNELS), size=pool, p=SOURCE_PROBS).astype(np.int8)

    band = rng.choice(len(FOLLOW_UP_BANDS), size=pool, p=[b[0] for b in FOLLOW_UP_BANDS])
    lo = np.array([b[1] for b in FOLLOW_UP_BANDS])[band]
    hi = np.array([b[2] for b in FOLLOW_UP_BANDS])[band]
    log = np.array([b[3] for b in FOLLOW_UP_BANDS])[band]
    u = rng.random(pool)
    hours = np.where(log, lo * (hi / lo) ** u, lo + (hi - lo) * u)
    hours[rng.random(pool) < NEVER_FOLLOWED_SHARE] = np.nan
    first_contact = created + hours / 24.0
    late = first_contact >= HORIZON_DAYS  # not followed up before the end of the data
    hours[late] = np.nan
    first_contact[late] = np.nan

    won = rng.random(pool) < win_probability(hours)
    after_contact = np.floor(first_contact) + 1.0 + rng.gamma(2.0, 3.0, pool)
    unprompted = np.floor(created) + 1.0 + rng.gamma(2.0, 10.0, pool)
    first_order = np.where(np.isnan(hours), unprompted, after_contact)
    won &= first_order < HORIZON_DAYS

    # keep leads (in random pool order) until exactly n_lost have not converted
    cum_lost = np.cumsum(~won)
    keep = int(np.searchsorted(cum_lost, n_lost) + 1) if cum_lost[-1] >= n_lost else pool
    created, source, hours, first_contact, won, first_order = (
        a[:keep] for a in (created, source, hours, first_contact, won, first_order)
    )
    excess = np.flatnonzero(won)[n_customers:]  # never more won leads than customers
    won[excess] = False
    first_order = np.where(won, first_order, np.nan)

    # interest: every won lead, and a fixed number of the others (planted funnel)
    interested = won.copy()
    n_interested_lost = round(n_customers * (1.0 / INTEREST_TO_FIRST_PURCHASE - 1.0))
    lost_idx = np.flatnonzero(~won)
    interested[rng.permutation(lost_idx)[: min(n_interested_lost, len(lost_idx))]] = True
    lag = rng.gamma(1.5, 6.0, keep)
    overrun = created + lag >= HORIZON_DAYS - 0.01
    lag = np.where(overrun, rng.random(keep) * (HORIZON_DAYS - 0.01 - created), lag)
    before_order = created + rng.uniform(0.2, 0.8, keep) * (np.floor(first_order) - created)
    interest_time = np.where(won, before_order, created + lag)
    interest_time[~interested] = np.nan
    return Leads(created, source, hours, first_contact, won, first_order, interested, interest_time)


def lead_status(leads: Leads) -> np.ndarray:
    """Status code per lead: 0 open, 1 won, 2 lost (unconverted and older than OPEN_DAYS)."""
    old = leads.created < HORIZON_DAYS - OPEN_DAYS
    return np.where(leads.won, 1, np.where(old, 2, 0)).astype(np.int8)


STATUSES = ("open", "won", "lost")


def leads_table(leads: Leads, customer_of_lead: np.ndarray, customer_ids) -> pd.DataFrame:
    """The ``leads`` table; ``customer_of_lead`` maps lead index -> customer index (-1 none)."""
    n = len(leads)
    return pd.DataFrame(
        {
            "lead_id": id_column("L", np.arange(1, n + 1), id_width(n, 8)),
            "created_at": to_timestamps(leads.created),
            "source": label_column(leads.source, ACQUISITION_CHANNELS),
            "first_contact_at": to_timestamps(leads.first_contact),
            "status": label_column(lead_status(leads), STATUSES),
            "customer_id": to_str(gather(customer_ids, customer_of_lead)),
        }
    )
