"""LTV at scale: fit and score BG/NBD on N customers, against lifetimes used naively.

    python benchmarks/bench_ltv.py --customers 1000000 [--time-unit D]

Generates the demo company, loads it into DuckDB, computes the calibration summary in the
engine, then times in the same run:
  (a) crm_lib: fit on unique (frequency, recency, T) histories weighted by their counts,
      score expected purchases and P(alive) once per history, join back;
  (b) lifetimes naively: BetaGeoFitter.fit on one row per customer, score every row.
Prints seconds, the ratio (b)/(a), the largest parameter difference and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--time-unit", choices=["D", "W"], default="D")
    args = parser.parse_args()

    from crm_lib.config import load_config
    from crm_lib.dataset import load_dataset
    from crm_lib.lifetimes_compat import fitter
    from crm_lib.ltv import BetaGeoModel, UniqueHistories, rfm_summary

    fitter("BetaGeoFitter")  # import lifetimes (and autograd) before timing either side

    start = time.perf_counter()
    ds = load_dataset(load_config(None, ["data.source=demo", f"data.customers={args.customers}"]))
    print(f"demo company loaded: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    summary = rfm_summary(ds, dt.date(2025, 6, 30), dt.date(2025, 12, 31), args.time_unit)
    histories = UniqueHistories.of(summary).counts.size
    print(f"summary in DuckDB: {len(summary):,} customers, {histories:,} unique histories, "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    horizon = 184.0 / (7.0 if args.time_unit == "W" else 1.0)

    start = time.perf_counter()
    model = BetaGeoModel().fit(summary)
    ours_fit = time.perf_counter() - start
    expected = model.expected_purchases(summary, horizon)
    alive = model.p_alive(summary)
    ours = time.perf_counter() - start

    start = time.perf_counter()
    naive = fitter("BetaGeoFitter")().fit(summary["frequency"], summary["recency"], summary["T"])
    naive_fit = time.perf_counter() - start
    f, r, T = summary["frequency"], summary["recency"], summary["T"]
    naive_expected = naive.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, T)
    naive.conditional_probability_alive(f, r, T)
    baseline = time.perf_counter() - start

    diff = max(abs(model.params_[k] / naive.params_[k] - 1) for k in model.params_)
    print(f"crm_lib (unique histories): fit {ours_fit:6.1f} s, fit + score {ours:6.1f} s")
    print(f"lifetimes (every customer): fit {naive_fit:6.1f} s, fit + score {baseline:6.1f} s")
    print(
        f"ratio lifetimes / crm_lib: {baseline / ours:.1f}x (fit only {naive_fit / ours_fit:.1f}x)"
    )
    worst = np.max(np.abs(expected - naive_expected))
    print(f"largest relative parameter difference {diff:.2e}, prediction difference {worst:.2e}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"P(alive) mean {alive.mean():.3f}; peak memory {peak:.1f} GiB")


if __name__ == "__main__":
    main()
