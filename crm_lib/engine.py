"""The embedded engine (DuckDB): connections, SQL quoting and the few query helpers every
module uses; no other module quotes by hand.

DuckDB 2 keeps a statement's result open until it is fetched to the end, and refuses
other work on the connection meanwhile; so single rows are read with ``fetchall``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def connect(database: str | Path | None = None, *, read_only: bool = False):
    """A DuckDB connection: in memory by default, or on a database file."""
    return duckdb.connect(str(database) if database else ":memory:", read_only=read_only)


def quote_ident(name: str) -> str:
    """A SQL identifier, quoted (a column named by the user may hold any character)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal (plan names, channels and other values from the data)."""
    return "'" + str(text).replace("'", "''") + "'"


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query (or None), with the result fully consumed."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    """The single value a query returns."""
    row = first_row(con, sql, params)
    return None if row is None else row[0]
