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

from crm_lib.encoding import BOM, resolve_encoding, transcode_to_utf8
from crm_lib.engine import first_row, quote_ident, quote_literal
from crm_lib.errors import DataError

ROW = "__row"
FILE = "__file"
FILENO = "__fileno"
DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")


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
    """The files a path or glob names, sorted; DataError when there are none."""
    if glob.has_magic(str(pattern)):
        paths = sorted(Path(p) for p in glob.glob(str(pattern)))
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
            enc = resolve_encoding(path, encoding)
            encodings[label] = enc
            readable = path
            if enc != "utf-8":
                readable = transcode_to_utf8(path, enc, Path(tmp) / f"{i}.csv")
            parts.append(_read_one_csv(con, f"_raw_{name}_{i}", readable, label, delimiter))
    columns = _same_header(con, parts, labels)
    view = _union_view(con, name, parts, labels, first_row=2)
    return RawTable(view, labels[0], columns, False, 1, encodings)


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
        raise DataError(label, f"cannot read as CSV: {_one_line(exc)}") from None
    _raise_first_reject(con, raw + "_rejects", label)
    return raw


def _raise_first_reject(con: duckdb.DuckDBPyConnection, rejects: str, label: str) -> None:
    row = first_row(
        con,
        f"""SELECT line, column_name, error_type, error_message FROM {quote_ident(rejects)}
            ORDER BY line LIMIT 1""",
    )
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(rejects)}")
    if row is None:
        return
    line, column, kind, message = row
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
    return [r[0] for r in con.execute(f"DESCRIBE {quote_ident(relation)}").fetchall()]


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
    selects = [
        f"""SELECT *, {quote_literal(label)} AS {FILE}, {i} AS {FILENO},
                   rowid + {first_row} AS {ROW} FROM {quote_ident(part)}"""
        for i, (part, label) in enumerate(zip(parts, labels, strict=True))
    ]
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
            raise DataError(label, f"cannot read as Parquet: {_one_line(exc)}") from None
        parts.append(raw)
    columns = _same_header(con, parts, labels)
    view = _union_view(con, name, parts, labels, first_row=1)
    return RawTable(view, labels[0], columns, True, None)


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
    try:
        con.execute(f"ATTACH {quote_literal(str(path))} AS {alias} (READ_ONLY)")
        con.execute(f"USE {alias}")
        con.execute(f"CREATE OR REPLACE TABLE memory.main.{quote_ident(raw)} AS FROM {source}")
    except duckdb.Error as exc:
        raise DataError(label, f"cannot read {where}: {_one_line(exc)}") from None
    finally:
        con.execute("USE memory")
        con.execute(f"DETACH DATABASE IF EXISTS {alias}")
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
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'memory' "
        "AND starts_with(table_name, ?)",
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
    text = " ".join(str(exc).split())
    return text if len(text) < 300 else text[:297] + "..."


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
