"""Keys that point at nothing: returns without the purchase they refund, and ids in the
other tables that match no customer, prospect or feedback row (orphans)."""

from __future__ import annotations

from crm_lib.dataset import Dataset
from crm_lib.engine import first_row, quote_ident, quote_literal
from crm_lib.features import PURCHASE, RETURN
from crm_lib.health.findings import Finding, Severity
from crm_lib.params import HealthParams

#: per table, its key columns and the table each refers to; ``customers`` means every
#: customer the data knows (the customers table and the buyers in transactions)
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("customer_id", "customers"), ("lead_id", "leads")),
    "contacts": (("customer_id", "customers"),),
    "subscriptions": (("customer_id", "customers"),),
    "feedback": (("customer_id", "customers"),),
    "leads": (("customer_id", "customers"),),
    "survey_answers": (("feedback_id", "feedback"),),
}
TARGET_KEY = {"customers": "customer_id", "leads": "lead_id", "feedback": "feedback_id"}


def unmatched_returns(ds: Dataset, params: HealthParams) -> Finding:
    """Returns (negative amounts) with no purchase of the same customer of at least the
    refunded amount on or up to ``params.return_window_days`` days before the return:
    refunds of orders the export does not hold, or returns booked to the wrong customer."""
    days = int(params.return_window_days)
    returns, count, sample = first_row(
        ds.con,
        f"""SELECT count(*), count(*) FILTER (WHERE NOT matched),
                   min(order_id, {int(params.sample_size)}) FILTER (WHERE NOT matched)
            FROM (SELECT r.order_id, EXISTS (
                      SELECT 1 FROM transactions p
                      WHERE p.customer_id = r.customer_id AND p.{PURCHASE}
                        AND p.amount >= -r.amount
                        AND p.order_date BETWEEN r.order_date - {days} AND r.order_date
                  ) AS matched
                  FROM transactions r WHERE r.{RETURN})""",
    )
    return Finding(
        "unmatched_returns",
        "transactions",
        "order_id",
        count,
        tuple(sample or ()),
        Severity.MEDIUM,
        {"days": days, "returns": returns},
    )


def orphans(ds: Dataset, params: HealthParams) -> list[Finding]:
    """Per table and key column the source provided: rows whose id matches no row of the
    table it refers to (empty ids are not orphans). One statement; every table is read
    once, the known customers once."""
    parts = []
    for table, keys in REFERENCES.items():
        checked = [(col, target) for col, target in keys if _checkable(ds, table, col, target)]
        if checked:
            parts.append(_orphan_sql(table, checked, int(params.sample_size)))
    if not parts:
        return []
    rows = ds.con.execute(
        f"""WITH {", ".join(_reference_sets(ds))}
            SELECT tbl, unnest(found, recursive := true)
            FROM ({" UNION ALL ".join(parts)})"""
    ).fetchall()
    return [
        Finding(
            "orphans",
            table,
            column,
            n_rows,
            tuple(sample or ()),
            Severity.MEDIUM,
            {"keys": n_keys, "target": _target(table, column)},
        )
        for table, column, n_rows, n_keys, sample in rows
    ]


def _reference_sets(ds: Dataset) -> list[str]:
    """CTEs ``_known_<target>``: the distinct ids each present target table holds."""
    customers = "SELECT customer_id AS k FROM transactions"
    if ds.has("customers"):
        customers += " UNION SELECT customer_id FROM customers"  # UNION: distinct ids
    ctes = [f"_known_customers AS MATERIALIZED ({customers})"]
    for target in ("leads", "feedback"):
        if ds.has(target):
            key = TARGET_KEY[target]
            ctes.append(f"_known_{target} AS (SELECT DISTINCT {key} AS k FROM {target})")
    return ctes


def _target(table: str, column: str) -> str:
    return dict(REFERENCES[table])[column]


def _checkable(ds: Dataset, table: str, column: str, target: str) -> bool:
    """The table holds the column (from its source) and the referred table is present
    (``customers``: always, through the buyers in transactions)."""
    if not ds.has(table) or column not in ds.loads[table].columns:
        return False
    return target == "customers" or ds.has(target)


def _orphan_sql(table: str, keys: list[tuple[str, str]], sample_size: int) -> str:
    """One row: the table's name and a list of (column, rows, distinct keys, sample).
    Rows are joined to their targets in one pass; only orphan rows reach the (distinct)
    aggregates."""
    joins, flags, structs = [], [], []
    for i, (column, target) in enumerate(keys):
        ref, alias = quote_ident(column), f"_r{i}"
        joins.append(f"LEFT JOIN _known_{target} {alias} ON {alias}.k = t.{ref}")
        flags.append(f"t.{ref} AS _k{i}, t.{ref} IS NOT NULL AND {alias}.k IS NULL AS _o{i}")
        structs.append(
            f"""{{'column': {quote_literal(column)},
                 'rows': count(*) FILTER (WHERE _o{i}),
                 'keys': count(DISTINCT _k{i}) FILTER (WHERE _o{i}),
                 'sample': min(DISTINCT _k{i}, {sample_size}) FILTER (WHERE _o{i})}}"""
        )
    orphan = " OR ".join(f"_o{i}" for i in range(len(keys)))
    return (
        f"SELECT {quote_literal(table)} AS tbl, [{', '.join(structs)}] AS found "
        f"FROM (SELECT {', '.join(flags)} FROM {quote_ident(table)} t {' '.join(joins)}) "
        f"WHERE {orphan}"
    )
