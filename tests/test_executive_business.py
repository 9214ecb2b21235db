"""The executive page's monthly business figures (crm_lib.executive.business): CDNOW's months
against a pandas recount of the raw transactions, a hand-worked example for new, existing,
active and dormant customers and reactivations, the comparisons, and the index's order and
warning on old data."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, transactions_dataset

from crm_lib.cdnow import load_cdnow
from crm_lib.charts.executive import plot_business_months
from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.executive import blocks, report
from crm_lib.executive import business as biz
from crm_lib.i18n import Translator
from crm_lib.metrics import executive as m
from crm_lib.money import Amount, Money
from crm_lib.notebook import table_html
from crm_lib.params import Business
from crm_lib.report import PageInfo, render_index
from crm_lib.section import Label

CDNOW = ROOT / "configs" / "cdnow.yaml"
USD = Translator("en", Money("USD", "en"))


@pytest.fixture(scope="module")
def cdnow():
    config = load_config(CDNOW)
    return config, load_dataset(config)


@pytest.fixture(scope="module")
def raw():
    """The CDNOW sample as shipped, for the recount."""
    return load_cdnow("sample").assign(order_date=lambda d: pd.to_datetime(d["order_date"]))


def _month(tx: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    d = tx["order_date"]
    return tx[(d.dt.year == year) & (d.dt.month == month)]


def _row(figures: biz.BusinessMonths, month: dt.date) -> pd.Series:
    return figures.frame.set_index("month").loc[month]


def test_latest_complete_month():
    assert biz.latest_complete_month(dt.date(1998, 6, 30)) == dt.date(1998, 6, 1)
    assert biz.latest_complete_month(dt.date(2025, 12, 30)) == dt.date(2025, 11, 1)
    assert biz.latest_complete_month(dt.date(2025, 1, 15)) == dt.date(2024, 12, 1)
    assert biz.latest_complete_month(dt.date(2024, 2, 29)) == dt.date(2024, 2, 1)


def test_cdnow_months_match_a_pandas_recount(cdnow, raw):
    """Revenue, orders, buyers of 1998-06 and 1998-05 and the year-before month, from a
    groupby of the raw file; the dormancy is the churn window (210 days on CDNOW)."""
    config, ds = cdnow
    days = biz.dormancy_days(ds, config.params.churn, config.business)
    figures = biz.monthly_figures(ds, days)
    assert figures.latest == dt.date(1998, 6, 1) and len(figures.frame) == 13
    for year, month in ((1998, 6), (1998, 5), (1997, 6)):
        part, row = _month(raw, year, month), _row(figures, dt.date(year, month, 1))
        assert row["revenue"] == pytest.approx(part["amount"].sum(), abs=1e-6)
        assert row["orders"] == (part["amount"] >= 0).sum()
        assert row["buyers"] == part["customer_id"].nunique()
        assert row["aov"] == pytest.approx(part["amount"].sum() / len(part))
    june = _month(raw, 1998, 6)["amount"].sum()
    may, year_ago = _month(raw, 1998, 5)["amount"].sum(), _month(raw, 1997, 6)["amount"].sum()
    table = biz.comparisons(figures).set_index("figure")
    assert table.at["revenue", "mom"] == pytest.approx(june / may)  # 5,590.87 / 6,378.14
    assert table.at["revenue", "yoy"] == pytest.approx(june / year_ago)
    assert table.at["revenue", "previous"] == pytest.approx(may)


def test_cdnow_customer_stocks_match_a_pandas_recount(cdnow, raw):
    """Active and dormant customers at 1998-06-30 and June's reactivations, recounted from
    each customer's purchase days with the same threshold."""
    config, ds = cdnow
    days = biz.dormancy_days(ds, config.params.churn, config.business)
    row = _row(biz.monthly_figures(ds, days), dt.date(1998, 6, 1))
    end = pd.Timestamp("1998-06-30")
    bought = raw[(raw["amount"] >= 0) & (raw["order_date"] <= end)]
    last = bought.groupby("customer_id")["order_date"].max()
    active = int(((end - last).dt.days < days).sum())
    assert row["active_customers"] == active
    assert row["dormant_customers"] == len(last) - active
    purchase_days = (
        bought[["customer_id", "order_date"]]
        .drop_duplicates()
        .sort_values(["customer_id", "order_date"])
    )
    gap = purchase_days.groupby("customer_id")["order_date"].diff().dt.days
    in_june = purchase_days["order_date"].dt.to_period("M") == pd.Period("1998-06")
    back = purchase_days.loc[in_june & (gap > days), "customer_id"].nunique()
    assert row["reactivated_customers"] == back > 0


def test_cdnow_new_customers_of_a_month(cdnow, raw):
    """New customers of 1997-03 (CDNOW's cohort first bought in Q1 1997) and their revenue:
    first purchase in the month, recounted; none in 1998."""
    config, ds = cdnow
    figures = biz.monthly_figures(ds, 210, latest=dt.date(1997, 3, 1), months=3)
    first = raw[raw["amount"] >= 0].groupby("customer_id")["order_date"].min()
    new = set(first.index[first.dt.to_period("M") == pd.Period("1997-03")])
    march = _month(raw, 1997, 3)
    row = _row(figures, dt.date(1997, 3, 1))
    assert row["new_customers"] == len(new) > 0
    new_revenue = march.loc[march["customer_id"].isin(new), "amount"].sum()
    assert row["new_revenue"] == pytest.approx(new_revenue)
    assert row["existing_revenue"] == pytest.approx(march["amount"].sum() - new_revenue)
    assert row["existing_customers"] == march["customer_id"].nunique() - len(new)
    june = _row(biz.monthly_figures(ds, 210), dt.date(1998, 6, 1))
    assert june["new_customers"] == 0


def test_dormancy_is_the_churn_window(cdnow, raw):
    """business.churn_window_days when set; when 0, the churn report's rule: the 90 %
    quantile of the days between a customer's purchase days, rounded up to 30 days."""
    config, ds = cdnow
    bought = raw[raw["amount"] >= 0][["customer_id", "order_date"]].drop_duplicates()
    gaps = bought.sort_values("order_date").groupby("customer_id")["order_date"].diff()
    expected = math.ceil(np.quantile(gaps.dropna().dt.days, 0.9) / 30) * 30
    assert config.business.churn_window_days == 0
    assert biz.dormancy_days(ds, config.params.churn, config.business) == expected == 210
    fixed = config.business.model_copy(update={"churn_window_days": 45})
    assert biz.dormancy_days(ds, config.params.churn, fixed) == 45


# Hand-worked month: June 2025, dormancy 90 days.
HAND = [
    ("A", "2025-01-10", 100),
    ("A", "2025-06-15", 200),  # 156 days after A's last purchase: reactivated in June
    ("B", "2025-03-01", 50),
    ("B", "2025-05-30", 60),  # exactly 90 days: not longer than the threshold, not back
    ("B", "2025-06-20", 70),
    ("C", "2025-03-31", 40),  # 91 quiet days at 06-30: dormant
    ("D", "2025-04-01", 30),  # 90 quiet days at 06-30: dormant (active at 05-31)
    ("E", "2025-06-01", 1000),  # new in June
    ("E", "2025-06-05", -500),  # a return: net revenue, no order
    ("F", "2025-02-01", 80),
    ("F", "2025-06-10", -80),  # an existing customer's return, no purchase in June
    ("G", "2025-06-30", 10),  # new, two orders on one day
    ("G", "2025-06-30", 15),
]
JUNE = {
    "revenue": 715.0,  # 200 + 70 + 1000 - 500 - 80 + 10 + 15
    "orders": 5,  # A, B, E, G x2
    "aov": 143.0,
    "buyers": 4,
    "new_customers": 2,  # E, G
    "new_revenue": 525.0,  # 500 + 25
    "existing_customers": 2,  # A, B
    "existing_revenue": 190.0,  # 200 + 70 - 80
    "active_customers": 4,  # A, B, E, G: a purchase in (04-01, 06-30]
    "dormant_customers": 3,  # C, D, F
    "reactivated_customers": 1,  # A
}
MAY = {"revenue": 60.0, "orders": 1, "active_customers": 3, "dormant_customers": 2}


@pytest.fixture(scope="module")
def hand():
    return transactions_dataset(HAND, dt.date(2025, 6, 30))


def test_hand_made_month(hand):
    figures = biz.monthly_figures(hand, 90)
    june, may = _row(figures, dt.date(2025, 6, 1)), _row(figures, dt.date(2025, 5, 1))
    for figure, value in JUNE.items():
        assert june[figure] == pytest.approx(value), figure
    for figure, value in MAY.items():
        assert may[figure] == pytest.approx(value), figure
    assert may["reactivated_customers"] == 0  # B's 90-day gap is not longer than 90 days
    assert not _row(figures, dt.date(2025, 1, 1))["covered"]  # the data starts on 01-10
    assert math.isnan(_row(figures, dt.date(2025, 1, 1))["revenue"])


def test_hand_made_section_compares_and_names_the_largest_move(hand):
    """MoM = this ÷ previous month; YoY "—" without a month a year before; the sentence
    names the largest move (revenue 60 -> 715); amounts stay amounts in the table."""
    sec = report.business_figures(hand, Business(churn_window_days=90), _churn_params())
    assert sec.dormancy_days == 90
    table = sec.figures.set_index("figure")
    assert table.at["revenue", "mom"] == pytest.approx(715 / 60)
    assert table.at["active_customers", "mom"] == pytest.approx(4 / 3)
    assert pd.isna(table.at["new_customers", "mom"])  # none in May
    assert table["yoy"].isna().all()
    keys = [s.key for s in sec.sentences]
    assert keys == ["exec_biz_period", "exec_biz_dormancy", "exec_biz_no_year", "exec_biz_move"]
    move = sec.sentences[-1].values
    assert move["figure"] == Label("exec_biz_fig_revenue")
    assert move["previous"] == Amount(60) and isinstance(move["value"], Amount)
    assert sec.sentences[1].values["basis"] == Label("exec_biz_basis_fixed")
    page = table_html(sec.tables["figures"], USD)
    assert "$715.00" in page and "$60.00" in page and "—" in page
    cells = sec.tables["figures"].frame.set_index(sec.figures["figure"])
    assert isinstance(cells.at["aov", "value"], Amount)
    assert sec.metrics[m.BUSINESS_REVENUE] == 715.0
    assert sec.metrics[m.BUSINESS_MOM]["orders"] == 5.0
    assert sec.metrics[m.BUSINESS_YOY]["revenue"] is None
    assert sec.metrics[m.BUSINESS_MONTH] == dt.date(2025, 6, 1)
    panel = blocks.business_panel(sec, Translator("ja", Money("JPY", "ja")))
    assert "前月比 1191.7%（前月 60円）" in panel and "前年同月比 —（前年同月 —）" in panel


def test_chart_stacks_new_and_existing_revenue(hand):
    sec = report.business_figures(hand, Business(churn_window_days=90), _churn_params())
    fig = plot_business_months(sec.months, USD)
    bars = {trace.name: list(trace.y) for trace in fig.data if trace.type == "bar"}
    june = [a + b for a, b in zip(*bars.values(), strict=True)][-1]
    assert june == pytest.approx(715.0)
    assert fig.data[0].x[0] == "2025-02"  # January is not covered by the data


def _churn_params():
    return load_config(None).params.churn


INFO = PageInfo(
    "cdnow", "r1", "en", dt.date(1997, 1, 1), dt.date(1998, 6, 30), dt.datetime(2026, 12, 2)
)


def test_index_warns_when_the_data_is_old():
    entry = {"name": "executive", "title": "Executive", "href": None, "status": "succeeded"}
    entries = [entry | {"seconds": 1.0, "error": None}]
    old = render_index(INFO, entries, "succeeded", 10_382)
    assert "Warning: the data ends on 1998-06-30, 10,382 days before this run" in old
    assert 'role="alert"' in old
    fresh = render_index(INFO, entries, "succeeded", 60)
    assert "Warning" not in fresh and "Days since the last data: 60" in fresh


def test_cdnow_index_lists_the_executive_summary_first_and_warns(cdnow_run):
    out, _ = cdnow_run
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert index.index('href="executive.html"') < index.index('href="data_health.html"')
    assert "the figures describe that period, not now" in index.lower()
