"""`crm run`: the run folder, publishing, failures, concurrency and offline HTML pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from crm_lib import pipeline
from crm_lib.cdnow import load_cdnow

ROOT = Path(__file__).resolve().parents[1]
CDNOW = ROOT / "configs" / "cdnow.yaml"
CRM = [sys.executable, "-m", "crm_lib"]
ONLY_HEALTH = ["--set", "notebooks=[data_health]"]  # where the runner, not an analysis, is tested


def test_run_folder_has_every_part(cdnow_run):
    out, stdout = cdnow_run
    run_dir = Path(stdout.strip()).parent
    assert run_dir.parent == out and (out / "latest").resolve() == run_dir
    for part in ["index.html", "data_health.html", "metrics.json", "manifest.json", "run.log"]:
        assert (run_dir / part).is_file(), part
    assert (run_dir / "notebooks" / "00_data_health.ipynb").is_file()
    assert (run_dir / "artifacts" / "monthly_activity.parquet").is_file()
    assert not (run_dir / "data.duckdb").exists()  # kept only when a run fails
    assert not list(out.glob(".running-*"))


def test_manifest_describes_the_run(cdnow_run):
    out, _ = cdnow_run
    manifest = json.loads((out / "latest" / "manifest.json").read_text())
    assert manifest["status"] == "succeeded"
    assert manifest["run_id"] == os.readlink(out / "latest")
    assert manifest["config"]["period"]["time_unit"] == "W"
    assert manifest["packages"]["duckdb"] and manifest["code_version"]["crm_workbench"]
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["data"]["fingerprint"])
    assert manifest["data"]["tables"]["transactions"]["rows_used"] == 6919
    names = [nb["name"] for nb in manifest["notebooks"]]
    assert names == [
        "data_health",
        "segments",
        "ltv",
        "churn",
        "campaigns",
        "voice",
        "leads",
        "executive",
    ]
    assert all(nb["status"] == "succeeded" and nb["seconds"] > 0 for nb in manifest["notebooks"])


def test_metrics_equal_figures_computed_independently(cdnow_run):
    out, _ = cdnow_run
    metrics = json.loads((out / "latest" / "metrics.json").read_text())["data_health"]
    tx = load_cdnow("sample")
    assert metrics["customers"] == tx["customer_id"].nunique() == 2357
    assert metrics["transactions"] == len(tx) == 6919
    assert metrics["first_order_date"] == "1997-01-01"
    assert metrics["last_order_date"] == "1998-06-30"
    assert metrics["revenue"] == pytest.approx(tx["amount"].sum(), abs=0.01)
    dup = tx.duplicated(["customer_id", "order_date", "amount"]).sum()
    assert metrics["possible_duplicate_orders"] == dup


def test_churn_runs_on_transactions_only(cdnow_run):
    out, _ = cdnow_run
    churn = json.loads((out / "latest" / "metrics.json").read_text())["churn"]
    days, cutoff = churn["window_days"], pd.Timestamp(churn["test_cutoff"])
    tx = load_cdnow("sample")
    tx = tx[tx["amount"] >= 0].assign(order_date=lambda d: pd.to_datetime(d["order_date"]))
    # the default churn definition (rhythm): silence reaching twice the customer's own mean
    # gap between purchase days (at least the window) within the window after the cutoff,
    # among customers whose silence at the cutoff had not yet reached it
    seen = tx[tx["order_date"] <= cutoff].drop_duplicates(["customer_id", "order_date"])
    g = seen.groupby("customer_id")["order_date"]
    n, first, last = g.size(), g.min(), g.max()
    gap = ((last - first).dt.days / (n - 1)).where(n > 1)
    allowance = np.fmax(days, 2 * gap)
    silence = (cutoff - last).dt.days
    active = set(silence.index[silence < allowance])
    window = (tx["order_date"] > cutoff) & (tx["order_date"] <= cutoff + pd.Timedelta(days=days))
    after = set(tx.loc[window, "customer_id"])
    churned = {c for c in active if c not in after and silence[c] + days >= allowance[c]}
    assert churn["definition"] == "rhythm" and churn["customers_test"] == len(active)
    assert churn["rate"] == pytest.approx(len(churned) / len(active))
    # no subscriptions, feedback or profiles: the models still learn from purchases alone
    assert churn["auc"]["gbm"] > 0.6 and churn["auc"]["no_purchase"] > 0.6
    risk = pd.read_parquet(out / "latest" / "artifacts" / "churn_at_risk.parquet")
    assert risk["value_at_risk"].sum() == pytest.approx(churn["value_at_risk"])
    assert risk["value_at_risk"].is_monotonic_decreasing


def test_one_clv_horizon_for_the_ltv_and_churn_reports(cdnow_run, crm_run, tmp_path):
    """``params.ltv.horizon`` reaches the churn report's value at risk: in a run with a
    26-week horizon, each at-risk customer's CLV is the LTV report's CLV of that customer."""
    crm_run(CDNOW, tmp_path, "notebooks=[ltv,churn]", "params.ltv.horizon=26",
            "params.ltv.interval_draws=50", "params.ltv.n_boot=10")  # fmt: skip
    short = json.loads((tmp_path / "latest" / "metrics.json").read_text())
    assert short["ltv"]["clv"]["horizon_weeks"] == 26
    values = pd.read_parquet(tmp_path / "latest" / "artifacts" / "customer_ltv.parquet")
    risk = pd.read_parquet(tmp_path / "latest" / "artifacts" / "churn_at_risk.parquet")
    clv = values.set_index("customer_id")["clv"].reindex(risk["customer_id"]).fillna(0.0)
    assert risk["clv"].to_numpy() == pytest.approx(clv.to_numpy(), rel=1e-9, abs=1e-9)
    out, _ = cdnow_run
    full = json.loads((out / "latest" / "metrics.json").read_text())
    assert full["ltv"]["clv"]["horizon_weeks"] == 52
    assert short["ltv"]["clv"]["total"] < 0.75 * full["ltv"]["clv"]["total"]
    assert short["churn"]["value_at_risk"] < 0.75 * full["churn"]["value_at_risk"]


def test_per_customer_artifacts_are_marked_personal_in_manifest_and_index(cdnow_run):
    out, _ = cdnow_run
    manifest = json.loads((out / "latest" / "manifest.json").read_text())
    listed = {a["name"]: a["personal_data"] for a in manifest["artifacts"]}
    saved = {p.stem for p in (out / "latest" / "artifacts").glob("*.parquet")}
    assert set(listed) == saved
    assert listed["customer_ltv"] and listed["churn_at_risk"] and not listed["monthly_activity"]
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    for name, personal in listed.items():
        assert f'data-artifact="{name}" data-personal="{str(personal).lower()}"' in index


def test_same_fingerprint_for_the_same_data(cdnow_run, tmp_path):
    out, _ = cdnow_run
    first = json.loads((out / "latest" / "manifest.json").read_text())["data"]["fingerprint"]
    from crm_lib.config import load_config
    from crm_lib.dataset import load_dataset

    again = pipeline.data_fingerprint(load_dataset(load_config(CDNOW)))
    master = pipeline.data_fingerprint(load_dataset(load_config(CDNOW, ["data.dataset=master"])))
    assert again == first != master


# ---------------------------------------------------------------- offline HTML pages

EXTERNAL = re.compile(
    r"""<script[^>]+src\s*=\s*["']?\s*(https?:)?//"""
    r"""|<link[^>]+href\s*=\s*["']?\s*(https?:)?//"""
    r"""|@import\s+(url\()?\s*["']?(https?:)?//"""
    r"""|url\(\s*["']?(https?:)?//"""
    r"""|\bimport\s*\(?\s*["'](https?:)?//"""
    r"""|from\s+["'](https?:)?//""",
    re.IGNORECASE,
)


def pages(out: Path) -> list[Path]:
    return sorted((out / "latest").glob("*.html"))


def test_pages_load_nothing_from_the_network(cdnow_run):
    out, _ = cdnow_run
    for page in pages(out):
        html = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), (page.name, EXTERNAL.search(html))
        assert not re.search(r"<script[^>]*(require|mathjax)", html, re.IGNORECASE)


def test_each_chart_cell_has_a_figure_and_pages_share_one_bundle(cdnow_run):
    out, _ = cdnow_run
    executed = nbformat.read(out / "latest" / "notebooks" / "00_data_health.ipynb", 4)
    charts = sum(
        "application/vnd.plotly.v1+json" in o.get("data", {})
        for c in executed.cells
        for o in c.get("outputs", [])
    )
    html = (out / "latest" / "data_health.html").read_text(encoding="utf-8")
    assert charts >= 1
    assert html.count('class="plotly-graph-div"') == charts
    assert "plotly.js v" not in html  # the bundle's banner: not inlined ...
    assert html.count('<script src="assets/plotly.min.js"') == 1  # ... but referenced once
    bundle = (out / "latest" / "assets" / "plotly.min.js").read_text(encoding="utf-8")
    assert bundle.count("plotly.js v") == 1
    for page in pages(out):  # small at any data size: 1.5 MB, the bundle is 4.6 MB
        assert page.stat().st_size < 1_500_000, page.name
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert "plotly.js v" not in index and "plotly.min.js" not in index  # no chart, no bundle
    assert 'href="data_health.html"' in index


def test_report_is_in_the_configured_language(tmp_path):
    proc = subprocess.run(
        [
            *CRM,
            "run",
            "--config",
            CDNOW,
            "--set",
            f"output={tmp_path}",
            "--set",
            "language=ja",
            "--set",
            "notebooks=[data_health]",
        ],  # fmt: skip
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "latest" / "data_health.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "データ品質" in html and "購買履歴" in html
    assert "1997年1月1日から1998年6月30日までに、2,357人の顧客が" in html


# ---------------------------------------------------------------- failures


@pytest.fixture
def failing_notebooks(tmp_path, monkeypatch):
    """A notebook folder where the second notebook raises in its third cell."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_data_health.ipynb", folder)
    shutil.copy(ROOT / "notebooks" / "90_executive.ipynb", folder)
    boom = nbformat.v4.new_notebook()
    boom.cells = [
        nbformat.v4.new_code_cell('config_path = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('planted failure')"),
    ]
    boom.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(boom, folder / "50_boom.ipynb")
    monkeypatch.setattr(pipeline, "NOTEBOOK_DIR", folder)
    return folder


def test_failing_notebook_exits_1_and_keeps_latest(failing_notebooks, tmp_path, crm):
    out = tmp_path / "reports"
    ok = crm("run", "--config", CDNOW, "--set", f"output={out}", *ONLY_HEALTH)
    assert ok.exit_code == 0, ok.stderr
    good = os.readlink(out / "latest")
    time.sleep(1.1)  # a new run id (ids carry the second)
    result = crm(
        "run", "--config", CDNOW, "--set", f"output={out}",
        "--set", "notebooks=[data_health, boom]",
    )  # fmt: skip
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert "50_boom.ipynb failed in cell 3" in error and "ValueError: planted failure" in error
    assert os.readlink(out / "latest") == good
    failed = sorted(p for p in out.iterdir() if p.name not in {good, "latest", ".latest.lock"})
    (failed_dir,) = failed
    manifest = json.loads((failed_dir / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert [n["status"] for n in manifest["notebooks"]] == ["succeeded", "failed"]
    assert (failed_dir / "notebooks" / "50_boom.ipynb").is_file()  # with the failing cell
    assert (failed_dir / "data.duckdb").is_file()  # kept for diagnosis
    assert "planted failure" in (failed_dir / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("workers", "expected"),
    [(1, ["failed", "skipped", "skipped"]), (2, ["failed", "succeeded", "skipped"])],
)
def test_notebooks_after_a_failure_are_not_run(failing_notebooks, tmp_path, crm, workers,
                                               expected):  # fmt: skip
    """One at a time, nothing after the failure runs; two at a time, data health (which
    reads no other report) runs beside the failing notebook, the executive summary (which
    reads every report before it) does not."""
    out = tmp_path / "reports"
    result = crm(
        "run", "--config", CDNOW, "--set", f"output={out}", "--set", f"report.workers={workers}",
        "--set", "notebooks=[boom, data_health, executive]",
    )  # fmt: skip
    assert result.exit_code == 1
    (run_dir,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    statuses = [
        n["status"] for n in json.loads((run_dir / "manifest.json").read_text())["notebooks"]
    ]
    assert statuses == expected
    assert not (out / "latest").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["notebooks=[data_health, nope]"], "unknown notebook 'nope'"),
        (["langauge=en"], "langauge: unknown key"),
        (["data.source=files", "data.tables.transactions.path=/nowhere.csv"], "file not found"),
    ],
)
def test_bad_config_or_data_exits_2_and_leaves_nothing(overrides, message, tmp_path, crm):
    out = tmp_path / "reports"
    sets = [arg for o in overrides for arg in ("--set", o)]
    result = crm("run", "--config", CDNOW, "--set", f"output={out}", *sets)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and message in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_two_runs_at_once_into_one_folder(tmp_path):
    out = tmp_path / "reports"
    procs = [
        subprocess.Popen(
            [*CRM, "run", "--config", CDNOW, "--set", f"output={out}", *ONLY_HEALTH],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    run_dirs = {Path(stdout.strip()).parent for stdout, _ in results}
    assert len(run_dirs) == 2  # distinct run ids even within the same second
    for run_dir in run_dirs:
        manifest = json.loads((run_dir / "manifest.json").read_text())
        assert manifest["status"] == "succeeded" and manifest["run_id"] == run_dir.name
    assert (out / "latest").resolve() == max(run_dirs)


def test_killed_run_never_touches_latest(tmp_path, failing_notebooks):
    out = tmp_path / "reports"
    first = subprocess.run(
        [*CRM, "run", "--config", CDNOW, "--set", f"output={out}", *ONLY_HEALTH],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    good = os.readlink(out / "latest")
    slow = nbformat.v4.new_notebook()
    slow.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(60)")]
    slow.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(slow, failing_notebooks / "60_slow.ipynb")
    code = (
        "import sys; from pathlib import Path; from crm_lib import pipeline, cli; "
        f"pipeline.NOTEBOOK_DIR = Path({str(failing_notebooks)!r}); sys.exit(cli.main())"
    )
    time.sleep(1.1)
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "run", "--config", CDNOW, "--set", f"output={out}",
         "--set", "notebooks=[slow]"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 120
    while not list(out.glob(".running-*/notebooks/*.ipynb")) and time.time() < deadline:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert os.readlink(out / "latest") == good
    assert len(list(out.glob(".running-*"))) == 1  # left for diagnosis, never published
    assert (out / good / "index.html").is_file()
