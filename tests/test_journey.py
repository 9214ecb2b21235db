"""Journey: the demo's planted funnel and gap stage are recovered; a hand-made event log
gives exactly the expected funnel, variants, transitions and loops; the report sections
name the values the planted truth and the hand-made log dictate."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pydantic import ValidationError

from crm_lib import journey
from crm_lib.cdnow import load_cdnow
from crm_lib.config import load_config
from crm_lib.dataset import Dataset, TableLoad, load_dataset
from crm_lib.demo import generate_demo
from crm_lib.engine import connect
from crm_lib.i18n import LANGUAGES, Translator
from crm_lib.journey import report
from crm_lib.metrics import journey as m
from crm_lib.params import JourneyParams
from crm_lib.section import Code, Items

N, SEED = 3000, 5


@pytest.fixture(scope="module")
def company():
    return generate_demo(n_customers=N, seed=SEED)


@pytest.fixture(scope="module")
def log():
    ds = load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )
    return journey.build_log(ds)


# --- the demo company ---------------------------------------------------------------------


def test_funnel_recovers_planted_rates(log, company):
    # the open funnel counts everyone at every stage reached: the planted rates hold there
    rates = journey.conversion_rates(journey.funnel(log, closed=False))
    truth = company.truth["journey"]["realised"]
    # planted exactly (the number of prospects is set from n_customers): 50 % and 40 %
    assert rates["awareness→interest"] == pytest.approx(0.5, abs=1e-4)
    assert rates["interest→first_purchase"] == pytest.approx(0.4, abs=1e-4)
    # repeat and loyal come from the purchase and subscription processes: the realised
    # rates are computed by the generator the same way, so they must agree exactly ...
    for key in ["first_purchase→repeat", "repeat→loyal"]:
        assert rates[key] == pytest.approx(truth["conversion_rates"][key.replace("→", "->")])
    # ... and lie within three standard errors of the default company's 39.9 % and 29 %
    # (n = 3,000 first buyers: SE 0.9 pts; ~1,200 repeaters: SE 1.3 pts)
    assert rates["first_purchase→repeat"] == pytest.approx(0.399, abs=0.027)
    assert rates["repeat→loyal"] == pytest.approx(0.29, abs=0.04)
    opened = journey.funnel(log, closed=False).set_index("stage")["people"]
    assert opened.to_dict() == truth["persons"]  # every person, each stage, no order needed
    # the closed funnel loses exactly the planted late entrants (entered at interest)
    late = truth["late_entry"]
    direct = N - company.tables["leads"]["customer_id"].notna().sum()
    assert late["people"] == round(company.truth["journey"]["late_entry_share"] * direct) > 0
    closed = journey.funnel(log).set_index("stage")["people"].to_dict()
    lost = {s: 0 if s == "awareness" else late["reached"][s] for s in closed}
    assert closed == {s: truth["persons"][s] - lost[s] for s in closed}
    assert closed["interest"] == N * 5 // 2 - late["people"]  # 50 % of 5 N people, minus late


def test_time_to_convert_matches_truth(log, company):
    realised = company.truth["journey"]["realised"]
    for closed, truth in ((False, realised["days_to_convert"]), (True, realised["closed"])):
        # open: first time in a stage minus first time in the previous one; closed: from
        # the latest previous-stage event before the step (the generator's numpy count);
        # only the rounding of timestamps to microseconds differs
        times = journey.time_to_convert(log, closed=closed).set_index("transition")
        days_by_step = truth if not closed else truth["days_to_convert"]
        for key, days in days_by_step.items():
            got = times.loc[key.replace("->", "→")]
            assert got["median_days"] == pytest.approx(days["median"], abs=0.01)
            assert got["p90_days"] == pytest.approx(days["p90"], abs=0.01)


def test_conversion_window_counts_only_steps_inside_it(log, company):
    ev = company.tables["events"]
    first = ev[ev["event_type"] == "first_purchase"].groupby("customer_id")["event_time"].min()
    second = ev[ev["event_type"] == "second_purchase"].groupby("customer_id")["event_time"].min()
    gap_days = (second - first.reindex(second.index)).dt.total_seconds() / 86400
    gap_days = gap_days.drop(late_entrants_by_hand(company), errors="ignore")
    table = journey.funnel(log, window_days=30).set_index("stage")["people"]
    assert table["repeat"] == (gap_days <= 30).sum() < len(second)  # exact: same rule


def test_planted_gap_stage_is_reported(log, company):
    measures = journey.stage_measures(log)
    assert measures.gaps == [company.truth["journey"]["gap_stage"]] == ["first_purchase"]
    coverage = measures.stages.set_index("stage")["coverage"]
    # every other stage is reached: ads and lead follow-ups before the first order,
    # campaigns after the second
    assert (coverage.drop("first_purchase") > 0.1).all()
    cells = measures.cells
    assert set(cells.loc[cells["kind"] == "campaign", "stage"]) <= {"repeat", "loyal"}
    campaigns = company.tables["contacts"]
    sent = campaigns[campaigns["group"] == "treatment"]
    reached = cells[cells["kind"] == "campaign"].groupby("measure")["people"].sum()
    # the three newsletter issues are one programme, named without the date
    programme = sent["campaign_name"].str.replace(r"\s*\d{4}年秋冬号$", "", regex=True)
    assert set(reached.index) == set(programme) and len(reached) == 6
    # a customer is counted once per stage; nobody is in two stages of one campaign send
    assert reached.sum() >= sent.groupby(programme)["customer_id"].nunique().sum()


def late_entrants_by_hand(company) -> pd.Index:
    """Customers whose first event marks a later stage than awareness (pandas recount)."""
    ev = company.tables["events"].dropna(subset=["customer_id"]).sort_values("event_time")
    first = ev.groupby("customer_id")["event_type"].first()
    late = first.index[~first.isin(JourneyParams().stages["awareness"])]
    assert len(late) == company.truth["journey"]["realised"]["late_entry"]["people"]
    return late


def churn_groups_by_hand(company, churn_days=180) -> dict[str, int]:
    """Churned / retained customers counted in pandas from the generated tables."""
    tx = company.tables["transactions"]
    sales = tx[tx["amount"] >= 0].groupby("customer_id")["order_date"].agg(["min", "max"])
    cutoff = pd.Timestamp("2025-12-31") - pd.Timedelta(days=churn_days)
    old = sales[sales["min"] <= cutoff]
    subs = company.tables["subscriptions"]
    running = set(subs.loc[subs["end_date"].isna(), "customer_id"])
    churned = ((old["max"] < cutoff) & ~old.index.isin(running)).sum()
    return {"churned": churned, "retained": len(old) - churned}


def test_churn_comparison_and_satisfaction(log, company):
    satisfaction = journey.satisfaction_by_stage(log)
    fb = company.tables["feedback"]
    rated = fb[fb["rating"].notna() & fb["channel"].isin(["review", "survey"])]
    assert satisfaction["responses"].sum() == len(rated)
    assert satisfaction["score"].between(0, 100).all()
    assert set(satisfaction["stage"]) <= {"first_purchase", "repeat", "loyal"}  # buyers only


def test_no_events_builds_purchase_stages_from_transactions():
    ds = load_dataset(load_config(None, ["data.source=cdnow"]))
    log = journey.build_log(ds)
    assert log.source == "transactions" and log.model.stages == ("first_purchase", "repeat")
    table = journey.funnel(log).set_index("stage")["people"]
    # a purchase is an order with a non-negative amount (crm_lib.features.PURCHASE)
    orders = load_cdnow("sample").query("amount >= 0").groupby("customer_id").size()
    assert table.to_dict() == {"first_purchase": len(orders), "repeat": (orders >= 2).sum()}
    assert journey.stage_measures(log).cells.empty  # no measures: the notebook skips the map
    assert len(orders) == 2357  # every customer of the sample, the zero-amount orders too


# --- a tiny hand-made event log ---------------------------------------------------------------

DAY0 = pd.Timestamp("2025-01-01 10:00")
TINY = [  # person, day, event
    ("A", 0, "ad_click"),
    ("A", 2, "site_visit"),
    ("A", 3, "email_open"),
    ("A", 5, "site_visit"),
    ("A", 6, "first_purchase"),
    ("B", 0, "ad_click"),
    ("B", 1, "site_visit"),
    ("B", 10, "first_purchase"),
    ("C", 0, "ad_click"),
    ("C", 1, "ad_click"),
    ("C", 4, "site_visit"),
    ("D", 0, "tv_ad_response"),
]


@pytest.fixture(scope="module")
def tiny():
    frame = pd.DataFrame(TINY, columns=["customer_id", "day", "event_type"])
    frame["event_time"] = DAY0 + pd.to_timedelta(frame["day"], unit="D")
    return journey.log_from_frame(frame.drop(columns="day"))


def test_tiny_log_funnel_window_and_exclusion(tiny):
    people = journey.funnel(tiny).set_index("stage")["people"].to_dict()
    assert people == {"awareness": 4, "interest": 3, "first_purchase": 2, "repeat": 0, "loyal": 0}
    # B waited 9 days from interest to purchase: outside a 5-day window
    assert (
        journey.funnel(tiny, window_days=5).set_index("stage").loc["first_purchase", "people"] == 1
    )
    # A opened an e-mail between its stages: excluded from the funnel altogether
    excluded = journey.funnel(tiny, exclude=["email_open"]).set_index("stage")["people"]
    assert excluded[["awareness", "first_purchase"]].tolist() == [3, 1]
    times = journey.time_to_convert(tiny).set_index("transition")
    assert times.loc["awareness→interest", "median_days"] == 2.0  # A 2, B 1, C 4 days
    assert times.loc["interest→first_purchase", "people"] == 2
    drop = journey.largest_drop_off(journey.funnel(tiny))
    assert (drop["from_stage"], drop["to_stage"]) == ("first_purchase", "repeat")


def test_tiny_log_variants(tiny):
    variants = journey.path_variants(tiny, "first_purchase", max_steps=5, top_n=10)
    got = {tuple(p): (n, c) for p, n, c in variants[["path", "people", "converted"]].to_numpy()}
    assert got == {
        ("ad_click", "site_visit"): (2, 1),  # B converted; C's two clicks collapse into one
        ("ad_click", "site_visit", "email_open", "site_visit"): (1, 1),
        ("tv_ad_response",): (1, 0),
    }
    paths = journey.top_paths(tiny, steps=2, top_n=5)
    assert paths.iloc[0]["path"] == ["ad_click", "site_visit"]
    assert paths.iloc[0]["people"] == 3


def test_tiny_log_transitions_loops_and_steps(tiny):
    moves = journey.transitions(tiny)
    got = {(a, b): n for a, b, n in moves[["from_event", "to_event", "transitions"]].to_numpy()}
    assert got == {
        ("ad_click", "site_visit"): 3,
        ("site_visit", "first_purchase"): 2,
        ("site_visit", "email_open"): 1,
        ("email_open", "site_visit"): 1,
        ("ad_click", "ad_click"): 1,
    }
    share = moves.set_index(["from_event", "to_event"])["share"]
    assert share[("ad_click", "site_visit")] == pytest.approx(0.75)
    assert moves.set_index(["from_event", "to_event"]).loc[
        ("site_visit", "first_purchase"), "median_days"
    ] == pytest.approx(5.0)  # A 1 day, B 9 days: the median of two values is their mean
    loops = journey.repeats_and_loops(tiny).set_index("event_type")
    assert loops.loc[
        "site_visit", ["people_repeating", "direct_repeats", "people_looping"]
    ].tolist() == [1, 0, 1]
    assert loops.loc[
        "ad_click", ["people_repeating", "direct_repeats", "people_looping"]
    ].tolist() == [1, 1, 0]
    steps = journey.step_matrix(tiny, max_steps=5, rare_share=0.0)
    at = steps.set_index(["step", "event_type"])["people"]
    assert at[(1, "ad_click")] == 3 and at[(1, "tv_ad_response")] == 1
    assert at[(5, "first_purchase")] == 1 and at[(5, "path_end")] == 3
    rare = journey.step_matrix(tiny, max_steps=1, rare_share=0.3).set_index("event_type")
    assert rare.loc["other", "people"] == 1  # D's TV response: 1 of 4 people < 30 %


def test_prospect_events_join_the_customer_journey():
    """A won lead's pre-purchase events (lead_id only) join its customer's journey."""
    con = connect()
    con.execute(
        """CREATE TABLE events AS SELECT * FROM (VALUES
             ('E1', NULL, 'L1', TIMESTAMP '2025-01-01', 'ad_click', 'web', NULL),
             ('E2', NULL, 'L1', TIMESTAMP '2025-01-03', 'site_visit', 'web', NULL),
             ('E3', 'C1', NULL, TIMESTAMP '2025-01-05', 'first_purchase', 'online', NULL),
             ('E4', NULL, 'L2', TIMESTAMP '2025-01-02', 'ad_click', 'web', NULL))
           AS t(event_id, customer_id, lead_id, event_time, event_type, channel, stage)"""
    )
    con.execute(
        """CREATE TABLE leads AS SELECT * FROM (VALUES
             ('L1', TIMESTAMP '2025-01-01', 'web_ad', NULL::TIMESTAMP, 'won', 'C1'),
             ('L2', TIMESTAMP '2025-01-02', 'search', NULL::TIMESTAMP, 'lost', NULL))
           AS t(lead_id, created_at, source, first_contact_at, status, customer_id)"""
    )
    con.execute(
        """CREATE TABLE transactions AS SELECT 'O1' AS order_id, 'C1' AS customer_id,
                  DATE '2025-01-05' AS order_date, 5000.0 AS amount, 'online' AS channel"""
    )
    loads = {
        name: TableLoad(name, "test", 1, 1, 0, tuple(con.table(name).columns))
        for name in ["events", "leads", "transactions"]
    }
    ds = Dataset(con, loads, dt.date(2025, 12, 31), dt.date(2026, 1, 1))
    log = journey.build_log(ds)
    people = journey.funnel(log).set_index("stage")["people"]
    assert people[["awareness", "interest", "first_purchase"]].tolist() == [2, 1, 1]
    persons = con.execute(f"SELECT * FROM {log.people} ORDER BY person_id").df()
    assert persons["person_id"].tolist() == ["C1", "lead:L2"]
    assert persons["acquisition_channel"].tolist() == ["web_ad", "search"]  # from the lead
    said = report.data(log).sentences[0]
    assert said.key == "jny_source_events"
    assert said.values == {"people": 2, "prospects": 1, "events": 4}  # L2 never bought


# --- the report sections ------------------------------------------------------------------

NO_WINDOW = JourneyParams(conversion_window_days=0)  # the truth's rates have no window


def values(sec, key):
    """The values of the section's sentence ``key`` (exactly one)."""
    [sentence] = [s for s in sec.sentences if s.key == key]
    return sentence.values


def test_params_refuse_a_broken_stage_model():
    with pytest.raises(ValidationError, match="at least two stages"):
        JourneyParams(stages={"awareness": ["ad_click"]})
    with pytest.raises(ValidationError, match="'ad_click' is in 'awareness' and 'interest'"):
        JourneyParams(stages={"awareness": ["ad_click"], "interest": ["ad_click"]})


def test_funnel_section_names_the_planted_largest_drop_off(log, company):
    sec = report.funnel(log, NO_WINDOW)
    truth = company.truth["journey"]["realised"]
    closed = truth["closed"]  # the closed funnel without a window, counted in numpy
    rates = {k.replace("->", "→"): v for k, v in closed["conversion_rates"].items()}
    worst = min(rates, key=rates.get)  # the lowest realised conversion
    assert worst == "repeat→loyal"
    assert (sec.metrics[m.DROP_OFF_FROM], sec.metrics[m.DROP_OFF_TO]) == ("repeat", "loyal")
    assert sec.metrics[m.DROP_OFF_SHARE] == pytest.approx(1 - rates[worst])
    persons = closed["persons"]
    assert sec.metrics[m.DROP_OFF_LOST] == persons["repeat"] - persons["loyal"]
    assert sec.metrics[m.CONVERSION] == pytest.approx(rates)
    assert sec.metrics[m.STAGE_REACH] == truth["persons"]
    assert sec.metrics[m.CONVERSION_WINDOW_DAYS] == 0
    assert sec.metrics[m.LATE_ENTRANTS] == truth["late_entry"]["people"]
    assert set(sec.metrics[m.CENSORED].values()) == {0}  # no window: nobody censored
    keys = ["jny_window_none", "jny_late_entry", "jny_funnel_text"]
    assert [s.key for s in sec.sentences] == keys
    said = values(sec, "jny_funnel_text")
    assert said["from_stage"] == Code("jny_stage_", "repeat")
    assert (said["entered"], said["reached"]) == (persons["awareness"], persons["loyal"])


def test_time_section_names_the_slowest_and_fastest_step(log, company):
    truth = company.truth["journey"]["realised"]["closed"]["days_to_convert"]
    slow = max(truth, key=lambda k: truth[k]["median"]).split("->")
    fast = min(truth, key=lambda k: truth[k]["median"]).split("->")
    assert (slow, fast) == (["first_purchase", "repeat"], ["interest", "first_purchase"])
    said = values(report.time_to_next_stage(log, NO_WINDOW), "jny_time_text")
    assert [said["slow_from"].value, said["slow_to"].value] == slow
    assert [said["fast_from"].value, said["fast_to"].value] == fast
    assert said["slow_days"] == pytest.approx(truth["first_purchase->repeat"]["median"], abs=0.01)
    assert said["fast_days"] == pytest.approx(truth["interest->first_purchase"]["median"], abs=0.01)


def test_breakdown_section_picks_best_and_worst_group_by_hand(log, company):
    sec = report.breakdowns(log, NO_WINDOW)
    assert sec.transition == "repeat→loyal" == sec.metrics[m.CONVERSION_BY_TRANSITION]
    # repeat -> loyal per acquisition channel, counted in pandas from the generated events
    ev = company.tables["events"]
    first = ev[ev["event_type"] == "second_purchase"].groupby("customer_id")["event_time"].min()
    first = first.drop(late_entrants_by_hand(company), errors="ignore")  # not closed
    loyal = ev[ev["event_type"] == "subscription_start"].groupby("customer_id")["event_time"].min()
    moved = loyal.reindex(first.index) >= first
    channel = company.tables["customers"].set_index("customer_id")["acquisition_channel"]
    by_hand = moved.groupby(channel.reindex(first.index)).mean()
    recorded = sec.metrics[m.CONVERSION_BY["acquisition_channel"]]
    assert recorded == pytest.approx(by_hand.to_dict())
    [part] = [p for p in sec.parts if p.dimension == "acquisition_channel"]
    said = values(part, "jny_breakdown_text")
    assert said["best"] == Code("jny_acq_", by_hand.idxmax())
    assert said["worst"] == Code("jny_acq_", by_hand.idxmin())
    cohorts = sec.metrics[m.CONVERSION_BY["cohort_month"]]
    assert all(len(k) == 7 and k[4] == "-" for k in cohorts)  # YYYY-MM


def test_measures_section_names_the_planted_gap(log, company):
    sec = report.measures(log, JourneyParams())
    gap = company.truth["journey"]["gap_stage"]
    assert sec.metrics[m.GAPS] == [gap]
    assert values(sec, "jny_measures_gaps")["stages"] == Items((Code("jny_stage_", gap),))
    # two programmes within 14 days reach well under half of anyone reached at a stage
    assert sec.metrics[m.DUPLICATED_STAGES] == [] and values(sec, "jny_measures_no_dup") == {}
    low = report.measures(log, JourneyParams(duplication_share=0.1))
    said = values(low, "jny_measures_dup")
    shares = low.metrics[m.DUPLICATION]
    assert gap not in low.metrics[m.DUPLICATED_STAGES]
    top = max(low.metrics[m.DUPLICATED_STAGES], key=shares.get)
    assert said["top"] == Code("jny_stage_", top) and said["share"] == shares[top]
    assert low.metrics[m.PROGRAMMES] == 6  # eight campaigns, three of them one newsletter


def test_every_demo_section_reads_in_both_languages(log):
    params = JourneyParams()
    funnel = report.funnel(log, params)
    sections = [
        report.data(log),
        funnel,
        report.time_to_next_stage(log, params),
        report.breakdowns(log, params, funnel.drop),
        report.steps(log, params),
        report.top_paths(log, params),
        report.variants(log, params),
        report.transitions(log, params),
        report.loops(log, params),
        report.measures(log, params),
        report.between_purchases(log, params),
        report.backwards(log, params),
        report.satisfaction(log, params),
    ]
    sections += sections[3].parts
    for language in LANGUAGES:
        t = Translator(language)
        text = [t.sentence(s) for sec in sections for s in sec.sentences]
        assert len(text) >= 20
        assert not [line for line in text if "{" in line or "jny_" in line]
    ja = Translator("ja").sentence(report.top_paths(log, params).sentences[0])
    assert "「広告クリック → 架電（フォローコール）」" in ja  # a path: its events in order


def test_tiny_log_report_sections(tiny):
    params = JourneyParams(min_variant_people=1, rare_event_share=0.0)
    data = report.data(tiny)
    assert data.metrics[m.PEOPLE] == 4 and data.metrics[m.PROSPECTS] == 0  # all customers
    assert values(data, "jny_source_events")["events"] == len(TINY)
    time = values(report.time_to_next_stage(tiny, params), "jny_time_text")
    # from the latest previous-stage event: awareness -> interest A 2, B 1, C 3 days (C's
    # second click; median 2); interest -> purchase A 1 (its second visit), B 9: median 5
    assert (time["slow_from"].value, time["slow_days"]) == ("interest", 5.0)
    assert (time["fast_from"].value, time["fast_days"]) == ("awareness", 2.0)
    first = values(report.steps(tiny, params), "jny_steps_text")
    assert first["event"] == Code("jny_event_", "ad_click") and first["share"] == 0.75
    best = values(report.variants(tiny, params), "jny_variants_text")
    # A's path is the only one whose every taker converted; 2 of 4 people ever purchased
    steps = ["ad_click", "site_visit", "email_open", "site_visit"]
    assert best["path"] == Items(tuple(Code("jny_event_", e) for e in steps), "path_separator")
    assert (best["conversion"], best["people"], best["overall"]) == (1.0, 1, 0.5)
    moves = values(report.transitions(tiny, params), "jny_transitions_text")
    assert (moves["from_event"].value, moves["to_event"].value, moves["count"]) == (
        "ad_click",
        "site_visit",
        3,
    )
    assert (moves["slow_from"].value, moves["slow_to"].value, moves["slow_days"]) == (
        "site_visit",
        "first_purchase",
        5.0,
    )
    loops = report.loops(tiny, params)
    assert set(loops.tables["loops"].frame["event_type"]) == {"ad_click", "site_visit"}
    # ad clicks reach people in awareness and A's e-mail in interest (1 of 3): no measure
    # reaches the two buyers after their purchase; nobody is in the later stages
    assert report.measures(tiny, params).metrics[m.GAPS] == ["first_purchase"]


def test_transactions_only_report_skips_paths_measures_and_satisfaction():
    log = journey.build_log(load_dataset(load_config(None, ["data.source=cdnow"])))
    params = JourneyParams()
    assert report.data(log).sentences[0].key == "jny_source_transactions"
    assert report.steps(log, params).sentences[0].key == "jny_paths_absent"
    for section in (report.top_paths, report.variants, report.transitions, report.loops):
        sec = section(log, params)
        assert not sec.sentences and not sec.metrics and not sec.tables
    assert report.measures(log, params).sentences[0].key == "jny_measures_absent"
    assert report.satisfaction(log, params).sentences[0].key == "jny_satisfaction_absent"
    breakdowns = report.breakdowns(log, params)
    assert m.CONVERSION_BY["acquisition_channel"] not in breakdowns.metrics
    assert breakdowns.parts[0].sentences[0].key == "jny_breakdown_single"
