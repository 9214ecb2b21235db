"""Run configuration: defaults, overrides with dots, unknown keys and bad values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from crm_lib.config import apply_overrides, load_config
from crm_lib.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_run_the_demo():
    config = load_config(None)
    assert (config.data.source, config.data.seed, config.data.customers) == ("demo", 42, 5000)
    assert config.period.time_unit == "D" and config.language == "ja"


def test_nested_overrides_create_sections_and_keep_types():
    config = load_config(
        None,
        [
            "data.source=files",
            "data.tables.transactions.path=x.csv",
            "data.tables.transactions.encoding=shift_jis",
            "period.time_unit=W",
            "period.observation_end=2025-12-31",
            "params.ltv.horizon=52",
        ],
    )
    assert config.data.tables["transactions"].path == "x.csv"
    assert config.data.tables["transactions"].encoding == "cp932"
    assert config.period.time_unit == "W"
    assert config.period.observation_end == dt.date(2025, 12, 31)
    assert config.params.ltv.horizon == 52


def test_override_does_not_touch_the_original():
    raw = {"period": {"time_unit": "D"}}
    assert apply_overrides(raw, ["period.time_unit=W"]) == {"period": {"time_unit": "W"}}
    assert raw == {"period": {"time_unit": "D"}}


@pytest.mark.parametrize(
    ("overrides", "key", "problem"),
    [
        (["perod.time_unit=W"], "perod", "unknown key"),
        (["data.tables.transactions.pth=x"], "data.tables.transactions.pth", "unknown key"),
        (["period.time_unit=M"], "period.time_unit", "'M' is not allowed"),
        (["language=fr"], "language", "'fr' is not allowed"),
        (["data.source=files"], "data", "needs data.tables.transactions"),
        (["period.observation_end=2024-01-01", "period.calibration_end=2024-06-30"], "period",
         "calibration_end must be before observation_end"),
        (["period.time_unit"], "period.time_unit", "expected key=value"),
        (["data.tables.orders.path=x"], "data.tables.orders", "'orders' is not allowed"),
        (["params.ltv.horizonn=26"], "params.ltv.horizonn", "unknown key"),
        (["params.ltv.horizon=soon"], "params.ltv.horizon", "valid integer"),
        (["params.ltv.horizon=0"], "params.ltv.horizon", "greater than or equal to 1"),
        (["params.voice.top_n=5"], "params.voice.top_n", "unknown key"),
        (["params.leads.top_nn=5"], "params.leads.top_nn", "unknown key"),
        (["business.currency=XYZ"], "business.currency.code", "unknown currency"),
        (["business.rank_tiers={Gold: 10, Silver: 10}"], "business.rank_tiers",
         "two ranks share a minimum spend"),
        (["business.churn_window_days=-1"], "business.churn_window_days", "greater than"),
    ],
)  # fmt: skip
def test_bad_config_names_key_and_problem(overrides, key, problem):
    with pytest.raises(ConfigError) as err:
        load_config(None, overrides)
    assert err.value.key == key
    assert problem in err.value.problem
    assert "\n" not in str(err.value)


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    folder = tmp_path / "cfg"
    folder.mkdir()
    path = folder / "run.yaml"
    path.write_text("data:\n  source: files\n  tables:\n    transactions: {path: d/x.csv}\n")
    config = load_config(path)
    assert config.resolve(config.data.tables["transactions"].path) == folder / "d" / "x.csv"


def test_cli_set_applies_to_validate(tmp_path, crm, write_csv):
    write_csv(["order_id,customer_id,order_date,amount", "O1,C1,2024-01-05,100"], name="a.csv")
    config = tmp_path / "c.yaml"
    config.write_text("data:\n  source: files\n  tables:\n    transactions: {path: missing.csv}\n")
    result = crm("validate", "--config", config, "--set", "data.tables.transactions.path=a.csv")
    assert result.exit_code == 0, result.stderr
    assert "1 rows" in result.stdout


def test_cli_bad_config_is_exit_2_one_line(tmp_path, crm):
    config = tmp_path / "c.yaml"
    config.write_text("name: x\nlanguage: ja\nnotebook: [a]\n")
    result = crm("validate", "--config", config)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {config}: notebook: unknown key"


def test_cli_misspelt_parameter_is_exit_2_naming_it(crm):
    result = crm("validate", "--config", ROOT / "configs" / "cdnow.yaml",
                 "--set", "params.ltv.horizonn=26")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("params.ltv.horizonn: unknown key")


def test_every_parameter_has_its_default_in_one_place():
    """A bare config carries each analysis's defaults; the CDNOW config is in dollars."""
    from crm_lib.params import DEFAULT_RANK_TIERS

    config = load_config(None)
    assert (config.params.ltv.horizon, config.params.ltv.discount_rate) == (52, 0.01)
    assert config.business.rank_tiers == DEFAULT_RANK_TIERS
    assert config.business.currency.code == "JPY"
    cdnow = load_config(ROOT / "configs" / "cdnow.yaml")
    assert cdnow.business.currency.code == "USD"
    assert max(cdnow.business.rank_tiers.values()) < 1000  # dollar tiers, not yen


def test_invalid_yaml_is_one_line(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML") as err:
        load_config(config)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("path", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_loads_its_data(path):
    from crm_lib.dataset import load_dataset

    dataset = load_dataset(load_config(path, ["data.customers=200"] if "demo" in path.name else []))
    assert dataset.loads["transactions"].rows_used > 0


def test_sjis_example_config_maps_what_the_generator_wrote():
    example = yaml.safe_load((ROOT / "configs" / "example_sjis.yaml").read_text(encoding="utf-8"))
    written = yaml.safe_load((ROOT / "data" / "example_sjis" / "config.yaml").read_text("utf-8"))
    for name, table in written["data"]["tables"].items():
        assert example["data"]["tables"][name]["columns"] == table["columns"]
    for name in ("transactions", "customers", "feedback"):
        raw = (ROOT / "data" / "example_sjis" / f"{name}.csv").read_bytes()
        raw.decode("cp932")  # the shipped files really are Shift_JIS ...
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # ... and not UTF-8


def test_goal_direction_defaults_to_the_kpis_own():
    """A churn goal written without a direction is judged "lower is better"."""
    from crm_lib.dataset import load_dataset
    from crm_lib.executive.kpi import evaluate_goals

    config = load_config(None, ["data.source=cdnow", "goals=[{kpi: churn_rate, target: 0.2}]"])
    assert config.goals[0].direction is None
    (result,) = evaluate_goals(config.goals, load_dataset(config), {"churn": {"rate": 0.15}})
    assert (result.direction, result.status) == ("down", "met")
