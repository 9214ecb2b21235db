"""`crm demo-data`: files per table, truth, a config that loads them, same seed same bytes."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from crm_lib.config import load_config
from crm_lib.contract import TABLES
from crm_lib.dataset import load_dataset
from crm_lib.demo import generate_demo

N, SEED = 300, 5


@pytest.fixture(scope="module")
def company():
    return generate_demo(n_customers=N, seed=SEED)


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_writes_every_table_truth_and_config(tmp_path, crm):
    result = crm("demo-data", "--out", tmp_path, "--customers", N, "--seed", SEED)
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert {f"{t}.parquet" for t in TABLES} <= names
    assert {"truth.json", "truth_customers.parquet", "config.yaml"} <= names
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth  # the planted truth is documented in docs/demo-data.md; tested in test_demo


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, crm):
    for folder, seed in [("a", SEED), ("b", SEED), ("c", SEED + 1)]:
        crm("demo-data", "--out", tmp_path / folder, "--customers", N, "--seed", seed)
    a, b, c = (digests(tmp_path / f) for f in "abc")
    assert a == b
    assert a["transactions.parquet"] != c["transactions.parquet"]


def test_written_config_loads_the_same_data_as_the_in_memory_demo(tmp_path, crm, company):
    crm("demo-data", "--out", tmp_path, "--customers", N, "--seed", SEED)
    from_files = load_dataset(load_config(tmp_path / "config.yaml"))
    in_memory = load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )
    assert set(from_files.loads) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(from_files.table(name), in_memory.table(name))
    assert from_files.loads["transactions"].rows_used == len(company.tables["transactions"])


def test_japanese_shift_jis_export_round_trips(tmp_path, crm, company):
    tables = "transactions,customers,feedback"
    export = ["--format", "csv", "--encoding", "cp932", "--japanese-headers", "--tables", tables]
    result = crm("demo-data", "--out", tmp_path, "--customers", N, "--seed", SEED, *export)
    assert result.exit_code == 0, result.stderr
    head = (tmp_path / "transactions.csv").read_bytes().splitlines()[0].decode("cp932")
    assert head.startswith("受注番号,顧客番号,受注日,税込金額")
    with pytest.raises(UnicodeDecodeError):
        (tmp_path / "feedback.csv").read_bytes().decode("utf-8")
    exported = load_dataset(load_config(tmp_path / "config.yaml"))
    canonical = load_dataset(
        load_config(None, ["data.source=demo", f"data.customers={N}", f"data.seed={SEED}"])
    )
    for name in tables.split(","):
        assert exported.loads[name].encodings == {f"{name}.csv": "cp932"}
        pd.testing.assert_frame_equal(exported.table(name), canonical.table(name))


def test_unknown_table_is_a_usage_error(tmp_path, crm):
    result = crm("demo-data", "--out", tmp_path, "--tables", "orders")
    assert result.exit_code == 2 and "unknown table 'orders'" in result.stderr
