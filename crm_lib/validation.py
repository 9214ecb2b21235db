"""Checking a raw source against the data contract and building the canonical table.

All checks run as SQL in the engine, one scan per check, so that large files are never
walked row by row in Python. The first problem (in file order) becomes a one-line
:class:`~crm_lib.errors.DataError` naming file, row, column and problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from crm_lib.contract import EARLIEST_DATE, ENGINE_TYPE, LATEST_DATE, Column, Kind, TableSpec
from crm_lib.engine import first_row, quote_ident, quote_literal, scalar, sql_list
from crm_lib.errors import DataError
from crm_lib.io import FILE, FILENO, ROW, RawTable
from crm_lib.money import CURRENCY_MARKS

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d")
TIME_SUFFIXES = ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S", " %H:%M:%S.%f", "T%H:%M:%S.%f")
TRUE_WORDS = ("true", "t", "1", "yes", "y", "はい")
FALSE_WORDS = ("false", "f", "0", "no", "n", "いいえ")
FULL_WIDTH = ("０１２３４５６７８９－．，", "0123456789-.,")
# Characters no identifier may hold: C0 and C1 control characters (NUL, tab, line breaks,
# ESC ...), zero-width characters, line and paragraph separators and a stray BOM. Each
# would make two ids that look the same count as two customers.
ID_FORBIDDEN = r"[\x00-\x1F\x7F-\x9F\x{200B}-\x{200F}\x{2028}\x{2029}\x{2060}\x{FEFF}]"
ID_FORBIDDEN_CHARS = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), *map(chr, range(0x200B, 0x2010))]
    + ["\u2028", "\u2029", "\u2060", "\ufeff"]
)


@dataclass(frozen=True)
class Mapping:
    """Which of the user's columns holds each canonical column present."""

    source: dict[str, str]  # canonical name -> user's column name

    def label(self, canonical: str) -> str:
        user = self.source.get(canonical, canonical)
        return user if user == canonical else f"{user} ({canonical})"


def map_columns(spec: TableSpec, raw: RawTable, configured: dict[str, str]) -> Mapping:
    """Match the user's header to the contract: configured names first, then same names.

    Raises DataError for a configured column absent from the header and for a missing
    required column.
    """
    unknown = sorted(set(configured) - set(spec.names))
    if unknown:
        problem = f"columns: {unknown[0]!r} is not a column of {spec.name}"
        raise DataError(raw.label, problem + f" (known: {', '.join(spec.names)})")
    by_lower = {c.strip().lower(): c for c in raw.columns}
    found: dict[str, str] = {}
    for col in spec.names:
        user = configured.get(col)
        if user is not None and user not in raw.columns and user.strip() in raw.columns:
            user = user.strip()  # the engine trims spaces (full-width ones too) off header names
        if user is not None:
            if user not in raw.columns:
                problem = f"column not found in the header (mapped to {col})"
                raise DataError(raw.label, problem, row=raw.header_row, column=user)
            found[col] = user
        elif col.lower() in by_lower:
            found[col] = by_lower[col.lower()]
    for col in spec.required:
        if col not in found:
            raise DataError(raw.label, "missing required column", row=raw.header_row, column=col)
    if spec.any_of and not any(c in found for c in spec.any_of):
        problem = f"needs at least one of the columns {' or '.join(spec.any_of)}"
        raise DataError(raw.label, problem, row=raw.header_row)
    return Mapping(found)


def parse_expr(column: Column, source: str, raw_type: str, date_format: str | None) -> str:
    """SQL that turns one raw column into its contract type (NULL where it cannot).

    The engine's own cast is tried first; the slower fallbacks (other date formats,
    thousands separators, currency marks) run only for the rows it could not read.
    Whole numbers are parsed as numbers (DOUBLE), since the engine's own cast would round
    ``1.5`` to 2; :class:`TableBuilder` checks that they are whole, and that numbers are
    finite (``nan``, ``inf`` and ``1e400`` are no amounts).
    """
    ref = quote_ident(source)
    engine_type = ENGINE_TYPE[Kind.NUMBER if column.kind == Kind.INTEGER else column.kind]
    if raw_type != "VARCHAR":
        return f"TRY_CAST({ref} AS {engine_type})"
    text = f"NULLIF(TRIM({ref}), '')"
    fast = f"TRY_CAST({text} AS {engine_type})"  # ISO, 2025/01/31, plain numbers: most rows
    match column.kind:
        case Kind.ID | Kind.TEXT:
            return text
        case Kind.DATE | Kind.TIMESTAMP:
            formats = [date_format] if date_format else _formats(column.kind)
            listed = sql_list(formats)
            slow = f"CAST(TRY_STRPTIME({text}, [{listed}]) AS {engine_type})"
            return slow if date_format else f"COALESCE({fast}, {slow})"
        case Kind.NUMBER | Kind.INTEGER:  # thousands separators, currency marks, full width
            digits = (
                f"translate({text}, {quote_literal(FULL_WIDTH[0])}, {quote_literal(FULL_WIDTH[1])})"
            )
            pattern = quote_literal(f"[,\\s{CURRENCY_MARKS}]")
            cleaned = f"regexp_replace({digits}, {pattern}, '', 'g')"
            return f"COALESCE({fast}, TRY_CAST({cleaned} AS {engine_type}))"
        case Kind.BOOLEAN:
            lowered = f"lower({text})"
            yes, no = sql_list(TRUE_WORDS), sql_list(FALSE_WORDS)
            return (
                f"CASE WHEN {lowered} IN ({yes}) THEN true WHEN {lowered} IN ({no}) THEN false END"
            )
    raise AssertionError(column.kind)


def _formats(kind: Kind) -> list[str]:
    if kind == Kind.DATE:
        return [d + t for t in TIME_SUFFIXES for d in DATE_FORMATS]
    return [d + t for d in DATE_FORMATS for t in TIME_SUFFIXES]


def _shown(value: str, around: int = 0) -> str:
    """A value for a message: quoted, control characters escaped, long ones cut near
    ``around`` (the character the message is about)."""
    if len(value) >= 40:
        start = max(0, min(around - 18, len(value) - 37))
        value = ("..." if start else "") + value[start : start + 37] + "..."
    return repr(value)


def _bad_value_problem(column: Column, value: str | None) -> str:
    if value is None or not str(value).strip():
        return "empty customer id" if column.name == "customer_id" else "empty value"
    value = str(value)
    out_of_bounds = _out_of_bounds(column, value)
    if out_of_bounds:
        return out_of_bounds
    if column.kind == Kind.ID:
        at = next((i for i, ch in enumerate(value) if ch in ID_FORBIDDEN_CHARS), None)
        if at is not None:
            what = "a NUL byte" if value[at] == "\0" else f"the control character {value[at]!r}"
            return f"id contains {what} (character {at + 1}): {_shown(value, at)}"
    if "\0" in value:
        at = value.index("\0")
        return f"text contains a NUL byte (character {at + 1}): {_shown(value, at)}"
    shown = _shown(value)
    return {
        Kind.DATE: f"not a date: {shown} (expected e.g. 2025-01-31 or 2025/01/31)",
        Kind.TIMESTAMP: f"not a date and time: {shown} (expected e.g. 2025-01-31 09:30:00)",
        Kind.NUMBER: f"not a number: {shown}",
        Kind.INTEGER: f"not a whole number: {shown}",
        Kind.BOOLEAN: f"not true or false: {shown}",
    }.get(column.kind, f"invalid value: {shown}")


def _out_of_bounds(column: Column, value: str) -> str | None:
    """The problem of a number outside its column's ``bounds`` (None if not that)."""
    if column.bounds is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    low, high = column.bounds
    if not abs(number) < 1e15 or low <= number <= high:  # nan, inf: not a number
        return None
    if column.kind == Kind.INTEGER and number != int(number):
        return None
    return f"{value.strip()} is outside the scale {low}-{high}"


class TableBuilder:
    """Checks one raw source and creates the canonical table ``spec.name`` from it.

    Values are parsed once, into a table that has the canonical table's columns and also
    records for each row the first column whose value is bad (``__bad``, an index into
    :attr:`parsed`; -1 when none of ``spec.any_of`` is filled), and the row's file and row
    number. Every check then reads that table, never the raw text; :meth:`build` drops the
    extra columns and renames it, so the data are never copied once more.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        spec: TableSpec,
        raw: RawTable,
        mapping: Mapping,
        *,
        date_format: str | None = None,
    ):
        self.con, self.spec, self.raw, self.mapping = con, spec, raw, mapping
        describe = f"SELECT column_name, column_type FROM (DESCRIBE {quote_ident(raw.view)})"
        types = dict(con.execute(describe).fetchall())
        self.parsed = {
            col: parse_expr(spec.column(col), user, types[user], date_format)
            for col, user in mapping.source.items()
        }
        self.typed = f"_typed_{spec.name}"
        self._parse_once()

    def _parse_once(self) -> None:
        inner = [f"{expr} AS {quote_ident(col)}" for col, expr in self.parsed.items()]
        bad = []
        ids = [
            (i, quote_ident(col))
            for i, col in enumerate(self.mapping.source)
            if self.spec.column(col).kind == Kind.ID
        ]
        for i, (col, user) in enumerate(self.mapping.source.items()):
            value = quote_ident(col)
            column = self.spec.column(col)
            if ids and i == ids[0][0]:  # one pattern match for all ids of the row (cheaper)
                bad.append(self._forbidden_in_ids(ids))
            if column.required:
                bad.append(f"WHEN {value} IS NULL THEN {i}")
            else:  # optional: empty is fine, text that does not parse is not
                has_text = f"__has_{i}"
                inner.append(
                    f"NULLIF(TRIM(CAST({quote_ident(user)} AS VARCHAR)), '') IS NOT NULL "
                    f"AS {has_text}"
                )
                bad.append(f"WHEN {has_text} AND {value} IS NULL THEN {i}")
            if column.kind == Kind.NUMBER:
                bad.append(f"WHEN NOT isfinite({value}) THEN {i}")
            elif column.kind == Kind.INTEGER:
                bad.append(f"WHEN NOT {_whole(value)} THEN {i}")
            elif column.kind == Kind.TEXT:  # a NUL is never text: a damaged or binary file
                bad.append(f"WHEN strpos({value}, chr(0)) > 0 THEN {i}")
            if column.bounds is not None:  # a scale: 1-5 answers
                low, high = column.bounds
                bad.append(f"WHEN {value} < {low} OR {value} > {high} THEN {i}")
        present = [c for c in self.spec.any_of if c in self.parsed]
        if present:
            bad.append(f"WHEN {' AND '.join(f'{quote_ident(c)} IS NULL' for c in present)} THEN -1")
        self.con.execute(
            f"""CREATE OR REPLACE TABLE {quote_ident(self.typed)} AS
                SELECT {", ".join(self._canonical())}, CASE {" ".join(bad)} END AS __bad,
                       {FILE}, {FILENO}, {ROW}
                FROM (SELECT {", ".join(inner)}, {FILE}, {FILENO}, {ROW}
                      FROM {quote_ident(self.raw.view)})"""
        )

    @staticmethod
    def _forbidden_in_ids(ids: list[tuple[int, str]]) -> str:
        """WHEN clause: some id holds a character no id may (NUL, a control or zero-width
        character ...); the match runs once on all ids of a row, which costs half as
        much as once per id, and then finds which id it was."""
        pattern = quote_literal(ID_FORBIDDEN)
        if len(ids) == 1:
            return f"WHEN regexp_matches({ids[0][1]}, {pattern}) THEN {ids[0][0]}"
        which = " ".join(f"WHEN regexp_matches({v}, {pattern}) THEN {i}" for i, v in ids)
        together = f"concat({', '.join(v for _, v in ids)})"
        return f"WHEN regexp_matches({together}, {pattern}) THEN CASE {which} END"

    def _canonical(self) -> list[str]:
        """The canonical table's columns, in the contract's order; absent ones empty."""
        cols = []
        for column in self.spec.columns:
            name, engine_type = quote_ident(column.name), ENGINE_TYPE[column.kind]
            value = name if column.name in self.parsed else "NULL"
            if column.kind == Kind.INTEGER and column.name in self.parsed:
                value = f"CASE WHEN {_whole(name)} THEN {name} END"
            cols.append(f"CAST({value} AS {engine_type}) AS {name}")
        if self.spec.name == "transactions":
            cols.append("amount < 0 AS is_return")
        return cols

    def _first(self, where: str, select: str = "") -> tuple | None:
        extra = f", {select}" if select else ""
        return first_row(
            self.con,
            f"""SELECT {FILE}, {ROW}{extra} FROM {quote_ident(self.typed)}
                WHERE {where} ORDER BY {FILENO}, {ROW} LIMIT 1""",
        )

    def count(self) -> int:
        return scalar(self.con, f"SELECT count(*) FROM {quote_ident(self.typed)}")

    def check_rows(self) -> None:
        """No rows; empty required values; values that do not parse; empty ids in any_of."""
        if self.count() == 0:
            problem = "header but no data rows" if self.raw.header_row else "no rows"
            raise DataError(self.raw.label, problem)
        hit = self._first("__bad IS NOT NULL", f"{FILENO}, __bad")
        if hit is None:
            return
        file, row, fileno, index = hit
        if index == -1:
            raise DataError(file, f"empty {' and '.join(self.spec.any_of)}", row=row)
        col, user = list(self.mapping.source.items())[index]
        value = scalar(
            self.con,
            f"SELECT CAST({quote_ident(user)} AS VARCHAR) FROM {quote_ident(self.raw.view)} "
            f"WHERE {FILENO} = ? AND {ROW} = ?",
            [fileno, row],
        )
        problem = _bad_value_problem(self.spec.column(col), value)
        raise DataError(file, problem, row=row, column=self.mapping.label(col))

    def check_unique(self) -> None:
        """The table's key column must not repeat; names the repeat and the first row."""
        key = self.spec.unique
        if key not in self.parsed:
            return
        k, typed = quote_ident(key), quote_ident(self.typed)
        hit = first_row(
            self.con,
            f"""WITH dup AS (SELECT {k} FROM {typed} GROUP BY {k} HAVING count(*) > 1),
                rows AS (SELECT {k}, {FILE}, {FILENO}, {ROW}, row_number() OVER w AS k,
                                first_value({FILE}) OVER w AS first_file,
                                first_value({ROW}) OVER w AS first_row
                         FROM {typed} SEMI JOIN dup USING ({k})
                         WINDOW w AS (PARTITION BY {k} ORDER BY {FILENO}, {ROW}))
                SELECT {FILE}, {ROW}, {k}, first_file, first_row FROM rows WHERE k = 2
                ORDER BY {FILENO}, {ROW} LIMIT 1""",
        )
        if hit:
            file, row, value, first_file, first_at = hit
            where = f"row {first_at}" if first_file == file else f"{first_file} row {first_at}"
            problem = f"duplicate {key} {value!r} (first at {where})"
            raise DataError(file, problem, row=row, column=self.mapping.label(key))

    def check_dates(self, run_date: dt.date) -> None:
        """Every date lies between 1900-01-01 and the day of the run (or 9999-12-31 where
        the column may hold future dates): an order after the day of the run cannot have
        happened, and a date in 1677 or 141795 is a damaged file or a misread format."""
        checks = []
        for col in self.parsed:
            column = self.spec.column(col)
            if column.kind not in (Kind.DATE, Kind.TIMESTAMP):
                continue
            day = f"CAST({quote_ident(col)} AS DATE)"
            last = LATEST_DATE if column.future else run_date
            checks.append(
                (col, f"{day} < {_date_sql(EARLIEST_DATE)}", f"{day} > {_date_sql(last)}")
            )
        if not checks:
            return
        where = " OR ".join(f"{low} OR {high}" for _, low, high in checks)
        which = " ".join(
            f"WHEN {low} THEN {2 * i} WHEN {high} THEN {2 * i + 1}"
            for i, (_, low, high) in enumerate(checks)
        )
        hit = self._first(where, f"{FILENO}, CASE {which} END")
        if hit is None:
            return
        file, row, fileno, index = hit
        col = checks[index // 2][0]
        value = scalar(
            self.con,
            f"SELECT CAST(CAST({quote_ident(col)} AS DATE) AS VARCHAR) "
            f"FROM {quote_ident(self.typed)} WHERE {FILENO} = ? AND {ROW} = ?",
            [fileno, row],
        )
        if index % 2 == 0:
            problem = (
                f"dated {value}, before {EARLIEST_DATE}: not a plausible date "
                "(a damaged file, or dates in another format?)"
            )
        elif self.spec.column(col).future or value > LATEST_DATE.isoformat() or len(value) > 10:
            problem = f"dated {value}, after {LATEST_DATE}: not a plausible date (a damaged file?)"
        else:
            problem = f"dated {value}, after the day of the run ({run_date:%Y-%m-%d})"
        raise DataError(file, problem, row=row, column=self.mapping.label(col))

    def latest(self, column: str) -> dt.date | None:
        """The last date in ``column`` (before anything is left out)."""
        return scalar(self.con, f"SELECT max({quote_ident(column)}) FROM {quote_ident(self.typed)}")

    def build(self, observation_end: dt.date | None) -> tuple[int, int]:
        """Create the canonical table, leaving out rows after ``observation_end``.

        Returns (rows kept, rows after observation_end). Absent optional columns are
        created empty so every analysis can rely on the full set of names. Rows keep
        the order of the source.
        """
        typed, rows_read, after = quote_ident(self.typed), self.count(), 0
        if observation_end and self.spec.time_column in self.parsed:
            time_col = quote_ident(self.spec.time_column)
            later = f"CAST({time_col} AS DATE) > {_date_sql(observation_end)}"
            after = scalar(self.con, f"SELECT count(*) FROM {typed} WHERE {later}")
            if after:
                self.con.execute(f"DELETE FROM {typed} WHERE {later}")
        for extra in ("__bad", FILE, FILENO, ROW):
            self.con.execute(f"ALTER TABLE {typed} DROP COLUMN {quote_ident(extra)}")
        self.con.execute(f"DROP TABLE IF EXISTS {quote_ident(self.spec.name)}")
        self.con.execute(f"ALTER TABLE {typed} RENAME TO {quote_ident(self.spec.name)}")
        return rows_read - after, after


def _date_sql(day: dt.date) -> str:
    return f"DATE {quote_literal(day.isoformat())}"


def _whole(number: str) -> str:
    """SQL: the DOUBLE ``number`` is a whole number a BIGINT holds exactly (NULL if NULL)."""
    return f"({number} = trunc({number}) AND abs({number}) < 9007199254740992)"
