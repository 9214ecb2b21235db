"""Which notebooks may run at once: a notebook starts only when those it reads from have
succeeded (the LTV report's choice for churn, voice and leads; everything before it for the
executive summary and notebooks of the user's own)."""

from __future__ import annotations

from crm_lib.pipeline import NotebookRun, Runner, reads_from

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
