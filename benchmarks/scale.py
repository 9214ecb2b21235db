"""What the scale benchmarks share: the peak memory of a process and the demo company
written to a DuckDB file that the timed process then opens read-only (as ``crm run`` does).

Imported by the scripts next to it (``python benchmarks/bench_*.py`` puts this folder on
the path); never part of the test suite.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def peak_rss_mb() -> float:
    """Peak resident set size in MiB: since the last :func:`reset_peak` where Linux allows
    it, else of the whole process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    if STATUS.exists():
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def reset_peak() -> bool:
    """Reset the peak RSS to the current RSS (Linux >= 4.0); False where not possible."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def write_demo(path: Path, customers: int, seed: int) -> None:
    """Generate the demo company and store its tables (and the dataset summary) in ``path``."""
    from crm_lib.dataset import Dataset, TableLoad
    from crm_lib.demo import generate_demo
    from crm_lib.engine import connect

    t0 = time.perf_counter()
    company = generate_demo(n_customers=customers, seed=seed)
    print(
        f"generate_demo(n_customers={customers:,}, seed={seed}): {time.perf_counter() - t0:.1f} s"
    )
    t1 = time.perf_counter()
    con = connect(path)
    loads = {}
    for name, frame in company.tables.items():
        con.register("_frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")
        loads[name] = TableLoad(name, "demo", len(frame), len(frame), 0, tuple(frame.columns))
        print(f"  {name:<13} {len(frame):>12,} rows")
    Dataset(con, loads, company.end, company.end + dt.timedelta(days=1)).save_meta()
    con.close()
    print(f"write DuckDB file: {time.perf_counter() - t1:.1f} s")
