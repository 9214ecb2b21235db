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
from crm_lib.health import amounts, checks, integrity, sentences, timeline
from crm_lib.health.findings import Finding
from crm_lib.health.source import source_sentence
from crm_lib.metrics import health as m
from crm_lib.money import Amount
from crm_lib.params import HealthParams
from crm_lib.section import Code, Column, Items, Label, Section, Table


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
    present = present.assign(source=[source_sentence(ds.loads[n]) for n in present["table"]])
    sec = Section(heading="health_tables")
    sec.tables["tables"] = Table(
        present,
        {
            "table": Column("table", "code:table_"),
            "rows": Column("rows", "count"),
            "rows_after_end": Column("rows_after_end", "count"),
            "first_date": Column("first_date", "date"),
            "last_date": Column("last_date", "date"),
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
    missing: pd.DataFrame  # per provided column: empty cells, their share, by design or not
    has_gaps: bool  # some column has empty cells (gaps or by design): a chart to show


def quality(ds: Dataset) -> QualitySection:
    """Empty cells per provided column, those by design (the contract's ``empty_means``:
    a prospect without a customer id, a running subscription without an end date) apart
    from the gaps, the worst of each named; and likely double entries."""
    missing = checks.missing_values(ds)
    empty = missing[missing["missing"] > 0]
    gaps, by_design = empty[~empty["by_design"]], empty[empty["by_design"]]
    sec = QualitySection(heading="health_quality", missing=missing, has_gaps=not empty.empty)
    if not empty.empty:
        sec.tables["missing"] = _missing_table(empty)
    if gaps.empty:
        sec.say("health_no_missing" if by_design.empty else "health_no_missing_gaps")
    else:
        worst = gaps.loc[gaps["missing_share"].idxmax()]
        sec.say("health_missing_text", columns=len(gaps), **_cited_column(worst))
    if not by_design.empty:
        worst = by_design.loc[by_design["missing_share"].idxmax()]
        sec.say(
            "health_by_design_text",
            columns=len(by_design),
            means=Label(f"health_empty_{worst['table']}_{worst['column']}"),
            **_cited_column(worst),
        )
    duplicates = checks.possible_duplicate_orders(ds)
    if duplicates:
        sec.say("health_duplicates", count=duplicates)
    else:
        sec.say("health_no_duplicates")
    sec.metrics = {
        m.MISSING_CELLS: int(gaps["missing"].sum()),
        m.BY_DESIGN_EMPTY_CELLS: int(by_design["missing"].sum()),
        m.POSSIBLE_DUPLICATE_ORDERS: duplicates,
    }
    return sec


def _cited_column(row: pd.Series) -> dict:
    return {
        "table": Code("table_", row["table"]),
        "column": Code("health_col_", row["column"]),
        "share": row["missing_share"],
    }


def _missing_table(empty: pd.DataFrame) -> Table:
    frame = empty.sort_values(["by_design", "missing_share"], ascending=[True, False]).assign(
        column=lambda f: [Code("health_col_", c) for c in f["column"]],
        status=lambda f: [
            Label("health_missing_by_design" if b else "health_missing_gap") for b in f["by_design"]
        ],
        meaning=lambda f: [
            Label(f"health_empty_{t}_{c.value}") if b else None
            for t, c, b in zip(f["table"], f["column"], f["by_design"], strict=True)
        ],
    )
    return Table(
        frame,
        {
            "table": Column("table", "code:table_"),
            "column": Column("column"),
            "missing": Column("missing", "count"),
            "missing_share": Column("missing_share", "share"),
            "status": Column("status"),
            "meaning": Column("health_head_meaning"),
        },
    )


@dataclass(kw_only=True)
class ConsistencySection(Section):
    findings: list[Finding]  # one per check (and table, column), found or not


def consistency(ds: Dataset, params: HealthParams) -> ConsistencySection:
    """What real exports get wrong, each a check with a count, a sample of offending keys,
    a severity and a sentence: returns without their purchase, ids that match nothing,
    months without orders, extreme amounts, codes renamed part-way."""
    returns_ = integrity.unmatched_returns(ds, params)
    orphans = integrity.orphans(ds, params)
    gaps = timeline.month_gaps(ds, params)
    extreme = amounts.extreme_amounts(ds, params)
    renames = timeline.code_renames(ds, params)
    findings = [returns_, *orphans, gaps, extreme, *renames]
    sec = ConsistencySection(heading="health_checks", findings=findings)
    sec.tables["checks"] = _findings_table(findings)
    for finding in findings:
        if finding.found:
            for key, values in sentences.found(finding):
                sec.say(key, **values)
    for key, values in sentences.clean(findings):
        sec.say(key, **values)
    orphan_rows: dict[str, dict[str, int]] = {}
    for f in orphans:
        orphan_rows.setdefault(f.table, {})[f.column] = f.count
    threshold = extreme.values["threshold"]
    sec.metrics = {
        m.CHECK_PROBLEMS: len({f.check for f in findings if f.found}),
        m.UNMATCHED_RETURNS: returns_.count,
        m.ORPHAN_ROWS: orphan_rows,
        m.MONTH_GAPS: gaps.count,
        m.EXTREME_AMOUNTS: extreme.count,
        m.EXTREME_AMOUNT_THRESHOLD: None if threshold is None else float(threshold),
        m.CODE_RENAMES: sum(f.count for f in renames),
    }
    return sec


def _findings_table(findings: list[Finding]) -> Table:
    frame = pd.DataFrame(
        {
            "check": [Label(f"health_check_{f.check}") for f in findings],
            "table": [f.table for f in findings],
            "column": [Code("health_col_", f.column) for f in findings],
            "count": [f.count for f in findings],
            "severity": [
                Label(f"health_severity_{f.severity}" if f.found else "health_severity_ok")
                for f in findings
            ],
            "sample": [", ".join(f.sample) for f in findings],
        }
    )
    return Table(
        frame,
        {
            "check": Column("health_head_check"),
            "table": Column("table", "code:table_"),
            "column": Column("column"),
            "count": Column("health_head_count", "count"),
            "severity": Column("health_head_severity"),
            "sample": Column("health_head_sample"),
        },
    )
