"""Benchmark: every section of the campaigns report on a large demo company.

Run by hand (never part of the test suite):

    python benchmarks/bench_campaigns.py --customers 1000000 [--database FILE]

Generates the demo company, writes its tables to a DuckDB file (kept at ``--database`` when
given, and reused by a later run with the same path; else a temporary file), then opens
that file read-only in a fresh process (as ``crm run`` does) and times each section of the
campaigns report (``crm_lib.experiments.report``) with the parameters of
``configs/demo.yaml``, in the notebook's order. Prints a table of the seconds and the peak
resident memory of each section (Linux: the high-water mark is reset before each section
through ``/proc/self/clear_refs``; elsewhere the process's peak so far), then the load
average of the machine, which the timings depend on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import peak_rss_mb, reset_peak, write_demo

ROOT = Path(__file__).resolve().parents[1]


def run_campaigns(database: Path) -> None:
    """Time every section of the campaigns report, as the notebook runs them, on a dataset
    file opened read-only, with the campaigns parameters and business of the demo config."""
    from crm_lib.config import load_config
    from crm_lib.dataset import Dataset
    from crm_lib.experiments import report
    from crm_lib.privacy import Masker

    config = load_config(ROOT / "configs" / "demo.yaml")
    params, business = config.params.campaigns, config.business
    ds = Dataset.open(database)
    masker = Masker.for_dataset(business.privacy, ds)
    contacts = ds.con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    print(f"contacts: {contacts:,} rows")
    exact = reset_peak()
    rows: list[tuple[str, float, float]] = []

    def timed(label, func, *args):
        reset_peak()
        t0 = time.perf_counter()
        result = func(*args)
        rows.append((label, time.perf_counter() - t0, peak_rss_mb()))
        print(f"  {label:<18} {rows[-1][1]:>8.1f} s {rows[-1][2]:>9,.0f} MiB", flush=True)
        return result

    start = time.perf_counter()
    timed("overview", report.overview, ds)
    effects = timed("effects", report.effects, ds, params, business)
    timed("arms", report.arms, ds)
    timed("long_term", report.long_term, ds, params)
    segments = timed("segments", report.segments, ds, business)
    timed("uplift_targeting", report.uplift_targeting, ds, params, business, masker)
    timed("fatigue", report.fatigue, ds, params)
    timed("trigger", report.trigger, ds, params)
    timed("pilot", report.pilot, ds, effects, segments, params, business)
    total = time.perf_counter() - start
    peak = "peak RSS of the section" if exact else "peak RSS of the process so far"
    print(f"\n| section | seconds | {peak} (MiB) |\n|---|---:|---:|")
    for label, seconds, mib in rows:
        print(f"| {label} | {seconds:,.1f} | {mib:,.0f} |")
    print(f"| total | {total:,.1f} | {max(r[2] for r in rows):,.0f} |")
    load = os.getloadavg()
    print(f"load average (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database", type=Path, help="keep the generated data here; reuse it when it exists"
    )
    parser.add_argument("--analyse", type=Path, help=argparse.SUPPRESS)  # the fresh process
    args = parser.parse_args(argv)
    if args.analyse:
        run_campaigns(args.analyse)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.database or Path(tmp) / "demo.duckdb"
        if path.exists():
            print(f"reusing {path} (generated earlier; --customers and --seed are ignored)")
        else:
            write_demo(path, args.customers, args.seed)
            print(f"peak RSS of generation: {peak_rss_mb():,.0f} MiB")
        subprocess.run([sys.executable, __file__, "--analyse", str(path)], check=True)


if __name__ == "__main__":
    main()
