"""Journeys aligned on purchase number, and read backwards from an end point.

The demo (seed 42, 5,000 customers) plants a delivery-delay complaint on 5 % of orders and
lets a customer drop out right after such an order with p + (1 - p) x 0.3
(``truth["churn_drivers"]["delivery_delay_complaint"]``). For every customer the chance to
buy again is so multiplied by 0.7, whatever their own p and pace, so the relative drop of
the repurchase rate after a complained first purchase estimates the planted 0.3. A
hand-made company checks the alignment: customers whose raw paths differ in length but
whose between-purchase contact rates are equal must show no difference.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.demo import generate_demo
from crm_lib.engine import connect
from crm_lib.i18n import LANGUAGES, Translator
from crm_lib.journey import build_log, report
from crm_lib.journey.backwards import preceding
from crm_lib.journey.between import between_purchases
from crm_lib.journey.touches import FEEDBACK_TOPICS, touches_sql
from crm_lib.metrics import journey as m
from crm_lib.params import JourneyParams

N, SEED, LAPSE_DAYS = 5000, 42, 180


@pytest.fixture(scope="module")
def company():
    return generate_demo(n_customers=N, seed=SEED)


@pytest.fixture(scope="module")
def log(company):
    """The demo's journey log, loaded through the checks from the company above (generated
    once)."""
    config = load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("crm_lib.demo.generate_demo", lambda **_: company)
        return build_log(load_dataset(config))


# --- the demo company ---------------------------------------------------------------------


def test_feedback_topics_match_the_planted_topic_counts(log, company):
    """Every topic of the lexicon finds exactly the notes the generator wrote for it."""
    counts = dict(
        log.con.execute(
            f"""SELECT substr(item, 10), count(*) FROM ({touches_sql(log)})
                WHERE item LIKE 'feedback:%' GROUP BY ALL"""
        ).fetchall()
    )
    planted = company.truth["feedback"]["topic_counts"]
    assert counts == {topic: planted[topic] for topic in FEEDBACK_TOPICS}


def _first_intervals_by_hand(company) -> pd.Series:
    """Lapsed (bool) per customer after the first purchase day, in pandas: no purchase
    within 180 days and no subscription running on day 180; first purchase known."""
    tx = company.tables["transactions"]
    days = tx[tx["amount"] >= 0][["customer_id", "order_date"]].drop_duplicates()
    days = days.sort_values(["customer_id", "order_date"])
    days["n"] = days.groupby("customer_id").cumcount() + 1
    first = days[days["n"] == 1].set_index("customer_id")["order_date"]
    second = days[days["n"] == 2].set_index("customer_id")["order_date"].reindex(first.index)
    first = first[first <= pd.Timestamp("2025-12-31") - pd.Timedelta(days=LAPSE_DAYS)]
    second = second.reindex(first.index)
    horizon = first + pd.Timedelta(days=LAPSE_DAYS)
    again = second.notna() & (second <= horizon)
    subs = company.tables["subscriptions"].merge(horizon.rename("h"), on="customer_id")
    running = subs[(subs["start_date"] <= subs["h"]) & ~(subs["end_date"] <= subs["h"])]
    return ~again & ~first.index.isin(running["customer_id"])


def test_between_purchases_recovers_the_planted_delay_driver(log, company):
    groups, found = between_purchases(log, LAPSE_DAYS)
    lapsed = _first_intervals_by_hand(company)
    first = groups.set_index("purchase_number").loc[1]
    assert (first["intervals"], first["lapsed"]) == (len(lapsed), lapsed.sum())  # exact
    delay = found.set_index(["purchase_number", "item"]).loc[(1, "feedback:delivery_delay")]
    assert delay["flagged"] and delay["q_value"] < 0.01
    assert delay["lapse_rate_with"] > delay["lapse_rate_without"]
    assert delay["ci_low"] > 0  # the Newcombe interval of the difference excludes 0
    driver = company.truth["churn_drivers"]["delivery_delay_complaint"]
    planted = driver["extra_dropout"]  # 0.3
    real = driver["realised"]
    realised = 1 - (1 - real["dropout_rate_after_complained_order"]) / (
        1 - real["dropout_rate_after_other_orders"]
    )  # 0.296: the drop of the chance to stay after the generator's own coins
    # tolerance: the 95 % score interval covers the planted 0.3, and the estimate (174
    # complained first purchases, SE about 0.085) lies within 0.15 of the realised drop
    assert delay["repurchase_drop_low"] < planted < delay["repurchase_drop_high"]
    assert delay["repurchase_drop"] == pytest.approx(realised, abs=0.15)


def test_report_sections_read_in_both_languages(log):
    params = JourneyParams()
    between, back = report.between_purchases(log, params), report.backwards(log, params)
    flagged = between.metrics[m.BETWEEN_FLAGGED]
    assert "feedback:delivery_delay" in flagged["1"]
    said = [s for s in between.sentences if s.key == "jny_btw_top"][0].values
    assert said["n"] == 1 and said["item"].values["topic"].value == "delivery_delay"
    assert back.metrics[m.BACKWARD_END_POINTS]["lapse"] > 0
    for language in LANGUAGES:
        t = Translator(language)
        text = [t.sentence(s) for sec in (between, back) for s in sec.sentences]
        assert len(text) >= 8
        assert not [line for line in text if "{" in line or "jny_" in line]


# --- a hand-made company ------------------------------------------------------------------

DAY0 = pd.Timestamp("2024-01-01")
END = DAY0 + pd.Timedelta(days=400)


def _day(d: float) -> pd.Timestamp:
    return DAY0 + pd.Timedelta(days=d)


def _dataset(tables: dict[str, pd.DataFrame]) -> Dataset:
    con = connect()
    for name, frame in tables.items():
        con.register(f"_{name}", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}")
    loads = {
        n: TableLoad(n, "test", len(f), len(f), 0, tuple(f.columns)) for n, f in tables.items()
    }
    return Dataset(con, loads, END.date(), dt.date(2026, 1, 1))


def _hand_made() -> Dataset:
    """60 repurchasers (R: purchases on days 0 and 60, then ten site visits and contacts
    each: long paths) and 60 lapsers (L: one purchase on day 0, an ad click on day -200:
    short paths). L00-L29 subscribe from day 1 to day 300, so they stay after their
    purchase; L30-L59 lapse. A campaign contact on day 10 (between the first purchase and
    the next) reaches R00-R29 and L15-L44: a quarter of the contacted and of the others
    lapse. 20 lapsers and 4 R complain of a late delivery on day 3. Of the cancelling
    subscribers, 25 ask to skip on day 270 (before the end), 5 on day 200 (earlier)."""
    r = [f"R{i:02d}" for i in range(60)]
    lapsers = [f"L{i:02d}" for i in range(60)]
    orders = [(c, _day(0)) for c in r + lapsers] + [(c, _day(60)) for c in r]
    tx = pd.DataFrame(orders, columns=["customer_id", "order_date"])
    tx["order_id"] = [f"O{i}" for i in range(len(tx))]
    tx["amount"] = 1000.0
    tx["order_date"] = tx["order_date"].dt.date
    events = [(c, _day(61 + k), "site_visit") for c in r for k in range(10)]
    events += [(c, _day(-200), "ad_click") for c in lapsers]
    events += [(c, _day(0.5), "first_purchase") for c in r + lapsers]
    ev = pd.DataFrame(events, columns=["customer_id", "event_time", "event_type"])
    ev["event_id"] = [f"E{i}" for i in range(len(ev))]
    ev["lead_id"], ev["channel"] = None, "web"
    sends = [(c, _day(10)) for c in r[:30] + lapsers[15:45]]
    sends += [(c, _day(70 + k)) for c in r for k in range(5)]  # after R's second purchase
    contacts = pd.DataFrame(sends, columns=["customer_id", "sent_at"])
    contacts["campaign_id"], contacts["group"] = "C1", "treatment"
    notes = [(c, _day(3), "配送が遅れて届かないとのこと。") for c in lapsers[30:50] + r[56:]]
    notes += [(c, _day(270), "次回の定期便をスキップしたい。") for c in lapsers[:25]]
    notes += [(c, _day(200), "次回の定期便をスキップしたい。") for c in lapsers[25:30]]
    fb = pd.DataFrame(notes, columns=["customer_id", "created_at", "text"])
    fb["feedback_id"] = [f"F{i}" for i in range(len(fb))]
    subs = pd.DataFrame({"customer_id": lapsers[:30]})
    subs["start_date"], subs["end_date"] = _day(1).date(), _day(300).date()
    return _dataset(
        {"transactions": tx, "events": ev, "contacts": contacts, "feedback": fb,
         "subscriptions": subs}
    )  # fmt: skip


@pytest.fixture(scope="module")
def hand_log():
    return build_log(_hand_made())


def test_aligned_comparison_flags_no_contact_difference_where_paths_differ(hand_log):
    people = hand_log.con.execute(
        f"SELECT left(person_id, 1) AS g, avg(events) FROM {hand_log.people} GROUP BY g"
    ).fetchall()
    lengths = dict(people)
    assert lengths["R"] >= 5 * lengths["L"]  # the raw paths differ a lot in length ...
    groups, found = between_purchases(hand_log, LAPSE_DAYS)
    first = groups.set_index("purchase_number").loc[1]
    # 30 subscribers run past day 180: they stay; 30 other L lapse; R all bought again
    assert (first["intervals"], first["lapsed"]) == (120, 30)
    rows = found.set_index(["purchase_number", "item"])
    contact = rows.loc[(1, "contact:any")]
    # ... but between purchase 1 and 2 half of each group got the contact: equal rates
    assert contact["with_item"] == 60 and contact["lapse_rate_with"] == 0.25
    assert contact["lapse_rate_without"] == 0.25 and contact["difference"] == 0
    assert not contact["flagged"]
    delay = rows.loc[(1, "feedback:delivery_delay")]  # 20 lapsers and 4 repurchasers
    assert (delay["with_item"], delay["lapsed_with"]) == (24, 20) and delay["flagged"]
    assert set(found.loc[found["flagged"], "item"]) == {"feedback:delivery_delay"}


def test_backwards_reads_what_preceded_the_end_against_the_earlier_period(hand_log):
    sizes, found = preceding(hand_log, LAPSE_DAYS, days=60, min_end_points=5)
    # lapses: the 30 non-subscribing L (R lapse after day 60, but have no earlier period)
    assert dict(zip(sizes["end_kind"], sizes["end_points"], strict=True)) == {
        "cancellation": 30,
        "lapse": 30,
    }
    rows = found.set_index(["end_kind", "item"])
    skip = rows.loc[("cancellation", "feedback:subscription_skip")]
    assert (skip["share_window"], skip["share_baseline"]) == (25 / 30, 5 / 30)
    assert skip["flagged"]
    delay = rows.loc[("lapse", "feedback:delivery_delay")]  # L30..L49 complained on day 3
    assert (delay["in_window"], delay["in_baseline"]) == (20, 0) and delay["flagged"]
    assert ("lapse", "event:ad_click") not in rows.index  # day -200: before the baseline
