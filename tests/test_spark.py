"""data.engine: spark (crm_lib.spark): every registry table built on a local Spark session
by the runner's load stage, compared row for row with the same SQL run by DuckDB.

The oracle is DuckDB running the builders' own SQL (the engine every report is tested on),
chained through the registry's names. Skips, with the reason printed, only where pyspark or
Java is missing.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time

import duckdb
import pytest
from conftest import DEMO_CUSTOMERS, ROOT

from crm_lib.config import load_config
from crm_lib.contract import TABLES
from crm_lib.dataset import Dataset
from crm_lib.engine import customer_table, quote_ident, spark_built
from crm_lib.errors import ConfigError
from crm_lib.features import customer_summary, customer_summary_sql
from crm_lib.pipeline import Runner
from crm_lib.spark import session
from crm_lib.spark.dialect import duckdb_sql, spark_sql
from crm_lib.spark.tables import PREFIX, REGISTRY, Context, entries

pytestmark = pytest.mark.slow
# a small local session; the driver's JIT stops at C1: these jobs are short, and C2's
# compilations took half of the JVM's CPU time
JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
SPARK_CONF = (
    "{spark.sql.shuffle.partitions: 4, spark.ui.enabled: false, "
    f"spark.driver.extraJavaOptions: '{JVM}'}}"
)
REL_TOL = 1e-9
ABS_TOL = 1e-6  # currency units or days: sums of the same amounts in another order


def _config(*overrides: str):
    return load_config(
        ROOT / "configs" / "demo.yaml",
        [f"data.customers={DEMO_CUSTOMERS}", "data.engine=spark", *overrides],
    )


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    """The runner's load stage with data.engine spark on the demo company: (run folder,
    seconds of the stage, the config)."""
    problem = session.missing()
    if problem is not None:
        print(f"Spark tests skipped: {problem}")
        pytest.skip(str(problem))
    config = _config("data.spark.master=local[2]", f"data.spark.conf={SPARK_CONF}")
    building = tmp_path_factory.mktemp("spark-run")
    messages = []
    start = time.perf_counter()
    Runner(config, progress=messages.append)._load(building, logging.getLogger("test_spark"))
    seconds = time.perf_counter() - start
    print(f"load + Spark stage: {seconds:.1f} s; {messages[-1]}")
    return building, config


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(f"FROM {quote_ident(table)} ORDER BY ALL").fetchall()


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_every_registry_table_matches_duckdb_row_for_row(spark_run):
    building, config = spark_run
    ds = Dataset.open(building / "data.duckdb")  # read-only; temporary tables allowed
    con, ctx = ds.con, Context(ds, config)
    built = dict(con.execute("SELECT name, sql FROM _crm_spark").fetchall())
    chosen = entries(ds)
    assert list(built) == [e.name for e in chosen]
    assert len(chosen) == len(REGISTRY)  # the demo has every table: no entry skipped
    for entry in chosen:
        sql = entry.duckdb_sql(ctx)
        assert built[entry.name] == sql
        # the oracle: DuckDB runs the same SQL, later entries reading DuckDB's own results
        con.execute(f"CREATE TEMP TABLE {quote_ident(entry.name)} AS {sql}")
        expected, got = _rows(con, entry.name), _rows(con, PREFIX + entry.name)
        assert len(got) == len(expected) > 0, entry.name
        for want, row in zip(expected, got, strict=True):
            assert len(row) == len(want)
            bad = [i for i, (a, b) in enumerate(zip(want, row, strict=True)) if not _same(a, b)]
            assert not bad, f"{entry.name}: {want} != {row}"
        kinds = con.execute(f"DESCRIBE {quote_ident(entry.name)}").fetchall()
        assert con.execute(f"DESCRIBE {quote_ident(PREFIX + entry.name)}").fetchall() == kinds
    con.close()


def test_the_spark_tables_are_parquet_in_the_run_folder(spark_run):
    building, _ = spark_run
    folder = building / "spark"
    assert {p.name for p in folder.iterdir()} == {f"{e.name}.parquet" for e in REGISTRY}
    con = duckdb.connect(str(building / "data.duckdb"), read_only=True)
    path = str(folder / "customer_summary.parquet" / "*.parquet")
    rows = con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchall()[0][0]
    assert (
        rows == con.execute("SELECT count(DISTINCT customer_id) FROM transactions").fetchall()[0][0]
    )
    con.close()


def test_reports_read_the_spark_table_only_for_the_same_sql(spark_run):
    building, _ = spark_run
    ds = Dataset.open(building / "data.duckdb")
    end = ds.observation_end
    assert spark_built(ds.con, customer_summary_sql(end)) == "spark_customer_summary"
    earlier = end - dt.timedelta(days=30)
    assert spark_built(ds.con, customer_summary_sql(earlier)) is None
    assert spark_built(ds.con, customer_summary_sql(end, purchasers_only=True)) is None
    # same frame either way: Spark's table, and DuckDB computing it (a connection without it)
    from_spark = customer_summary(ds, end)
    plain = duckdb.connect()
    plain.execute(f"ATTACH '{building / 'data.duckdb'}' AS run (READ_ONLY)")
    plain.execute("USE run")
    from_duckdb = customer_table(plain, customer_summary_sql(end))
    assert list(from_spark.dtypes) == list(from_duckdb.dtypes)
    assert from_spark["customer_id"].tolist() == from_duckdb["customer_id"].tolist()
    assert from_spark["revenue_net"].sum() == pytest.approx(from_duckdb["revenue_net"].sum())
    ds.con.close()
    plain.close()


def test_registry_names_do_not_shadow_canonical_tables():
    names = [e.name for e in REGISTRY]
    assert len(set(names)) == len(names)
    assert not set(names) & set(TABLES)


def test_dialect_binds_parameters_and_divides_in_floating_point():
    sql = "SELECT x / 3600.0 AS h FROM t WHERE d <= $as_of"
    bound = duckdb_sql(sql, {"as_of": dt.date(2025, 12, 31)})
    assert "$as_of" not in bound and "2025-12-31" in bound
    spark = spark_sql(sql, {"as_of": dt.date(2025, 12, 31)})
    assert "CAST(x AS DOUBLE) / 3600.0" in spark


def test_spark_config_is_strict():
    config = _config("data.spark.conf={spark.sql.shuffle.partitions: 8, spark.ui.enabled: false}")
    assert config.data.spark.conf == {
        "spark.sql.shuffle.partitions": "8",
        "spark.ui.enabled": "false",
    }
    with pytest.raises(ConfigError, match="data.spark.conf"):
        _config("data.spark.conf={sprak.executor.memory: 4g}")
    with pytest.raises(ConfigError, match="unknown key"):
        _config("data.spark.masterr=local[4]")
    assert _config("data.customers=10000000").data.customers == 10_000_000


def test_missing_java_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    problem = session.missing("demo.yaml")
    assert isinstance(problem, ConfigError) and "\n" not in str(problem)
    pytest.importorskip("pyspark")
    assert str(problem) == (
        "demo.yaml: data.engine: spark needs Java: "
        "install Java 17 or newer (Debian: apt-get install default-jre-headless)"
    )
