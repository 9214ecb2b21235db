"""How the data move in time: months without orders inside the observed span, and codes
(channels, categories) renamed part-way, as when 'web' becomes 'online' in a new system."""

from __future__ import annotations

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_ident, quote_literal
from crm_lib.features import PURCHASE
from crm_lib.health.findings import Finding, Severity
from crm_lib.params import HealthParams

#: code columns watched for renames, per table with its time column. Campaign sends
#: (contacts) are left out: their channels come and go with the campaign calendar.
CODE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "transactions": ("order_date", ("channel", "category")),
    "events": ("event_time", ("channel",)),
}


def month_gaps(ds: Dataset, params: HealthParams) -> Finding:
    """Calendar months between the first and the last month with orders that have none:
    most often a month the export left out. The sample lists the first of them."""
    gaps = [
        m
        for (m,) in ds.con.execute(
            f"""WITH months AS (SELECT date_trunc('month', order_date) AS month
                                FROM transactions WHERE {PURCHASE} GROUP BY 1),
                     span AS (SELECT unnest(generate_series(min(month), max(month),
                                            INTERVAL 1 MONTH)) AS month FROM months)
                SELECT strftime(span.month, '%Y-%m') FROM span ANTI JOIN months
                ON CAST(span.month AS DATE) = CAST(months.month AS DATE) ORDER BY 1"""
        ).fetchall()
    ]
    return Finding(
        "month_gaps",
        "transactions",
        "order_date",
        len(gaps),
        tuple(gaps[: params.sample_size]),
        Severity.HIGH,
    )


def monthly_code_counts(ds: Dataset, table: str) -> pd.DataFrame:
    """Rows per month and code of every watched column of ``table`` the source provided,
    in one pass (columns: col, code, month, rows)."""
    time_col, columns = CODE_COLUMNS[table]
    present = [c for c in columns if c in ds.loads[table].columns]
    if not present:
        return pd.DataFrame(columns=["col", "code", "month", "rows"])
    month = f"CAST(date_trunc('month', {quote_ident(time_col)}) AS DATE)"
    which = " ".join(
        f"WHEN grouping({quote_ident(c)}) = 0 THEN {quote_literal(c)}" for c in present
    )
    code = f"coalesce({', '.join(quote_ident(c) for c in present)})"
    sets = ", ".join(f"(month, {quote_ident(c)})" for c in present)
    return ds.con.execute(
        f"""SELECT CASE {which} END AS col, {code} AS code, month, count(*) AS rows
            FROM (SELECT {month} AS month, {", ".join(quote_ident(c) for c in present)}
                  FROM {quote_ident(table)})
            GROUP BY GROUPING SETS ({sets})
            HAVING {code} IS NOT NULL"""
    ).df()


def code_renames(ds: Dataset, params: HealthParams) -> list[Finding]:
    """Per watched code column: pairs of codes where one stops and another starts within
    ``params.rename_gap_months`` months of it, inside the column's span, with monthly
    shares at least ``params.rename_share_ratio`` of each other — a code renamed (or a
    mapping changed) part-way. Each code is paired at most once, the closest shares first."""
    findings = []
    for table in CODE_COLUMNS:
        if not ds.has(table):
            continue
        counts = monthly_code_counts(ds, table)
        for column, frame in counts.groupby("col", sort=False):
            pairs = rename_pairs(frame, params)
            findings.append(
                Finding(
                    "code_renames",
                    table,
                    column,
                    len(pairs),
                    tuple(f"{old} → {new}" for old, new, _ in pairs[: params.sample_size]),
                    Severity.MEDIUM,
                    {"pairs": pairs},
                )
            )
    return findings


def rename_pairs(counts: pd.DataFrame, params: HealthParams) -> list[tuple[str, str, str]]:
    """(old code, new code, first month of the new one as YYYY-MM) for one column's
    monthly counts (columns code, month, rows)."""
    month = pd.to_datetime(counts["month"]).dt.to_period("M")
    wide = counts.assign(month=month).pivot_table(
        index="month", columns="code", values="rows", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(pd.period_range(wide.index.min(), wide.index.max(), freq="M"), fill_value=0)
    share = wide.div(wide.sum(axis=1).where(lambda s: s > 0), axis=0).fillna(0.0)
    start, end = wide.index.min(), wide.index.max()
    life = {}
    for code in wide.columns:
        active = wide.index[wide[code] > 0]
        first, last = active.min(), active.max()
        if wide[code].sum() >= params.rename_min_rows:
            life[code] = (first, last, float(share.loc[first:last, code].mean()))
    candidates = []
    for old, (old_first, old_last, old_share) in life.items():
        for new, (new_first, new_last, new_share) in life.items():
            gap = (new_first - old_last).n
            if (
                old != new
                and old_last < end
                and new_first > start
                and old_first < new_first
                and old_last < new_last
                and abs(gap) <= params.rename_gap_months
            ):
                ratio = min(old_share, new_share) / max(old_share, new_share)
                if ratio >= params.rename_share_ratio:
                    candidates.append((-ratio, str(old), str(new), str(new_first)))
    pairs, used = [], set()
    for _, old, new, first in sorted(candidates):
        if old not in used and new not in used:
            pairs.append((old, new, first))
            used |= {old, new}
    return sorted(pairs, key=lambda p: (p[2], p[0]))
