"""DuckDB SQL of the report builders as Spark SQL, through sqlglot.

sqlglot translates functions and syntax; two meanings it keeps as written are fixed here:
``$name`` parameters become literals (Spark SQL has no named parameters of this kind), and
``/`` divides as DuckDB does: in floating point (on Spark, ``a / b`` of decimals stays
decimal, rounded to a few digits).
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp


def bind(sql: str, params: dict[str, Any] | None = None) -> exp.Expression:
    """``sql`` (DuckDB) parsed, each ``$name`` replaced by the literal of ``params[name]``."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    return exp.replace_placeholders(tree, **(params or {})) if params else tree


def duckdb_sql(sql: str, params: dict[str, Any] | None = None) -> str:
    """``sql`` with its parameters bound, still in DuckDB's dialect."""
    return bind(sql, params).sql("duckdb") if params else sql


def _float_division(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Div):
        return exp.Div(
            this=exp.cast(node.this, exp.DataType.Type.DOUBLE), expression=node.expression
        )
    return node


def spark_sql(sql: str, params: dict[str, Any] | None = None) -> str:
    """``sql`` (DuckDB, ``$name`` parameters from ``params``) in Spark SQL. Raises
    :class:`sqlglot.errors.UnsupportedError` for a construct Spark cannot express."""
    tree = bind(sql, params).transform(_float_division)
    return tree.sql("spark", unsupported_level=sqlglot.ErrorLevel.RAISE)


def order_by(sql: str) -> str | None:
    """The ``ORDER BY`` of ``sql``'s outermost query on its output columns (table
    qualifiers dropped), or None when it has none."""
    order = sqlglot.parse_one(sql, read="duckdb").args.get("order")
    if order is None:
        return None
    unqualified = order.transform(
        lambda n: exp.column(n.name, quoted=True) if isinstance(n, exp.Column) else n
    )
    return unqualified.sql("duckdb")
