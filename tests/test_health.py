"""Data-health figures equal an independent pandas computation on the demo company."""

from __future__ import annotations

import pandas as pd
import pytest

from crm_lib import health
from crm_lib.config import load_config
from crm_lib.contract import TABLES
from crm_lib.dataset import load_dataset
from crm_lib.demo import generate_demo

N, SEED = 1000, 3
BY_DESIGN = [(t.name, c.name) for t in TABLES.values() for c in t.columns if c.empty_means]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )


@pytest.fixture(scope="module")
def tables():
    return generate_demo(n_customers=N, seed=SEED).tables


@pytest.fixture(scope="module")
def tx(tables):
    return tables["transactions"]


def test_headline(ds, tx):
    head = health.headline(ds)
    assert head["customers"] == tx["customer_id"].nunique()
    assert head["transactions"] == len(tx)
    assert head["revenue"] == pytest.approx(tx["amount"].sum(), abs=0.01)
    assert pd.Timestamp(head["first_order_date"]) == tx["order_date"].min()
    assert pd.Timestamp(head["last_order_date"]) == tx["order_date"].max()


def test_monthly_activity(ds, tx):
    monthly = health.monthly_activity(ds).set_index("month")
    month = tx["order_date"].dt.to_period("M").dt.to_timestamp()
    sales = tx[tx["amount"] >= 0]
    assert monthly["orders"].sum() == len(sales)
    assert monthly["returns"].sum() == (tx["amount"] < 0).sum()
    revenue = tx.groupby(month)["amount"].sum()
    assert monthly["revenue"].to_numpy() == pytest.approx(revenue.to_numpy())
    firsts = sales.groupby("customer_id")["order_date"].min().dt.to_period("M").value_counts()
    expected = firsts.sort_index().to_numpy()
    assert monthly.loc[monthly["new_customers"] > 0, "new_customers"].to_numpy().tolist() == (
        expected.tolist()
    )


def test_returns_missing_and_duplicates(ds, tx, tables):
    returns = health.returns_summary(ds)
    assert returns["share_of_rows"] == pytest.approx((tx["amount"] < 0).mean())
    gross = tx.loc[tx["amount"] >= 0, "amount"].sum()
    assert returns["share_of_sales"] == pytest.approx(
        -tx.loc[tx["amount"] < 0, "amount"].sum() / gross
    )
    missing = health.missing_values(ds).set_index(["table", "column"])["missing"]
    subs = tables["subscriptions"]
    assert missing[("subscriptions", "end_date")] == subs["end_date"].isna().sum()
    assert ("transactions", "is_return") not in missing.index  # derived, not provided
    dup = tx.duplicated(["customer_id", "order_date", "amount"]).sum()
    assert health.possible_duplicate_orders(ds) == dup
    assert health.customer_coverage(ds) == pytest.approx(1.0)


def test_overview_marks_absent_tables():
    cdnow = load_dataset(load_config(None, ["data.source=cdnow"]))
    overview = health.table_overview(cdnow).set_index("table")
    assert overview.loc["transactions", "present"] and overview.loc["transactions", "rows"] == 6919
    assert not overview.loc["customers", "present"]
    assert health.customer_coverage(cdnow) is None


def test_sections_cite_the_months_and_columns_pandas_finds(ds, tx, tables):
    from crm_lib.health import report

    month = tx["order_date"].dt.to_period("M")
    (peak,) = report.monthly(ds).sentences
    assert (
        pd.Timestamp(peak.values["month"]).to_period("M")
        == tx.groupby(month)["amount"].sum().idxmax()
    )
    assert peak.values["revenue"] == pytest.approx(tx.groupby(month)["amount"].sum().max())
    quality = report.quality(ds)
    (by_design,) = [s.values for s in quality.sentences if s.key == "health_by_design_text"]
    shares = pd.Series(
        {(t, c): tables[t][c].isna().mean() for t, c in BY_DESIGN if c in tables.get(t, {})}
    )
    assert shares.max() == pytest.approx(by_design["share"])
    assert (by_design["table"].value, by_design["column"].value) == shares.idxmax()


def test_by_design_empties_are_not_flagged_on_the_demo(ds, tables):
    """Prospects without a customer id, running subscriptions without an end date ... are
    by design: counted apart, never as gaps; the demo has no other empty cells."""
    from crm_lib.charts.health import plot_missing_values
    from crm_lib.health import report
    from crm_lib.i18n import Translator
    from crm_lib.metrics import health as m

    quality = report.quality(ds)
    assert quality.metrics[m.MISSING_CELLS] == 0
    expected = sum(int(tables[t][c].isna().sum()) for t, c in BY_DESIGN if c in tables.get(t, {}))
    assert expected > 10_000 and quality.metrics[m.BY_DESIGN_EMPTY_CELLS] == expected
    assert "health_missing_text" not in [s.key for s in quality.sentences]
    shown = quality.tables["missing"].frame
    assert all(label.key == "health_missing_by_design" for label in shown["status"])
    (bars,) = plot_missing_values(quality.missing, Translator("ja")).data
    assert "見込み客・顧客ID" in bars.y
    assert not [y for y in bars.y if any(n in y for n in ("customer_id", "end_date", "_"))]


def test_the_demo_passes_every_consistency_check(ds):
    from crm_lib.health import report
    from crm_lib.metrics import health as m
    from crm_lib.params import HealthParams

    sec = report.consistency(ds, HealthParams())
    assert [f for f in sec.findings if f.found] == []
    assert sec.metrics[m.CHECK_PROBLEMS] == 0
    assert {f.check for f in sec.findings} == {
        "unmatched_returns",
        "orphans",
        "month_gaps",
        "extreme_amounts",
        "code_renames",
    }
    assert sum(len(cols) for cols in sec.metrics[m.ORPHAN_ROWS].values()) == 7  # keys checked


def test_tables_section_names_absent_tables_in_the_page_language():
    from crm_lib.health import report
    from crm_lib.i18n import Translator

    cdnow = load_dataset(load_config(None, ["data.source=cdnow"]))
    sec = report.tables(cdnow)
    absent = next(s for s in sec.sentences if s.key == "health_tables_absent")
    assert (
        Translator("ja").sentence(absent).startswith("次のテーブルはありません：顧客マスタ、定期便")
    )
    assert "Customers, Subscriptions" in Translator("en").sentence(absent)
