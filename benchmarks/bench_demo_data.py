"""Benchmark: generate the demo company and write every table to Parquet.

Run by hand (never part of the test suite):

    python benchmarks/bench_demo_data.py --customers 1000000

Prints the time to generate, the time to write Parquet (pyarrow) into a temporary folder,
rows and file size per table, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from scale import peak_rss_mb

from crm_lib.demo import generate_demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    company = generate_demo(n_customers=args.customers, seed=args.seed)
    t_generate = time.perf_counter() - t0
    print(f"generate_demo(n_customers={args.customers:,}, seed={args.seed}): {t_generate:.1f} s")
    print(f"peak RSS after generation: {peak_rss_mb():,.0f} MiB")

    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        total_bytes = 0
        for name, frame in company.tables.items():
            path = Path(tmp) / f"{name}.parquet"
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
            size = path.stat().st_size
            total_bytes += size
            print(f"  {name:<13} {len(frame):>12,} rows {size / 2**20:>9.1f} MiB")
    t_write = time.perf_counter() - t1
    print(f"write Parquet: {t_write:.1f} s, {total_bytes / 2**20:,.1f} MiB in total")
    print(f"total: {t_generate + t_write:.1f} s; peak RSS: {peak_rss_mb():,.0f} MiB")


if __name__ == "__main__":
    main()
