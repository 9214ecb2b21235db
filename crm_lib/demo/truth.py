"""The planted ground truth: parameters, realised rates, and latent values per customer.

Everything in the truth dictionary is a plain JSON type (dict, list, str, int, float, bool,
None); NaN becomes None. Rates are shares (0-1) unless a key ends in ``_pts`` (points).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from crm_lib.demo import campaigns as cp
from crm_lib.demo import feedback as fbk
from crm_lib.demo import leads as ld
from crm_lib.demo import personas as ps
from crm_lib.demo import purchases as pu
from crm_lib.demo import subscriptions as sb
from crm_lib.demo import texts as tx
from crm_lib.demo import transactions as trx
from crm_lib.demo.acquisition import GROWTH
from crm_lib.demo.columns import gather, id_strings, id_width, label_column, to_str
from crm_lib.demo.customers import Population
from crm_lib.demo.journey import GAP_STAGE, LATE_ENTRY_SHARE, MARKETING_EVENTS, STAGES
from crm_lib.demo.period import END, HORIZON_DAYS, START, to_dates
from crm_lib.demo.weather import WET_THRESHOLD_MM

#: who a customer is (how often, how much), not when they left: recency also records dropouts
#: (their own, and those after a delayed delivery), which split a persona in two
CLUSTER_FEATURES = (
    "log(frequency): number of orders (amount > 0)",
    "log(monetary): mean order amount in yen (amount > 0)",
)
ARI_LOWER_BOUND = 0.6  # KMeans(k=4) on standardised CLUSTER_FEATURES, repeat customers


@dataclass
class Simulation:
    """Everything the generator produced that the truth is computed from."""

    seed: int
    pop: Population
    leads: ld.Leads
    lat: pu.Latents
    orders: pu.AdHocOrders
    active_until: np.ndarray
    subs: sb.Subscriptions
    rows: trx.OrderRows
    contacts: dict
    responded: np.ndarray
    alive_share: dict  # campaign index -> alive share of the targets the uplift is spread over
    feedback: fbk.Feedback
    funnel: dict
    tables: dict


def _rate(mask: np.ndarray) -> float | None:
    return float(np.mean(mask)) if len(mask) else None


def _clean(value):
    """Plain JSON types; NaN and infinities become None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer | int):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if not math.isfinite(float(value)) else float(value)
    return value


def build_truth(sim: Simulation) -> tuple[dict, pd.DataFrame]:
    """The truth dictionary and the per-customer truth table."""
    n = len(sim.pop)
    per_customer = _per_customer(sim)
    truth = {
        "seed": sim.seed,
        "n_customers": n,
        "period": {"start": START.isoformat(), "end": END.isoformat(), "days": HORIZON_DAYS},
        "acquisition": {
            "growth": GROWTH,
            "note": "new customers per day rise linearly to "
            f"{1 + GROWTH:.1f}x the rate at the start",
        },  # fmt: skip
        "personas": _personas(sim, per_customer),
        "purchase_process": _purchase_process(sim, per_customer),
        "clustering": {
            "labels": "truth_customers.persona",
            "population": "customers with at least 2 orders",
            "k": len(ps.PERSONAS),
            "features": list(CLUSTER_FEATURES),
            "ari_lower_bound": ARI_LOWER_BOUND,
        },
        "churn_drivers": {
            "delivery_delay_complaint": _delay_driver(sim, per_customer),
            "subscription_skip": _skip_driver(sim),
        },
        "subscriptions": _subscriptions(sim),
        "campaigns": _campaigns(sim),
        "rainy_day": _rainy_day(sim),
        "contact_fatigue": _fatigue(sim),
        "leads": _leads(sim),
        "feedback": _feedback(sim),
        "journey": _journey(sim),
        "returns": {
            "return_prob_per_order": trx.RETURN_PROB,
            "partial_refund_share": trx.PARTIAL_REFUND_SHARE,
            "refund_lag_days": [3, 30],
            "share_of_rows": _rate(sim.rows.amount < 0),
            "n_returns": int((sim.rows.amount < 0).sum()),
        },
    }
    return _clean(truth), _customer_table(sim, per_customer)


def _per_customer(sim: Simulation) -> dict[str, np.ndarray]:
    n = len(sim.pop)
    rows = sim.rows
    positive = rows.amount > 0
    n_orders = np.bincount(rows.cust[positive], minlength=n)
    complaints = np.bincount(sim.orders.cust[sim.orders.complaint], minlength=n)
    subscribed = np.zeros(n, dtype=bool)
    subscribed[sim.subs.cust] = True
    theta = np.full(n, np.nan)
    theta[sim.subs.cust] = sim.subs.theta
    skips = np.zeros(n, dtype=np.int64)
    skips[sim.subs.cust] = sim.subs.skips
    alive = ~np.isfinite(sim.active_until)
    return {
        "n_orders": n_orders,
        "complaints": complaints,
        "subscribed": subscribed,
        "theta": theta,
        "skips": skips,
        "alive": alive,
    }


def _customer_table(sim: Simulation, pc: dict[str, np.ndarray]) -> pd.DataFrame:
    pop, lat = sim.pop, sim.lat
    return pd.DataFrame(
        {
            "customer_id": to_str(pop.ids),
            "persona": label_column(pop.persona, ps.NAMES),
            "lambda_per_day": lat.lam,
            "p_dropout": lat.p,
            "mean_order_value_yen": lat.mean_order_value,
            "dropout_date": to_dates(sim.active_until),
            "alive_at_end": pc["alive"],
            "n_orders_true": pc["n_orders"].astype(np.int64),
            "delay_complaints": pc["complaints"].astype(np.int64),
            "has_delay_complaint": pc["complaints"] > 0,
            "subscribed": pc["subscribed"],
            "subscription_theta": pc["theta"],
            "subscription_skips": pc["skips"],
            "age_60_plus": pop.age_60_plus,
            "lead_id": to_str(
                gather(
                    id_strings("L", np.arange(1, len(sim.leads) + 1), id_width(len(sim.leads), 8)),
                    pop.lead,
                )
            ),
        }
    )


def _personas(sim: Simulation, pc: dict) -> dict:
    out = {}
    for k, p in enumerate(ps.PERSONAS):
        m = sim.pop.persona == k
        out[p.name] = {
            "share": p.share,
            "lambda_gamma": {"r": p.r, "alpha": p.alpha},
            "mean_lambda_per_day": p.mean_lambda_per_day,
            "dropout_beta": {"a": p.a, "b": p.b},
            "mean_p_dropout": p.mean_p,
            "spend_gamma_gamma": {"p": p.spend_p, "q": p.spend_q, "gamma": p.spend_gamma},
            "mean_order_value_yen": p.mean_order_value_yen,
            "subscribe_prob": p.subscribe_prob,
            "order_channel_probs": dict(zip(ps.ORDER_CHANNELS[:3], p.channel_probs, strict=True)),
            "realised": {
                "n_customers": int(m.sum()),
                "repeat_rate": _rate(pc["n_orders"][m] >= 2),
                "mean_orders": float(pc["n_orders"][m].mean()) if m.any() else None,
                "subscribed_share": _rate(pc["subscribed"][m]),
                "alive_at_end_share": _rate(pc["alive"][m]),
            },
        }
    return out


def _purchase_process(sim: Simulation, pc: dict) -> dict:
    share = ps.column("share")
    positive = sim.rows.amount > 0
    return {
        "model": "MBG/NBD per persona: Poisson orders with rate lambda ~ Gamma(r, alpha) per day; "
        "after each order (the first included) dropout with p ~ Beta(a, b). Spend: Gamma-Gamma "
        "(order value ~ Gamma(p, nu), nu ~ Gamma(q, gamma)). Subscriptions run alongside; a "
        "customer is inactive once the ad-hoc process dropped out and no subscription runs.",
        "time_unit": "day",
        "mixture_mean_lambda_per_day": float((share * ps.column("r") / ps.column("alpha")).sum()),
        "mixture_mean_p_dropout": float(
            (share * ps.column("a") / (ps.column("a") + ps.column("b"))).sum()
        ),
        "mixture_mean_order_value_yen": float((share * ps.column("mean_order_value_yen")).sum()),
        "realised": {
            "mean_lambda_per_day": float(sim.lat.lam.mean()),
            "mean_p_dropout": float(sim.lat.p.mean()),
            "repeat_rate": _rate(pc["n_orders"] >= 2),
            "mean_orders_per_customer": float(pc["n_orders"].mean()),
            "median_order_value_yen": float(np.median(sim.rows.amount[positive])),
            "mean_order_value_yen": float(sim.rows.amount[positive].mean()),
            "alive_at_end_share": _rate(pc["alive"]),
            "n_orders": int(positive.sum()),
            "n_campaign_induced_orders": int((sim.rows.source == 2).sum()),
            "n_subscription_deliveries": int((sim.rows.source == 1).sum()),
        },
    }


def _delay_driver(sim: Simulation, pc: dict) -> dict:
    o = sim.orders
    eligible = o.time <= pu.COMPLAINT_LAST_DAY
    with_c = eligible & o.complaint
    without = eligible & ~o.complaint
    p = sim.lat.p[o.cust]
    has = pc["complaints"] > 0
    with_rate, without_rate = _rate(o.drop[with_c]), _rate(o.drop[without])
    return {
        "feedback_topic": "delivery_delay",
        "complaint_prob_per_order": pu.DELAY_COMPLAINT_PROB,
        "extra_dropout": pu.DELAY_EXTRA_DROPOUT,
        "rule": "dropout probability right after the delayed order = "
        f"p + (1 - p) * {pu.DELAY_EXTRA_DROPOUT}",
        "realised": {
            "n_orders_with_complaint": int(with_c.sum()),
            "dropout_rate_after_complained_order": with_rate,
            "dropout_rate_after_other_orders": without_rate,
            "expected_dropout_rate_after_complained_order": (
                float(pu.delayed_dropout(p[with_c], True).mean()) if with_c.any() else None
            ),
            "own_dropout_rate_of_complained_orders": (
                float(p[with_c].mean()) if with_c.any() else None
            ),
            "customers_with_complaint": int(has.sum()),
            "churned_share_with_complaint": _rate(~pc["alive"][has]),
            "churned_share_without_complaint": _rate(~pc["alive"][~has]),
        },
    }


def _skip_driver(sim: Simulation) -> dict:
    s = sim.subs
    prior = s.renewal_prior_skips
    out = {
        "cancel_hazard_multiplier_per_skip": sb.SKIP_HAZARD_MULTIPLIER,
        "skip_prob_beta": {"a": sb.SKIP_A, "b": sb.SKIP_B},
        "rule": "cancellation probability at a renewal = min(1, theta * 2 ** skips_before)",
        "realised": {
            "cancel_rate_per_renewal_no_prior_skip": _rate(s.renewal_cancelled[prior == 0]),
            "cancel_rate_per_renewal_after_skip": _rate(s.renewal_cancelled[prior >= 1]),
            "expected_cancel_rate_per_renewal_after_skip": float(
                np.minimum(1, s.theta[s.renewal_sub] * sb.SKIP_HAZARD_MULTIPLIER**prior)[
                    prior >= 1
                ].mean()
            )
            if (prior >= 1).any()
            else None,
            "renewals_no_prior_skip": int((prior == 0).sum()),
            "renewals_after_skip": int((prior >= 1).sum()),
            "cancelled_share_with_skips": _rate(s.cancelled_at[s.skips > 0] > 0),
            "cancelled_share_without_skips": _rate(s.cancelled_at[s.skips == 0] > 0),
        },
    }
    return out


def _subscriptions(sim: Simulation) -> dict:
    s = sim.subs
    counts = sb.survival_counts(s)
    t = np.array([c["renewal"] for c in counts], dtype=np.float64)
    expected = sb.sbg_survival(sb.SBG_ALPHA, sb.SBG_BETA, t) if len(t) else []
    by_plan = {plan: sb.survival_counts(s, plan=k) for k, plan in enumerate(sb.PLANS)}
    return {
        "model": "shifted-beta-geometric: cancel at each renewal with theta ~ Beta(alpha, beta), "
        "before the skip effect (see churn_drivers.subscription_skip)",
        "sbg_alpha": sb.SBG_ALPHA,
        "sbg_beta": sb.SBG_BETA,
        "period_days": dict(zip(sb.PLANS, sb.PLAN_DAYS.tolist(), strict=True)),
        "plan_probs": dict(zip(sb.PLANS, sb.PLAN_PROBS, strict=True)),
        "start_lag_days_after_second_order": list(pu.SUBSCRIPTION_LAG_DAYS),
        "prices_yen": sb.PRICES_YEN.tolist(),
        "n_subscriptions": len(s),
        "n_active_at_end": int((s.cancelled_at == 0).sum()),
        "mean_theta": float(s.theta.mean()) if len(s) else None,
        "survival": [
            {**c, "sbg_expected_without_skips": float(e)}
            for c, e in zip(counts, expected, strict=True)
        ],
        "survival_by_plan": by_plan,
    }


def _group_stats(c: dict, responded: np.ndarray, mask: np.ndarray) -> dict:
    treated = c["treated"].astype(bool)
    t, k = mask & treated, mask & ~treated
    rt, rk = _rate(responded[t]), _rate(responded[k])
    return {
        "n_treatment": int(t.sum()),
        "n_control": int(k.sum()),
        "true_uplift_pts": 100 * float(c["effect"][mask].mean()) if mask.any() else None,
        "response_rate_treatment": rt,
        "response_rate_control": rk,
        "realised_diff_pts": 100 * (rt - rk) if rt is not None and rk is not None else None,
    }


def _campaigns(sim: Simulation) -> list[dict]:
    c, responded = sim.contacts, sim.responded
    old = sim.pop.age_60_plus[c["cust"]]
    out = []
    for k, camp in enumerate(cp.CAMPAIGNS):
        m = c["campaign"] == k
        share = sim.alive_share.get(k)
        entry = {
            "campaign_id": camp.campaign_id,
            "campaign_name": camp.name,
            "channel": camp.channel,
            "kind": camp.kind,
            "first_send_date": camp.first_day.isoformat(),
            "last_send_date": camp.last_day.isoformat(),
            "control_share": camp.control_share,
            "response_window_days": cp.WINDOW_DAYS,
            "targeting": "customers with >= 2 orders before the send day"
            + (
                f", last order {camp.recency_days[0]}-{camp.recency_days[1]} days before"
                if camp.recency_days
                else ", newsletter opt-in"
            ),
            "planted": {
                "description": camp.description,
                "uplift_pts": 100 * camp.uplift,
                "uplift_pts_rainy": None if camp.uplift_wet is None else 100 * camp.uplift_wet,
                "suppressed_share_60_plus": camp.suppress_60_plus,
                "alive_share_of_targets": share,
                "uplift_pts_per_alive_target": 100 * camp.uplift / share if share else None,
            },
            "overall": _group_stats(c, responded, m),
            "segments": {
                "age_60_plus": _group_stats(c, responded, m & old),
                "age_under_60": _group_stats(c, responded, m & ~old),
            },
            "alive_share_of_contacts": _rate(c["alive"][m]),
        }
        if camp.uplift_wet is not None:
            wet = c["wet"].astype(bool)
            entry["segments"]["rainy_day"] = _group_stats(c, responded, m & wet)
            entry["segments"]["dry_day"] = _group_stats(c, responded, m & ~wet)
        out.append(entry)
    return out


def _rainy_day(sim: Simulation) -> dict:
    k = next(i for i, camp in enumerate(cp.CAMPAIGNS) if camp.uplift_wet is not None)
    camp = cp.CAMPAIGNS[k]
    c, responded = sim.contacts, sim.responded
    m = c["campaign"] == k
    wet = c["wet"].astype(bool)
    treated = c["treated"].astype(bool)
    rain_t, dry_t = _rate(responded[m & wet & treated]), _rate(responded[m & ~wet & treated])
    return {
        "campaign_id": camp.campaign_id,
        "rainy_definition": f"precipitation_mm >= {WET_THRESHOLD_MM} in the customer's "
        "prefecture (context.region = customers.prefecture) on the send date",
        "planted_uplift_pts_rainy": 100 * camp.uplift_wet,
        "planted_uplift_pts_dry": 100 * camp.uplift,
        "planted_rainy_minus_dry_pts": 100 * (camp.uplift_wet - camp.uplift),
        "true_uplift_pts_rainy": 100 * float(c["effect"][m & wet].mean())
        if (m & wet).any()
        else None,
        "true_uplift_pts_dry": 100 * float(c["effect"][m & ~wet].mean())
        if (m & ~wet).any()
        else None,
        "realised": {
            "share_rainy_sends": _rate(wet[m]),
            "response_rate_treatment_rainy": rain_t,
            "response_rate_treatment_dry": dry_t,
            "response_rate_control_rainy": _rate(responded[m & wet & ~treated]),
            "response_rate_control_dry": _rate(responded[m & ~wet & ~treated]),
            "treatment_rainy_minus_dry_pts": 100 * (rain_t - dry_t)
            if rain_t is not None and dry_t is not None
            else None,
        },
    }


def _fatigue(sim: Simulation) -> dict:
    c = sim.contacts
    treated = c["treated"].astype(bool)
    k = c["recent_sends"][treated]
    unsub = c["unsubscribed"][treated].astype(bool)
    above = k > cp.FATIGUE_THRESHOLD
    by_k = {
        str(int(v)): {"sends": int((k == v).sum()), "unsubscribe_rate": _rate(unsub[k == v])}
        for v in np.unique(k)
    }
    return {
        "window_days": cp.FATIGUE_WINDOW_DAYS,
        "threshold_sends": cp.FATIGUE_THRESHOLD,
        "definition": "sends = actual sends (treatment rows, all campaigns) to the customer in "
        "the 30 days up to and including this send; fatigued when sends > threshold",
        "unsubscribe_prob_base": cp.UNSUBSCRIBE_BASE,
        "unsubscribe_prob_fatigued": cp.UNSUBSCRIBE_FATIGUED,
        "after_unsubscribe": "no further contacts of any campaign",
        "realised": {
            "sends_at_or_below_threshold": int((~above).sum()),
            "sends_above_threshold": int(above.sum()),
            "unsubscribe_rate_at_or_below": _rate(unsub[~above]),
            "unsubscribe_rate_above": _rate(unsub[above]),
            "by_sends_in_30_days": by_k,
        },
    }


def _leads(sim: Simulation) -> dict:
    leads = sim.leads
    band = ld.response_band(leads.contact_hours)
    expected = ld.win_probability(leads.contact_hours)
    status = ld.lead_status(leads)
    by_band = {}
    for b, name in enumerate(ld.RESPONSE_BANDS):
        m = band == b
        by_band[name] = {
            "n": int(m.sum()),
            "won": int(leads.won[m].sum()),
            "conversion_rate": _rate(leads.won[m]),
            "planted_probability_mean": float(expected[m].mean()) if m.any() else None,
        }
    return {
        "conversion_function": "p(won) = 0.05 + 0.25 * exp(-hours / 24), hours from created_at "
        "to first_contact_at; never followed up: 0.02",
        "win_base": ld.WIN_BASE,
        "win_fast_bonus": ld.WIN_FAST_BONUS,
        "win_decay_hours": ld.WIN_DECAY_HOURS,
        "win_never": ld.WIN_NEVER,
        "never_followed_share_planned": ld.NEVER_FOLLOWED_SHARE,
        "note": "a win is kept only if the first order falls inside the period; leads followed "
        "up after the end count as never followed up",
        "n_leads": len(leads),
        "status_counts": {s: int((status == i).sum()) for i, s in enumerate(ld.STATUSES)},
        "never_followed_share": _rate(band == 4),
        "overall_conversion_rate": _rate(leads.won),
        "conversion_by_response_band": by_band,
    }


def _feedback(sim: Simulation) -> dict:
    f = sim.feedback
    ids = sim.tables["feedback"]["feedback_id"].to_numpy()
    pii = f.pii_kind >= 0
    pack = f.topic == tx.TOPICS.index("packaging")
    topics = {t: int((f.topic == i).sum()) for i, t in enumerate(tx.TOPICS)}
    by_channel = {
        ch: {t: int(((f.topic == i) & (f.channel == c)).sum()) for i, t in enumerate(tx.TOPICS)}
        for c, ch in enumerate(fbk.CHANNELS)
    }
    return {
        "n_feedback": len(f.cust),
        "topics": list(tx.TOPICS),
        "topic_labels_ja": tx.TOPIC_LABELS_JA,
        "topic_counts": topics,
        "topic_counts_by_channel": by_channel,
        "pii": {
            "share_of_call_centre_notes": fbk.PII_SHARE,
            "count": int(pii.sum()),
            "by_kind": {k: int((f.pii_kind == i).sum()) for i, k in enumerate(fbk.PII_KINDS)},
            "kinds": "name: customer name or surname followed by 様; name_phone: name and mobile "
            "number; email: e-mail address",
            "feedback_ids": [str(x) for x in ids[pii]],
        },
        "emerging_topic": {
            "topic": "packaging",
            "label_ja": tx.TOPIC_LABELS_JA["packaging"],
            "keywords": [
                "容器",
                "パッケージ",
                "ポンプ",
                "液漏れ",
                "キャップ",
                "ボトル",
                "詰め替え",
            ],
            "start_date": fbk.PACKAGING_START.isoformat(),
            "count": int(pack.sum()),
            "first_date": (START + timedelta(days=int(f.day[pack].min()))).isoformat()
            if pack.any()
            else None,
            "feedback_ids": [str(x) for x in ids[pack]],
        },
    }


def _journey(sim: Simulation) -> dict:
    return {
        "stages": list(STAGES),
        "planted_rates": {
            "awareness->interest": ld.AWARENESS_TO_INTEREST,
            "interest->first_purchase": ld.INTEREST_TO_FIRST_PURCHASE,
            "first_purchase->repeat": "from the purchase process (see realised)",
            "repeat->loyal": "persona subscribe_prob at the second order (see realised)",
        },
        "planted_days_to_convert_direct_customers": {
            "awareness->interest": "Gamma(shape 1.5, scale 6) days",
            "interest->first_purchase": "0.2 + Gamma(shape 2, scale 2.5) days before the order day",
            "repeat->loyal": f"{pu.SUBSCRIPTION_LAG_DAYS[0]}-{pu.SUBSCRIPTION_LAG_DAYS[1]} days",
        },
        "late_entry_share": LATE_ENTRY_SHARE,
        "late_entry_rule": "this share of the direct customers (no lead) enter at interest: "
        "first event the interest event, awareness a catalogue request after it; the closed "
        "funnel loses them at interest (realised.late_entry: who, how many reach each stage)",
        "realised": sim.funnel,
        "gap_stage": GAP_STAGE,
        "gap_rule": "no contact and no marketing event reaches a customer from the first order "
        "date up to and including the second order date",
        "marketing_event_types": list(MARKETING_EVENTS),
    }
