"""Scale of the prospect follow-up analysis: every section of ``70_leads`` on leads, events
and transactions of ``--copies`` copies of the demo company (ids suffixed, in DuckDB SQL),
timed section by section. The value of a lead is a constant here (the LTV models have their
own benchmark).

    .venv/bin/python benchmarks/bench_leads.py --customers 5000 --copies 200   # 1.0 M
"""

from __future__ import annotations

import argparse
import time

import duckdb
import pandas as pd

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.leads import report
from crm_lib.params import LeadsParams
from crm_lib.privacy import Masker

_COPY = {
    "leads": "SELECT * REPLACE (lead_id || '_' || k AS lead_id, "
    "customer_id || '_' || k AS customer_id) FROM src_leads, range({k}) t(k)",
    "events": "SELECT * REPLACE (event_id || '_' || k AS event_id, lead_id || '_' || k AS "
    "lead_id, customer_id || '_' || k AS customer_id) FROM src_events, range({k}) t(k)",
    "transactions": "SELECT * REPLACE (order_id || '_' || k AS order_id, customer_id || '_' "
    "|| k AS customer_id) FROM src_transactions, range({k}) t(k)",
}


def copied(ds: Dataset, copies: int) -> Dataset:
    con = duckdb.connect()
    for name, sql in _COPY.items():
        con.register(f"src_{name}", ds.table(name))
        con.execute(f"CREATE TABLE {name} AS {sql.format(k=copies)}")
    return Dataset(con, ds.loads, ds.observation_end, ds.run_date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    base = load_dataset(load_config(None, ["data.source=demo", f"data.customers={args.customers}"]))
    t0 = time.perf_counter()
    ds = copied(base, args.copies)
    n = ds.con.execute("SELECT count(*) FROM leads").fetchone()[0]
    e = ds.con.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{args.customers * args.copies:,} customers: {n:,} leads, {e:,} events "
          f"(copied in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
    p, masker = LeadsParams(), Masker.for_dataset(None, base)  # names of the base company
    value = report.ValueSection(by_source=pd.Series(dtype=float), overall=20_000.0)
    timings = {}

    def timed(name, fn):
        t = time.perf_counter()
        out = fn()
        timings[name] = time.perf_counter() - t
        print(f"{name}: {timings[name]:.1f} s", flush=True)
        return out

    sec = timed("funnel", lambda: report.funnel(ds, p, masker))
    timed("followup", lambda: report.followup_figures(sec.leads, p))
    timed("speed", lambda: report.speed_to_lead(sec.leads, p, value))
    timed("readiness", lambda: report.readiness(sec.leads, p))
    timed("priority", lambda: report.priority(ds, sec.leads, p, value, masker))
    print(f"total: {sum(timings.values()):.1f} s")


if __name__ == "__main__":
    main()
