"""The whole pipeline at scale: `crm run` of every report on the demo company at several
sizes, stage by stage, against lifetimes used naively for the LTV stage and the engine's
bare scan of the same data.

    python benchmarks/bench_pipeline.py [--sizes 10000 100000 1000000] [--naive-timeout 1800]

Per size, in one run of this script:
  1. the demo company is written as Parquet files with its config (`crm demo-data`);
  2. `crm run` of that config (every report), timed from outside; its progress lines give
     each stage (load and check, each notebook: two run at once, so their seconds overlap,
     and the span from the first start to the last end is shown too); the rest is start-up,
     the HTML export and the index. Peak memory: the largest resident set of any process
     of the run (the runner or a notebook kernel, from getrusage of its waited-for children);
  3. the size of every page of the run folder;
  4. the floor: DuckDB reading every column of every table once (a hash of each row);
  5. the naive LTV path, in a subprocess bounded by ``--naive-timeout`` seconds: lifetimes
     on one row per customer — the summary and calibration/holdout split written in pandas
     as lifetimes' helpers do (those helpers fail on pandas 3), BetaGeoFitter,
     ModifiedBetaGeoFitter, ParetoNBDFitter and GammaGammaFitter fitted, every customer
     scored (expected holdout purchases, P(alive)) and CLV by the Gamma-Gamma fitter's
     ``customer_lifetime_value``.
Prints one table (stage x size, seconds; ratios of the LTV stage to the naive path and of
the run to the floor; growth from 100,000 to 1,000,000) and writes it, with the machine's
cores and memory, to ``benchmarks/results/<date>.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CRM = [sys.executable, "-m", "crm_lib"]
STAGE = re.compile(r"^\[\d+/\d+\] (\w+) succeeded \(([\d.]+) s\)")
STARTED = re.compile(r"^\[\d+/\d+\] \w+ \.\.\.$")
LOADED = re.compile(r"^data loaded and checked in ([\d.]+) s")
CALIBRATION_END = "2025-06-30"  # the demo's calibration end (configs/demo.yaml)
#: every report, as `make run` runs them (configs/demo.yaml)
EVERY_REPORT = yaml.safe_load((ROOT / "configs" / "demo.yaml").read_text("utf-8"))["notebooks"]

NAIVE = r"""
import json, sys, time
import numpy as np, pandas as pd
from crm_lib.lifetimes_compat import lifetimes
lt = lifetimes()
folder, cal, end = sys.argv[1], pd.Timestamp(sys.argv[2]), pd.Timestamp(sys.argv[3])
times = {}
start = time.perf_counter()
columns = ["customer_id", "order_date", "amount"]
tx = pd.read_parquet(f"{folder}/transactions.parquet", columns=columns)
tx = tx[tx["amount"] > 0]
tx["order_date"] = pd.to_datetime(tx["order_date"])
days = tx.groupby(["customer_id", "order_date"], as_index=False)["amount"].sum()
first = days.groupby("customer_id")["order_date"].transform("min")
calib = days[(days["order_date"] <= cal) & (first <= cal)]
g = calib.groupby("customer_id")
summary = pd.DataFrame({
    "frequency": g.size() - 1,
    "recency": (g["order_date"].max() - g["order_date"].min()).dt.days,
    "T": (cal - g["order_date"].min()).dt.days,
})
repeat = calib[calib["order_date"] > first[calib.index]]
spend = repeat.groupby("customer_id")["amount"].mean()
summary["monetary_value"] = spend.reindex(summary.index).fillna(0)
hold = days[(days["order_date"] > cal) & (days["order_date"] <= end)]
summary["frequency_holdout"] = hold.groupby("customer_id").size().reindex(summary.index).fillna(0)
times["summary"] = time.perf_counter() - start
f, r, T = summary["frequency"], summary["recency"], summary["T"]
t = (end - cal).days
fitted = {}
for name in ("BetaGeoFitter", "ModifiedBetaGeoFitter", "ParetoNBDFitter"):
    begin = time.perf_counter()
    model = getattr(lt, name)()
    try:  # a fit on a ridge raises; a naive user sees that and moves on
        model.fit(f, r, T)
        model.conditional_expected_number_of_purchases_up_to_time(t, f, r, T)
        model.conditional_probability_alive(f, r, T)
        fitted[name] = model
    except Exception as exc:
        times[name + " failed"] = type(exc).__name__
    times[name] = time.perf_counter() - begin
    print(name, round(times[name], 1), flush=True)
begin = time.perf_counter()
repeaters = summary[summary["frequency"] > 0]
gg = lt.GammaGammaFitter().fit(repeaters["frequency"], repeaters["monetary_value"])
counts = next(iter(fitted.values()))
gg.customer_lifetime_value(counts, f, r, T, summary["monetary_value"], time=12, freq="D",
                           discount_rate=0.01)
times["GammaGamma + CLV"] = time.perf_counter() - begin
times["total"] = time.perf_counter() - start
times = {k: round(v, 1) if isinstance(v, float) else v for k, v in times.items()}
print(json.dumps(times))
"""


def demo_files(folder: Path, customers: int) -> Path:
    """The demo company as Parquet files and its config.yaml in ``folder``."""
    subprocess.run([*CRM, "demo-data", "--out", str(folder), "--customers", str(customers)],
                   check=True, capture_output=True)  # fmt: skip
    return folder / "config.yaml"


#: runs a command and writes, last on stderr, the peak resident set (KiB) of its largest
#: process (the runner or a notebook kernel: ru_maxrss of the waited-for descendants)
PEAK = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print('PEAK_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
    "file=sys.stderr); sys.exit(code)"
)


def crm_run(config: Path, out: Path) -> dict:
    """`crm run` of ``config``: wall seconds, stage seconds from its progress lines (each
    notebook's own seconds; they overlap, as notebooks run two at a time, so the span from
    the first notebook's start to the last one's end is a row of its own), peak memory
    (MiB) of the largest process, the run folder."""
    start = time.perf_counter()
    every = f"notebooks=[{','.join(EVERY_REPORT)}]"  # the written config runs data health only
    command = [sys.executable, "-c", PEAK, *CRM, "run", "--config", str(config),
               "--set", f"output={out}", "--set", every]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stages, lines, first, last = {}, [], None, None
    for line in proc.stderr:  # progress, as it comes
        now, line = time.perf_counter() - start, line.rstrip("\n")
        lines.append(line)
        if match := LOADED.match(line):
            stages["load + check"] = float(match.group(1))
        elif match := STAGE.match(line):
            stages[match.group(1)] = float(match.group(2))
            last = now
        elif STARTED.match(line) and first is None:
            first = now
    stdout = proc.stdout.read()
    wall = time.perf_counter() - start
    if proc.wait() != 0:
        raise SystemExit(f"crm run failed ({proc.returncode}): {lines[-20:]}")
    span = (last - first) if first is not None and last is not None else 0.0
    stages["notebooks, first start to last end"] = span
    stages["start-up, export, index"] = wall - stages.get("load + check", 0.0) - span
    peak = int(lines[-1].split()[-1])
    run_dir = Path(stdout.strip().splitlines()[-1]).parent
    return {"wall": wall, "stages": stages, "peak_mb": peak / 1024, "run": run_dir}


def page_sizes(run_dir: Path) -> dict[str, float]:
    """Every page of the run folder and its size in MB."""
    return {p.name: p.stat().st_size / 1e6 for p in sorted(run_dir.glob("*.html"))}


def engine_floor(folder: Path) -> float:
    """Seconds for DuckDB to read every column of every table of ``folder`` once."""
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    for path in sorted(folder.glob("*.parquet")):
        con.execute(f"SELECT bit_xor(hash(t)) FROM read_parquet('{path}') t").fetchall()
    return time.perf_counter() - start


def naive_ltv(folder: Path, end: str, timeout: float) -> dict:
    """The naive lifetimes path (seconds by step), or ``{"timeout": timeout}``."""
    try:
        proc = subprocess.run([sys.executable, "-c", NAIVE, str(folder), CALIBRATION_END, end],
                              capture_output=True, text=True, timeout=timeout)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if proc.returncode != 0:
        return {"failed": proc.stderr.strip().splitlines()[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(customers: int, timeout: float, work: Path) -> dict:
    folder = work / f"demo{customers}"
    config = demo_files(folder, customers)
    print(f"{customers:,} customers: data written", flush=True)
    run = crm_run(config, work / f"reports{customers}")
    print(f"  crm run {run['wall']:.0f} s, peak {run['peak_mb']:,.0f} MiB", flush=True)
    end = json.loads((run["run"] / "manifest.json").read_text())["data"]["observation_end"]
    return {
        **run,
        "pages": page_sizes(run["run"]),
        "floor": engine_floor(folder),
        "naive": naive_ltv(folder, end, timeout),
    }


def _seconds(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def table(results: dict[int, dict]) -> str:
    """The markdown table of every stage by size, with the ratios and the growth."""
    sizes = list(results)
    stages = list(dict.fromkeys(s for r in results.values() for s in r["stages"]))
    head = "| stage | " + " | ".join(f"{n:,}" for n in sizes)
    grow = 100_000 in results and 1_000_000 in results
    lines = [head + (" | growth 100k→1M |" if grow else " |"),
             "|---" * (len(sizes) + 1 + grow) + "|"]  # fmt: skip

    def row(name, values):
        cells = [_seconds(v) for v in values]
        extra = ""
        if grow:
            small, big = values[sizes.index(100_000)], values[sizes.index(1_000_000)]
            extra = f" | {big / small:.1f}×" if small and big else " | —"
        lines.append(f"| {name} | " + " | ".join(cells) + extra + " |")

    for stage in stages:
        row(stage, [results[n]["stages"].get(stage) for n in sizes])
    row("**whole run**", [results[n]["wall"] for n in sizes])
    row("peak memory (MiB)", [results[n]["peak_mb"] for n in sizes])
    row("engine floor (scan of every column)", [results[n]["floor"] for n in sizes])
    row("lifetimes naive LTV path", [results[n]["naive"].get("total") for n in sizes])
    ratio = [
        results[n]["naive"].get("total", 0) / results[n]["stages"]["ltv"]
        if results[n]["naive"].get("total") else None
        for n in sizes
    ]  # fmt: skip
    lines.append("| naive LTV / our LTV stage | " + " | ".join(
        "—" if r is None else f"{r:.1f}×" for r in ratio) + (" | |" if grow else " |"))  # fmt: skip
    lines.append("| run / floor | " + " | ".join(
        f"{results[n]['wall'] / results[n]['floor']:,.0f}×" for n in sizes)
        + (" | |" if grow else " |"))  # fmt: skip
    pages = sorted({p for r in results.values() for p in r["pages"]})
    lines += ["", "| page (MB) | " + " | ".join(f"{n:,}" for n in sizes) + " |",
              "|---" * (len(sizes) + 1) + "|"]  # fmt: skip
    for page in pages:
        cells = [f"{results[n]['pages'].get(page, 0):.2f}" for n in sizes]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    notes = [f"- {n:,}: naive path {results[n]['naive']}" for n in sizes]
    return "\n".join(lines + ["", *notes])


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {sys.version.split()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--naive-timeout", type=float, default=1800.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
        results = {n: measure(n, args.naive_timeout, Path(tmp)) for n in args.sizes}
    text = table(results)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{dt.date.today().isoformat()}.md"
    header = f"# `crm run` at scale, {dt.date.today().isoformat()}\n\n{machine()}\n\n"
    target.write_text(header + text + "\n", encoding="utf-8")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
