"""Secrets: ``${NAME}`` references, the secrets file, and a planted secret that must not
appear anywhere in a run folder or on the terminal."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import nbformat
import pytest
import yaml

from crm_lib import secrets
from crm_lib.config import load_config, written_config
from crm_lib.demo import generate_demo
from crm_lib.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Planted-S3cret-4417"  # in the secrets file, referenced by the query
LITERAL = "LiteralPw-8826"  # written literally (password=...) in a --set value
QUERY = "SELECT * FROM orders WHERE '${DB_PASSWORD}' <> ''"


@pytest.fixture(autouse=True)
def _forget_secrets():
    yield
    secrets.forget_all()


def write_config(folder: Path, query: str = QUERY, **extra) -> Path:
    config = {
        "name": "sec",
        "language": "en",
        "data": {
            "source": "duckdb",
            "tables": {"transactions": {"path": "warehouse.duckdb", "query": query}},
        },
        "notebooks": ["data_health"],
        **extra,
    }
    path = folder / "sec.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A DuckDB file with the orders of a small demo company, as a data warehouse."""
    folder = tmp_path_factory.mktemp("warehouse")
    frame = generate_demo(n_customers=200, seed=3).tables["transactions"]  # noqa: F841
    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    con.execute("CREATE TABLE orders AS FROM frame")
    con.close()
    return folder / "warehouse.duckdb"


@pytest.fixture
def project(tmp_path, warehouse) -> Path:
    """A config folder with the warehouse, and a secrets file outside it."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "warehouse.duckdb").symlink_to(warehouse)
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "crm.env").write_text(
        f"# the warehouse\nexport DB_PASSWORD='{SECRET}'\nUNUSED=never-referenced-value\n",
        encoding="utf-8",
    )
    return folder


# ---------------------------------------------------------------- references and the file


def test_references_expand_from_the_environment_in_any_string(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TEST_NAME", "acme")
    monkeypatch.setenv("CRM_TEST_UNIT", "W")
    monkeypatch.setenv("CRM_TEST_CUSTOMERS", "300")
    config = load_config(
        None,
        [
            "name=${CRM_TEST_NAME}-shop",
            "period.time_unit=${CRM_TEST_UNIT}",
            "data.customers=${CRM_TEST_CUSTOMERS}",
            "output=out/$${literal}",
        ],
    )
    assert config.name == "acme-shop" and config.period.time_unit == "W"
    assert config.data.customers == 300 and config.output == "out/${literal}"


def test_unknown_reference_is_exit_2_naming_the_key_and_the_name(project, crm):
    config = write_config(project, query="SELECT * FROM orders WHERE x = '${NOPE_NOT_SET}'")
    result = crm("validate", "--config", config)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line.startswith("error: ")
    assert "data.tables.transactions.query" in line and "${NOPE_NOT_SET} is not set" in line


def test_secrets_file_as_key_value_lines_or_yaml(tmp_path):
    lines = tmp_path / "a.env"
    lines.write_text(
        "# comment\n\nexport A=\"x y\"\nB = plain  # note\nC='q'\nD=has=equals\n", "utf-8"
    )
    assert secrets.read_secrets_file(lines) == {
        "A": "x y",
        "B": "plain",
        "C": "q",
        "D": "has=equals",
    }
    mapping = tmp_path / "b.yaml"
    mapping.write_text("A: one\nPORT: 5432\nFLAG: true\n", "utf-8")
    assert secrets.read_secrets_file(mapping) == {"A": "one", "PORT": "5432", "FLAG": "true"}
    bad = tmp_path / "c.env"
    bad.write_text(f"A=1\nthis line has the value {SECRET} and no equals sign\n", "utf-8")
    with pytest.raises(ConfigError) as err:
        secrets.read_secrets_file(bad)
    assert "line 2" in str(err.value) and SECRET not in str(err.value)


def test_environment_wins_over_the_secrets_file(project, tmp_path, monkeypatch):
    monkeypatch.setenv("DB_PASSWORD", "from-the-environment")
    config = load_config(write_config(project), secrets_file=tmp_path / "vault" / "crm.env")
    assert "from-the-environment" in config.data.tables["transactions"].query
    monkeypatch.delenv("DB_PASSWORD")
    monkeypatch.setenv(secrets.ENV_FILE, str(tmp_path / "vault" / "crm.env"))
    config = load_config(write_config(project))  # CRM_SECRETS_FILE names the file
    assert SECRET in config.data.tables["transactions"].query


def test_written_config_keeps_references_and_masks_literal_credentials(project, tmp_path):
    query = f"SELECT * FROM orders /* password={LITERAL} */ WHERE '${{DB_PASSWORD}}' <> ''"
    config = load_config(
        write_config(project, query=query),
        ["data.tables.transactions.path=${WAREHOUSE_DIR}/warehouse.duckdb"],
        secrets_file=_env_file(tmp_path, DB_PASSWORD=SECRET, WAREHOUSE_DIR="sub"),
    )
    written = written_config(config)
    table = written["data"]["tables"]["transactions"]
    assert table["query"] == "SELECT * FROM orders /* password=*** */ WHERE '${DB_PASSWORD}' <> ''"
    assert table["path"] == str(project / "${WAREHOUSE_DIR}" / "warehouse.duckdb")
    assert SECRET not in json.dumps(written) and LITERAL not in json.dumps(written)


def test_redact_masks_values_and_credential_shapes():
    secrets.remember("DB_PASSWORD", SECRET)
    assert secrets.redact(f"cannot connect with {SECRET}") == "cannot connect with ${DB_PASSWORD}"
    assert secrets.redact("postgres://crm:hunter22@db:5432/x") == "postgres://crm:***@db:5432/x"
    assert secrets.redact("host=db password='p w' user=crm") == "host=db password='***' user=crm"
    assert secrets.redact("CREATE SECRET (TYPE s3, KEY_ID 'AKIA1', SECRET 'abc')") == (
        "CREATE SECRET (TYPE s3, KEY_ID '***', SECRET '***')"
    )
    assert secrets.redact("password=${DB_PASSWORD}") == "password=${DB_PASSWORD}"
    assert secrets.redact("3 rows, 2 columns") == "3 rows, 2 columns"


def test_secrets_file_inside_the_output_folder_is_exit_2(project, crm, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    inside = _env_file(out, DB_PASSWORD=SECRET)
    result = crm(
        "run", "--config", write_config(project), "--secrets", inside, "--set", f"output={out}"
    )
    assert result.exit_code == 2
    assert "must not be inside the output folder" in result.stderr.strip().splitlines()[-1]
    assert not list(out.glob("*.duckdb")) and [p.name for p in out.iterdir()] == [inside.name]


def _env_file(folder: Path, **values: str) -> Path:
    path = folder / "secrets.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    return path


# ---------------------------------------------------------------- a planted secret

LEAKY = """import hashlib, os
from crm_lib.notebook import open_run
ctx = open_run("leaky", config_path, database, output_dir, language)
query = ctx.config.data.tables["transactions"].query
print("query digest", hashlib.sha256(query.encode()).hexdigest())
print("the password is", os.environ["DB_PASSWORD"])"""


@pytest.fixture
def leaky_notebooks(tmp_path) -> Path:
    """Notebooks that print the secret the kernel sees, and raise with it (careless code)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "00_data_health.ipynb").write_bytes(
        (ROOT / "notebooks/00_data_health.ipynb").read_bytes()
    )
    for name, last in [("leaky", "x = 1"), ("boom", 'raise ValueError(os.environ["DB_PASSWORD"])')]:
        nb = nbformat.v4.new_notebook()
        params = 'config_path = ""\ndatabase = ""\noutput_dir = ""\nlanguage = ""'
        nb.cells = [
            nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(LEAKY.replace('"leaky"', '"data_health"')),
            nbformat.v4.new_code_cell(last),
        ]
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(
            nb, folder / f"50_{name}.ipynb" if name == "leaky" else folder / "60_boom.ipynb"
        )
    return folder


def run_crm(notebooks: Path, *args) -> subprocess.CompletedProcess:
    """``crm`` in a subprocess (its kernels' stderr included) with another notebook folder;
    the environment does not hold the secret: only the secrets file does."""
    code = (
        "import sys; from pathlib import Path; from crm_lib import pipeline, cli; "
        f"pipeline.NOTEBOOK_DIR = Path({str(notebooks)!r}); sys.exit(cli.main())"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DB_PASSWORD", secrets.ENV_FILE}}
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, env=env
    )


def hits(folder: Path, *texts: str) -> list[str]:
    """Every file under ``folder`` (binary included) that contains one of ``texts``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}: {t}" for t in texts if t.encode() in data]
    return found


@pytest.mark.parametrize("outcome", ["succeeded", "failed"])
def test_planted_secret_never_reaches_the_run_folder_or_the_terminal(
    outcome, project, tmp_path, leaky_notebooks
):
    out = tmp_path / "reports"
    query = f"SELECT * FROM orders /* password={LITERAL} */ WHERE '${{DB_PASSWORD}}' <> ''"
    notebooks = "[data_health, leaky]" if outcome == "succeeded" else "[data_health, leaky, boom]"
    proc = run_crm(
        leaky_notebooks,
        "run", "--config", write_config(project, query=query),
        "--secrets", tmp_path / "vault" / "crm.env",
        "--set", f"output={out}", "--set", f"notebooks={notebooks}",
    )  # fmt: skip
    assert proc.returncode == (0 if outcome == "succeeded" else 1), proc.stderr
    (run_dir,) = [p for p in out.iterdir() if not p.name.startswith(".") and p.name != "latest"]
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == outcome
    assert (run_dir / "data.duckdb").is_file() == (outcome == "failed")
    # the kernel expanded the reference from the environment it inherited (and saw the
    # literal password masked: config.yaml never holds it)
    expanded = query.replace("${DB_PASSWORD}", SECRET).replace(LITERAL, "***")
    digest = hashlib.sha256(expanded.encode()).hexdigest()
    assert digest in (run_dir / "notebooks" / "50_leaky.ipynb").read_text(encoding="utf-8")
    # ... while everything the run wrote keeps the reference, never the value
    written = yaml.safe_load((run_dir / "config.yaml").read_text(encoding="utf-8"))
    assert "'${DB_PASSWORD}'" in written["data"]["tables"]["transactions"]["query"]
    assert hits(run_dir, SECRET, LITERAL) == []
    assert SECRET not in proc.stdout + proc.stderr and LITERAL not in proc.stdout + proc.stderr
    assert "never-referenced-value" not in proc.stdout + proc.stderr
    if outcome == "failed":
        assert "ValueError: ${DB_PASSWORD}" in proc.stderr.strip().splitlines()[-1]


def test_a_summary_without_secrets_is_its_own_redaction():
    """A dataset summary (tuples of columns, numbers, dates as text) without a secret comes
    back equal, so the runner does not rewrite the whole database for nothing (it compared
    lists with tuples and copied 1.1 GB at 1,000,000 customers on every run)."""
    summary = {"tables": {"transactions": {"rows": 5, "columns": ("customer_id", "amount"),
                                           "source": "/data/transactions.parquet"}},
               "observation_end": "2025-12-31", "pairs": [("a", 1)]}  # fmt: skip
    assert secrets.redact_data(summary) == summary
    leaked = summary | {"source": "postgresql://crm:s3cret@db/crm"}
    assert secrets.redact_data(leaked) != leaked
