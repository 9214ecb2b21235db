"""LTV at scale: fit and score BG/NBD on N customers, against lifetimes used naively; the
choice between BG/NBD, MBG/NBD and Pareto/NBD.

    python benchmarks/bench_ltv.py --customers 1000000 [--time-unit D]

Generates the demo company, loads it into DuckDB, computes the calibration summary in the
engine, then times in the same run:
  (a) crm_lib: fit on unique (frequency, recency, T) histories weighted by their counts,
      score expected purchases and P(alive) once per history, join back;
  (b) lifetimes naively: BetaGeoFitter.fit on one row per customer, score every row;
  (c) the model choice (crm_lib.ltv.choice): BG/NBD, MBG/NBD and Pareto/NBD fitted, scored
      on the holdout and one chosen, with each fit's time, iterations and diagnostics;
  (d) the chosen model's intervals (crm_lib.ltv.predictive): the holdout total's prediction
      interval and every customer's CLV and orders intervals.
Prints seconds, the ratio (b)/(a), the largest parameter difference and peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import resource
import time

import numpy as np


def naive_bgnbd(bg_fitter, summary):
    """lifetimes' BetaGeoFitter on every row; on a ridge its BFGS raises ConvergenceError,
    so (as the project once did) it is retried at looser gradient tolerances, silently."""
    from crm_lib.lifetimes_compat import convergence_error

    for tol in (1e-7, 1e-6, 1e-5):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                return bg_fitter().fit(
                    summary["frequency"], summary["recency"], summary["T"], tol=tol
                )
        except convergence_error():
            print(f"lifetimes BetaGeoFitter did not converge at tol {tol:g}")
    raise RuntimeError("lifetimes BetaGeoFitter did not converge")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--time-unit", choices=["D", "W"], default="D")
    args = parser.parse_args()

    from crm_lib.config import load_config
    from crm_lib.dataset import load_dataset
    from crm_lib.lifetimes_compat import fitter
    from crm_lib.ltv import BetaGeoModel, UniqueHistories, rfm_summary
    from crm_lib.ltv.choice import COUNT_MODELS, choose_model
    from crm_lib.ltv.predictive import customer_intervals, predictive_total

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
    naive = naive_bgnbd(fitter("BetaGeoFitter"), summary)
    naive_fit = time.perf_counter() - start
    f, r, T = summary["frequency"], summary["recency"], summary["T"]
    naive_expected = naive.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, T)
    naive.conditional_probability_alive(f, r, T)
    baseline = time.perf_counter() - start

    diff = max(abs(model.params_[k] / naive.params_[k] - 1) for k in model.params_)
    print(f"crm_lib BG/NBD: {model.diagnostics_.reason or 'identified'}")
    print(f"crm_lib (unique histories): fit {ours_fit:6.1f} s, fit + score {ours:6.1f} s")
    print(f"lifetimes (every customer): fit {naive_fit:6.1f} s, fit + score {baseline:6.1f} s")
    print(
        f"ratio lifetimes / crm_lib: {baseline / ours:.1f}x (fit only {naive_fit / ours_fit:.1f}x)"
    )
    worst = np.max(np.abs(expected - naive_expected))
    print(f"largest relative parameter difference {diff:.2e}, prediction difference {worst:.2e}")
    print(f"P(alive) mean {alive.mean():.3f}")

    start = time.perf_counter()
    fits = {}
    for name, model_class in COUNT_MODELS.items():
        begin = time.perf_counter()
        fits[name] = model_class().fit(summary)
        d = fits[name].diagnostics_
        print(f"  {name:<10} fit {time.perf_counter() - begin:6.1f} s, {d.iterations} iterations, "
              f"{d.evaluations} evaluations, {d.reason or 'identified'}")  # fmt: skip
    choice = choose_model(summary, fits)
    print(f"model choice (3 fits + holdout scores): {time.perf_counter() - start:6.1f} s, "
          f"chosen {choice.chosen} ({choice.basis})")  # fmt: skip
    chosen, duration = fits[choice.chosen], float(summary["duration_holdout"].iloc[0])
    start = time.perf_counter()
    total = predictive_total(chosen, summary, duration)
    print(f"holdout prediction interval ({total.method}, {total.draws} draws): "
          f"{time.perf_counter() - start:6.1f} s, {total.predictive_low:,.0f} to "
          f"{total.predictive_high:,.0f} around {total.point:,.0f}, actual "
          f"{summary['frequency_holdout'].sum():,.0f}")  # fmt: skip
    start = time.perf_counter()
    ones = np.ones(len(summary))
    customer_intervals(chosen, summary, spend_per_order=ones, time_unit=args.time_unit,
                       horizon_weeks=52, discount_rate_monthly=0.01)  # fmt: skip
    print(f"per-customer CLV and orders intervals: {time.perf_counter() - start:6.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak memory {peak:.1f} GiB")


if __name__ == "__main__":
    main()
