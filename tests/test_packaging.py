"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name as canonical

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {p for p in pip if not p.startswith("-e")}
    assert listed == wanted
    python = next(d for d in env["dependencies"] if str(d).startswith("python"))
    assert python.removeprefix("python") == project["requires-python"]


def test_ci_runs_make_test_and_nothing_else():
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == "exec make test"
    assert all(line.startswith(("set ", "cd ")) for line in lines[:-1])


def _pins() -> dict[str, list[str]]:
    """Package -> the exact versions ``requirements.lock`` pins (one per marker)."""
    pins: dict[str, list[str]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", line)
        if match:
            pins.setdefault(canonical(match.group(1)), []).append(match.group(2))
    return pins


def test_the_lock_pins_every_dependency_within_its_bounds_with_hashes():
    """A dependency added to pyproject.toml without ``make lock`` fails here; so does a lock
    whose pin falls outside a bound, or a pin without hashes (pip's --require-hashes)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = (ROOT / "requirements-build.in").read_text().splitlines()
    extras = project["optional-dependencies"]
    wanted = [*project["dependencies"], *extras["test"], *extras["spark"]]
    wanted += [line for line in build if line.strip() and not line.startswith("#")]
    pins = _pins()
    for spec in map(Requirement, wanted):
        versions = pins.get(canonical(spec.name))
        assert versions, f"{spec.name} is not in requirements.lock: run make lock"
        assert all(spec.specifier.contains(v, prereleases=True) for v in versions), spec
    text = (ROOT / "requirements.lock").read_text()
    pinned = re.findall(r"^[A-Za-z0-9_.-]+==.*$", text, re.M)
    hashed = re.findall(r"^[A-Za-z0-9_.-]+==.*\\\n\s+--hash=sha256:[0-9a-f]{64}", text, re.M)
    assert len(pinned) == len(hashed) == sum(map(len, pins.values()))
    makefile = (ROOT / "Makefile").read_text()
    # the lock without the Spark extra for every set-up, the extra for `make spark` only
    assert "--require-hashes -r $(VENV)/base.lock" in makefile and "--no-deps" in makefile
    assert "--require-hashes --no-deps -r $(VENV)/spark.lock" in makefile
