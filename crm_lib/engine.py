"""The embedded engine (DuckDB): connections, SQL quoting and the few query helpers every
module uses; no other module quotes by hand.

DuckDB 2 keeps a statement's result open until it is fetched to the end, and refuses
other work on the connection meanwhile; so single rows are read with ``fetchall``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

#: memory a notebook's read-only connection holds at most; beyond, DuckDB spills to
#: ``<database>.tmp`` beside the file (removed when it closes). Two notebooks run at once,
#: and DuckDB's own default (80 % of the machine each) let one journey kernel reach 9 GB
#: at 1,000,000 customers.
READ_ONLY_MEMORY_LIMIT = "3GB"


def connect(database: str | Path | None = None, *, read_only: bool = False):
    """A DuckDB connection: in memory by default, or on a database file (read-only ones
    bounded to :data:`READ_ONLY_MEMORY_LIMIT`)."""
    config = {"memory_limit": READ_ONLY_MEMORY_LIMIT} if read_only else {}
    return duckdb.connect(str(database) if database else ":memory:", read_only=read_only,
                          config=config)  # fmt: skip


def quote_ident(name: str) -> str:
    """A SQL identifier, quoted (a column named by the user may hold any character)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal (plan names, channels and other values from the data)."""
    return "'" + str(text).replace("'", "''") + "'"


def sql_list(values: Sequence[str]) -> str:
    """A SQL list of string literals for ``IN (...)`` (an impossible value when empty)."""
    return ", ".join(quote_literal(v) for v in values) if values else "NULL"


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query (or None), with the result fully consumed."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    """The single value a query returns."""
    row = first_row(con, sql, params)
    return None if row is None else row[0]


SPARK_META = "_crm_spark"  # data.engine spark: each spark_<name> table and the SQL it ran


def spark_built(con: duckdb.DuckDBPyConnection, sql: str) -> str | None:
    """The ``spark_<name>`` table that Spark built from exactly ``sql`` (DuckDB SQL, no
    parameters) in this database, or None."""
    known = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary = false"
    if not scalar(con, known, [SPARK_META]):
        return None
    name = scalar(con, f"SELECT name FROM {SPARK_META} WHERE sql = ?", [sql])
    return None if name is None else f"spark_{name}"


def customer_table(con: duckdb.DuckDBPyConnection, sql: str):
    """The result of ``sql`` as a DataFrame: read from the table Spark built from the same
    SQL when the run used ``data.engine: spark`` (same columns, types and row order),
    else computed here."""
    table = spark_built(con, sql)
    return con.execute(f"FROM {quote_ident(table)}" if table else sql).df()
