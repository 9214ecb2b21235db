"""Every read and write of data: CSV, Parquet, DuckDB files and in-memory frames.

Sources are read into raw engine tables as they are, one per file, with two extra
columns: ``__file`` (the file as the user named it) and ``__row`` (the row as the user
counts it: for CSV the header is row 1, for Parquet and queries the first record is
row 1). Parsing and checking the values is the job of :mod:`crm_lib.validation`.
"""

from __future__ import annotations

import glob
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from crm_lib.encoding import BOM, first_long_line, printable, resolve_encoding, transcode_to_utf8
from crm_lib.engine import first_row, quote_ident, quote_literal, scalar
from crm_lib.errors import DataError

ROW = "__row"
FILE = "__file"
FILENO = "__fileno"
DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")
RESERVED = (FILE, FILENO, ROW)
USER_ROWID = "__user_column__"  # prefix of a user's column named rowid while loading
MAX_LINE_BYTES = 2_000_000  # a longer CSV line is an error (usually a quote never closed)
# Parquet column types whose footer statistics (min and max per row group) are exact, so
# that a decoded value outside them means the bytes were damaged.
CHECKED_STATISTICS = re.compile(
    r"(U?(TINYINT|SMALLINT|INTEGER|BIGINT)|FLOAT|DOUBLE|DATE|TIMESTAMP(_S|_MS|_NS)?"
    r"|TIMESTAMP WITH TIME ZONE)"
)


@dataclass
class RawTable:
    """A source read into the engine: a view over one raw table per file."""

    view: str
    label: str  # the source as the user named it, for messages
    columns: list[str]  # the user's column names
    typed: bool  # True when the source carries types (Parquet, DuckDB, frames)
    header_row: int | None  # row of the header (1 for CSV), None when there is none
    encodings: dict[str, str] = field(default_factory=dict)  # file -> encoding (CSV)


def expand_paths(pattern: Path, label: str) -> list[Path]:
    """The files a path or glob names, sorted; DataError when there are none.

    A file that exists is taken as named even if its name has glob characters, and so are
    the existing folders a pattern starts with (``data [2024]/orders_*.csv``).
    """
    if glob.has_magic(str(pattern)) and not pattern.exists():
        base, rest = pattern.parent, [pattern.name]
        while not base.is_dir() and base != base.parent:
            base, rest = base.parent, [base.name, *rest]
        paths = sorted(Path(p) for p in glob.glob(os.path.join(glob.escape(str(base)), *rest)))
        if not paths:
            raise DataError(label, "no file matches this pattern")
        return paths
    if not pattern.exists():
        raise DataError(label, "file not found")
    if pattern.is_dir():
        raise DataError(label, "is a folder, not a file")
    return [pattern]


def read_source(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: Path,
    label: str,
    *,
    encoding: str = "auto",
    delimiter: str | None = None,
    table: str | None = None,
    query: str | None = None,
) -> RawTable:
    """Read one canonical table's source, whatever its format, into raw engine tables."""
    if table or query or path.suffix.lower() in DUCKDB_SUFFIXES:
        return read_duckdb(con, name, path, label, table=table, query=query)
    paths = expand_paths(path, label)
    labels = [label if len(paths) == 1 else str(p) for p in paths]
    if all(p.suffix.lower() == ".parquet" for p in paths):
        return read_parquet(con, name, paths, labels)
    return read_csv(con, name, paths, labels, encoding=encoding, delimiter=delimiter)


def read_csv(
    con: duckdb.DuckDBPyConnection,
    name: str,
    paths: list[Path],
    labels: list[str],
    *,
    encoding: str = "auto",
    delimiter: str | None = None,
) -> RawTable:
    """Read CSV files as text columns, checking encoding and field counts per row."""
    parts, encodings = [], {}
    with tempfile.TemporaryDirectory(prefix="crm-csv-") as tmp:
        for i, (path, label) in enumerate(zip(paths, labels, strict=True)):
            _check_not_empty(path, label)
            enc = resolve_encoding(path, encoding, label)
            encodings[label] = enc
            readable = path
            if enc != "utf-8":
                readable = transcode_to_utf8(path, enc, Path(tmp) / f"{i}.csv")
            elif _bom_before_quote(path):  # the engine reads the quote as part of the name
                readable = transcode_to_utf8(path, "utf-8-sig", Path(tmp) / f"{i}.csv")
            parts.append(_read_one_csv(con, f"_raw_{name}_{i}", readable, label, delimiter))
    columns = _same_header(con, parts, labels)
    view = _union_view(con, name, parts, labels, first_row=2)
    return RawTable(view, labels[0], columns, False, 1, encodings)


def _bom_before_quote(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(BOM) + 1) == BOM + b'"'


def _check_not_empty(path: Path, label: str) -> None:
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.removeprefix(BOM).strip():
        raise DataError(label, "file is empty")


def _read_one_csv(
    con: duckdb.DuckDBPyConnection, raw: str, path: Path, label: str, delimiter: str | None
) -> str:
    options = [
        "header = true",
        "all_varchar = true",
        "strict_mode = true",
        "null_padding = false",
        f"max_line_size = {MAX_LINE_BYTES}",
        # Quotes as in RFC 4180 (Excel and every CRM export): left to the sniffer, a file
        # with a quoted "|," could be read as |-separated with ' as the escape.
        "quote = '\"'",
        "escape = '\"'",
        "store_rejects = true",
        f"rejects_table = {quote_literal(raw + '_rejects')}",
        f"rejects_scan = {quote_literal(raw + '_scans')}",
    ]
    if delimiter:
        options.append(f"delim = {quote_literal(delimiter)}")
    sql = f"""CREATE OR REPLACE TABLE {quote_ident(raw)} AS
              SELECT * FROM read_csv({quote_literal(str(path))}, {", ".join(options)})"""
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        if re.search(r"Maximum line size of \d+ bytes exceeded", str(exc)):
            _raise_long_line(path, label)
        raise DataError(label, f"cannot read as CSV: {_engine_message(exc, path, label)}") from None
    _raise_first_reject(con, raw + "_rejects", label, path)
    return raw


def _raise_long_line(path: Path, label: str) -> None:
    """The engine names the wrong line for an over-long one; find it in the file."""
    line = first_long_line(path, MAX_LINE_BYTES)
    if line is None:  # a quoted field that runs on over line breaks: no line is that long
        problem = f"a field is too long (over {MAX_LINE_BYTES:,} bytes): is a quote never closed?"
    else:
        problem = f"line is too long (over {MAX_LINE_BYTES:,} bytes; is a quote never closed?)"
    raise DataError(label, problem, row=line)


def _raise_first_reject(
    con: duckdb.DuckDBPyConnection, rejects: str, label: str, path: Path
) -> None:
    row = first_row(
        con,
        f"""SELECT line, column_name, error_type, error_message FROM {quote_ident(rejects)}
            ORDER BY line LIMIT 1""",
    )
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(rejects)}")
    if row is None:
        return
    line, column, kind, message = row
    if kind == "LINE SIZE OVER MAXIMUM":
        _raise_long_line(path, label)
    problems = {
        "TOO MANY COLUMNS": "too many fields",
        "MISSING COLUMNS": "too few fields",
        "INVALID UNICODE": "text is not valid in the file's encoding",
        "UNQUOTED VALUE": "a quote character inside an unquoted field",
        "LINE SIZE OVER MAXIMUM": "line is too long",
    }
    problem = problems.get(kind, kind.lower())
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    if counts:
        problem += f" (expected {counts[1]}, found {counts[2]})"
    raise DataError(label, problem, row=int(line), column=column if column else None)


def _same_header(con: duckdb.DuckDBPyConnection, parts: list[str], labels: list[str]) -> list[str]:
    headers = [_columns(con, p) for p in parts]
    for header, label in zip(headers[1:], labels[1:], strict=True):
        if header != headers[0]:
            missing = sorted(set(headers[0]) - set(header)) or sorted(set(header) - set(headers[0]))
            problem = f"header differs from {labels[0]} ({', '.join(missing) or 'column order'})"
            raise DataError(label, problem, row=1)
    return headers[0]


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """The user's column names of a raw table (a column named rowid under its own name)."""
    return [_user_name(c) for c in _engine_columns(con, relation)]


def _engine_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {quote_ident(relation)}").fetchall()]


def _user_name(column: str) -> str:
    own = column.removeprefix(USER_ROWID)
    return own if own != column and own.lower() == "rowid" else column


def _own_columns(
    con: duckdb.DuckDBPyConnection, raw: str, label: str, header_row: int | None
) -> list[str]:
    """Make a raw table's columns safe to extend with file and row: a user's column named
    ``rowid`` (any case) would hide the engine's row id and so give wrong row numbers, and
    is renamed; the names of the added columns are refused. Returns the select list."""
    select = []
    for column in _engine_columns(con, raw):
        if column.lower() in RESERVED:
            problem = "this column name is reserved for the loader: rename the column"
            raise DataError(label, problem, row=header_row, column=column)
        if column.lower() == "rowid":
            renamed = USER_ROWID + column
            con.execute(
                f"ALTER TABLE {quote_ident(raw)} RENAME COLUMN {quote_ident(column)} "
                f"TO {quote_ident(renamed)}"
            )
            column = renamed
        name = _user_name(column)
        select.append(quote_ident(column) + ("" if name == column else f" AS {quote_ident(name)}"))
    return select


def _union_view(
    con: duckdb.DuckDBPyConnection,
    name: str,
    parts: list[str],
    labels: list[str],
    *,
    first_row: int,
) -> str:
    """A view over per-file raw tables, adding file name, file number and row number.

    ``rowid`` follows the order rows were read in (the engine preserves insertion order),
    so ``rowid + first_row`` is the row the user sees in that file.
    """
    header_row = 1 if first_row == 2 else None
    selects = []
    for i, (part, label) in enumerate(zip(parts, labels, strict=True)):
        columns = ", ".join(_own_columns(con, part, label, header_row))
        selects.append(
            f"""SELECT {columns}, {quote_literal(label)} AS {FILE}, {i} AS {FILENO},
                       rowid + {first_row} AS {ROW} FROM {quote_ident(part)}"""
        )
    view = f"_raw_{name}"
    con.execute(f"CREATE OR REPLACE VIEW {quote_ident(view)} AS {' UNION ALL '.join(selects)}")
    return view


def read_parquet(
    con: duckdb.DuckDBPyConnection, name: str, paths: list[Path], labels: list[str]
) -> RawTable:
    """Read Parquet files (typed columns); the first record of each file is row 1."""
    parts = []
    for i, (path, label) in enumerate(zip(paths, labels, strict=True)):
        raw = f"_raw_{name}_{i}"
        try:
            con.execute(
                f"CREATE OR REPLACE TABLE {quote_ident(raw)} AS "
                f"SELECT * FROM read_parquet({quote_literal(str(path))})"
            )
        except duckdb.Error as exc:
            problem = f"not a valid Parquet file ({_engine_message(exc, path, label)})"
            raise DataError(label, problem) from None
        _own_columns(con, raw, label, None)  # before the checks, which count rows by rowid
        _check_page_checksums(con, path, label)
        _check_parquet_statistics(con, raw, path, label)
        parts.append(raw)
    columns = _same_header(con, parts, labels)
    view = _union_view(con, name, parts, labels, first_row=1)
    return RawTable(view, labels[0], columns, True, None)


def _check_parquet_statistics(
    con: duckdb.DuckDBPyConnection, raw: str, path: Path, label: str
) -> None:
    """Every number and date must lie within the min and max the file's footer records.

    Parquet has no checksum that readers check; bytes overwritten inside a data page
    decode to other values (timestamps in the year 141795) without any error. The
    footer's statistics were computed when the file was written, so a value outside them
    is a damaged file. Raises DataError naming the first such record and its column.
    """
    try:
        stats = con.execute(
            """SELECT row_group_id, row_group_num_rows, path_in_schema,
                      stats_min_value, stats_max_value, type
               FROM parquet_metadata(?) ORDER BY row_group_id""",
            [str(path)],
        ).fetchall()
    except duckdb.Error as exc:
        problem = f"not a valid Parquet file ({_engine_message(exc, path, label)})"
        raise DataError(label, problem) from None
    types = dict(
        con.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE {quote_ident(raw)})"
        ).fetchall()
    )
    checked = [c for c, t in types.items() if CHECKED_STATISTICS.fullmatch(t)]
    if not checked or not stats:
        return
    groups: dict[int, dict] = {}
    for group, rows, column, low, high, physical in stats:
        entry = groups.setdefault(group, {"rows": rows})
        if column in checked and physical != "INT96":  # INT96 statistics have no order
            entry[column] = (low, high)
    start, values = 0, []
    for group in sorted(groups):
        entry = groups[group]
        bounds = []
        for column in checked:
            low, high = entry.get(column, (None, None))
            bounds += [_literal_or_null(low), _literal_or_null(high)]
        values.append(f"({group}, {start}, {start + entry['rows'] - 1}, {', '.join(bounds)})")
        start += entry["rows"]
    names = [f"c{j}_{end}" for j in range(len(checked)) for end in ("lo", "hi")]
    typed = [
        f"TRY_CAST({n} AS {types[c]}) AS {n}"
        for j, c in enumerate(checked)
        for n in (f"c{j}_lo", f"c{j}_hi")
    ]
    outside = []
    for j, column in enumerate(checked):
        ref = f"r.{quote_ident(column)}"
        nan = f" AND NOT isnan({ref})" if types[column] in {"FLOAT", "DOUBLE"} else ""
        outside.append(f"min(r.rowid) FILTER (WHERE ({ref} < g.c{j}_lo OR {ref} > g.c{j}_hi){nan})")
    hits = first_row(
        con,
        f"""WITH g AS (SELECT rg, lo, hi, {", ".join(typed)}
                       FROM (VALUES {", ".join(values)}) v(rg, lo, hi, {", ".join(names)}))
            SELECT {", ".join(outside)}
            FROM {quote_ident(raw)} r JOIN g ON r.rowid BETWEEN g.lo AND g.hi""",
    )
    found = [
        (row, column) for row, column in zip(hits or (), checked, strict=True) if row is not None
    ]
    if found:
        row, column = min(found, key=lambda hit: hit[0])
        problem = (
            "not a valid Parquet file: the value is outside the range the file's own "
            "statistics record (the file is damaged; export it again)"
        )
        raise DataError(label, problem, row=row + 1, column=column)


def _check_page_checksums(con: duckdb.DuckDBPyConnection, path: Path, label: str) -> None:
    """Verify the pages' CRC checksums when the writer stored them (Spark does, pandas does
    not by default): the engine does not check them, so pyarrow reads the file once more."""
    first_page = first_row(
        con,
        "SELECT coalesce(dictionary_page_offset, data_page_offset) FROM parquet_metadata(?) "
        "ORDER BY row_group_id, column_id LIMIT 1",
        [str(path)],
    )
    if not first_page or first_page[0] is None or not _page_has_crc(path, first_page[0]):
        return
    import pyarrow.parquet as pq

    try:
        for _ in pq.ParquetFile(path, page_checksum_verification=True).iter_batches(1 << 16):
            pass
    except Exception as exc:  # the engine read the file: only a failed checksum counts here
        if "crc" in str(exc).lower() or "checksum" in str(exc).lower():
            problem = f"not a valid Parquet file: a page fails its checksum ({_one_line(exc)})"
            raise DataError(label, problem) from None


def _page_has_crc(path: Path, offset: int) -> bool:
    """Whether the Thrift page header at ``offset`` carries its optional ``crc`` (field 4).

    The header starts with three i32 fields (type, uncompressed and compressed size) in
    Thrift's compact protocol: a field byte 0x15 (next field, type i32) and a varint each;
    a fourth 0x15 is the crc.
    """
    with path.open("rb") as fh:
        fh.seek(offset)
        head = fh.read(64)
    pos = 0
    for _ in range(4):
        if pos >= len(head) or head[pos] != 0x15:
            return False
        pos += 1
        while pos < len(head) and head[pos] & 0x80:  # the varint's continuation bytes
            pos += 1
        pos += 1
    return True


def _literal_or_null(text: str | None) -> str:
    return "NULL" if text is None else f"CAST({quote_literal(text)} AS VARCHAR)"


def read_duckdb(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: Path,
    label: str,
    *,
    table: str | None,
    query: str | None,
) -> RawTable:
    """Read a table, or the result of a query, from a DuckDB database file (read-only)."""
    if not path.is_file():
        raise DataError(label, "database file not found")
    if not (table or query):
        raise DataError(label, "a DuckDB source needs `table:` or `query:` in the config")
    alias = f"_src_{name}"
    source = f"({query})" if query else quote_ident(table)
    where = f"query {query!r}" if query else f"table {table}"
    raw = f"_raw_{name}_0"
    # The run's own database is ``memory`` or, for ``crm run``, a file named after the file:
    # whichever it is, the raw table goes there and it is made current again afterwards.
    home = quote_ident(scalar(con, "SELECT current_database()"))
    schema = quote_ident(scalar(con, "SELECT current_schema()"))
    attached = False
    try:
        con.execute(f"ATTACH {quote_literal(str(path))} AS {quote_ident(alias)} (READ_ONLY)")
        attached = True
        con.execute(f"USE {quote_ident(alias)}")  # the query's own names are the file's
        con.execute(f"CREATE OR REPLACE TABLE {home}.{schema}.{quote_ident(raw)} AS FROM {source}")
    except duckdb.Error as exc:
        problem = f"cannot read {printable(where)}: {_engine_message(exc, path, label)}"
        raise DataError(label, problem) from None
    finally:
        con.execute(f"USE {home}.{schema}")
        if attached:
            con.execute(f"DETACH DATABASE IF EXISTS {quote_ident(alias)}")
    columns = _columns(con, raw)
    view = _union_view(con, name, [raw], [f"{label} ({where})"], first_row=1)
    return RawTable(view, f"{label} ({where})", columns, True, None)


def read_frame(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame, label: str) -> RawTable:
    """Load an in-memory DataFrame (demo company, CDNOW) as a typed source."""
    raw = f"_raw_{name}_0"
    con.register("_frame", df)
    con.execute(f"CREATE OR REPLACE TABLE {quote_ident(raw)} AS SELECT * FROM _frame")
    con.unregister("_frame")
    view = _union_view(con, name, [raw], [label], first_row=1)
    return RawTable(view, label, list(df.columns), True, None)


def drop_raw(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Free the raw tables of one canonical table once it has been built."""
    con.execute(f"DROP VIEW IF EXISTS {quote_ident('_raw_' + name)}")
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = current_schema() AND starts_with(table_name, ?)",
        [f"_raw_{name}_"],
    ).fetchall():
        con.execute(f"DROP TABLE {quote_ident(table)}")


def write_table(
    df: pd.DataFrame, path: Path, *, encoding: str = "utf-8", slash_dates: bool = False
) -> Path:
    """Write one table as Parquet or CSV (by suffix), atomically; returns the path.

    Parquet is written without pandas' index and with no timestamps in its metadata, so the
    same frame gives the same bytes. CSV dates read 2025-01-31 (2025/01/31 with
    ``slash_dates``, as many Japanese exports write them).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    if path.suffix == ".parquet":
        df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    else:
        _dates_as_text(df, "/" if slash_dates else "-").to_csv(tmp, index=False, encoding=encoding)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file the usual mode
    os.replace(tmp, path)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _dates_as_text(df: pd.DataFrame, sep: str = "-") -> pd.DataFrame:
    """Dates as ``2024-01-31``, timestamps as ``2024-01-31 09:30:00`` (``sep`` between parts)."""
    out = df.copy()
    day = f"%Y{sep}%m{sep}%d"
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            values = out[col]
            midnight = (values.dropna() == values.dropna().dt.normalize()).all()
            out[col] = values.dt.strftime(day if midnight else f"{day} %H:%M:%S")
    return out


def _one_line(exc: Exception) -> str:
    text = printable(" ".join(str(exc).split()))
    return text if len(text) < 300 else text[:297] + "..."


def _engine_message(exc: Exception, path: Path, label: str) -> str:
    """The engine's error as one short line: without its echo of the offending line and of
    the reader's options, and naming the file as the user named it (not a temporary copy)."""
    text = str(exc)
    for tail in ("\nOriginal Line", "\nPossible Solution", "\n  file = ", "\nLINE 1:"):
        text = text.split(tail, 1)[0]
    text = text.replace(str(path), label)
    if "not possible to automatically detect the CSV parsing dialect" in text:
        return "found no consistent layout (delimiter, quotes, line breaks): is it a CSV file?"
    return _one_line(Exception(text))


def write_json(data: dict, path: Path) -> Path:
    """Write JSON with sorted keys and Japanese kept readable; same data, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_yaml(data: dict, path: Path, header: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return path
