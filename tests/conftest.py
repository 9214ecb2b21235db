"""Shared test helpers: small files written on the fly and the CLI run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crm_lib.cli import main

HEADER = "order_id,customer_id,order_date,amount"


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
