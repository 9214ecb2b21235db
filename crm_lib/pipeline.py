"""The runner behind ``crm run``: config → checked data → notebooks → HTML → publish.

One run is one folder, ``<output>/<run-id>/``. It is built in a hidden
``.running-<run-id>`` folder beside it and renamed into place when done, so a reader never
sees half a run; ``<output>/latest`` moves only when every notebook succeeded. A failed run
keeps its folder (status ``failed``) for diagnosis; a killed one leaves its
``.running-*`` folder. Two runs at once never share a folder.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from crm_lib import __version__
from crm_lib.config import RunConfig
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.engine import quote_ident, scalar
from crm_lib.errors import ConfigError
from crm_lib.i18n import Translator
from crm_lib.io import write_json, write_yaml
from crm_lib.metrics import merge_metrics
from crm_lib.report import PageInfo, notebook_to_html, render_index

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
PACKAGES = ("pandas", "numpy", "duckdb", "scikit-learn", "lifetimes", "plotly", "papermill",
            "nbconvert", "pydantic", "pyarrow")  # fmt: skip
LATEST = "latest"
KERNEL = "python3"  # inside the project's environment: that environment's Python
# The kernel's own start-up log (a transport notice on every start) is not for users; cell
# errors still come back through papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


@dataclass
class NotebookRun:
    name: str
    file: str
    status: str = "skipped"  # succeeded | failed | skipped
    seconds: float | None = None
    error: str | None = None  # one line: exception and message
    failed_cell: int | None = None  # 1-based position of the failing cell in the notebook


@dataclass
class RunResult:
    run_id: str
    status: str  # succeeded | failed
    run_dir: Path
    notebooks: list[NotebookRun] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.run_dir / "index.html"

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "succeeded" else 1

    @property
    def failure(self) -> NotebookRun | None:
        return next((nb for nb in self.notebooks if nb.status == "failed"), None)


def find_notebooks(config: RunConfig, folder: Path | None = None) -> list[tuple[str, Path]]:
    """The notebook file of each configured name (``data_health`` → ``00_data_health.ipynb``)."""
    folder = folder or NOTEBOOK_DIR
    names = config.notebooks
    available = {p.stem.split("_", 1)[1]: p for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}
    found = []
    for name in names:
        if name not in available:
            known = ", ".join(available) or "none"
            problem = f"unknown notebook {name!r} (known: {known})"
            raise ConfigError(config.source, "notebooks", problem)
        found.append((name, available[name]))
    return found


def _reserve_run_dir(output: Path, name: str, now: dt.datetime) -> tuple[str, Path]:
    """A run id no other run has, and its private build folder (created atomically)."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        run_id = f"{stamp}-{name}" + (f"-{n}" if n > 1 else "")
        building = output / f".running-{run_id}"
        if (output / run_id).exists():
            continue
        try:
            building.mkdir(parents=True)
        except FileExistsError:
            continue
        return run_id, building
    raise RuntimeError(f"no free run id for {stamp}-{name}")


def _publish(building: Path, output: Path, run_id: str, *, move_latest: bool) -> Path:
    """Rename the build folder into place; point ``latest`` at it if asked (never backwards)."""
    final = output / run_id
    building.rename(final)
    if move_latest:
        with (output / ".latest.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            link = output / LATEST
            current = os.readlink(link) if link.is_symlink() else ""
            if run_id > current:
                tmp = output / f".latest-{os.getpid()}"
                tmp.unlink(missing_ok=True)
                tmp.symlink_to(run_id, target_is_directory=True)
                os.replace(tmp, link)
    return final


def _logger(run_dir: Path) -> logging.Logger:
    log = logging.getLogger(f"crm.run.{run_dir.name}")
    log.setLevel(logging.INFO)
    log.propagate = False
    handler = logging.FileHandler(run_dir / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    return log


def _code_version() -> dict:
    info = {"crm_workbench": __version__}
    repo = NOTEBOOK_DIR.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        )
        if commit.returncode == 0:
            info |= {"git_commit": commit.stdout.strip(), "git_dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def _package_versions() -> dict:
    versions = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def data_fingerprint(ds: Dataset) -> str:
    """SHA-256 over every loaded table's name, row count and order-independent content hash."""
    digest = hashlib.sha256()
    for name in sorted(ds.loads):
        columns = [r[0] for r in ds.con.execute(f"DESCRIBE {name}").fetchall()]
        row_hash = f"hash({', '.join(quote_ident(c) for c in columns)})"
        content = scalar(
            ds.con, f"SELECT count(*) || ':' || coalesce(sum({row_hash}), 0) FROM {name}"
        )
        digest.update(f"{name}={content};".encode())
    return digest.hexdigest()


def _source_cell_number(executed: Path, exc: PapermillExecutionError) -> int:
    """The failing cell's 1-based position in the source notebook (papermill's injected
    parameters cell, present only in the executed copy, is not counted)."""
    cells = nbformat.read(executed, as_version=4).cells[: exc.cell_index]
    injected = sum("injected-parameters" in c.metadata.get("tags", []) for c in cells)
    return exc.cell_index + 1 - injected


def _first_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


class Runner:
    """Runs one configured pipeline; :meth:`run` returns a :class:`RunResult`."""

    def __init__(self, config: RunConfig, *, now: dt.datetime | None = None, progress=print):
        self.config = config
        self.now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.progress = progress
        self.notebooks = find_notebooks(config)
        self.t = Translator(config.language)

    def run(self) -> RunResult:
        output = Path(self.config.output).expanduser().resolve()
        run_id, building = _reserve_run_dir(output, self.config.name, self.now)
        log = _logger(building)
        started = time.perf_counter()
        try:
            self._load(building, log)
        except Exception:
            shutil.rmtree(building, ignore_errors=True)  # nothing to diagnose but the message
            raise
        runs = self._execute(building, log)
        dataset = Dataset.open(building / "data.duckdb")
        status = "succeeded" if all(nb.status == "succeeded" for nb in runs) else "failed"
        self._write_outputs(building, run_id, dataset, runs, status, time.perf_counter() - started)
        dataset.con.close()
        if status == "succeeded":
            (building / "data.duckdb").unlink(missing_ok=True)  # kept only to diagnose failures
        log.info("run %s %s", run_id, status)
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)
        final = _publish(building, output, run_id, move_latest=status == "succeeded")
        return RunResult(run_id, status, final, runs)

    def _load(self, building: Path, log: logging.Logger) -> None:
        """Load and check the data once, into ``data.duckdb`` that notebooks open read-only."""
        self.progress(f"loading data ({self.config.data.source}) ...")
        start = time.perf_counter()
        dataset = load_dataset(self.config, database=building / "data.duckdb")
        dataset.con.close()
        seconds = time.perf_counter() - start
        log.info("data loaded in %.1f s: %s", seconds, json.dumps(dataset.summary()))
        self.progress(f"data loaded and checked in {seconds:.1f} s")
        resolved = self.config.model_dump(mode="json")
        for name, table in resolved["data"]["tables"].items():
            table["path"] = str(self.config.resolve(self.config.data.tables[name].path))
        write_yaml(resolved, building / "config.yaml", "# The resolved config of this run.\n")

    def _execute(self, building: Path, log: logging.Logger) -> list[NotebookRun]:
        runs = [NotebookRun(name, path.name) for name, path in self.notebooks]
        (building / "notebooks").mkdir()
        for i, (run, (name, path)) in enumerate(zip(runs, self.notebooks, strict=True), 1):
            self.progress(f"[{i}/{len(runs)}] {name} ...")
            start = time.perf_counter()
            try:
                papermill.execute_notebook(
                    str(path),
                    str(building / "notebooks" / path.name),
                    parameters=self._parameters(name, building),
                    kernel_name=KERNEL,
                    cwd=str(path.parent),
                    progress_bar=False,
                    extra_arguments=KERNEL_ARGUMENTS,
                )
                run.status = "succeeded"
            except PapermillExecutionError as exc:
                run.status = "failed"
                run.failed_cell = _source_cell_number(building / "notebooks" / path.name, exc)
                run.error = _first_line(f"{exc.ename}: {exc.evalue}")
            run.seconds = round(time.perf_counter() - start, 2)
            log.info("notebook %s %s in %.1f s %s", name, run.status, run.seconds, run.error or "")
            self.progress(f"[{i}/{len(runs)}] {name} {run.status} ({run.seconds:.1f} s)")
            if run.status == "failed":
                break  # later notebooks may depend on this one's artifacts: stop here
        return runs

    def _parameters(self, name: str, building: Path) -> dict:
        return {
            "config_path": str(building / "config.yaml"),
            "database": str(building / "data.duckdb"),
            "output_dir": str(building),
            "language": self.config.language,
        }

    def _page_info(self, run_id: str, dataset: Dataset) -> PageInfo:
        first = scalar(dataset.con, "SELECT min(order_date) FROM transactions")
        return PageInfo(
            run_name=self.config.name,
            run_id=run_id,
            language=self.config.language,
            data_start=first,
            data_end=dataset.observation_end,
            generated_at=self.now,
        )

    def _write_outputs(self, building, run_id, dataset, runs, status, seconds) -> None:
        info = self._page_info(run_id, dataset)
        entries = []
        for run in runs:
            executed = building / "notebooks" / run.file
            href = None
            title = self.t.notebook_title(run.name)
            if executed.exists():
                (building / f"{run.name}.html").write_text(
                    notebook_to_html(executed, title, info), encoding="utf-8"
                )
                href = f"{run.name}.html"
            entries.append({**asdict(run), "title": title, "href": href})
        freshness = (self.now.date() - dataset.observation_end).days
        index = render_index(info, entries, status, freshness)
        (building / "index.html").write_text(index, encoding="utf-8")
        write_json(merge_metrics(building), building / "metrics.json")
        manifest = {
            "run_id": run_id,
            "name": self.config.name,
            "status": status,
            "started_at": self.now.isoformat(),
            "seconds": round(seconds, 2),
            "config": json.loads(json.dumps(self.config.model_dump(mode="json"))),
            "code_version": _code_version(),
            "packages": _package_versions(),
            "data": {"fingerprint": data_fingerprint(dataset), **dataset.summary()},
            "notebooks": [asdict(r) for r in runs],
        }
        write_json(manifest, building / "manifest.json")
