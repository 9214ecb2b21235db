"""A notebook's read-only connection is bounded in memory and spills to disk beyond it."""

from __future__ import annotations

from crm_lib import engine


def test_a_read_only_connection_spills_beyond_its_memory_limit(tmp_path, monkeypatch):
    """3,000,000 rows grouped into 1,000,000 lists (several hundred MB of hash table) under
    a 100 MB limit: the right answer, the limit in force, and no spill folder left."""
    path = tmp_path / "data.duckdb"
    con = engine.connect(path)
    con.execute(
        "CREATE TABLE t AS SELECT i % 1000000 AS k, 'item-' || i AS v FROM range(3000000) r(i)"
    )
    con.close()
    monkeypatch.setattr(engine, "READ_ONLY_MEMORY_LIMIT", "100MB")
    con = engine.connect(path, read_only=True)
    limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    groups, items = con.execute(
        "SELECT count(*), sum(len(l)) FROM (SELECT k, list(v ORDER BY v) l FROM t GROUP BY k)"
    ).fetchall()[0]
    con.close()
    assert limit.endswith("MiB") and float(limit.split()[0]) <= 100  # "95.3 MiB"
    assert (groups, items) == (1_000_000, 3_000_000)
    assert not (tmp_path / "data.duckdb.tmp").exists()
