"""Shared test helpers: small files written on the fly and the CLI run in-process."""

from __future__ import annotations

import datetime as dt
import fcntl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from crm_lib.cli import main
from crm_lib.dataset import Dataset, TableLoad

HEADER = "order_id,customer_id,order_date,amount"
ROOT = Path(__file__).resolve().parents[1]
CRM = [sys.executable, "-m", "crm_lib"]
DEMO_CUSTOMERS = 2000  # the full demo run of the tests: every report, a smaller company


def run_crm(config: Path, out: Path, *overrides: str) -> subprocess.CompletedProcess:
    """``crm run`` in a subprocess, as a scheduler runs it; asserts it succeeded."""
    sets = [a for o in overrides for a in ("--set", o)]
    proc = subprocess.run(
        [*CRM, "run", "--config", config, "--set", f"output={out}", *sets],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def crm_run():
    """:func:`run_crm`, for tests that need a run of their own."""
    return run_crm


def shared_once(tmp_path_factory, name: str, make: Callable[[Path], object]):
    """``make(folder)`` run once for the whole test session, its result shared by every
    xdist worker: the first worker to ask makes it under a lock in the session's common
    temporary folder and writes a marker; the others wait for the lock and reuse the
    folder (runs take minutes, and the workers would otherwise each make their own)."""
    root = tmp_path_factory.getbasetemp()
    if root.name.startswith("popen-gw"):  # an xdist worker's own folder
        root = root.parent  # common to the workers of one session
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            folder.mkdir(exist_ok=True)
            (folder / "stdout.txt").write_text(str(make(folder)), encoding="utf-8")
            done.touch()
    return folder


@pytest.fixture(scope="session")
def cdnow_run(tmp_path_factory):
    """One successful run of configs/cdnow.yaml shared by read-only checks: ``(output
    folder, the run's stdout)``."""

    def make(out: Path) -> str:
        return run_crm(ROOT / "configs" / "cdnow.yaml", out).stdout

    out = shared_once(tmp_path_factory, "cdnow", make)
    return out, (out / "stdout.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> Path:
    """One successful run of configs/demo.yaml (every report) on a smaller company."""

    def make(out: Path) -> str:
        customers = f"data.customers={DEMO_CUSTOMERS}"
        return run_crm(ROOT / "configs" / "demo.yaml", out, customers).stdout

    return shared_once(tmp_path_factory, "demo", make) / "latest"


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write ``lines`` (header first) as a CSV in ``encoding``; returns its path."""

    def write(lines: list[str], name: str = "orders.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    return write


@pytest.fixture
def crm():
    """Run the ``crm`` command in-process; returns click's Result (exit_code, stdout, stderr)."""

    def run(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def files_config(tmp_path: Path):
    """A config file reading transactions from ``path`` (and any extra table entries)."""

    def make(path: Path, **table_options: str) -> Path:
        lines = ["name: test", "data:", "  source: files", "  tables:", "    transactions:"]
        lines.append(f"      path: {path.name}")
        lines += [f"      {k}: {v}" for k, v in table_options.items()]
        config = tmp_path / "config.yaml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return config

    return make


def transactions_dataset(rows: list[tuple[str, str, float]], end: dt.date) -> Dataset:
    """A Dataset holding only hand-made transactions (customer_id, order_date, amount),
    observed to ``end``."""
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    tx.insert(0, "order_id", [f"O{i}" for i in range(len(tx))])
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE transactions AS
           SELECT order_id, customer_id, CAST(order_date AS DATE) AS order_date,
                  CAST(amount AS DOUBLE) AS amount FROM tx"""
    )
    load = TableLoad("transactions", "hand-made", len(tx), len(tx), 0, tuple(tx.columns))
    return Dataset(con, {"transactions": load}, end, end)
