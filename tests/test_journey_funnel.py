"""Journey funnel and measure map: hand-worked logs for the latest-event anchor, right-
censoring, the trended funnel, programme grouping, windowed duplication and the entry
event; the demo's planted late entrants separate the closed from the open funnel."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_lib import journey
from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.demo import generate_demo
from crm_lib.engine import connect
from crm_lib.i18n import LANGUAGES, Translator
from crm_lib.journey import report
from crm_lib.journey.funnel import conversion_trend, late_entrants
from crm_lib.journey.measures import programme_of, stage_measures
from crm_lib.metrics import journey as m
from crm_lib.params import JourneyParams

DAY0 = pd.Timestamp("2025-01-01 10:00")
N, SEED = 1000, 7


def log_of(rows, **columns):
    """A journey log from ``(person, day, event_type)`` rows (days after DAY0)."""
    frame = pd.DataFrame(rows, columns=["customer_id", "day", "event_type"])
    frame["event_time"] = DAY0 + pd.to_timedelta(frame.pop("day"), unit="D")
    return journey.log_from_frame(frame.assign(**columns))


def by_stage(table, column="people"):
    return table.set_index("stage")[column]


# --- the closed funnel anchors to the latest event of the previous stage ------------------


def test_reengaged_prospect_converts_from_the_latest_event():
    log = log_of(
        [
            ("P", 0, "ad_click"),
            ("P", 400, "ad_click"),  # comes back after 400 days (a catalogue, a TV spot)
            ("P", 401, "site_visit"),
            ("P", 402, "first_purchase"),
        ]
    )
    people = by_stage(journey.funnel(log, window_days=30))
    # anchored to day 0 the visit is 401 days late: P would be lost at interest
    assert people[["awareness", "interest", "first_purchase"]].tolist() == [1, 1, 1]
    times = journey.time_to_convert(log, window_days=30).set_index("transition")
    assert times["median_days"].tolist() == [1.0, 1.0]  # 400 -> 401, 401 -> 402
    # the anchor only counts from the person's first time in the previous stage
    early = log_of([("Q", 0, "site_visit"), ("Q", 1, "ad_click"), ("Q", 2, "first_purchase")])
    assert by_stage(journey.funnel(early))["interest"] == 0


# --- right-censoring ----------------------------------------------------------------------

CENSOR_LOG = [
    ("A", 0, "ad_click"),
    ("A", 5, "site_visit"),  # converts
    ("B", 0, "ad_click"),  # had 100 days: lost
    ("C", 95, "ad_click"),  # 5 days before the end: censored, not lost
    ("D", 90, "ad_click"),
    ("D", 92, "site_visit"),  # converts, but entered inside the last 30 days: censored
    ("E", 100, "ad_click"),  # the last event: the end of the data
]


def test_people_without_the_whole_window_are_censored_not_lost():
    table = journey.funnel(log_of(CENSOR_LOG), window_days=30).set_index("stage")
    interest = table.loc["interest"]
    assert interest["people"] == 2  # A and D reached interest
    # observed for the whole window: A and B (entered more than 30 days before the end)
    assert (interest["observed"], interest["converted"], interest["censored"]) == (2, 1, 3)
    assert interest["conversion"] == 0.5 and interest["lost"] == 1  # was 2 / 5 = 0.4, lost 3
    # without a window nobody is censored: conversion so far
    plain = journey.funnel(log_of(CENSOR_LOG)).set_index("stage").loc["interest"]
    assert (plain["conversion"], plain["censored"]) == (0.4, 0)


def test_trend_marks_right_censored_cohorts():
    trend = conversion_trend(log_of(CENSOR_LOG), "month", window_days=30)
    aware = trend[trend["transition"] == "awareness→interest"].set_index("period")
    january, april = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-04-01")
    assert aware.loc[january, ["entered", "observed", "converted"]].tolist() == [2, 2, 1]
    assert aware.loc[january, "conversion"] == 0.5 and not aware.loc[january, "right_censored"]
    assert aware.loc[april, ["entered", "observed", "censored"]].tolist() == [3, 0, 3]
    assert pd.isna(aware.loc[april, "conversion"]) and aware.loc[april, "right_censored"]
    step = trend[trend["transition"] == "interest→first_purchase"].set_index("period")
    assert step.loc[january, "conversion"] == 0.0 and step.loc[april, "censored"] == 1


# --- the measure map ----------------------------------------------------------------------


def test_duplication_needs_two_programmes_within_the_window():
    rows = [
        ("X", 0, "ad_click"),  # X's entry into awareness
        ("X", 1, "dm_received"),
        ("X", 3, "call_outbound"),  # a second programme 2 days later: duplicated
        ("Y", 0, "ad_click"),
        ("Y", 1, "dm_received"),
        ("Y", 40, "call_outbound"),  # 39 days later: not duplicated within 14 days
        ("Z", 0, "ad_click"),
        ("Z", 2, "dm_received"),
        ("Z", 5, "dm_received"),  # the same programme twice: not duplicated
    ]
    log = log_of(rows)
    aware = stage_measures(log, window_days=14).stages.set_index("stage").loc["awareness"]
    assert (aware["people_reached"], aware["people_multi"]) == (3, 1)
    anytime = stage_measures(log, window_days=None).stages.set_index("stage").loc["awareness"]
    assert anytime["people_multi"] == 2  # X and Y: two programmes at any distance


def test_entry_event_is_not_a_measure_reaching_the_person():
    log = log_of([("A", 0, "ad_click"), ("B", 0, "ad_click"), ("B", 3, "ad_impression")])
    stages = stage_measures(log).stages.set_index("stage")
    # A's only click put A into awareness; B's later impression is a measure reaching B
    assert stages.loc["awareness", ["people_reached", "coverage"]].tolist() == [1, 0.5]


def contacts_dataset(sends, clicks=()) -> Dataset:
    """A dataset with one customer's events (an ad click entry, and ad clicks on the days
    ``clicks``) and campaign sends ``(campaign_id, campaign_name, day)``."""
    con = connect()
    more = "".join(
        f""" UNION ALL SELECT 'E{i + 2}', 'C1', NULL, TIMESTAMP '2025-01-01 10:00'
                 + INTERVAL {d} DAY, 'ad_click', 'web', NULL"""
        for i, d in enumerate(clicks)
    )
    con.execute(
        f"""CREATE TABLE events AS SELECT 'E1' AS event_id, 'C1' AS customer_id,
                  NULL::VARCHAR AS lead_id, TIMESTAMP '2025-01-01 10:00' AS event_time,
                  'ad_click' AS event_type, 'web' AS channel, NULL::VARCHAR AS stage {more}"""
    )
    rows = ", ".join(
        f"('K{i}', 'C1', '{c}', '{n}', 'email', TIMESTAMP '2025-01-01 10:00' + "
        f"INTERVAL {d} DAY, 'treatment')"
        for i, (c, n, d) in enumerate(sends)
    )
    con.execute(
        f"""CREATE TABLE contacts AS SELECT * FROM (VALUES {rows}) AS t(contact_id,
              customer_id, campaign_id, campaign_name, channel, sent_at, "group")"""
    )
    con.execute(
        """CREATE TABLE transactions AS SELECT 'O1' AS order_id, 'C1' AS customer_id,
                  DATE '2025-03-01' AS order_date, 5000.0 AS amount, 'online' AS channel"""
    )
    names = ["events", "contacts", "transactions"]
    loads = {n: TableLoad(n, "test", 1, 1, 0, tuple(con.table(n).columns)) for n in names}
    return Dataset(con, loads, dt.date(2025, 12, 31), dt.date(2026, 1, 1))


def test_newsletter_issues_are_one_programme():
    sends = [("NL23", "メールマガジン 2023年秋冬号", 2), ("NL24", "メールマガジン 2024年秋冬号", 5)]
    log = journey.build_log(contacts_dataset(sends))
    found = stage_measures(log, attribution_days=0)
    assert found.programmes["programme"].tolist() == ["メールマガジン", "メールマガジン"]
    assert found.cells[["measure", "campaigns", "touches"]].values.tolist() == [
        ["メールマガジン", "NL23, NL24", 2]
    ]
    aware = found.stages.set_index("stage").loc["awareness"]
    assert (aware["people_reached"], aware["people_multi"]) == (1, 0)  # one programme
    other = sends[:1] + [("CP01", "新作美容液のご案内メール", 5)]
    two = stage_measures(journey.build_log(contacts_dataset(other)), attribution_days=0)
    assert two.stages.set_index("stage").loc["awareness", "people_multi"] == 1
    mapped = stage_measures(
        journey.build_log(contacts_dataset(other)), attribution_days=0, programmes={"CP01": "X"}
    )
    assert set(mapped.programmes["programme"]) == {"メールマガジン", "X"}


def test_a_touch_inside_a_sends_window_is_its_response_not_a_measure():
    """Sends on days 1 and 20, attribution 3 days; ad clicks on days 0 (the entry, left
    out as the stage's own entry), 2 and 21.5 (1 and 1.5 days after a send: responses),
    10 and 30 (no send in the 3 days before): the ad click counts 2 touches as a measure
    (days 10 and 30), the sends 2."""
    sends = [("CP01", "春の案内", 1), ("CP02", "夏の案内", 20)]
    found = stage_measures(
        journey.build_log(contacts_dataset(sends, clicks=[2, 10, 21.5, 30])), attribution_days=3
    )
    touches = found.cells.groupby("kind")["touches"].sum()
    assert touches.to_dict() == {"campaign": 2, "touch": 2}
    later = stage_measures(
        journey.build_log(contacts_dataset(sends, clicks=[2, 10, 24, 30])), attribution_days=3
    )  # day 24: 4 days after the send of day 20, a measure of its own
    assert later.cells.groupby("kind")["touches"].sum().to_dict() == {"campaign": 2, "touch": 3}


def test_programme_names_strip_dates_and_issue_numbers():
    assert programme_of("NL25", "メールマガジン 2025年秋冬号") == "メールマガジン"
    assert programme_of("M1", "Newsletter 2024-05") == programme_of("M2", "Newsletter Vol.7")
    assert programme_of("M3", "会報誌 第12号") == "会報誌"
    assert programme_of("CP01", None) == "CP01"  # unnamed: its id, digits kept
    assert programme_of("CP01", "夏のDM", mapping={"CP01": "summer"}) == "summer"


# --- the demo: planted late entrants ------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    overrides = ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"]
    return generate_demo(N, SEED), journey.build_log(load_dataset(load_config(None, overrides)))


def test_demo_late_entrants_separate_closed_and_open_funnels(demo):
    company, log = demo
    truth = company.truth["journey"]
    direct = N - company.tables["leads"]["customer_id"].notna().sum()
    planted = round(truth["late_entry_share"] * direct)
    assert late_entrants(log) == planted == truth["realised"]["late_entry"]["people"] > 0
    closed, opened = by_stage(journey.funnel(log)), by_stage(journey.funnel(log, closed=False))
    # open: the planted 5 N people, 50 % at interest, 40 % of them buy; closed: minus late
    assert opened[["awareness", "interest", "first_purchase"]].tolist() == [5 * N, 5 * N // 2, N]
    assert (opened - closed)[["interest", "first_purchase"]].tolist() == [planted, planted]


def test_demo_censoring_and_trend_in_both_languages(demo):
    company, log = demo
    params = JourneyParams()  # 365-day window: entries after 2025-01-01 are censored
    funnel = report.funnel(log, params)
    ev = company.tables["events"]
    person = ev["customer_id"].fillna("lead:" + ev["lead_id"])
    aware = ev[ev["event_type"].isin(params.stages["awareness"])]
    entered = aware.groupby(person.loc[aware.index])["event_time"].min()
    late = (entered > pd.Timestamp("2025-01-01")).sum()  # pandas recount
    assert funnel.metrics[m.CENSORED]["awareness→interest"] == late > 0
    sec = report.trend(log, params)
    assert sec.metrics[m.TREND_CENSORED_FROM] == "2025-Q1"
    complete = sec.trend[~sec.trend["right_censored"]]
    assert (complete["period"] < pd.Timestamp("2025-01-01")).all()
    observed = sec.trend.groupby("transition", sort=False)["observed"].sum()
    closed = funnel.closed.set_index("stage")["observed"].dropna()
    assert observed.tolist() == closed.astype(int).tolist()  # cohorts add up to the funnel
    sections = [funnel, report.time_to_next_stage(log, params), report.measures(log, params), sec]
    for language in LANGUAGES:
        t = Translator(language)
        text = [t.sentence(s) for part in sections for s in part.sentences]
        assert len(text) >= 12 and not [line for line in text if "{" in line or "jny_" in line]
