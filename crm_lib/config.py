"""Run configuration: one YAML file, defaults, ``--set key=value`` overrides.

Unknown keys are errors, so a typo is never silently ignored. Relative paths in the
config are resolved against the folder of the config file. String values may hold
``${NAME}`` references to environment variables or to the keys of a secrets file
(:mod:`crm_lib.secrets`); :func:`written_config` gives the config as a run writes it,
with the references unexpanded.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from crm_lib import secrets
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


class SparkConfig(Strict):
    """The Spark session of ``data.engine: spark``. Under ``spark-submit`` the session it
    started is used and these settings are not applied (spark-submit's own are)."""

    master: Annotated[str, Field(min_length=1)] = "local[2]"
    # ^ local[N] (N cores of this machine), spark://host:7077, yarn, k8s://https://host:443
    app_name: Annotated[str, Field(min_length=1)] = "crm-workbench"
    conf: dict[str, str] = Field(default_factory=dict)
    # ^ spark.* settings, e.g. {spark.driver.memory: 4g, spark.sql.shuffle.partitions: 64}

    @field_validator("conf", mode="before")
    @classmethod
    def _conf_values_as_text(cls, conf: Any) -> Any:
        if not isinstance(conf, dict):
            return conf
        text = {bool: lambda v: str(v).lower(), int: str, float: str}
        return {k: text[type(v)](v) if type(v) in text else v for k, v in conf.items()}

    @field_validator("conf")
    @classmethod
    def _spark_keys(cls, conf: dict[str, str]) -> dict[str, str]:
        for key in conf:
            if not key.startswith("spark."):
                raise ValueError(f"{key!r} is not a Spark setting (they start with spark.)")
        return conf


class DataConfig(Strict):
    source: Literal["demo", "cdnow", "files", "duckdb"] = "demo"
    engine: Literal["duckdb", "spark"] = "duckdb"
    # ^ duckdb: every aggregation in the embedded engine; spark: the per-customer and
    #   per-event tables (crm_lib.spark.tables) are also built on Spark and read from there
    spark: SparkConfig = Field(default_factory=SparkConfig)  # engine spark only
    seed: int = 42  # demo only
    customers: Annotated[int, Field(ge=50, le=10_000_000)] = 5000  # demo only
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


class ListsConfig(Strict):
    """The action lists (crm_lib.lists) as files beside the pages: ``lists/<name>.csv`` and,
    for a list longer than ``xlsx_min_rows`` rows, ``lists/<name>.xlsx``."""

    encoding: Literal["utf-8-sig", "cp932"] = "utf-8-sig"
    # ^ utf-8-sig: UTF-8 with a byte-order mark, which Excel reads as UTF-8 (every character
    #   kept); cp932: Shift_JIS for older tools on Japanese Windows (a character it cannot
    #   hold is written as 〓 and counted on the page; the .xlsx keeps it)
    xlsx_min_rows: Annotated[int, Field(ge=0)] = 0
    # ^ 0: every list with a row gets its .xlsx too, where ids stay text and amounts, shares
    #   and dates keep their types (a CSV opened in Excel loses them whatever its length)
    xlsx_max_rows: Annotated[int, Field(ge=1, le=1_048_575)] = 50_000
    # ^ a longer list is written as CSV only: an .xlsx takes about a second per 10,000
    #   cells to write (a minute for 50,000 rows), and a sheet holds at most 1,048,575 rows


class ReportConfig(Strict):
    plotly: Literal["shared", "inline"] = "shared"
    # ^ shared: plotly.js once beside the pages (assets/, referenced relatively; pages stay
    #   small, a copied run folder still works); inline: inside each page (a single file to send)
    lists: ListsConfig = Field(default_factory=ListsConfig)
    stale_after_days: Annotated[int, Field(ge=1)] = 60
    # ^ the index warns when the data ended more than this many days before the run
    workers: Annotated[int, Field(ge=1, le=8)] = 2
    # ^ notebooks run at once, each in its own kernel (one per core; a notebook that reads
    #   another report's results waits for it); 1: one after another, in the listed order.
    #   Peak memory is about the sum of the largest notebooks running together
    timezone: str | None = None
    # ^ IANA zone of the times the pages show (e.g. Asia/Tokyo, UTC); empty: the language's
    #   own (Japan time on Japanese pages, UTC on English ones)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if not zone:
            return None
        try:
            ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            raise ValueError("unknown time zone (an IANA name, e.g. Asia/Tokyo)") from None
        return zone


class RunConfig(Strict):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")] = "run"
    language: Literal["ja", "en"] = "ja"
    output: str = "reports"
    data: DataConfig = Field(default_factory=DataConfig)
    period: PeriodConfig = Field(default_factory=PeriodConfig)
    goals: list[Goal] = Field(default_factory=list)
    notebooks: list[str] = Field(default_factory=lambda: list(DEFAULT_NOTEBOOKS))
    report: ReportConfig = Field(default_factory=ReportConfig)
    business: Business = Field(default_factory=Business)
    params: AnalysisParams = Field(default_factory=AnalysisParams)
    base_dir: Path = Field(default=Path("."), exclude=True)  # folder of the config file
    source: str = Field(default="config", exclude=True)  # the config file, for messages
    # the mapping as given (overrides applied, references unexpanded) and the secrets file
    _unexpanded: dict[str, Any] = PrivateAttr(default_factory=dict)
    _secrets_file: Path | None = PrivateAttr(default=None)
    _secret_values: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def secrets_file(self) -> Path | None:
        """The secrets file the references were looked up in, if any."""
        return self._secrets_file

    @property
    def secret_values(self) -> dict[str, str]:
        """The secrets file's values (for the kernels' environment; never to be written)."""
        return dict(self._secret_values)

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


def load_config(
    path: str | Path | None,
    overrides: list[str] = (),
    *,
    secrets_file: str | Path | None = None,
) -> RunConfig:
    """Read a YAML config (or only defaults when ``path`` is None), apply overrides, expand
    ``${NAME}`` references, check it.

    References are looked up in the environment, then in ``secrets_file`` (default: the
    file named by ``$CRM_SECRETS_FILE``, if set). Their values, and every value of the
    secrets file, are masked in messages from then on (:func:`crm_lib.secrets.redact`).
    """
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
    if secrets_file is None and os.environ.get(secrets.ENV_FILE):
        secrets_file = os.environ[secrets.ENV_FILE]
    file_values = secrets.read_secrets_file(Path(secrets_file)) if secrets_file else {}
    lookup = secrets.lookup_table(file_values)
    expanded = secrets.expand(raw, lookup, source)
    for name, value in file_values.items():
        secrets.remember(name, value)
    for name in secrets.referenced_names(raw):
        secrets.remember(name, lookup[name])
    config = config_from_dict(expanded, source=source, base_dir=base_dir)
    config._unexpanded = raw
    config._secrets_file = Path(secrets_file).resolve() if secrets_file else None
    config._secret_values = file_values
    return config


def config_from_dict(raw: dict[str, Any], *, source: str, base_dir: Path) -> RunConfig:
    """Validate a config mapping; the first problem becomes a one-line ConfigError."""
    for internal in ("base_dir", "source"):
        if internal in raw:
            raise ConfigError(source, internal, "unknown key")
    try:
        config = RunConfig.model_validate({**raw, "base_dir": base_dir, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(
            str(p) for p in err["loc"] if str(p) != "[key]" and not str(p).startswith("function-")
        )
        raise ConfigError(source, key, _problem(err)) from None
    config._unexpanded = raw
    return config


def written_config(config: RunConfig) -> dict[str, Any]:
    """The resolved config as a run writes it (``config.yaml``, the manifest): defaults
    filled in, table paths absolute, ``${NAME}`` references as given (the notebooks expand
    them again when they load it), secret values and literal credentials masked."""
    dumped = config.model_dump(mode="json")
    raw = config._unexpanded
    for name, table in dumped["data"]["tables"].items():
        given = ((raw.get("data") or {}).get("tables") or {}).get(name) or {}
        path = given.get("path") if isinstance(given, dict) else None
        if secrets.has_reference(path):
            expanded = Path(config.data.tables[name].path).expanduser()
            absolute = expanded.is_absolute() or path.startswith("~")
            table["path"] = path if absolute else str(config.base_dir / path)
        else:
            table["path"] = str(config.resolve(config.data.tables[name].path))
    restored = _restore_references(dumped, raw, skip=("data.tables.*.path",))
    return secrets.redact_data(restored)


def _restore_references(dumped: Any, raw: Any, skip: tuple[str, ...], at: str = "") -> Any:
    """``dumped`` with every string of ``raw`` that holds a reference put back in place."""
    if any(re.fullmatch(p.replace(".", r"\.").replace("*", r"[^.]+"), at) for p in skip):
        return dumped
    if secrets.has_reference(raw):
        return raw
    if isinstance(dumped, dict) and isinstance(raw, dict):
        return {
            k: _restore_references(v, raw[k], skip, f"{at}.{k}" if at else k) if k in raw else v
            for k, v in dumped.items()
        }
    if isinstance(dumped, list) and isinstance(raw, list) and len(dumped) == len(raw):
        return [_restore_references(d, r, skip, at) for d, r in zip(dumped, raw, strict=True)]
    return dumped


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
