"""Consistency checks of the data-health report, each on a hand-made dataset with a
planted problem it must count exactly, and on the same dataset without it, where it must
find nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_lib.charts.health import plot_monthly_activity
from crm_lib.contract import TABLES, Kind
from crm_lib.dataset import Dataset, TableLoad
from crm_lib.engine import connect
from crm_lib.health import (
    code_renames,
    extreme_amounts,
    extreme_threshold,
    month_gaps,
    monthly_activity,
    orphans,
    report,
    unmatched_returns,
)
from crm_lib.i18n import LABELS, Translator
from crm_lib.metrics import health as m
from crm_lib.params import HealthParams

P = HealthParams()
MONTHS = pd.period_range("2024-01", "2024-12", freq="M")
CUSTOMERS = [f"C{i:02d}" for i in range(1, 21)]


def load(**frames: pd.DataFrame) -> Dataset:
    """A Dataset of hand-made canonical tables: each column in its contract type."""
    con = connect()
    loads = {}
    for name, frame in frames.items():
        typed = frame.copy()
        for column in typed:
            kind = TABLES[name].column(column).kind
            if kind in (Kind.DATE, Kind.TIMESTAMP):
                typed[column] = pd.to_datetime(typed[column])
                if kind == Kind.DATE:
                    typed[column] = typed[column].dt.date
            elif kind == Kind.NUMBER:
                typed[column] = typed[column].astype(float)
        con.register("_frame", typed)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")
        loads[name] = TableLoad(name, "hand-made", len(typed), len(typed), 0, tuple(typed.columns))
    end = frames["transactions"]["order_date"].max()
    return Dataset(con, loads, end, end)


def orders(rows: list[tuple], start: int = 1) -> pd.DataFrame:
    """Transactions from (customer, ISO date, amount[, channel]) tuples."""
    frame = pd.DataFrame(
        [(*r, "web")[:4] for r in rows], columns=["customer_id", "order_date", "amount", "channel"]
    )
    frame.insert(0, "order_id", [f"O{i:04d}" for i in range(start, start + len(frame))])
    frame["order_date"] = pd.to_datetime(frame["order_date"]).dt.date
    return frame


def monthly_orders(channel_of=lambda month, i: "web", skip=()) -> list[tuple]:
    """Every customer buys on the 10th of every month of 2024 (but ``skip``), for
    1,000-5,750 in steps of 250; ``channel_of(month, customer index)`` picks the channel."""
    return [
        (c, f"{month}-10", 1000 + 250 * i, channel_of(month, i))
        for month in MONTHS
        if str(month) not in skip
        for i, c in enumerate(CUSTOMERS)
    ]


# --- returns without a matching purchase --------------------------------------------


def returns_dataset(planted: bool) -> Dataset:
    rows = monthly_orders()
    rows += [("C01", "2024-03-20", -1000), ("C02", "2024-06-15", -400)]  # both match
    if planted:
        rows += [
            ("X1", "2024-05-01", -500),  # the customer never bought
            ("C01", "2024-05-20", -1500),  # more than any purchase of C01 (1,000)
            ("C03", "2024-01-05", -1200),  # C03's first purchase comes after (2024-01-10)
        ]
    return load(transactions=orders(rows))


def test_unmatched_returns_counts_each_planted_return():
    found = unmatched_returns(returns_dataset(planted=True), P)
    assert found.count == 3 and found.values["returns"] == 5
    assert found.sample == ("O0243", "O0244", "O0245")  # order ids of the planted rows


def test_matched_returns_and_the_return_window():
    assert unmatched_returns(returns_dataset(planted=False), P).count == 0
    rows = [*monthly_orders(), ("C05", "2025-02-01", -2000)]  # C05 bought 2,000 up to 2024-12
    ds = load(transactions=orders(rows))
    assert unmatched_returns(ds, P).count == 0  # 2024-12-10 is 53 days before
    assert unmatched_returns(ds, P.model_copy(update={"return_window_days": 30})).count == 1


# --- orphans -----------------------------------------------------------------------


def orphan_dataset(planted: bool) -> Dataset:
    bad = (lambda good, wrong: wrong) if planted else (lambda good, wrong: good)
    customers = pd.DataFrame({"customer_id": [*CUSTOMERS, "M1"]})  # M1: never bought
    tx = orders([*monthly_orders(), ("T1", "2024-06-01", 900)])  # T1: not in customers
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3"],
            "created_at": ["2024-01-01 09:00"] * 3,
            "customer_id": ["C01", None, bad("C02", "Z9")],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(6)],
            "customer_id": ["C01", "M1", "T1", None, bad("C03", "Z1"), bad("C04", "Z1")],
            "lead_id": [None, None, None, "L1", None, bad(None, "L7")],
            "event_time": ["2024-02-01 10:00"] * 6,
            "event_type": ["site_visit"] * 6,
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["C01", "C02", bad("C03", "Z2"), bad("C04", "Z3")],
            "campaign_id": ["K1"] * 4,
            "sent_at": ["2024-03-01 09:00"] * 4,
        }
    )
    subscriptions = pd.DataFrame(
        {
            "subscription_id": ["S1", "S2"],
            "customer_id": ["C01", bad("C02", "Z4")],
            "start_date": ["2024-01-01", "2024-02-01"],
            "end_date": [None, None],  # by design: still running
        }
    )
    feedback = pd.DataFrame(
        {
            "feedback_id": ["F1", "F2"],
            "customer_id": ["C01", "M1"],
            "created_at": ["2024-04-01 12:00"] * 2,
            "text": ["良い", "普通"],
        }
    )
    answers = pd.DataFrame(
        {"feedback_id": ["F1", "F2", bad("F1", "F9")], "question": ["q1"] * 3, "answer": [5, 4, 3]}
    )
    return load(
        transactions=tx,
        customers=customers,
        leads=leads,
        events=events,
        contacts=contacts,
        subscriptions=subscriptions,
        feedback=feedback,
        survey_answers=answers,
    )


def test_orphans_per_table_and_key_with_exact_counts():
    found = {(f.table, f.column): f for f in orphans(orphan_dataset(planted=True), P)}
    counts = {key: (f.count, f.values["keys"], f.sample) for key, f in found.items()}
    assert counts == {
        ("events", "customer_id"): (2, 1, ("Z1",)),
        ("events", "lead_id"): (1, 1, ("L7",)),
        ("contacts", "customer_id"): (2, 2, ("Z2", "Z3")),
        ("subscriptions", "customer_id"): (1, 1, ("Z4",)),
        ("feedback", "customer_id"): (0, 0, ()),
        ("leads", "customer_id"): (1, 1, ("Z9",)),
        ("survey_answers", "feedback_id"): (1, 1, ("F9",)),
    }


def test_no_orphans_when_every_key_is_known():
    # a customer known only from the customers table (M1) or only from transactions (T1)
    # is known; empty ids (prospects' events) are by design, not orphans
    assert all(f.count == 0 for f in orphans(orphan_dataset(planted=False), P))


def test_orphans_without_a_customers_table_use_the_buyers():
    events = pd.DataFrame(
        {
            "customer_id": ["C01", "Q1"],
            "event_time": ["2024-02-01 10:00"] * 2,
            "event_type": ["site_visit"] * 2,
        }
    )
    (found,) = orphans(load(transactions=orders(monthly_orders()), events=events), P)
    assert (found.table, found.column, found.count, found.sample) == (
        "events",
        "customer_id",
        1,
        ("Q1",),
    )


# --- months without orders --------------------------------------------------------------


def test_month_gaps_are_listed_and_charted_as_zero():
    rows = [*monthly_orders(skip=("2024-04", "2024-05")), ("C01", "2024-05-03", -1000)]
    ds = load(transactions=orders(rows))
    found = month_gaps(ds, P)
    assert (found.count, found.sample) == (2, ("2024-04", "2024-05"))  # a return is no order
    monthly = monthly_activity(ds).set_index("month")
    assert len(monthly) == 12
    assert monthly.loc[pd.Timestamp("2024-04-01"), ["orders", "revenue", "returns"]].tolist() == [
        0,
        0,
        0,
    ]
    assert monthly.loc[pd.Timestamp("2024-05-01"), ["orders", "returns"]].tolist() == [0, 1]
    fig = plot_monthly_activity(monthly.reset_index(), Translator("en"))
    orders_line = next(tr for tr in fig.data if tr.name == "Orders")
    assert list(orders_line.y[3:5]) == [0, 0]  # drawn at zero, not skipped


def test_no_month_gaps_in_a_full_year():
    ds = load(transactions=orders(monthly_orders()))
    assert month_gaps(ds, P).count == 0 and len(monthly_activity(ds)) == 12


# --- extreme amounts -----------------------------------------------------------------


def test_extreme_amounts_follow_the_log_iqr_rule():
    rows = [*monthly_orders(), ("C01", "2024-06-11", 2_500_000), ("C02", "2024-07-02", -900_000)]
    ds = load(transactions=orders(rows))
    logs = np.log([r[2] for r in rows if r[2] > 0])
    q1, q3 = np.quantile(logs, [0.25, 0.75])
    expected = np.exp(q3 + 3.0 * (q3 - q1))
    assert extreme_threshold(ds, P) == pytest.approx(expected, abs=0.01)
    assert 5750 < expected < 900_000  # both planted amounts are beyond it, no other
    found = extreme_amounts(ds, P)
    assert (found.count, found.sample) == (2, ("O0241", "O0242"))  # the largest first


def test_no_extreme_amounts_in_ordinary_orders_and_too_few_to_judge():
    ds = load(transactions=orders(monthly_orders()))
    assert extreme_amounts(ds, P).count == 0
    few = load(transactions=orders([("C01", "2024-01-02", 1000), ("C02", "2024-01-03", 9e6)]))
    assert extreme_threshold(few, P) is None and extreme_amounts(few, P).count == 0


# --- codes renamed part-way ------------------------------------------------------------


def renamed(month, i):
    """'web' until June, 'online' from July (half the customers); the rest by phone."""
    if i >= 10:
        return "phone"
    return "web" if month < pd.Period("2024-07", "M") else "online"


def test_a_renamed_channel_is_paired_with_its_successor():
    ds = load(transactions=orders(monthly_orders(renamed)))
    (found,) = [f for f in code_renames(ds, P) if f.column == "channel"]
    assert (found.count, found.sample, found.values["pairs"]) == (
        1,
        ("web → online",),
        [("web", "online", "2024-07")],
    )


def test_codes_that_only_start_or_stay_are_no_rename():
    def new_code(month, i):  # 'sms' starts in July as one customer of 20; 'web' stays
        return "sms" if i == 0 and month >= pd.Period("2024-07", "M") else "web"

    def moved(month, i):  # 'web' (half) stops in June; from July 4 of 20 by 'sms' (a fifth)
        if month < pd.Period("2024-07", "M"):
            return "web" if i < 10 else "phone"
        return "sms" if i < 4 else "phone"

    for channel_of in (lambda month, i: "web", new_code, moved):
        ds = load(transactions=orders(monthly_orders(channel_of)))
        assert [f.count for f in code_renames(ds, P)] == [0]


# --- the section and the contract ----------------------------------------------------------


def test_section_says_each_finding_and_records_its_count():
    rows = [*monthly_orders(renamed, skip=("2024-04",)), ("X1", "2024-05-01", -500)]
    rows += [("C01", "2024-06-11", 2_500_000)]
    sec = report.consistency(load(transactions=orders(rows)), P)
    keys = [s.key for s in sec.sentences]
    assert keys == [
        "health_unmatched_returns",
        "health_month_gaps",
        "health_extreme_amounts",
        "health_code_renames",
    ]
    assert sec.metrics[m.UNMATCHED_RETURNS] == 1 and sec.metrics[m.MONTH_GAPS] == 1
    assert sec.metrics[m.EXTREME_AMOUNTS] == 1 and sec.metrics[m.CODE_RENAMES] == 1
    assert sec.metrics[m.CHECK_PROBLEMS] == 4 and sec.metrics[m.ORPHAN_ROWS] == {}
    ja = Translator("ja")
    assert ja.sentence(sec.sentences[1]).startswith("観測期間の途中に、注文が1件もない月が1か月")
    assert "「web」がなくなり、2024-07から" in ja.sentence(sec.sentences[3])


def test_every_by_design_empty_has_its_meaning_in_both_languages():
    declared = [
        (t.name, c) for t in TABLES.values() for c in t.columns if c.empty_means is not None
    ]
    assert ("leads", "customer_id") in {(t, c.name) for t, c in declared}
    assert ("subscriptions", "end_date") in {(t, c.name) for t, c in declared}
    for table, column in declared:
        label = LABELS[f"health_empty_{table}_{column.name}"]
        assert label["en"] == column.empty_means and label["ja"]
    names = {c.name for t in TABLES.values() for c in t.columns}
    assert all(f"health_col_{n}" in LABELS for n in names)
