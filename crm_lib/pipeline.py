"""The runner behind ``crm run``: config → checked data → notebooks → HTML → publish.

One run is one folder, ``<output>/<run-id>/``. It is built in a hidden
``.running-<run-id>`` folder beside it and renamed into place when done, so a reader never
sees half a run; ``<output>/latest`` moves only when every notebook succeeded. A failed run
(a notebook raised, or its kernel died) keeps its folder (status ``failed``) and its
``data.duckdb`` for diagnosis until the next successful run. Bad input, an unwritable
output folder or a full disk, and SIGINT/SIGTERM publish nothing: the build folder is
removed. A run killed outright (``kill -9``) leaves its build folder; it records its
process id there, and the next run removes the build folders of dead processes. Two
runs at once never share a folder. Exit codes: :mod:`crm_lib.errors`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import duckdb
import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from papermill.exceptions import PapermillExecutionError

from crm_lib import __version__, artifacts, secrets
from crm_lib.config import RunConfig, written_config
from crm_lib.dataset import META_TABLE, Dataset, load_dataset
from crm_lib.engine import quote_ident, quote_literal, scalar
from crm_lib.errors import (
    ConfigError,
    CrmUserError,
    DataError,
    Interrupted,
    KernelDied,
    OutputError,
    message_cause,
    output_cause,
)
from crm_lib.i18n import Translator
from crm_lib.io import write_json, write_yaml
from crm_lib.metrics import merge_metrics
from crm_lib.progress import SectionWatch, watched_engine
from crm_lib.report import PageInfo, render_index, write_plotly_asset
from crm_lib.report.export import notebook_to_html

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
PACKAGES = ("pandas", "numpy", "duckdb", "scikit-learn", "lifetimes", "plotly", "papermill",
            "nbconvert", "pydantic", "pyarrow")  # fmt: skip
LATEST = "latest"
KERNEL = "python3"  # inside the project's environment: that environment's Python
# The kernel's own start-up log (a transport notice on every start) is not for users; cell
# errors still come back through papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
OWNER_FILE = ".owner.json"  # in a build folder: the process building it
KERNEL_DIR = ".kernels"  # in a build folder: the kernels' connection files
OWNERLESS_AFTER = dt.timedelta(days=1)  # a build folder without owner file: stale after this
KERNEL_GONE_WAIT = 30.0  # seconds to wait for a notebook's thread after its kernel is killed

# What a notebook run ended with, besides succeeding
FAILED_CELL = "cell_error"  # a cell raised: exit 1
KERNEL_DIED = "kernel_died"  # killed (kill -9, the OOM killer): exit 4
OUT_OF_MEMORY = "out_of_memory"  # a cell raised MemoryError: exit 4


@dataclass
class NotebookRun:
    name: str
    file: str
    status: str = "skipped"  # succeeded | failed | skipped
    seconds: float | None = None
    error: str | None = None  # one line: exception and message
    failed_cell: int | None = None  # 1-based position of the failing cell in the notebook
    failure: str | None = None  # cell_error | kernel_died | out_of_memory


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
        if self.status == "succeeded":
            return 0
        failed = self.failure
        return KernelDied.exit_code if failed and failed.failure != FAILED_CELL else 1

    @property
    def failure(self) -> NotebookRun | None:
        return next((nb for nb in self.notebooks if nb.status == "failed"), None)


#: notebooks that read another report's results in the run (the LTV report's model choice
#: and fit, crm_lib.notebook.RunContext.ltv_params); those not listed read nothing of the
#: others, but the executive summary and notebooks of the user's own, which may read all
READS_FROM = {
    "data_health": (), "segments": (), "ltv": (), "journey": (), "campaigns": (),
    "churn": ("ltv",), "voice": ("ltv",), "leads": ("ltv",),
}  # fmt: skip


def reads_from(name: str) -> tuple[str, ...] | None:
    """The notebooks whose results notebook ``name`` reads; None when not known (it then
    waits for every notebook before it)."""
    return READS_FROM.get(name)


def next_to_start(ready: list[int], names: list[str]) -> int:
    """Of the notebooks ready to start (positions in ``names``), the one to start now: the
    first that another notebook of the run reads from (:data:`READS_FROM`: the LTV report,
    whose readers then wait the least), else the first in the run's order. With the stage
    seconds measured at 1,000,000 customers, two workers end the notebooks at 656 s
    instead of 674 s (a schedule worked through by hand)."""
    read = {n for name in names for n in (reads_from(name) or ())}
    return min(ready, key=lambda i: (names[i] not in read, i))


@dataclass
class _Running:
    """A notebook being executed in a worker thread."""

    index: int  # position in the run's notebooks
    path: Path
    executed: Path
    manager: type
    watch: SectionWatch
    start: float
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


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


# ---------------------------------------------------------------- the output folder


@contextlib.contextmanager
def _writing(where: str):
    """Turn an error writing ``where`` because of the environment (read-only, no
    permission, disk full) into one :class:`OutputError` (exit 3)."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        cause = output_cause(exc)
        if cause is None:
            raise
        raise OutputError(where, cause) from exc


def _process_start(pid: int) -> str | None:
    """The start time of a process (clock ticks since boot), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _owner() -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(), "start": _process_start(os.getpid())}


def _owner_alive(owner: dict) -> bool:
    if owner.get("host") != socket.gethostname():
        return True  # another machine's run (a shared folder): not ours to judge
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    start = owner.get("start")
    return start is None or _process_start(pid) in (None, start)


def clean_up_dead_runs(output: Path, now: float | None = None) -> list[str]:
    """Remove what runs killed outright left in ``output``: build folders whose owner
    process is dead (or, without an owner file, older than a day) and stray ``latest``
    temporaries. Returns the names removed. Never raises."""
    now = now or time.time()
    removed = []
    try:
        candidates = sorted(output.glob(".running-*")) + sorted(output.glob(".latest-*"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.name.startswith(".latest-"):
                pid = path.name.removeprefix(".latest-")
                if (
                    path.is_symlink()
                    and pid.isdigit()
                    and not _owner_alive({"pid": int(pid), "host": socket.gethostname()})
                ):
                    path.unlink()
                    removed.append(path.name)
                continue
            owner_file = path / OWNER_FILE
            if owner_file.is_file():
                stale = not _owner_alive(json.loads(owner_file.read_text(encoding="utf-8")))
            else:
                stale = now - path.stat().st_mtime > OWNERLESS_AFTER.total_seconds()
            if stale:
                shutil.rmtree(path)
                removed.append(path.name)
        except (OSError, ValueError):
            continue
    return removed


def drop_failed_databases(output: Path, before: str) -> list[str]:
    """After a successful run: delete ``data.duckdb`` of the failed runs published before
    it (kept for diagnosis until then). Returns the run ids. Never raises."""
    dropped = []
    try:
        runs = [p for p in output.iterdir() if not p.name.startswith(".") and p.name < before]
    except OSError:
        return dropped
    for run_dir in sorted(runs):
        database = run_dir / "data.duckdb"
        try:
            if run_dir.is_symlink() or not database.is_file():
                continue
            manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("status") == "failed":
                database.unlink()
                (run_dir / "data.duckdb.wal").unlink(missing_ok=True)
                dropped.append(run_dir.name)
        except (OSError, ValueError):
            continue
    return dropped


def _reserve_run_dir(output: Path, name: str, now: dt.datetime) -> tuple[str, Path]:
    """A run id no other run has, and its private build folder (created atomically)."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        run_id = f"{stamp}-{name}" + (f"-{n}" if n > 1 else "")
        building = output / f".running-{run_id}"
        if (output / run_id).exists():
            continue
        try:
            with _writing(str(output)):
                building.mkdir(parents=True)
        except FileExistsError:
            continue
        return run_id, building
    raise RuntimeError(f"no free run id for {stamp}-{name}")


def _publish(building: Path, output: Path, run_id: str, *, move_latest: bool) -> Path:
    """Rename the build folder into place; point ``latest`` at it if asked (never backwards)."""
    final = output / run_id
    (building / OWNER_FILE).unlink(missing_ok=True)
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


class _RunLogHandler(logging.FileHandler):
    """run.log: every message masked (:func:`crm_lib.secrets.redact`); a failing write
    (disk full) is dropped silently instead of printing a traceback on stderr."""

    def format(self, record: logging.LogRecord) -> str:
        return secrets.redact(super().format(record))

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _logger(run_dir: Path) -> logging.Logger:
    log = logging.getLogger(f"crm.run.{run_dir.name}")
    log.setLevel(logging.INFO)
    log.propagate = False
    handler = _RunLogHandler(run_dir / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    return log


LIBRARY_LOGGERS = ("papermill", "traitlets")  # their warnings ("Kernel died ...") go to run.log


@contextlib.contextmanager
def _library_logs_to(log: logging.Logger):
    """Send papermill's (and nbclient's) messages to run.log instead of stderr."""
    saved = []
    for name in LIBRARY_LOGGERS:
        library = logging.getLogger(name)
        saved.append((library, library.propagate, list(library.handlers)))
        library.propagate = False
        library.handlers = list(log.handlers)
    try:
        yield
    finally:
        for library, propagate, handlers in saved:
            library.propagate, library.handlers = propagate, handlers


def _close_logger(log: logging.Logger) -> None:
    for handler in list(log.handlers):
        for name in LIBRARY_LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        handler.close()
        log.removeHandler(handler)


# ---------------------------------------------------------------- kernels


def _dead_at_start(error: BaseException | None) -> BaseException | None:
    """A kernel killed before it answered its first request is a dead kernel too:
    jupyter_client raises a bare RuntimeError ("Kernel died before replying to
    kernel_info") where nbclient raises DeadKernelError once the kernel has started."""
    if isinstance(error, RuntimeError) and str(error).startswith("Kernel died"):
        return DeadKernelError(str(error))
    return error


#: the thread pools of the native libraries a notebook uses (OpenMP: scikit-learn's
#: boosting and k-means; BLAS: numpy and scipy)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def kernel_threads(workers: int, environ=os.environ) -> int | None:
    """Native threads each of ``workers`` concurrent kernels may use: the machine's cores
    shared out (at least one), or None where the user has set a thread variable. Measured
    on 2 cores: two kernels fitting a boosting model of 200,000 rows with two OpenMP
    threads each took 11.3 s per fit, with one thread each 5.3 s (OpenMP threads wait
    by spinning, so more threads than cores cost more than they bring)."""
    if workers <= 1 or any(v in environ for v in THREAD_VARIABLES):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cores or 1) // workers)


class RunKernelManager(AsyncKernelManager):
    """The kernel manager of the run's notebooks.

    * No interrupt at shutdown. jupyter_client sends SIGINT before every shutdown request
      (jupyter/jupyter_client#620); papermill shuts the kernel down right after the reply
      to its closing ``kernel_info_request``, and when the signal lands before the kernel
      has left that message's handler, ipykernel logs ``ERROR | KeyboardInterrupt caught
      in kernel.`` on stderr (about 1 run in 15). Every cell has finished by then, so
      there is nothing to interrupt.
    * The connection file goes to the run's build folder (``connection_dir``), not to a
      temp file that a killed run would leave behind.
    * The kernel process's own stderr (ipykernel's and tornado's logging, e.g. a ZMQ
      "Socket operation on non-socket" traceback when its sockets close at shutdown) goes
      to a file beside the connection file, which the runner moves into run.log:
      a scheduler's stderr carries only crm's own lines. Cell output is not there (it
      reaches the notebook through the kernel's messages).
    * Live kernels are known to :func:`kill_kernels`, which SIGINT/SIGTERM use.
    * With ``threads`` set, the kernel's native thread pools are that size
      (:func:`kernel_threads`: notebooks running side by side share the cores).
    """

    connection_dir: Path | None = None  # set on a subclass per notebook
    threads: int | None = None  # native threads of the kernel (None: the libraries' default)
    last_exit_status: int | None = None  # of the kernel last seen dead, per subclass
    live: set[RunKernelManager] = set()  # one registry for every subclass

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.connection_dir is not None and not self.connection_file:
            self.connection_file = str(self.connection_dir / f"kernel-{uuid.uuid4()}.json")

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel

    async def _async_start_kernel(self, **kwargs) -> None:
        if self.connection_dir is not None:
            self.connection_dir.mkdir(exist_ok=True)
            stderr = Path(self.connection_file).with_suffix(".stderr")
            kwargs.setdefault("stderr", stderr.open("ab"))  # closed with the kernel's process
        if self.threads is not None:
            env = dict(kwargs.get("env") or os.environ)
            kwargs["env"] = env | dict.fromkeys(THREAD_VARIABLES, str(self.threads))
        RunKernelManager.live.add(self)
        await super()._async_start_kernel(**kwargs)

    start_kernel = _async_start_kernel

    async def _async_is_alive(self) -> bool:
        alive = await super()._async_is_alive()
        process = getattr(self.provisioner, "process", None)
        if not alive and process is not None and process.returncode is not None:
            type(self).last_exit_status = process.returncode
        return alive

    is_alive = _async_is_alive

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        RunKernelManager.live.discard(self)
        await super()._async_cleanup_resources(restart=restart)

    cleanup_resources = _async_cleanup_resources

    def kill_now(self) -> None:
        """SIGKILL the kernel's process group (it and its children): callable from any
        thread, unlike the manager's own methods."""
        provisioner = self.provisioner
        pgid = getattr(provisioner, "pgid", None)
        pid = getattr(provisioner, "pid", None)
        with contextlib.suppress(OSError):
            if pgid and pgid != os.getpgid(0):
                os.killpg(pgid, signal.SIGKILL)
            elif pid:
                os.kill(pid, signal.SIGKILL)


def kill_kernels() -> None:
    for km in list(RunKernelManager.live):
        km.kill_now()


def _kernel_death(status: int | None) -> str:
    if status is not None and status < 0:
        name = signal.Signals(-status).name
        how = "out of memory or kill -9" if -status == signal.SIGKILL else "a signal"
        return f"the kernel died: killed by {name} ({how})"
    if status:
        return f"the kernel died: exited with status {status}"
    return "the kernel died (killed, or out of memory)"


def _started_cell(executed: Path) -> int | None:
    """The 1-based source position of the last cell the kernel started (papermill's
    injected parameters cell not counted), from the notebook papermill saved."""
    try:
        cells = nbformat.read(executed, as_version=4).cells
    except (OSError, ValueError):
        return None
    started = [i for i, c in enumerate(cells) if c.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return None
    before = cells[: started[-1]]
    injected = sum("injected-parameters" in c.metadata.get("tags", []) for c in before)
    return started[-1] + 1 - injected


# ---------------------------------------------------------------- secrets in what a run writes


def _redact_notebook(path: Path) -> None:
    """Mask secret values in an executed notebook (a careless ``print`` of a password,
    say); literal credential shapes are left alone here: report text is not a config."""
    text = path.read_text(encoding="utf-8")
    if not secrets.has_known_value(text):
        return
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        cell.source = secrets.redact_values(cell.source)
        for output in cell.get("outputs", []):
            for key in ("text", "evalue", "ename"):
                if key in output:
                    output[key] = secrets.redact_values(output[key])
            if "traceback" in output:
                output["traceback"] = [secrets.redact_values(x) for x in output["traceback"]]
            for mime, value in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    output["data"][mime] = secrets.redact_data(value, secrets.redact_values)
    nbformat.write(nb, path)


def _rewrite_database(database: Path, summary: dict) -> None:
    """Copy the checked tables to a fresh file with ``summary`` as its metadata and
    replace ``database`` with it, so that no freed page keeps an unmasked source label
    (a query with a password, say)."""
    fresh = database.with_name(f".{database.name}.{os.getpid()}.tmp")
    fresh.unlink(missing_ok=True)
    con = duckdb.connect(str(fresh))
    try:
        con.execute(f"ATTACH {quote_literal(str(database))} AS old (READ_ONLY)")
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'old' "
            "ORDER BY schema_name, table_name"
        ).fetchall()
        for schema, table in tables:
            if table == META_TABLE:
                continue
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)}")
            target = f"{quote_ident(schema)}.{quote_ident(table)}"
            con.execute(f"CREATE TABLE {target} AS FROM old.{target}")
        con.execute(f"CREATE TABLE {META_TABLE} (summary VARCHAR)")
        con.execute(f"INSERT INTO {META_TABLE} VALUES (?)", [json.dumps(summary)])
        con.execute("DETACH old")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(fresh, database)
    Path(f"{database}.wal").unlink(missing_ok=True)


# ---------------------------------------------------------------- the run


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
    cells = [  # as executed: without the error banners papermill adds afterwards
        c
        for c in nbformat.read(executed, as_version=4).cells
        if "papermill-error-cell-tag" not in c.metadata.get("tags", [])
    ][: exc.cell_index]
    injected = sum("injected-parameters" in c.metadata.get("tags", []) for c in cells)
    return exc.cell_index + 1 - injected


def _first_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def _load_error(exc: BaseException, output: Path) -> BaseException | None:
    """What an error while loading the data means for the user, or None (a bug)."""
    if isinstance(exc, CrmUserError):
        return None
    filename = getattr(exc, "filename", None)
    ours = filename is not None and secrets.inside(Path(str(filename)), output)
    if isinstance(exc, MemoryError | duckdb.OutOfMemoryException):
        return KernelDied(f"out of memory while loading the data: {_first_line(exc)}")
    cause = output_cause(exc)
    if cause and (ours or cause not in {"permission denied", "operation not permitted"}):
        return OutputError(f"{output} while loading the data", cause)
    if isinstance(exc, OSError):
        name = str(filename) if filename else "data"
        return DataError(name, f"cannot read: {exc.strerror or _first_line(exc)}")
    if isinstance(exc, duckdb.IOException):
        return DataError("data", f"cannot read: {_first_line(exc)}")
    return None


class Runner:
    """Runs one configured pipeline; :meth:`run` returns a :class:`RunResult` (or raises
    a :class:`~crm_lib.errors.CrmError` or :class:`~crm_lib.errors.Interrupted`)."""

    def __init__(self, config: RunConfig, *, now: dt.datetime | None = None, progress=print):
        self.config = config
        self.now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.progress = progress
        self.notebooks = find_notebooks(config)
        self.t = Translator(config.language)
        self.phase = "starting"
        self.output = Path(config.output)
        self._signal: int | None = None  # the signal that stops the run
        self._publishing = False

    # -------------------------------------------------------- signals

    def _on_signal(self, signum, frame) -> None:
        if self._signal is not None:
            return  # already stopping
        self._signal = signum
        if not self._publishing:
            raise Interrupted(signum, self.phase)

    @contextlib.contextmanager
    def _signals(self):
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        for s in previous:
            signal.signal(s, self._on_signal)
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    # -------------------------------------------------------- the run

    def run(self) -> RunResult:
        output = self.output = Path(self.config.output).expanduser().resolve()
        self._check_secrets_file(output)
        secrets.export(self.config.secret_values)
        if self.config.secrets_file and os.environ.get(secrets.ENV_FILE):
            os.environ[secrets.ENV_FILE] = str(self.config.secrets_file)  # for the kernels
        with self._signals():
            removed = clean_up_dead_runs(output)
            run_id, building = _reserve_run_dir(output, self.config.name, self.now)
            try:
                with self._writing():
                    (building / OWNER_FILE).write_text(json.dumps(_owner()), encoding="utf-8")
                    log = _logger(building)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            if removed:
                log.info("removed what killed runs left: %s", ", ".join(removed))
            try:
                with _library_logs_to(log):
                    result = self._run(output, run_id, building, log)
            except BaseException as exc:
                _close_logger(log)
                kill_kernels()
                shutil.rmtree(building, ignore_errors=True)  # nothing is published
                if self._signal is not None and not isinstance(exc, Interrupted):
                    raise Interrupted(self._signal, self.phase) from exc
                if isinstance(exc, MemoryError):
                    raise KernelDied(f"out of memory while {self.phase}") from exc
                raise
        if result.status == "succeeded":
            drop_failed_databases(output, run_id)
        return result

    def _where(self) -> str:
        return f"{self.output} while {self.phase}"

    def _writing(self):
        return _writing(self._where())

    def _check_secrets_file(self, output: Path) -> None:
        file = self.config.secrets_file
        if file is not None and secrets.inside(file, output):
            raise ConfigError(
                str(file), "", f"the secrets file must not be inside the output folder {output}"
            )

    def _run(self, output: Path, run_id: str, building: Path, log: logging.Logger) -> RunResult:
        started = time.perf_counter()
        self.phase = "loading the data"
        try:
            self._load(building, log)
        except Exception as exc:
            meaning = _load_error(exc, output)
            if meaning is None:
                raise
            raise meaning from exc
        runs = self._execute(building, log)
        self.phase = "writing the reports"
        status = "succeeded" if all(nb.status == "succeeded" for nb in runs) else "failed"
        with self._writing():
            dataset = Dataset.open(building / "data.duckdb")
            try:
                seconds = time.perf_counter() - started
                self._write_outputs(building, run_id, dataset, runs, status, seconds)
            finally:
                dataset.con.close()
            if status == "succeeded":
                (building / "data.duckdb").unlink(missing_ok=True)  # kept to diagnose failures
            shutil.rmtree(building / KERNEL_DIR, ignore_errors=True)
            log.info("run %s %s", run_id, status)
            _close_logger(log)
            self.phase = "publishing"
            self._publishing = True
            try:
                final = _publish(building, output, run_id, move_latest=status == "succeeded")
            finally:
                self._publishing = False
        return RunResult(run_id, status, final, runs)

    def _load(self, building: Path, log: logging.Logger) -> None:
        """Load and check the data once, into ``data.duckdb`` that notebooks open read-only."""
        self.progress(f"loading data ({self.config.data.source}) ...")
        start = time.perf_counter()
        database = building / "data.duckdb"
        dataset = load_dataset(self.config, database=database)
        summary = dataset.summary()
        spark = 0.0  # seconds of the Spark stage, not part of the load's
        try:
            if self.config.data.engine == "spark":
                spark = self._spark_tables(dataset, building, log)
        finally:
            dataset.con.close()
        masked = secrets.redact_data(summary)
        if masked != summary:
            _rewrite_database(database, masked)
        seconds = time.perf_counter() - start - spark
        log.info("data loaded in %.1f s: %s", seconds, json.dumps(masked, ensure_ascii=False))
        self.progress(f"data loaded and checked in {seconds:.1f} s")
        header = (
            "# The resolved config of this run. ${NAME} references are expanded from the\n"
            "# environment (or the secrets file) when it is loaded.\n"
        )
        write_yaml(written_config(self.config), building / "config.yaml", header)

    def _spark_tables(self, dataset: Dataset, building: Path, log: logging.Logger) -> float:
        """``data.engine: spark``: the per-customer and per-event tables built on Spark and
        loaded into ``data.duckdb`` (:mod:`crm_lib.spark.stage`); returns the seconds."""
        from crm_lib.spark.stage import build_tables  # pyspark is needed for Spark runs only

        self.progress("building the per-customer tables on Spark ...")
        start = time.perf_counter()
        with self._writing():
            timings = build_tables(dataset, self.config, building / "spark")
        for name, seconds in timings.items():
            log.info("spark table %s built in %.1f s", name, seconds)
        total = time.perf_counter() - start
        log.info("%d tables built on Spark in %.1f s", len(timings), total)
        self.progress(f"{len(timings)} tables built on Spark in {total:.1f} s")
        return total

    def _execute(self, building: Path, log: logging.Logger) -> list[NotebookRun]:
        """Run the notebooks, up to ``report.workers`` at once, each as soon as the
        notebooks it reads from (:func:`reads_from`) have succeeded; after a failure none
        starts (later notebooks may depend on its artifacts) and the running ones finish."""
        runs = [NotebookRun(name, path.name) for name, path in self.notebooks]
        with self._writing():
            (building / "notebooks").mkdir()
        names = [name for name, _ in self.notebooks]
        waiting = list(range(len(runs)))
        running: dict[int, _Running] = {}
        failed = False
        try:
            while waiting or running:
                while not failed and len(running) < self.config.report.workers:
                    ready = [i for i in waiting if self._can_start(i, names, runs)]
                    if not ready:
                        break
                    first = next_to_start(ready, names)
                    waiting.remove(first)
                    running[first] = self._start(first, runs, building)
                if not running:
                    break  # nothing can start: a failure stopped the rest
                for i in [i for i, r in running.items() if r.done.wait(0.2 / len(running))]:
                    failed |= self._finish(running.pop(i), runs, log) == "failed"
                    if not running:  # (a running kernel still writes to its own file)
                        with self._writing():
                            self._kernel_stderr(building, log)
                for r in running.values():
                    if slow := r.watch.due():
                        self.progress(
                            f"      {r.path.stem}: {slow[0]} (running for {slow[1]:.0f} s)"
                        )
        except BaseException:
            kill_kernels()
            for r in running.values():
                r.done.wait(KERNEL_GONE_WAIT)  # a kernel's death ends papermill within a second
            raise
        return runs

    @staticmethod
    def _can_start(i: int, names: list[str], runs: list[NotebookRun]) -> bool:
        """Whether every notebook that notebook ``i`` reads from has succeeded."""
        needed = reads_from(names[i])
        before = range(i) if needed is None else (j for j in range(i) if names[j] in needed)
        return all(runs[j].status == "succeeded" for j in before)

    def _start(self, i: int, runs: list[NotebookRun], building: Path) -> _Running:
        """Notebook ``i`` started with papermill in a worker thread, so that SIGINT and
        SIGTERM reach the main thread, which then kills the kernels and stops the run.

        (In the main thread nbclient installs its own SIGINT/SIGTERM handlers, which only
        start a shutdown of the kernel: a scheduler's SIGINT let the run go on.)"""
        name, path = self.notebooks[i]
        self.progress(f"[{i + 1}/{len(runs)}] {name} ...")
        self.phase = f"running notebook {path.name}"
        executed = building / "notebooks" / path.name
        manager = type("NotebookKernelManager", (RunKernelManager,), {})
        manager.connection_dir = building / KERNEL_DIR
        manager.threads = kernel_threads(self.config.report.workers)
        watch = SectionWatch()
        running = _Running(i, path, executed, manager, watch, time.perf_counter())
        parameters = self._parameters(name, building)

        def work() -> None:
            try:
                papermill.execute_notebook(
                    str(path),
                    str(executed),
                    parameters=parameters,
                    kernel_name=KERNEL,
                    cwd=str(path.parent),
                    progress_bar=False,
                    extra_arguments=KERNEL_ARGUMENTS,
                    kernel_manager_class=manager,
                    engine_name=watched_engine(watch),
                )
            except BaseException as exc:  # handed to the main thread
                running.error = exc
            finally:
                running.done.set()

        threading.Thread(target=work, name=f"crm-{path.stem}", daemon=True).start()
        return running

    def _finish(self, r: _Running, runs: list[NotebookRun], log: logging.Logger) -> str:
        """Record how notebook ``r`` ended (its status); an unwritable output folder or a
        full disk is raised (:class:`OutputError`)."""
        run, name = runs[r.index], self.notebooks[r.index][0]
        error = _dead_at_start(r.error)
        if isinstance(error, DeadKernelError):
            error.exit_status = r.manager.last_exit_status
        try:
            if error is not None:
                raise error
            run.status = "succeeded"
        except PapermillExecutionError as exc:
            message = _first_line(f"{exc.ename}: {exc.evalue}")
            cause = message_cause(message) if exc.ename in _OS_ERRORS else None
            if cause:
                raise OutputError(self._where(), cause, message) from None
            run.status = "failed"
            run.failed_cell = _source_cell_number(r.executed, exc)
            run.error = secrets.redact(message)
            run.failure = OUT_OF_MEMORY if exc.ename == "MemoryError" else FAILED_CELL
        except DeadKernelError as exc:
            run.status = "failed"
            run.failed_cell = _started_cell(r.executed)
            run.error = _kernel_death(getattr(exc, "exit_status", None))
            run.failure = KERNEL_DIED
        except OSError as exc:
            cause = output_cause(exc)
            if cause is None:
                raise
            raise OutputError(self._where(), cause) from exc
        run.seconds = round(time.perf_counter() - r.start, 2)
        with self._writing():
            if r.executed.is_file():
                _redact_notebook(r.executed)
        log.info("notebook %s %s in %.1f s %s", name, run.status, run.seconds, run.error or "")
        self.progress(f"[{r.index + 1}/{len(runs)}] {name} {run.status} ({run.seconds:.1f} s)")
        return run.status

    @staticmethod
    def _kernel_stderr(building: Path, log: logging.Logger) -> None:
        """Move what the kernels wrote on their stderr into run.log (masked, as all of it)."""
        for path in sorted((building / KERNEL_DIR).glob("*.stderr")):
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                log.info("kernel stderr:\n%s", text)
            path.unlink(missing_ok=True)

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
            timezone=self.config.report.timezone,
        )

    def _write_outputs(self, building, run_id, dataset, runs, status, seconds) -> None:
        info = self._page_info(run_id, dataset)
        plotly = self.config.report.plotly
        if plotly == "shared":
            write_plotly_asset(building)
        entries = []
        for run in runs:
            executed = building / "notebooks" / run.file
            href = None
            title = self.t.notebook_title(run.name)
            if executed.exists():
                (building / f"{run.name}.html").write_text(
                    notebook_to_html(executed, title, info, plotly), encoding="utf-8"
                )
                href = f"{run.name}.html"
            entries.append({**asdict(run), "title": title, "href": href})
        entries.sort(key=lambda e: e["name"] != "executive")  # the summary is listed first
        freshness = (self.now.date() - dataset.observation_end).days
        saved = artifacts.saved(building)
        stale = self.config.report.stale_after_days
        index = render_index(info, entries, status, freshness, saved, stale_after_days=stale)
        (building / "index.html").write_text(index, encoding="utf-8")
        write_json(merge_metrics(building), building / "metrics.json")
        manifest = {
            "run_id": run_id,
            "name": self.config.name,
            "status": status,
            "started_at": self.now.isoformat(),
            "seconds": round(seconds, 2),
            "config": written_config(self.config),
            "code_version": _code_version(),
            "packages": _package_versions(),
            "data": {"fingerprint": data_fingerprint(dataset), **dataset.summary()},
            "notebooks": [asdict(r) for r in runs],
            "artifacts": saved,  # personal_data: one row per customer, not for sharing
        }
        write_json(manifest, building / "manifest.json")


_OS_ERRORS = {
    "OSError",
    "IOError",
    "PermissionError",
    "FileNotFoundError",
    "IOException",
    "ArrowIOError",
    "ArrowException",
}
