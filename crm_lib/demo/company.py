"""Generate the demo company: every canonical table plus the planted ground truth.

``generate_demo(n_customers, seed)`` is a pure function of its arguments: the same seed gives
identical tables. All randomness comes from ``numpy.random.default_rng`` generators spawned
from one ``SeedSequence(seed)``, one per concern, so changing one module's draws does not
shift the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from crm_lib.demo.campaigns import WINDOW_DAYS, campaign_state, contacts_table, run_campaigns
from crm_lib.demo.customers import customers_table, simulate_population
from crm_lib.demo.feedback import build_feedback
from crm_lib.demo.journey import build_events
from crm_lib.demo.leads import leads_table, simulate_leads
from crm_lib.demo.period import END, START
from crm_lib.demo.purchases import (
    potential_orders,
    resolve_orders,
    simulate_latents,
    subscription_starts,
)
from crm_lib.demo.subscriptions import simulate_subscriptions, subscriptions_table
from crm_lib.demo.surveys import build_survey_answers
from crm_lib.demo.transactions import build_transactions, window_response
from crm_lib.demo.truth import Simulation, build_truth
from crm_lib.demo.weather import is_wet, simulate_weather

TABLES = (
    "transactions",
    "customers",
    "subscriptions",
    "events",
    "leads",
    "contacts",
    "feedback",
    "context",
    "survey_answers",
)


@dataclass(frozen=True)
class DemoCompany:
    """A generated demo company.

    ``tables``: the canonical tables by name; ``truth``: the planted ground truth (plain JSON
    types); ``truth_customers``: latent values per customer; ``start``/``end``: data period.
    """

    tables: dict[str, pd.DataFrame]
    truth: dict
    truth_customers: pd.DataFrame
    start: date = START
    end: date = END
    seed: int = 42
    n_customers: int = 5000


def generate_demo(n_customers: int = 5000, seed: int = 42) -> DemoCompany:
    """Build the demo company with ``n_customers`` customers from random ``seed``."""
    if int(n_customers) < 1:
        raise ValueError(f"n_customers must be at least 1, got {n_customers}")
    n = int(n_customers)
    streams = np.random.SeedSequence(seed).spawn(10)
    rng = [np.random.default_rng(s) for s in streams]

    context = simulate_weather(rng[0])
    leads = simulate_leads(rng[1], n)
    pop = simulate_population(rng[2], n, leads)
    lat = simulate_latents(rng[3], pop)
    pot = potential_orders(rng[4], pop, lat)
    sub_cust, sub_start = subscription_starts(rng[4], pop, lat, pot)
    subs = simulate_subscriptions(rng[5], sub_cust, sub_start, lat.mean_order_value[sub_cust])
    orders, adhoc_until = resolve_orders(pot, n)
    del pot

    state = campaign_state(pop, lat.lam, orders, adhoc_until, subs)
    log, orders = run_campaigns(rng[6], pop, state, orders, is_wet(context))
    contacts = log.arrays()
    rows = build_transactions(
        rng[7],
        pop,
        lat,
        orders,
        subs,
        contacts.pop("induced_cust"),
        contacts.pop("induced_time"),
        contacts.pop("induced_campaign"),
    )
    order = np.lexsort((contacts["cust"], contacts["sent"]))
    contacts = {k: v[order] for k, v in contacts.items()}
    contacts["cust"] = contacts["cust"].astype(np.int64)
    responded, revenue = window_response(
        rows, contacts["cust"], np.floor(contacts["sent"]).astype(np.int64), WINDOW_DAYS
    )
    events, funnel = build_events(rng[8], pop, leads, rows, subs, contacts)
    feedback = build_feedback(rng[9], pop, orders, subs, rows)

    customer_of_lead = np.full(len(leads), -1)
    customer_of_lead[pop.lead[pop.lead >= 0]] = np.flatnonzero(pop.lead >= 0)
    tables = {
        "transactions": rows.table,
        "customers": customers_table(pop),
        "subscriptions": subscriptions_table(subs, pop.ids),
        "events": events,
        "leads": leads_table(leads, customer_of_lead, pop.ids),
        "contacts": contacts_table(contacts, pop.ids, responded, revenue),
        "feedback": feedback.table,
        "context": context,
    }
    sim = Simulation(
        seed=seed,
        pop=pop,
        leads=leads,
        lat=lat,
        orders=orders,
        active_until=state.active_until,
        subs=subs,
        rows=rows,
        contacts=contacts,
        responded=responded,
        alive_share=log.alive_share,
        feedback=feedback,
        funnel=funnel,
        tables=tables,
    )
    truth, truth_customers = build_truth(sim)
    # last, from their own generator: nothing above changes (crm_lib/demo/surveys.py)
    tables["survey_answers"], truth["feedback"]["survey_questions"] = build_survey_answers(
        seed, feedback, tables["feedback"], rows
    )
    return DemoCompany(tables, truth, truth_customers, START, END, seed, n)
