"""Run configuration: one YAML file, defaults, ``--set key=value`` overrides.

Unknown keys are errors, so a typo is never silently ignored. Relative paths in the
config are resolved against the folder of the config file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from crm_lib.contract import TABLES
from crm_lib.errors import ConfigError
from crm_lib.params import AnalysisParams, Business, Strict

DEFAULT_NOTEBOOKS = ["data_health"]


class TableSource(Strict):
    """Where one canonical table comes from and how its columns are named."""

    path: str | None = None  # CSV/Parquet file or glob; or a DuckDB database file
    table: str | None = None  # DuckDB only: a table or view in the database at `path`
    query: str | None = None  # DuckDB only: a SQL query on the database at `path`
    encoding: Literal["auto", "utf-8", "cp932"] = "auto"  # CSV text encoding
    delimiter: str | None = None  # CSV field separator; detected when empty
    date_format: str | None = None  # strptime format, e.g. "%Y/%m/%d"; common ones are tried
    columns: dict[str, str] = Field(default_factory=dict)  # canonical name -> user's header

    @model_validator(mode="before")
    @classmethod
    def _shift_jis_is_cp932(cls, data: Any) -> Any:
        if isinstance(data, dict) and str(data.get("encoding", "")).lower() in {
            "shift_jis",
            "shift-jis",
            "sjis",
            "utf8",
        }:
            data = dict(data, encoding="utf-8" if data["encoding"] == "utf8" else "cp932")
        return data

    @model_validator(mode="after")
    def _one_source(self) -> TableSource:
        if not self.path:
            raise ValueError("path is required")
        if self.table and self.query:
            raise ValueError("give either table or query, not both")
        return self


TableName = Literal[tuple(TABLES)]  # type: ignore[valid-type]


class DataConfig(Strict):
    source: Literal["demo", "cdnow", "files", "duckdb"] = "demo"
    seed: int = 42  # demo only
    customers: Annotated[int, Field(ge=50, le=5_000_000)] = 5000  # demo only
    dataset: Literal["sample", "master"] = "sample"  # cdnow only
    tables: dict[TableName, TableSource] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _tables_for_files(self) -> DataConfig:
        if self.source in {"files", "duckdb"} and "transactions" not in self.tables:
            raise ValueError(f"source {self.source} needs data.tables.transactions")
        if self.source in {"demo", "cdnow"} and self.tables:
            raise ValueError(f"source {self.source} takes no data.tables")
        return self


class PeriodConfig(Strict):
    observation_end: dt.date | None = None  # last day of data the run may use
    calibration_end: dt.date | None = None  # models are fitted up to here
    time_unit: Literal["D", "W"] = "D"  # unit of LTV models; W = days / 7

    @model_validator(mode="after")
    def _ordered(self) -> PeriodConfig:
        if (
            self.observation_end
            and self.calibration_end
            and self.calibration_end >= self.observation_end
        ):
            raise ValueError("calibration_end must be before observation_end")
        return self


class Goal(Strict):
    kpi: str
    target: float
    direction: Literal["up", "down"] | None = None  # None: the KPI's own (churn_rate: down)


class RunConfig(Strict):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")] = "run"
    language: Literal["ja", "en"] = "ja"
    output: str = "reports"
    data: DataConfig = Field(default_factory=DataConfig)
    period: PeriodConfig = Field(default_factory=PeriodConfig)
    goals: list[Goal] = Field(default_factory=list)
    notebooks: list[str] = Field(default_factory=lambda: list(DEFAULT_NOTEBOOKS))
    business: Business = Field(default_factory=Business)
    params: AnalysisParams = Field(default_factory=AnalysisParams)
    base_dir: Path = Field(default=Path("."), exclude=True)  # folder of the config file
    source: str = Field(default="config", exclude=True)  # the config file, for messages

    def resolve(self, path: str) -> Path:
        """A path from the config, made absolute against the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p


def parse_override(text: str) -> tuple[list[str], Any]:
    """Split ``a.b.c=value`` into its key path and a YAML-typed value."""
    key, sep, raw = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][\w-]*(\.[\w-]+)*", key.strip()):
        raise ConfigError("--set", text, "expected key=value, e.g. period.time_unit=W")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return key.strip().split("."), value


def apply_overrides(raw: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Return a copy of ``raw`` with each ``key.path=value`` set, nested dicts created."""
    out = _deep_copy(raw)
    for text in overrides:
        keys, value = parse_override(text)
        node = out
        for i, key in enumerate(keys[:-1]):
            child = node.get(key)
            if child is None:
                child = node[key] = {}
            if not isinstance(child, dict):
                dotted = ".".join(keys[: i + 1])
                raise ConfigError("--set", text, f"{dotted} is not a section")
            node = child
        node[keys[-1]] = value
    return out


def _deep_copy(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, dict) else v for k, v in d.items()}


def load_config(path: str | Path | None, overrides: list[str] = ()) -> RunConfig:
    """Read a YAML config (or only defaults when ``path`` is None), apply overrides, check it."""
    source = str(path) if path else "config"
    raw: dict[str, Any] = {}
    base_dir = Path.cwd()
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(source, "", "config file not found")
        try:
            raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(source, "", f"not valid YAML: {_first_line(exc)}") from None
        if not isinstance(raw, dict):
            raise ConfigError(source, "", "expected a mapping of keys at the top level")
        base_dir = p.resolve().parent
    raw = apply_overrides(raw, list(overrides))
    return config_from_dict(raw, source=source, base_dir=base_dir)


def config_from_dict(raw: dict[str, Any], *, source: str, base_dir: Path) -> RunConfig:
    """Validate a config mapping; the first problem becomes a one-line ConfigError."""
    for internal in ("base_dir", "source"):
        if internal in raw:
            raise ConfigError(source, internal, "unknown key")
    try:
        return RunConfig.model_validate({**raw, "base_dir": base_dir, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(
            str(p) for p in err["loc"] if str(p) != "[key]" and not str(p).startswith("function-")
        )
        raise ConfigError(source, key, _problem(err)) from None


def _problem(err: dict[str, Any]) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        return f"{err['input']!r} is not allowed: {msg.removeprefix('Input should be ')}"
    msg = msg.removeprefix("Value error, ")
    return f"{msg} (got {err['input']!r})" if "input" in err and _short(err["input"]) else msg


def _short(value: Any) -> bool:
    return not isinstance(value, dict | list) and len(repr(value)) < 60


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
