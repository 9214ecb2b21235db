"""The data-health report, section by section: dataset in, :class:`Section` out.

Each function computes its figures (:mod:`crm_lib.health.checks`), picks the values its
sentences cite, declares its metrics (:mod:`crm_lib.metrics.health`) and artifacts. The
notebook ``00_data_health`` shows, says and records them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crm_lib import artifacts
from crm_lib.contract import TABLES
from crm_lib.dataset import Dataset
from crm_lib.health import checks
from crm_lib.metrics import health as m
from crm_lib.money import Amount
from crm_lib.section import Code, Column, Items, Section, Table


def overview(ds: Dataset) -> Section:
    """Customers, transactions, period and net revenue in one sentence."""
    head = checks.headline(ds)
    sec = Section(heading="health_overview")
    sec.say("health_headline", **(head | {"revenue": Amount(head["revenue"])}))
    sec.metrics = {
        m.CUSTOMERS: head["customers"],
        m.TRANSACTIONS: head["transactions"],
        m.FIRST_ORDER_DATE: head["first_order_date"],
        m.LAST_ORDER_DATE: head["last_order_date"],
        m.REVENUE: head["revenue"],
    }
    return sec


def tables(ds: Dataset) -> Section:
    """Every present table with its rows and dates; absent tables, customer coverage and
    orders left out after the observation end in words."""
    overview_ = checks.table_overview(ds)
    present = overview_[overview_["present"]]
    sec = Section(heading="health_tables")
    sec.tables["tables"] = Table(
        present,
        {
            "table": Column("table", "code:table_"),
            "rows": Column("rows", "count"),
            "rows_after_end": Column("rows_after_end", "count"),
            "first_date": Column("first_date"),
            "last_date": Column("last_date"),
            "source": Column("source"),
        },
    )
    absent = [name for name in TABLES if not ds.has(name)]
    if absent:
        sec.say("health_tables_absent", tables=Items(tuple(Code("table_", n) for n in absent)))
    else:
        sec.say("health_all_tables")
    coverage = checks.customer_coverage(ds)
    if coverage is not None:
        sec.say("health_customer_coverage", share=coverage)
    after_end = ds.loads["transactions"].rows_after_observation_end
    key = "health_after_end" if after_end else "health_none_after_end"
    sec.say(key, rows=after_end, end=ds.observation_end)
    sec.metrics = {
        m.TABLES: {name: load.rows_used for name, load in ds.loads.items()},
        m.ROWS_AFTER_OBSERVATION_END: after_end,
    }
    if coverage is not None:
        sec.metrics[m.CUSTOMER_COVERAGE] = coverage
    return sec


@dataclass(kw_only=True)
class MonthlySection(Section):
    monthly: pd.DataFrame  # per month: orders, revenue, returns, new_customers


def monthly(ds: Dataset) -> MonthlySection:
    """Activity per month, and the months revenue and new customers peaked."""
    frame = checks.monthly_activity(ds)
    sec = MonthlySection(heading="health_monthly", monthly=frame)
    peak = frame.loc[frame["revenue"].idxmax()]
    peak_new = frame.loc[frame["new_customers"].idxmax()]
    sec.say(
        "health_peak",
        month=peak["month"],
        revenue=Amount(peak["revenue"]),
        new_month=peak_new["month"],
        new_customers=int(peak_new["new_customers"]),
    )
    sec.artifacts[artifacts.MONTHLY_ACTIVITY] = frame
    return sec


def returns(ds: Dataset) -> Section:
    """Returns as a share of rows and of gross sales."""
    figures = checks.returns_summary(ds)
    sec = Section(heading="health_returns")
    if figures["share_of_rows"]:
        sec.say(
            "health_returns_text", rows=figures["share_of_rows"], sales=figures["share_of_sales"]
        )
    else:
        sec.say("health_no_returns")
    sec.metrics = {
        m.RETURNS_SHARE_OF_ROWS: figures["share_of_rows"],
        m.RETURNS_SHARE_OF_SALES: figures["share_of_sales"],
    }
    return sec


@dataclass(kw_only=True)
class QualitySection(Section):
    missing: pd.DataFrame  # per provided column: missing cells and their share
    has_gaps: bool


def quality(ds: Dataset) -> QualitySection:
    """Empty cells per provided column (the worst named) and likely double entries."""
    missing = checks.missing_values(ds)
    with_gaps = missing[missing["missing"] > 0]
    sec = QualitySection(heading="health_quality", missing=missing, has_gaps=not with_gaps.empty)
    if with_gaps.empty:
        sec.say("health_no_missing")
    else:
        worst = with_gaps.loc[with_gaps["missing_share"].idxmax()]
        sec.say(
            "health_missing_text",
            columns=len(with_gaps),
            table=Code("table_", worst["table"]),
            column=worst["column"],
            share=worst["missing_share"],
        )
    duplicates = checks.possible_duplicate_orders(ds)
    if duplicates:
        sec.say("health_duplicates", count=duplicates)
    else:
        sec.say("health_no_duplicates")
    sec.metrics = {
        m.MISSING_CELLS: int(missing["missing"].sum()),
        m.POSSIBLE_DUPLICATE_ORDERS: duplicates,
    }
    return sec
