"""Mail-order practice sections of the segments report (crm_lib.segments.practice_report):
CPM cells on hand-made customers and against a pandas recount of the demo, deciles, the
F-conversion ladder (F1 -> F2 equal to the independent F2 recount, right-censoring on
hand-made customers) and the segment history's change dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import transactions_dataset

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.i18n import Translator
from crm_lib.metrics import REGISTRY, MetricsRecorder
from crm_lib.money import Money
from crm_lib.notebook import table_html
from crm_lib.params import Business, SegmentsParams
from crm_lib.segments import practice_report as pr
from crm_lib.segments import report
from crm_lib.segments.cpm import CELLS, CpmThresholds, cpm_cells, cpm_migration
from crm_lib.segments.decile import decile_table
from crm_lib.segments.history import segment_history, snapshot_dates
from crm_lib.segments.ladder import f_ladder
from crm_lib.segments.rfm import RfmCutoffs, rfm_scores

N, SEED = 2000, 42  # a smaller demo company, as the test suite's full run uses
END = dt.date(2025, 12, 31)
TH = CpmThresholds(lapse_days=240, early_tenure_days=90, loyal_tenure_days=210, spend=70_000)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )


@pytest.fixture(scope="module")
def tx(ds):
    frame = ds.table("transactions")
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def dataset_of(rows: list[tuple[str, str, float]], end: dt.date = END) -> Dataset:
    """A Dataset holding only hand-made transactions (customer_id, order_date, amount)."""
    return transactions_dataset(rows, end)


def ago(days: int) -> str:
    return (END - dt.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- CPM


def test_cpm_cells_on_hand_made_customers_and_their_boundaries():
    rows = [
        ("first", ago(10), 3_000),  # one purchase day, recent
        ("first_two_orders_one_day", ago(10), 3_000),  # two orders, one day: still 初回
        ("first_two_orders_one_day", ago(10), 2_000),
        ("first_lapsed", ago(240), 3_000),  # exactly 240 days: lapsed
        ("early", ago(89), 2_000),  # span 89 < 90
        ("early", ago(0), 2_000),
        ("steady", ago(100), 30_000),  # span 90 (from 90: not early), spend < 70,000
        ("steady", ago(10), 39_999),
        ("trendy", ago(219), 40_000),  # span 209 < 210, spend 80,000
        ("trendy", ago(10), 40_000),
        ("loyal", ago(220), 40_000),  # span 210, spend 70,000 exactly
        ("loyal", ago(10), 30_000),
        ("loyal_lapsed", ago(600), 50_000),  # span 300, spend 100,000, 300 days ago
        ("loyal_lapsed", ago(300), 50_000),
        ("returned", ago(130), 80_000),  # net 20,000 after the return: steady
        ("returned", ago(20), 20_000),
        ("returned", ago(15), -80_000),
    ]
    cells = cpm_cells(dataset_of(rows), TH).set_index("customer_id")["cell"].to_dict()
    assert cells == {
        "first": "first_active",
        "first_two_orders_one_day": "first_active",
        "first_lapsed": "first_lapsed",
        "early": "early_active",
        "steady": "steady_active",
        "trendy": "trendy_active",
        "loyal": "loyal_active",
        "loyal_lapsed": "loyal_lapsed",
        "returned": "steady_active",
    }


def pandas_cells(tx: pd.DataFrame, end: dt.date, th: CpmThresholds) -> pd.Series:
    """The CPM cell per purchaser, recounted in pandas from the raw transactions."""
    upto = tx[tx["order_date"] <= pd.Timestamp(end)]
    buys = upto[upto["amount"] >= 0]
    g = buys.groupby("customer_id")["order_date"]
    first, last, days = g.min(), g.max(), g.nunique()
    spend = upto.groupby("customer_id")["amount"].sum().reindex(first.index)
    span = (last - first).dt.days
    recency = (pd.Timestamp(end) - last).dt.days
    stage = np.select(
        [
            days <= 1,
            span < th.early_tenure_days,
            spend < th.spend,
            span < th.loyal_tenure_days,
        ],
        ["first", "early", "steady", "trendy"],
        "loyal",
    )
    status = np.where(recency >= th.lapse_days, "lapsed", "active")
    return pd.Series([f"{a}_{b}" for a, b in zip(stage, status, strict=True)], index=first.index)


@pytest.fixture(scope="module")
def cpm(ds):
    return pr.cpm_portfolio(ds, SegmentsParams())


def test_cpm_sizes_and_revenue_match_a_pandas_recount(cpm, tx):
    expected = pandas_cells(tx, END, TH)
    summary = cpm.summary.set_index("cell")
    assert list(summary.index) == list(CELLS)
    counts = expected.value_counts().reindex(list(CELLS), fill_value=0)
    assert summary["customers"].tolist() == counts.tolist()
    spend = tx[tx["order_date"] <= pd.Timestamp(END)].groupby("customer_id")["amount"].sum()
    revenue = spend.reindex(expected.index).groupby(expected).sum()
    np.testing.assert_allclose(summary["revenue"], revenue.reindex(list(CELLS), fill_value=0))
    assert summary["customer_share"].sum() == pytest.approx(1.0)


def test_reactivation_list_holds_every_lapsed_customer_by_spend_without_personal_data(cpm, tx):
    expected = pandas_cells(tx, END, TH)
    lapsed = cpm.artifacts[pr.CPM_LAPSED]
    assert set(lapsed["customer_id"]) == set(expected[expected.str.endswith("_lapsed")].index)
    assert lapsed["spend"].is_monotonic_decreasing
    assert not {"name", "email", "phone"} & set(lapsed.columns)
    assert cpm.metrics[pr.m.CPM_LAPSED] == len(lapsed)


def test_cpm_migration_of_a_customer_trendy_then_loyal():
    rows = [
        ("x", "2025-01-10", 40_000),
        ("x", "2025-04-20", 40_000),  # span 100 days, spend 80,000: trendy from here
        ("x", "2025-08-20", 10_000),  # span 222 days: loyal
        ("y", "2025-10-01", 5_000),  # not yet a customer at the first date
    ]
    small = dataset_of(rows)
    moves = cpm_migration(small, TH, dt.date(2025, 6, 30), END).set_index("customer_id")
    assert moves.loc["x", ["segment_from", "segment_to"]].tolist() == [
        "trendy_active",
        "loyal_active",
    ]
    assert moves.loc["y", "segment_from"] == "not_yet"
    sec = pr.cpm_portfolio(small, SegmentsParams(migration_from=dt.date(2025, 6, 30)))
    said = {s.key: s.values for s in sec.sentences}["seg_cpm_migration_text"]
    assert (said["promoted"], said["new"], said["lapsed"]) == (1, 1, 0)
    assert sec.matrix.loc["trendy_active", "loyal_active"] == 1


# ---------------------------------------------------------------- deciles


def test_deciles_are_ten_equal_groups_summing_to_the_window_revenue(ds, tx):
    table = decile_table(ds, window_months=12)
    start = pd.Timestamp(END) - pd.DateOffset(months=12)
    window = tx[(tx["order_date"] > start) & (tx["order_date"] <= pd.Timestamp(END))]
    buyers = window[window["amount"] >= 0]["customer_id"].unique()
    spend = window.groupby("customer_id")["amount"].sum().reindex(buyers)
    n = len(spend)
    assert table["customers"].sum() == n and len(table) == 10
    assert (table["customers"] - n / 10).abs().max() <= 1
    assert table["revenue_share"].sum() == pytest.approx(1.0)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    top = spend.sort_values(ascending=False).head(int(table["customers"].iloc[0]))
    assert table["revenue"].iloc[0] == pytest.approx(top.sum())
    assert table["revenue"].sum() == pytest.approx(spend.sum())


def test_decile_dominated_by_one_large_order_is_said():
    rows = [("big", ago(5), 200_000)]  # decile 1 with "a": one order is 80 % of it
    for i in range(19):
        rows += [(f"c{i:02d}", ago(10 + 20 * k), 1_000 * (i + 1)) for k in range(5)]
    sec = pr.deciles(dataset_of(rows), SegmentsParams())
    assert sec.table["customers"].tolist() == [2] * 10
    said = [s for s in sec.sentences if s.key == "seg_decile_dominated"]
    assert [s.values["decile"] for s in said] == [1]
    assert said[0].values["order_share"] == pytest.approx(200_000 / 295_000)
    caveat = {s.key: s.values for s in sec.sentences}["seg_decile_top_caveat"]
    assert caveat["one_order"] == 1


# ---------------------------------------------------------------- F-conversion ladder


def pandas_ladder(tx: pd.DataFrame, end: dt.date, days: int, n: int) -> tuple[int, int]:
    """(eligible, converted) of step F_n -> F_n+1, recounted from purchase days."""
    buys = tx[(tx["amount"] >= 0) & (tx["order_date"] <= pd.Timestamp(end))]
    pdays = buys[["customer_id", "order_date"]].drop_duplicates()
    pdays = pdays.sort_values(["customer_id", "order_date"])
    k = pdays.groupby("customer_id").cumcount() + 1
    nth = pdays[k == n].set_index("customer_id")["order_date"]
    nxt = pdays[k == n + 1].set_index("customer_id")["order_date"].reindex(nth.index)
    eligible = nth <= pd.Timestamp(end) - pd.Timedelta(days=days)
    converted = eligible & ((nxt - nth).dt.days <= days)
    return int(eligible.sum()), int(converted.sum())


def test_f1_to_f2_is_the_f2_rate_and_later_steps_match_a_recount(ds, tx):
    business = Business()
    ladder = f_ladder(ds, window_days=business.f2_window_days, max_f=5).set_index("n")
    f2 = report.new_and_existing(ds, business).metrics[report.m.F2_RATE]
    assert ladder.loc[1, "rate"] == pytest.approx(f2, abs=1e-12)
    for n in (1, 2, 3, 4):
        eligible, converted = pandas_ladder(tx, END, business.f2_window_days, n)
        assert (ladder.loc[n, "eligible"], ladder.loc[n, "converted"]) == (eligible, converted)


def test_ladder_by_channel_matches_the_f2_by_channel(ds):
    business = Business()
    by_channel = f_ladder(ds, window_days=180, by="acquisition_channel")
    first = by_channel[by_channel["n"] == 1].set_index("acquisition_channel")["rate"]
    f2 = report.f2_by_channel(ds, business).by_channel.set_index("acquisition_channel")
    f2_rate = f2["f2_rate"].astype(float).sort_index()
    pd.testing.assert_series_equal(first.sort_index(), f2_rate, check_names=False, atol=1e-12)
    cohorts = f_ladder(ds, window_days=180, by="cohort_month")
    step1 = cohorts[cohorts["n"] == 1]
    assert step1["eligible"].sum() == by_channel.loc[by_channel["n"] == 1, "eligible"].sum()


def test_ladder_counts_only_customers_observed_for_the_window():
    rows = [
        ("a", ago(400), 1_000),
        ("a", ago(300), 1_000),  # F2 within 100 d; its 2nd is 300 d old: eligible, no 3rd
        ("b", ago(100), 1_000),  # first only 100 d ago: not yet eligible
        ("c", ago(200), 1_000),
        ("c", ago(10), 1_000),  # F2 after 190 d > 180: not converted; 2nd too recent
    ]
    ladder = f_ladder(dataset_of(rows), window_days=180, max_f=3).set_index("n")
    assert ladder.loc[1, ["reached", "eligible", "converted"]].tolist() == [3, 2, 1]
    assert ladder.loc[2, ["reached", "eligible", "converted"]].tolist() == [2, 1, 0]
    assert ladder.loc[1, "median_days"] == pytest.approx(145)  # (100 + 190) / 2


# ---------------------------------------------------------------- segment history


def test_snapshot_dates_are_month_ends_then_the_observation_end():
    assert snapshot_dates(END, 3) == [dt.date(2025, 10, 31), dt.date(2025, 11, 30), END]
    mid = dt.date(2025, 12, 15)
    assert snapshot_dates(mid, 3) == [dt.date(2025, 10, 31), dt.date(2025, 11, 30), mid]


def test_history_dates_the_last_change_of_hand_made_customers():
    rows = [
        ("x", "2025-01-10", 40_000),
        ("x", "2025-04-20", 40_000),  # trendy (span 100 d) at the April to July month ends
        ("x", "2025-08-20", 10_000),  # loyal (span 222 d) from the August month end
        ("old", "2021-03-01", 2_000),  # lost and first-time lapsed all along
        ("new", "2025-12-05", 3_000),  # first seen at the last snapshot
    ]
    small = dataset_of(rows)
    params = SegmentsParams(history_months=24)
    sec = pr.segment_changes(small, params)
    h = sec.history.set_index("customer_id")
    x = h.loc["x"]
    assert (x["cpm_cell"], x["cpm_cell_previous"]) == ("loyal_active", "trendy_active")
    assert x["cpm_cell_changed_on"] == pd.Timestamp("2025-08-31")
    # RFM: potential loyalists (R3 F2 M4) in July, loyal (F3) from the August month end
    assert (x["segment"], x["segment_previous"]) == ("loyal", "potential_loyalists")
    assert x["segment_changed_on"] == pd.Timestamp("2025-08-31")
    assert pd.isna(h.loc["old", "cpm_cell_previous"]) and pd.isna(
        h.loc["old", "segment_changed_on"]
    )
    assert h.loc["new", "cpm_cell_previous"] == "not_yet"
    assert h.loc["new", "cpm_cell_changed_on"] == pd.Timestamp(END)
    assert sec.metrics[pr.m.HISTORY_CELL_CHANGED] == 1
    business = Business()
    table = report.customer_table(
        report.rfm_segments(small),
        report.fixed_segments(small, params),
        report.ranks(small, business),
        report.clusters(small, params),
        sec,
    ).artifacts
    (frame,) = table.values()
    row = frame.set_index("customer_id").loc["x"]
    assert row["cpm_cell_changed_on"] == pd.Timestamp("2025-08-31")
    assert row["segment_fixed"] == "loyal"


def test_history_current_segment_is_the_segment_of_the_observation_end(ds):
    params = SegmentsParams()
    history = segment_history(ds, RfmCutoffs.of(params), TH, months=6).set_index("customer_id")
    fixed = rfm_scores(ds, END, cutoffs=RfmCutoffs.of(params)).set_index("customer_id")
    cells = cpm_cells(ds, TH).set_index("customer_id")
    assert history.index.equals(fixed.index)
    assert (history["segment"] == fixed["segment"]).all()
    assert (history["cpm_cell"] == cells["cell"]).all()


# ---------------------------------------------------------------- report sections


def test_sections_record_their_metrics_and_read_in_both_languages(ds, cpm):
    params, business = SegmentsParams(), Business()
    sections = [
        cpm,
        pr.deciles(ds, params),
        pr.f_conversion_ladder(ds, params, business),
        pr.segment_changes(ds, params),
    ]
    recorder = MetricsRecorder("segments")  # refuses an undeclared metric
    for sec in sections:
        recorder.record(sec.metrics)
    mine = {p for p in REGISTRY if p.split(".")[1] in {"cpm", "decile", "f_ladder", "history"}}
    assert {metric.path for sec in sections for metric in sec.metrics} == mine
    for language in ("ja", "en"):
        t = Translator(language, Money("JPY", language))
        texts = [t(sec.heading) for sec in sections]
        texts += [t.sentence(s) for sec in sections for s in sec.sentences]
        texts += [table_html(tab, t) for sec in sections for tab in sec.tables.values()]
        for code in ("_active", "_lapsed", "not_yet", "web_ad", "sample_campaign", "{"):
            assert not any(code in text for text in texts), (language, code)


def test_history_with_an_observation_end_inside_a_month():
    rows = [("x", "2025-11-10", 3_000), ("x", "2025-12-05", 3_000), ("y", "2025-10-01", 1_000)]
    end = dt.date(2025, 12, 15)
    h = segment_history(dataset_of(rows, end), RfmCutoffs.of(), TH, months=3)
    h = h.set_index("customer_id")
    assert (h.loc["x", "cpm_cell"], h.loc["x", "cpm_cell_previous"]) == (
        "early_active",
        "first_active",
    )
    assert h.loc["x", "cpm_cell_changed_on"] == pd.Timestamp(end)
    assert pd.isna(h.loc["y", "cpm_cell_changed_on"])  # first-time, active at all three dates
