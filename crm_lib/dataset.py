"""Loading a run's data: every configured source, checked, into one DuckDB database.

The database is the engine for every per-customer aggregation. It can live in memory
or in a file, so that a run loads and checks the data once and each notebook opens the
same tables read-only (:meth:`Dataset.open`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from crm_lib import io
from crm_lib.config import RunConfig
from crm_lib.contract import TABLES
from crm_lib.encoding import printable
from crm_lib.engine import connect, scalar
from crm_lib.errors import DataError
from crm_lib.validation import TableBuilder, map_columns

META_TABLE = "_crm_meta"


@dataclass(frozen=True)
class TableLoad:
    """What loading one table did: where it came from and how many rows it kept."""

    name: str
    source: str
    rows_read: int
    rows_used: int
    rows_after_observation_end: int  # left out of the analysis, reported by data health
    columns: tuple[str, ...] = ()  # canonical columns the source provided
    encodings: dict[str, str] = field(default_factory=dict)  # CSV file -> encoding
    origin: dict[str, Any] = field(default_factory=dict)
    # ^ the kind of source and what names it, for pages: {"kind": demo | cdnow | files |
    #   duckdb | query, and seed, customers, dataset, path or table} (see source_origin)


@dataclass
class Dataset:
    """The canonical tables of one run in a DuckDB connection, with how they were loaded."""

    con: duckdb.DuckDBPyConnection
    loads: dict[str, TableLoad]
    observation_end: dt.date
    run_date: dt.date

    def has(self, name: str) -> bool:
        return name in self.loads

    def table(self, name: str) -> pd.DataFrame:
        """One canonical table as a DataFrame (for small tables and charts)."""
        if not self.has(name):
            raise KeyError(f"table {name!r} is not in this dataset")
        return self.con.table(name).df()

    def summary(self) -> dict:
        """JSON-ready description: period, and per table its source and row counts."""
        return {
            "observation_end": self.observation_end.isoformat(),
            "run_date": self.run_date.isoformat(),
            "tables": {name: asdict(load) for name, load in self.loads.items()},
        }

    def save_meta(self) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {META_TABLE} (summary VARCHAR)")
        self.con.execute(f"INSERT INTO {META_TABLE} VALUES (?)", [json.dumps(self.summary())])

    @classmethod
    def open(cls, database: str | Path) -> Dataset:
        """Open a dataset that :func:`load_dataset` wrote to a file, read-only."""
        con = connect(database, read_only=True)
        summary = json.loads(scalar(con, f"SELECT summary FROM {META_TABLE}"))
        loads = {
            name: TableLoad(**{**load, "columns": tuple(load["columns"])})
            for name, load in summary["tables"].items()
        }
        return cls(
            con,
            loads,
            dt.date.fromisoformat(summary["observation_end"]),
            dt.date.fromisoformat(summary["run_date"]),
        )


def _raw_sources(config: RunConfig, con: duckdb.DuckDBPyConnection) -> dict[str, io.RawTable]:
    data = config.data
    if data.source == "demo":
        from crm_lib.demo import generate_demo

        company = generate_demo(n_customers=data.customers, seed=data.seed)
        label = f"demo (seed {data.seed}, {data.customers} customers)"
        return {
            name: io.read_frame(con, name, frame, f"{label}: {name}")
            for name, frame in company.tables.items()
        }
    if data.source == "cdnow":
        from crm_lib.cdnow import load_cdnow

        frame = load_cdnow(data.dataset)
        return {"transactions": io.read_frame(con, "transactions", frame, f"cdnow {data.dataset}")}
    raws = {}
    for name, src in data.tables.items():
        raws[name] = io.read_source(
            con,
            name,
            config.resolve(src.path),
            src.path,
            encoding=src.encoding,
            delimiter=src.delimiter,
            table=src.table,
            query=src.query,
        )
    return raws


def source_origin(config: RunConfig, name: str) -> dict[str, Any]:
    """Where table ``name`` of the config comes from, as data for a page to write in its
    language: the kind (``demo``, ``cdnow``, ``files``, ``duckdb``, ``query``) and the seed
    and size of the demo, the CDNOW dataset, or the path as the config gives it (text) and
    the DuckDB table."""
    data = config.data
    if data.source == "demo":
        return {"kind": "demo", "seed": data.seed, "customers": data.customers}
    if data.source == "cdnow":
        return {"kind": "cdnow", "dataset": data.dataset}
    src = data.tables[name]
    path = str(src.path)
    if src.query:
        return {"kind": "query", "path": path}
    if src.table:
        return {"kind": "duckdb", "path": path, "table": src.table}
    return {"kind": "files", "path": path}


def load_dataset(
    config: RunConfig,
    *,
    database: str | Path | None = None,
    run_date: dt.date | None = None,
) -> Dataset:
    """Read, check and load every table the config names.

    ``database``: a DuckDB file to write (default: in memory). ``run_date``: the day of the
    run (default: today); an order after it is an error. Orders after
    ``period.observation_end`` (default: the last order date) are left out and counted.
    Raises :class:`~crm_lib.errors.DataError` for the first problem found, with control
    characters of file names, headers and values escaped so that it prints as one line.
    """
    run_date = run_date or dt.date.today()
    con = connect(database)
    try:
        return _load(config, con, run_date)
    except DataError as exc:
        con.close()
        clean = DataError(
            printable(exc.file),
            printable(exc.problem),
            row=exc.row,
            column=None if exc.column is None else printable(exc.column),
        )
        if str(clean) == str(exc):
            raise
        raise clean from exc
    except BaseException:
        con.close()
        raise


def _load(config: RunConfig, con: duckdb.DuckDBPyConnection, run_date: dt.date) -> Dataset:
    raws = _raw_sources(config, con)
    sources = config.data.tables
    builders = {}
    for name in ["transactions", *sorted(set(raws) - {"transactions"})]:
        src = sources.get(name)
        spec, raw = TABLES[name], raws[name]
        mapping = map_columns(spec, raw, src.columns if src else {})
        builder = TableBuilder(con, spec, raw, mapping, date_format=src and src.date_format)
        builder.check_rows()
        builder.check_unique()
        builders[name] = builder
    for builder in builders.values():  # transactions first
        builder.check_dates(run_date)
    observation_end = config.period.observation_end or builders["transactions"].latest("order_date")
    loads = {}
    for name, builder in builders.items():
        rows_read = builder.count()
        kept, after = builder.build(observation_end)
        loads[name] = TableLoad(
            name,
            builder.raw.label,
            rows_read,
            kept,
            after,
            tuple(builder.parsed),
            dict(builder.raw.encodings),
            source_origin(config, name),
        )
        io.drop_raw(con, name)
    if "subscriptions" in loads:  # a cancellation after observation_end is not known yet
        con.execute(
            "UPDATE subscriptions SET end_date = NULL WHERE end_date > ?", [observation_end]
        )
    dataset = Dataset(con, loads, observation_end, run_date)
    dataset.save_meta()
    return dataset
