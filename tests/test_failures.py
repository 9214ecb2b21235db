"""Failures of the environment: each is one line on stderr and its own exit code, publishes
nothing half-made, leaves nothing behind and never moves ``latest`` off the last good run.

| failure                                   | exit | published                   |
|-------------------------------------------|------|-----------------------------|
| output folder read-only                   | 3    | nothing                     |
| disk full while loading / mid-run         | 3    | nothing                     |
| kernel killed (kill -9, the OOM killer)   | 4    | the run, status failed      |
| SIGINT / SIGTERM during a notebook        | 130 / 143 | nothing                |
| corrupt Parquet, unreadable input         | 2    | nothing                     |

The disk is a real tmpfs (2–16 MB) when this process may mount one (root); otherwise the
same failures are simulated by making the writes raise.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import nbformat
import pytest

from crm_lib import pipeline

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "configs" / "demo.yaml"
SMALL = ["notebooks=[data_health]", "data.customers=200"]  # where no analysis is tested
PROGRESS = ("loading data", "data loaded", "checking data", "data checked", "[")
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


# ---------------------------------------------------------------- helpers


def command(notebooks: Path | None = None) -> list[str]:
    if notebooks is None:
        return [sys.executable, "-m", "crm_lib"]
    code = (
        "import sys; from pathlib import Path; from crm_lib import pipeline, cli; "
        f"pipeline.NOTEBOOK_DIR = Path({str(notebooks)!r}); sys.exit(cli.main())"
    )
    return [sys.executable, "-c", code]


def crm_args(out: Path, *sets: str, config: Path = DEMO) -> list[str]:
    return ["run", "--config", str(config), "--set", f"output={out}"] + [
        a for s in sets for a in ("--set", s)
    ]


def run(out: Path, *sets: str, notebooks: Path | None = None, config: Path = DEMO):
    return subprocess.run(
        [*command(notebooks), *crm_args(out, *sets, config=config)],
        capture_output=True,
        text=True,
    )


def error_line(stderr: str) -> str:
    """The one line that says what went wrong; every other line is progress."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    others = [line for line in lines if not line.startswith(("error: ", *PROGRESS))]
    assert len(errors) == 1 and not others, stderr
    return errors[0]


def notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = 'config_path = ""\ndatabase = ""\noutput_dir = ""\nlanguage = ""'
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = KERNELSPEC
    return nb


@pytest.fixture
def test_notebooks(tmp_path) -> Path:
    """The data health notebook and a few of the tests' own."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_data_health.ipynb", folder)
    slow = "import pathlib, time\npathlib.Path(output_dir, 'slow-started').touch()\ntime.sleep(120)"
    nbformat.write(notebook([slow]), folder / "60_slow.ipynb")
    nbformat.write(notebook(["raise ValueError('planted failure')"]), folder / "61_boom.ipynb")
    fill = """import os
big = os.path.join(output_dir, "artifacts", "big.bin")
os.makedirs(os.path.dirname(big), exist_ok=True)
with open(big, "wb") as f:
    while True:
        f.write(b"0" * (1 << 20))"""
    nbformat.write(notebook([fill]), folder / "62_fill.ipynb")
    leave_room = (
        fill.replace("while True:", "try:\n        while True:").replace(
            "        f.write(", "            f.write("
        )
        + "\n    except OSError:\n        f.truncate(f.tell() - 512 * 1024)  # room to save it"
    )
    nbformat.write(notebook([leave_room]), folder / "63_fillup.ipynb")
    return folder


@pytest.fixture(scope="module")
def good_template(tmp_path_factory) -> Path:
    """An output folder holding one successful run (``latest`` points at it)."""
    out = tmp_path_factory.mktemp("good") / "reports"
    proc = run(out, *SMALL)
    assert proc.returncode == 0, proc.stderr
    return out


def with_good_run(good_template: Path, out: Path) -> str:
    shutil.copytree(good_template, out, symlinks=True)
    time.sleep(1.05)  # the next run's id is later than the good one's
    return os.readlink(out / "latest")


def assert_untouched(out: Path, good: str) -> None:
    """``latest`` still on the good run, and nothing else in the folder."""
    assert os.readlink(out / "latest") == good
    assert (out / good / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted([good, "latest", ".latest.lock"])


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def wait_for(condition, timeout: float = 120.0, interval: float = 0.2) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(interval)


def start_slow_run(out: Path, test_notebooks: Path, *sets: str) -> tuple[subprocess.Popen, int]:
    """``crm run`` of the slow notebook, once its kernel is executing; (process, kernel pid)."""
    proc = subprocess.Popen(
        [*command(test_notebooks), *crm_args(out, "notebooks=[slow]", "data.customers=200", *sets)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wait_for(lambda: list(out.glob(".running-*/slow-started")) and children(proc.pid))
    (kernel,) = children(proc.pid)  # its cell is running
    return proc, kernel


# ---------------------------------------------------------------- a small disk


def _mount(path: Path, *options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    cmd = ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(path)]
    return subprocess.run(cmd, capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of 40 MB (None where mounting is not allowed); unmounted afterwards.

    Loading the small demo company peaks at 14 MB (DuckDB's write-ahead log) and leaves
    2.6 MB; a good run takes 5 MB (plotly.js is 4.6 MB of it)."""
    disk = tmp_path / "disk"
    mounted = _mount(disk, "size=40m")
    yield disk if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill(disk: Path, leave: int) -> None:
    """Take all but ``leave`` bytes of the disk."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    fd = os.open(disk / "filler", os.O_CREAT | os.O_WRONLY)
    try:
        os.posix_fallocate(fd, 0, max(free - leave, 1))
    finally:
        os.close(fd)


# ---------------------------------------------------------------- exit 3: the output folder


def test_read_only_output_folder_is_exit_3(good_template, small_disk, tmp_path, crm, monkeypatch):
    if small_disk is None:  # simulate: every folder creation fails as on a read-only mount
        out = tmp_path / "reports"
        good = with_good_run(good_template, out)

        def read_only(self, *args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", str(self))

        monkeypatch.setattr(Path, "mkdir", read_only)
        result = crm("run", "--config", DEMO, "--set", f"output={out}", *_sets(SMALL))
        code, stderr = result.exit_code, result.stderr
    else:
        out = small_disk / "reports"
        good = with_good_run(good_template, out)
        remount = ["mount", "-o", "remount,ro", str(small_disk)]
        subprocess.run(remount, check=True, capture_output=True)
        proc = run(out, *SMALL)
        code, stderr = proc.returncode, proc.stderr
    assert code == 3
    assert "read-only file system" in error_line(stderr)
    assert_untouched(out, good)


def _sets(sets) -> list[str]:
    return [a for s in sets for a in ("--set", s)]


def test_disk_full_while_loading_is_exit_3(good_template, small_disk, tmp_path, crm, monkeypatch):
    if small_disk is None:

        def full(*args, **kwargs):
            raise duckdb.IOException('Could not write file "data.duckdb": No space left on device')

        out = tmp_path / "reports"
        good = with_good_run(good_template, out)
        monkeypatch.setattr(pipeline, "load_dataset", full)
        result = crm("run", "--config", DEMO, "--set", f"output={out}", *_sets(SMALL))
        code, stderr = result.exit_code, result.stderr
    else:
        out = small_disk / "reports"
        good = with_good_run(good_template, out)
        fill(small_disk, leave=256 * 1024)  # the checked data takes about 2.6 MB
        proc = run(out, *SMALL)
        code, stderr = proc.returncode, proc.stderr
        (small_disk / "filler").unlink()
    assert code == 3
    line = error_line(stderr)
    assert "disk full" in line and "nothing was published" in line
    assert_untouched(out, good)


@pytest.mark.parametrize("where", ["writing the reports", "inside a notebook"])
def test_disk_full_mid_run_is_exit_3(
    where, good_template, small_disk, test_notebooks, tmp_path, crm, monkeypatch
):
    filler = "[data_health, fillup]" if where == "writing the reports" else "[fill]"
    sets = [f"notebooks={filler}", "data.customers=200"]
    if small_disk is None:
        out = tmp_path / "reports"
        good = with_good_run(good_template, out)
        if where == "writing the reports":

            def full(*args, **kwargs):
                raise OSError(errno.ENOSPC, "No space left on device", "data_health.html")

            monkeypatch.setattr(pipeline, "notebook_to_html", full)
            sets = SMALL
        else:
            monkeypatch.setattr(pipeline, "NOTEBOOK_DIR", test_notebooks)
            pytest.skip("a notebook fills the disk only on a real small disk")
        result = crm("run", "--config", DEMO, "--set", f"output={out}", *_sets(sets))
        code, stderr = result.exit_code, result.stderr
    else:
        out = small_disk / "reports"
        good = with_good_run(good_template, out)
        # a notebook fills the disk after loading: its own next write fails, or (fillup
        # leaves half a megabyte) the pages written after the notebooks
        proc = run(out, *sets, notebooks=test_notebooks)
        code, stderr = proc.returncode, proc.stderr
    assert code == 3, stderr
    line = error_line(stderr)
    assert "disk full" in line and "nothing was published" in line
    assert "data loaded and checked" in stderr  # it got past loading
    if where == "writing the reports":
        assert "data_health succeeded" in stderr
    assert_untouched(out, good)


# ---------------------------------------------------------------- signals and dead kernels


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_a_notebook(signum, code, good_template, test_notebooks, tmp_path):
    out = tmp_path / "reports"
    good = with_good_run(good_template, out)
    proc, kernel = start_slow_run(out, test_notebooks)
    started = time.time()
    os.kill(proc.pid, signum)  # the crm process only, as a scheduler does
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert time.time() - started < 15  # not after the cell's two minutes
    line = error_line(stderr)
    assert signal.Signals(signum).name in line and "60_slow.ipynb" in line
    wait_for(lambda: not running(kernel), timeout=10)
    assert_untouched(out, good)  # no .running-* folder, no kernel connection file


def test_killed_kernel_is_exit_4_with_a_failed_run_page(good_template, test_notebooks, tmp_path):
    out = tmp_path / "reports"
    good = with_good_run(good_template, out)
    proc, kernel = start_slow_run(out, test_notebooks)
    os.kill(kernel, signal.SIGKILL)  # as the out-of-memory killer does
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 4
    line = error_line(stderr)
    assert "60_slow.ipynb" in line and "kernel died" in line and "SIGKILL" in line
    assert os.readlink(out / "latest") == good
    (failed,) = [p for p in out.iterdir() if p.name not in {good, "latest", ".latest.lock"}]
    manifest = json.loads((failed / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    (nb,) = manifest["notebooks"]
    assert nb["failure"] == "kernel_died" and nb["failed_cell"] == 2
    index = (failed / "index.html").read_text(encoding="utf-8")
    assert "60_slow.ipynb" in index and "kernel died" in index
    assert (failed / "data.duckdb").is_file()  # kept for diagnosis, like any failed run
    assert not list(out.rglob("kernel-*.json")) and not list(out.glob(".running-*"))


def test_a_kernel_killed_while_starting_is_exit_4_too(good_template, test_notebooks, tmp_path):
    """Killed before it answered its first request (jupyter_client then raises a bare
    RuntimeError, which was a traceback and exit 1)."""
    out = tmp_path / "reports"
    good = with_good_run(good_template, out)
    proc = subprocess.Popen(
        [*command(test_notebooks), *crm_args(out, "notebooks=[slow]", "data.customers=200")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wait_for(lambda: children(proc.pid), interval=0.01)
    (kernel,) = children(proc.pid)
    os.kill(kernel, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 4, stderr[-2000:]
    line = error_line(stderr)
    assert "60_slow.ipynb" in line and "kernel died" in line and "Traceback" not in stderr
    assert os.readlink(out / "latest") == good


# ---------------------------------------------------------------- exit 2: the input


@pytest.mark.parametrize("at", [1 / 3, 1 / 2])  # a third in: dates from the year 141795
def test_corrupt_parquet_is_exit_2_in_one_line(at, tmp_path):
    data = tmp_path / "data"
    subprocess.run(
        [*command(), "demo-data", "--out", data, "--customers", "300",
         "--tables", "transactions"],
        check=True, capture_output=True,
    )  # fmt: skip
    parquet = data / "transactions.parquet"
    damaged = bytearray(parquet.read_bytes())
    middle = int(len(damaged) * at)
    damaged[middle : middle + 64] = b"\xff" * 64
    parquet.write_bytes(bytes(damaged))
    out = tmp_path / "reports"
    proc = run(out, "notebooks=[data_health]", config=data / "config.yaml")
    assert proc.returncode == 2
    assert "transactions.parquet" in error_line(proc.stderr)
    assert not out.exists() or not any(p.name.startswith(".running") for p in out.iterdir())


def test_error_reading_the_input_is_exit_2_in_one_line(tmp_path, crm, monkeypatch):
    def unreadable(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", "/mnt/exports/orders.parquet")

    monkeypatch.setattr(pipeline, "load_dataset", unreadable)
    out = tmp_path / "reports"
    result = crm("run", "--config", DEMO, "--set", f"output={out}", *_sets(SMALL))
    assert result.exit_code == 2
    assert "orders.parquet: cannot read: Input/output error" in error_line(result.stderr)
    assert not any(out.iterdir())


# ---------------------------------------------------------------- what failures leave behind


def test_what_kill_9_leaves_is_removed_by_the_next_run(good_template, test_notebooks, tmp_path):
    out = tmp_path / "reports"
    good = with_good_run(good_template, out)
    proc, kernel = start_slow_run(out, test_notebooks)
    os.killpg(proc.pid, signal.SIGKILL)  # crm and its process group, no chance to clean up
    proc.wait()
    (left,) = out.glob(".running-*")
    assert json.loads((left / ".owner.json").read_text())["pid"] == proc.pid
    assert (left / "data.duckdb").is_file()
    connection_files = list(left.glob(".kernels/kernel-*.json"))
    assert len(connection_files) == 1  # in the build folder, not in /tmp
    cmdline = Path(f"/proc/{kernel}/cmdline").read_bytes().split(b"\0") if running(kernel) else []
    assert not cmdline or str(connection_files[0]).encode() in cmdline
    wait_for(lambda: not running(kernel), timeout=15)  # it follows its parent (ipykernel)

    again = run(out, *SMALL)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".running-*"))  # the dead run's build folder is gone
    assert not list(out.rglob("kernel-*.json")) and not connection_files[0].exists()
    assert os.readlink(out / "latest") == Path(again.stdout.strip()).parent.name != good


def test_live_runs_build_folder_is_not_touched(tmp_path):
    out = tmp_path / "reports"
    live = out / ".running-20260101T000000Z-other"
    live.mkdir(parents=True)
    (live / ".owner.json").write_text(json.dumps(pipeline._owner()))  # this process: alive
    dead = out / ".running-20260101T000000Z-dead"
    dead.mkdir()
    (dead / ".owner.json").write_text(json.dumps({**pipeline._owner(), "pid": 2**22 + 7}))
    young = out / ".running-20260101T000000Z-starting"  # no owner file yet
    young.mkdir()
    assert pipeline.clean_up_dead_runs(out) == [dead.name]
    assert live.is_dir() and young.is_dir()
    assert pipeline.clean_up_dead_runs(out, now=time.time() + 2 * 86400) == [young.name]


def test_failed_runs_data_is_dropped_by_the_next_successful_run(
    good_template, test_notebooks, tmp_path
):
    out = tmp_path / "reports"
    good = with_good_run(good_template, out)
    failed = run(
        out, "notebooks=[data_health, boom]", "data.customers=200", notebooks=test_notebooks
    )
    assert failed.returncode == 1
    assert "61_boom.ipynb failed in cell 2" in error_line(failed.stderr)
    assert os.readlink(out / "latest") == good
    (failed_dir,) = [p for p in out.iterdir() if p.name not in {good, "latest", ".latest.lock"}]
    assert (failed_dir / "data.duckdb").is_file()
    time.sleep(1.05)
    ok = run(out, *SMALL)
    assert ok.returncode == 0, ok.stderr
    assert (failed_dir / "index.html").is_file() and (failed_dir / "manifest.json").is_file()
    assert not (failed_dir / "data.duckdb").exists()


# ---------------------------------------------------------------- no ERROR on stderr


SLOW_KERNEL_INFO = """import inspect, time
kernel = get_ipython().kernel
reply = kernel.shell_handlers["kernel_info_request"]
async def slow_after_reply(*args):
    result = reply(*args)
    if inspect.isawaitable(result):
        await result
    time.sleep(0.5)  # still in the handler when papermill shuts the kernel down
kernel.shell_handlers["kernel_info_request"] = slow_after_reply"""


def test_no_error_line_on_stderr_of_successful_runs(tmp_path):
    """The stray ``[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.``: papermill
    shuts a kernel down right after the reply to its last ``kernel_info_request``, and
    jupyter_client interrupts (SIGINT) a kernel before shutting it down; a kernel still in
    that request's handler logs the KeyboardInterrupt. A kernel that stays in the handler
    for half a second hits it every time (ordinary ones only by chance: a few suffice)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(notebook([SLOW_KERNEL_INFO]), folder / "01_slowinfo.ipynb")
    names = [f"t{i}" for i in range(3)]
    for i, name in enumerate(names, 2):
        nbformat.write(notebook(["x = 1"]), folder / f"{i:02d}_{name}.ipynb")
    sets = [f"notebooks=[slowinfo, {', '.join(names)}]", "data.customers=200"]
    proc = run(tmp_path / "reports", *sets, notebooks=folder)
    assert proc.returncode == 0, proc.stderr
    assert not [line for line in proc.stderr.splitlines() if "ERROR" in line], proc.stderr


def test_what_a_kernel_writes_on_its_stderr_goes_to_run_log(tmp_path):
    """ipykernel and tornado log on the kernel process's stderr (e.g. a ZMQ traceback when
    its sockets close at shutdown): that goes to run.log, never to the scheduler's stderr."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    probe = "import os\nos.write(2, b'ERROR:tornado.general:probe from the kernel\\n')"
    nbformat.write(notebook([probe]), folder / "01_noisy.ipynb")
    proc = run(tmp_path / "reports", "notebooks=[noisy]", "data.customers=200", notebooks=folder)
    assert proc.returncode == 0, proc.stderr
    assert "probe from the kernel" not in proc.stderr
    log = (tmp_path / "reports" / "latest" / "run.log").read_text(encoding="utf-8")
    assert "probe from the kernel" in log
    assert not list((tmp_path / "reports" / "latest").glob(".kernels"))
