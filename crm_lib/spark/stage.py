"""The Spark stage of a run: the registry's tables built on Spark over the checked data,
written as Parquet under ``<run folder>/spark/<name>.parquet`` and loaded into the run's
``data.duckdb`` as ``spark_<name>``, with the DuckDB query's own column types.

The canonical tables reach Spark as Parquet exported from DuckDB (``spark/_input/``,
removed after the stage: it holds personal data). On a cluster the run folder must be on
storage the executors read and write (a shared mount). ``_crm_spark`` records, per table,
the DuckDB SQL it was built from and its seconds; :func:`crm_lib.engine.customer_table`
reads a ``spark_<name>`` table only for that exact SQL.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

import duckdb

from crm_lib.config import RunConfig
from crm_lib.dataset import Dataset
from crm_lib.engine import SPARK_META, quote_ident, quote_literal
from crm_lib.spark.dialect import order_by, spark_sql
from crm_lib.spark.session import spark_session
from crm_lib.spark.tables import PREFIX, Context, Entry, entries

INPUT = "_input"  # under the spark folder: the canonical tables as Parquet, during the stage
PARALLEL = 4  # Spark jobs submitted at once: one small job leaves cores idle between stages


def build_tables(ds: Dataset, config: RunConfig, folder: Path) -> dict[str, float]:
    """Build every registry entry the data has on Spark into ``folder`` and load them into
    ``ds.con`` (writable); returns the seconds Spark took per table."""
    ctx, chosen = Context(ds, config), entries(ds)
    with spark_session(config.data.spark, config.source) as spark:
        seconds = _run(spark, ds, ctx, chosen, folder)
    load_tables(ds.con, ctx, chosen, folder, seconds)
    return seconds


def _run(spark, ds: Dataset, ctx: Context, chosen: list[Entry], folder: Path) -> dict:
    inputs = folder / INPUT
    inputs.mkdir(parents=True, exist_ok=True)
    views = []
    try:
        for name in ds.loads:
            path = inputs / f"{name}.parquet"
            target = quote_literal(str(path))
            ds.con.execute(f"COPY {quote_ident(name)} TO {target} (FORMAT parquet)")
            spark.read.parquet(str(path)).createOrReplaceTempView(name)
            views.append(name)
        return _build_all(spark, ctx, chosen, folder, views)
    finally:
        for view in views:  # a spark-submit session outlives the stage
            spark.catalog.dropTempView(view)
        shutil.rmtree(inputs, ignore_errors=True)


def _build_all(spark, ctx: Context, chosen: list[Entry], folder: Path, views: list) -> dict:
    """Every entry, up to :data:`PARALLEL` at once, each after the entries it reads. Each
    entry's SQL is built here, in this thread: a build may query the DuckDB connection (the
    churn cutoffs), which takes one call at a time."""
    seconds, pending, running = {}, list(chosen), {}
    with ThreadPoolExecutor(PARALLEL) as pool:
        while pending or running:
            ready = [e for e in pending if set(e.reads) <= seconds.keys()]
            for entry in ready[: PARALLEL - len(running)]:
                pending.remove(entry)
                query = entry.build(ctx)
                running[pool.submit(_build_one, spark, query, entry.name, folder)] = entry
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                entry = running.pop(future)
                seconds[entry.name] = future.result()
                views.append(entry.name)
    return seconds


def _build_one(spark, query, name: str, folder: Path) -> float:
    """One entry's query (SQL and parameters) as Parquet, then a view of it named ``name``
    for the entries that read it; seconds."""
    start = time.perf_counter()
    out = str(folder / f"{name}.parquet")
    _typed(spark.sql(spark_sql(*query))).write.mode("overwrite").parquet(out)
    spark.read.parquet(out).createOrReplaceTempView(name)
    return time.perf_counter() - start


def _typed(frame):
    """Columns of no type (a bare NULL) as strings: Parquet cannot hold them; the load
    casts every column to the DuckDB query's type."""
    from pyspark.sql.types import NullType

    for field in frame.schema.fields:
        if isinstance(field.dataType, NullType):
            frame = frame.withColumn(field.name, frame[field.name].cast("string"))
    return frame


def load_tables(
    con: duckdb.DuckDBPyConnection,
    ctx: Context,
    chosen: list[Entry],
    folder: Path,
    seconds: dict[str, float],
) -> None:
    """Each entry's Parquet as ``spark_<name>`` in ``con``, its columns cast to the types
    the DuckDB query has, its rows in the query's order (its ``ORDER BY``, else the entry's
    key); recorded in ``_crm_spark``."""
    con.execute(f"CREATE OR REPLACE TABLE {SPARK_META} (name VARCHAR, sql VARCHAR, seconds DOUBLE)")
    views = []
    try:
        for entry in chosen:
            sql = entry.duckdb_sql(ctx)
            columns = con.execute(f"DESCRIBE {sql}").fetchall()
            cast = ", ".join(
                f"CAST({quote_ident(c)} AS {kind}) AS {quote_ident(c)}" for c, kind, *_ in columns
            )
            files = quote_literal(str(folder / f"{entry.name}.parquet" / "*.parquet"))
            order = order_by(sql) or "ORDER BY " + ", ".join(quote_ident(k) for k in entry.key)
            table = quote_ident(PREFIX + entry.name)
            con.execute(
                f"CREATE OR REPLACE TABLE {table} AS "
                f"SELECT {cast} FROM read_parquet({files}) {order}"
            )
            # later entries' SQL (and DESCRIBE) read an earlier entry by its name
            con.execute(f"CREATE OR REPLACE TEMP VIEW {quote_ident(entry.name)} AS FROM {table}")
            views.append(entry.name)
            con.execute(
                f"INSERT INTO {SPARK_META} VALUES (?, ?, ?)",
                [entry.name, sql, round(seconds[entry.name], 3)],
            )
    finally:
        for view in views:
            con.execute(f"DROP VIEW IF EXISTS {quote_ident(view)}")
