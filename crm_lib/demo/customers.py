"""Customers: who they are, when they first buy, and the ``customers`` table.

Customers are won leads (first order after the lead's follow-up) plus direct customers whose
first order time follows the growing acquisition curve. Customer ids are numbered in order
of the first purchase; ``signup_date`` is the date of the first order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.demo import geography as geo
from crm_lib.demo import personas as ps
from crm_lib.demo.acquisition import growing_arrivals
from crm_lib.demo.columns import id_strings, id_width, label_column, to_str
from crm_lib.demo.leads import Leads
from crm_lib.demo.names import fake_names
from crm_lib.demo.period import HORIZON_DAYS, to_dates

NEWSLETTER_OPT_IN = 0.40  # share of customers who subscribe to the e-mail newsletter
NEWSLETTER_WEEKLY = 0.50  # share of opted-in customers on the weekly (not fortnightly) edition
FIRST_DIRECT_DAY = 7.0  # direct customers buy from day 7 on (room for earlier touchpoints)


@dataclass
class Population:
    """Per-customer attributes, index = customer number - 1 (ordered by first purchase)."""

    ids: object  # pyarrow string array "C0000001", ...
    persona: np.ndarray  # code into personas.PERSONAS
    first_time: np.ndarray  # float days since START of the first order
    lead: np.ndarray  # index of the lead the customer came from, -1 for direct customers
    prefecture: np.ndarray
    age: np.ndarray  # code into AGE_BANDS
    female: np.ndarray
    acquisition: np.ndarray  # code into ACQUISITION_CHANNELS
    newsletter: np.ndarray  # 0 no, 1 fortnightly, 2 weekly
    name: object  # pyarrow arrays of the fake personal data
    surname: object
    email: object
    phone: object

    def __len__(self) -> int:
        return len(self.persona)

    @property
    def age_60_plus(self) -> np.ndarray:
        return np.isin(self.age, ps.AGE_60_PLUS)


def simulate_population(rng: np.random.Generator, n: int, leads: Leads) -> Population:
    """``n`` customers: the won leads first, then direct customers, sorted by first order."""
    won = np.flatnonzero(leads.won)
    n_direct = n - len(won)
    direct_time = growing_arrivals(rng, n_direct, FIRST_DIRECT_DAY, HORIZON_DAYS)
    direct_time = np.floor(direct_time) + rng.uniform(0.35, 0.95, n_direct)
    first_time = np.concatenate([leads.first_order[won], direct_time])
    lead = np.concatenate([won, np.full(n_direct, -1)]).astype(np.int64)
    order = np.argsort(first_time, kind="stable")
    first_time, lead = first_time[order], lead[order]

    shares = ps.column("share")
    persona = rng.choice(len(ps.PERSONAS), size=n, p=shares / shares.sum()).astype(np.int8)
    acquisition = ps.draw_categorical(rng, ps.table("acquisition_probs"), persona)
    from_lead = lead >= 0
    acquisition[from_lead] = leads.source[lead[from_lead]]
    age = ps.draw_categorical(rng, ps.table("age_probs"), persona)
    female = rng.random(n) < ps.column("female_share")[persona]
    optin = rng.random(n) < NEWSLETTER_OPT_IN
    weekly = rng.random(n) < NEWSLETTER_WEEKLY
    newsletter = np.where(optin, np.where(weekly, 2, 1), 0).astype(np.int8)
    serial = np.arange(1, n + 1)
    name, surname, email, phone = fake_names(rng, female, serial)
    return Population(
        ids=id_strings("C", serial, id_width(n, 7)),
        persona=persona,
        first_time=first_time,
        lead=lead,
        prefecture=geo.draw_prefectures(rng, n),
        age=age,
        female=female,
        acquisition=acquisition,
        newsletter=newsletter,
        name=name,
        surname=surname,
        email=email,
        phone=phone,
    )


def customers_table(pop: Population) -> pd.DataFrame:
    """The ``customers`` table (one row per customer)."""
    return pd.DataFrame(
        {
            "customer_id": to_str(pop.ids),
            "signup_date": to_dates(pop.first_time),
            "prefecture": label_column(pop.prefecture, geo.NAMES),
            "region": label_column(geo.REGION_OF[pop.prefecture], geo.REGIONS),
            "age_band": label_column(pop.age, ps.AGE_BANDS),
            "gender": label_column(np.where(pop.female, 0, 1), ps.GENDERS),
            "acquisition_channel": label_column(pop.acquisition, ps.ACQUISITION_CHANNELS),
            "name": to_str(pop.name),
            "email": to_str(pop.email),
            "phone": to_str(pop.phone),
        }
    )
