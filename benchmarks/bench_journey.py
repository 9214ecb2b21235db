"""Benchmark: journey funnel and path mining in DuckDB on a large demo company.

Run by hand (never part of the test suite):

    python benchmarks/bench_journey.py --customers 1000000

Generates the demo company (about a minute and ~15 M events at one million customers),
writes its tables to a temporary DuckDB file, then opens that file read-only in a fresh
process (as ``crm run`` does) and times each section of the journey report
(``crm_lib.journey.report``, default parameters): the log, the closed and open funnels,
time to convert, the trended funnel, the three breakdowns, the step matrix, paths,
variants, transitions, loops, the measure map, what happens between purchases, what
precedes a lapse or a cancellation, and satisfaction.
Prints the seconds per section and the analysis process's peak resident memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import peak_rss_mb, write_demo

from crm_lib.dataset import Dataset
from crm_lib.journey import report
from crm_lib.params import JourneyParams


def run_journey(database: Path) -> None:
    """Time every section of the journey report (as the notebook runs them, with the
    default parameters) on a dataset file opened read-only."""
    ds = Dataset.open(database)
    params = JourneyParams()
    timings: list[tuple[str, float]] = []

    def timed(label, func, *args, **kwargs):
        t0 = time.perf_counter()
        result = func(*args, **kwargs)
        timings.append((label, time.perf_counter() - t0))
        print(f"  {label:<40} {timings[-1][1]:>7.1f} s", flush=True)
        return result

    start = time.perf_counter()
    log = timed("journey_log (events, reach, people)", report.journey_log, ds, params)
    timed("data (people, prospects, events)", report.data, log)
    print(f"  ({log.people_count():,} people, {log.event_count():,} events)")
    funnel = timed("funnel (closed 365 days, open)", report.funnel, log, params)
    timed("time_to_next_stage", report.time_to_next_stage, log, params)
    timed("trend (cohort quarters)", report.trend, log, params)
    timed("breakdowns (3 dimensions)", report.breakdowns, log, params, funnel.drop)
    timed("steps (10 steps)", report.steps, log, params)
    timed("top_paths (4 steps, top 12)", report.top_paths, log, params)
    timed("variants (5 steps, top 10)", report.variants, log, params)
    timed("transitions", report.transitions, log, params)
    timed("loops", report.loops, log, params)
    measures = timed("measures", report.measures, log, params)
    timed("between_purchases (n = 1-3)", report.between_purchases, log, params)
    timed("backwards (lapse, cancellation)", report.backwards, log, params)
    timed("satisfaction", report.satisfaction, log, params)
    total = time.perf_counter() - start
    closed = funnel.closed
    print(f"stage counts: {dict(zip(closed['stage'], closed['people'], strict=True))}")
    print(f"gaps: {measures.measures.gaps if measures.measures is not None else None}")
    print(
        f"journey total: {total:.1f} s; peak RSS of the analysis process: {peak_rss_mb():,.0f} MiB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", type=Path, help="analyse this dataset file (internal)")
    args = parser.parse_args(argv)
    if args.database:
        run_journey(args.database)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.duckdb"
        write_demo(path, args.customers, args.seed)
        print(f"peak RSS of generation: {peak_rss_mb():,.0f} MiB")
        subprocess.run([sys.executable, __file__, "--database", str(path)], check=True)


if __name__ == "__main__":
    main()
