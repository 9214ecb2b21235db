"""Which notebooks may run at once: a notebook starts only when those it reads from have
succeeded (the LTV report's choice for churn, voice and leads; everything before it for the
executive summary and notebooks of the user's own); kernels side by side share the cores."""

from __future__ import annotations

import asyncio
import os

import pytest
from jupyter_client.manager import AsyncKernelManager

from crm_lib.pipeline import (
    THREAD_VARIABLES,
    NotebookRun,
    RunKernelManager,
    Runner,
    kernel_threads,
    next_to_start,
    reads_from,
)

ORDER = ["data_health", "segments", "ltv", "churn", "journey", "campaigns", "voice", "leads",
         "executive"]  # fmt: skip


def _runs(done: dict[str, str]) -> list[NotebookRun]:
    return [NotebookRun(n, f"{n}.ipynb", status=done.get(n, "skipped")) for n in ORDER]


def _startable(done: dict[str, str]) -> set[str]:
    runs = _runs(done)
    return {ORDER[i] for i in range(len(ORDER)) if Runner._can_start(i, ORDER, runs)}


def test_reports_reading_the_ltv_report_wait_for_it():
    assert {"churn", "voice", "leads", "executive"}.isdisjoint(_startable({}))
    assert {"data_health", "segments", "ltv", "journey", "campaigns"} <= _startable({})
    after_ltv = _startable({"ltv": "succeeded"})
    assert {"churn", "voice", "leads"} <= after_ltv and "executive" not in after_ltv
    assert "churn" not in _startable({"ltv": "failed"})


def test_the_executive_summary_and_unknown_notebooks_wait_for_everything_before_them():
    all_but_leads = {n: "succeeded" for n in ORDER[:-2]}
    assert "executive" not in _startable(all_but_leads)
    assert "executive" in _startable(all_but_leads | {"leads": "succeeded"})
    assert reads_from("my_own_report") is None and reads_from("executive") is None


def test_the_report_others_read_from_starts_first():
    """At the start every report without readers' waits is ready; the LTV report, read by
    churn, voice and leads, starts before data health; then the run's order resumes; a run
    without the LTV report keeps its order."""
    ready = sorted(ORDER.index(n) for n in _startable({}))
    assert ORDER[next_to_start(ready, ORDER)] == "ltv"
    ready.remove(ORDER.index("ltv"))
    assert ORDER[next_to_start(ready, ORDER)] == "data_health"
    without = [n for n in ORDER if n != "ltv"]
    assert without[next_to_start([1, 2, 3], without)] == "segments"


def test_kernels_side_by_side_share_the_cores_unless_the_user_set_the_threads(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert kernel_threads(2, {}) == 2 and kernel_threads(3, {}) == 1
    assert kernel_threads(8, {}) == 1  # never none
    assert kernel_threads(1, {}) is None  # one kernel: the libraries' own default
    assert kernel_threads(2, {"OMP_NUM_THREADS": "4"}) is None  # the user's choice stands


@pytest.mark.parametrize("threads", [1, None])
def test_a_kernel_starts_with_its_thread_budget_in_its_environment(monkeypatch, threads):
    seen = {}

    async def start(self, **kwargs):
        seen.update(kwargs.get("env") or os.environ)

    monkeypatch.setattr(AsyncKernelManager, "_async_start_kernel", start)
    for variable in THREAD_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    manager = type("Manager", (RunKernelManager,), {"threads": threads})()
    asyncio.run(manager.start_kernel())
    RunKernelManager.live.discard(manager)
    expected = dict.fromkeys(THREAD_VARIABLES, "1") if threads else {}
    assert {v: seen[v] for v in THREAD_VARIABLES if v in seen} == expected
