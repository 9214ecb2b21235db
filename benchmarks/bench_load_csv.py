"""Loading and validating a large CSV export, against pandas.read_csv of the same file.

    python benchmarks/bench_load_csv.py --rows 5000000 [--encoding cp932]

Writes a synthetic order export (Japanese headers, dates as 2025/01/31) to a temporary
folder, then times in the same run: (a) pandas.read_csv alone, which parses but checks
nothing; (b) crm_lib's load_dataset: encoding check, field counts, every value parsed and
checked, duplicate order ids, implausible and future dates, into DuckDB; (c) the
``crm validate`` command itself on a config for that file (a process of its own: start-up,
config, load_dataset, the summary). Prints seconds, rows per second, peak memory of each in
a child process, and the ratio (b)/(a).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = {"order_id": "受注番号", "customer_id": "顧客番号", "order_date": "受注日",
           "amount": "税込金額", "channel": "販売チャネル"}  # fmt: skip


def write_export(path: str, rows: int, encoding: str, out: mp.Queue) -> None:
    rng = np.random.default_rng(0)
    days = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.integers(0, 1095, rows), "D")
    frame = pd.DataFrame(
        {
            COLUMNS["order_id"]: np.char.add("O", np.arange(rows).astype(str)),
            COLUMNS["customer_id"]: np.char.add("C", rng.integers(0, rows // 5, rows).astype(str)),
            COLUMNS["order_date"]: days.strftime("%Y/%m/%d"),
            COLUMNS["amount"]: rng.gamma(4, 1500, rows).round().astype(int),
            COLUMNS["channel"]: rng.choice(["通販", "ネット", "電話"], rows),
        }
    )
    frame.to_csv(path, index=False, encoding=encoding)
    out.put((0.0, 0))


def run_pandas(path: str, encoding: str, out: mp.Queue) -> None:
    start = time.perf_counter()
    pd.read_csv(path, encoding=encoding)
    out.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def run_crm(path: str, encoding: str, out: mp.Queue) -> None:
    from crm_lib.config import load_config
    from crm_lib.dataset import load_dataset

    mapping = "{" + ", ".join(f"{k}: {v}" for k, v in COLUMNS.items()) + "}"
    config = load_config(
        None,
        [
            "data.source=files",
            f"data.tables.transactions.path={path}",
            f"data.tables.transactions.encoding={encoding}",
            f"data.tables.transactions.columns={mapping}",
        ],
    )
    start = time.perf_counter()
    load_dataset(config)
    out.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def run_cli(path: str, encoding: str, out: mp.Queue) -> None:
    import yaml

    config = Path(path).with_name("bench.yaml")
    table = {"path": path, "encoding": encoding, "columns": COLUMNS}
    config.write_text(
        yaml.safe_dump({"data": {"source": "files", "tables": {"transactions": table}}},
                       allow_unicode=True),
        encoding="utf-8",
    )  # fmt: skip
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crm_lib", "validate", "--config", str(config)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    out.put((seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))


def in_child(target, *args) -> tuple[float, float]:
    """Run ``target(*args, queue)`` in a fresh interpreter; its seconds and peak RSS (MB)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    seconds, peak_kb = queue.get()
    proc.join()
    return seconds, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        in_child(write_export, str(path), args.rows, args.encoding)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.rows:,} rows, {size_mb:,.0f} MB, {args.encoding}")
        base_s, base_mb = in_child(run_pandas, str(path), args.encoding)
        crm_s, crm_mb = in_child(run_crm, str(path), args.encoding)
        cli_s, cli_mb = in_child(run_cli, str(path), args.encoding)
    for label, s, mb in [("pandas.read_csv (no checks)", base_s, base_mb),
                         ("crm load_dataset (checked)", crm_s, crm_mb),
                         ("crm validate (the command)", cli_s, cli_mb)]:  # fmt: skip
        print(f"{label:<30} {s:7.1f} s  {args.rows / s:12,.0f} rows/s  peak {mb:7,.0f} MB")
    print(f"ratio crm / pandas: time {crm_s / base_s:.2f}x, peak memory {crm_mb / base_mb:.2f}x")


if __name__ == "__main__":
    main()
