"""Bad input gives exit code 2 and ONE line naming file, row, column and problem.

Rows are counted as the user sees them in the file: the header is row 1.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import HEADER

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.errors import DataError

GOOD = ["O1,C1,2024-01-05,1200", "O2,C2,2024-01-06,3400", "O3,C1,2024-02-01,500"]


def assert_one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 + lines[0].startswith("checking"), result.stderr  # progress + error
    message = lines[-1]
    assert message.startswith("error: ")
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in result.output + result.stderr
    return message


CASES = {
    "bad-date": ([GOOD[0], "O2,C2,2024-13-01,3400"], "row 3", "column order_date", "not a date"),
    "non-numeric-amount": ([*GOOD[:2], "O3,C1,2024-02-01,abc"], "row 4", "column amount", "'abc'"),
    "empty-customer-id": (
        [GOOD[0], "O2, ,2024-01-06,3400"],
        "row 3",
        "column customer_id",
        "empty",
    ),
    "duplicate-order-id": (
        [*GOOD[:2], "O1,C3,2024-02-01,10"],
        "row 4",
        "order_id",
        "first at row 2",
    ),
    "too-few-fields": (
        [GOOD[0], "O2,C2,2024-01-06"],
        "row 3",
        "too few fields",
        "expected 4, found 3",
    ),
    "too-many-fields": ([*GOOD[:2], "O3,C1,2024-02-01,5,x"], "row 4", "too many fields"),
    "future-order": ([GOOD[0], "O2,C2,2999-01-01,3400"], "row 3", "order_date", "after the day of"),
    "empty-date": ([GOOD[0], "O2,C2,,3400"], "row 3", "column order_date", "empty value"),
    "header-only": ([], "header but no data rows"),
}


@pytest.mark.parametrize(("rows", "fragments"), [(c[0], c[1:]) for c in CASES.values()], ids=CASES)
def test_bad_csv_exits_2_with_one_line(rows, fragments, write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, *rows]))
    message = assert_one_line_error(crm("validate", "--config", config), *fragments)
    assert "orders.csv" in message


def test_missing_required_column(write_csv, files_config, crm):
    config = files_config(write_csv(["order_id,customer_id,amount", "O1,C1,100"]))
    assert_one_line_error(
        crm("validate", "--config", config), "row 1", "column order_date", "missing required"
    )


def test_missing_file(tmp_path, files_config, crm):
    config = files_config(tmp_path / "nowhere.csv")
    assert_one_line_error(crm("validate", "--config", config), "nowhere.csv", "file not found")


def test_glob_that_matches_nothing(tmp_path, crm):
    config = tmp_path / "c.yaml"
    config.write_text("data:\n  source: files\n  tables:\n    transactions:\n      path: x_*.csv\n")
    assert_one_line_error(crm("validate", "--config", config), "x_*.csv", "no file matches")


def test_empty_file(write_csv, files_config, crm):
    path = write_csv([""])
    path.write_bytes(b"")
    assert_one_line_error(crm("validate", "--config", files_config(path)), "orders.csv", "empty")


def test_shift_jis_declared_utf8_names_the_first_bad_row(write_csv, files_config, crm):
    path = write_csv([HEADER, *GOOD, "O4,山田,2024-02-02,800"], encoding="cp932")
    config = files_config(path, encoding="utf-8")
    assert_one_line_error(
        crm("validate", "--config", config), "row 5", "not valid UTF-8", "encoding: cp932"
    )


def test_utf8_declared_shift_jis(write_csv, files_config, crm):
    path = write_csv([HEADER, GOOD[0], "O2,顧客2,2024-01-06,3400"], encoding="utf-8")
    config = files_config(path, encoding="cp932")
    assert_one_line_error(crm("validate", "--config", config), "row 3", "UTF-8, not the declared")


def test_debug_shows_the_traceback(write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, "O1,C1,2024-01-05,abc"]))
    with pytest.raises(DataError, match="row 2, column amount"):
        crm("--debug", "validate", "--config", config)


def test_mapped_column_absent_from_header(write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, GOOD[0]]), columns="{customer_id: 顧客番号}")
    assert_one_line_error(
        crm("validate", "--config", config), "row 1", "column 顧客番号", "not found in the header"
    )


def test_error_in_second_file_of_a_glob_names_that_file(write_csv, tmp_path, crm):
    write_csv([HEADER, *GOOD], name="orders_2024a.csv")
    write_csv([HEADER, "O4,C1,2024-03-01,10", "O5,C1,2024-03-02,x"], name="orders_2024b.csv")
    config = tmp_path / "c.yaml"
    config.write_text(
        "data:\n  source: files\n  tables:\n    transactions:\n      path: orders_*.csv\n"
    )
    assert_one_line_error(
        crm("validate", "--config", config), "orders_2024b.csv", "row 3", "column amount"
    )


def test_duplicate_across_files_names_both(write_csv, tmp_path):
    write_csv([HEADER, *GOOD], name="a.csv")
    write_csv([HEADER, "O9,C1,2024-03-01,10", "O2,C1,2024-03-02,5"], name="b.csv")
    config = load_config(
        None, ["data.source=files", f"data.tables.transactions.path={tmp_path}/*.csv"]
    )
    with pytest.raises(DataError) as err:
        load_dataset(config)
    assert err.value.row == 3 and err.value.file.endswith("b.csv")
    assert "first at " in err.value.problem and "a.csv row 3" in err.value.problem


def test_returns_are_kept_and_flagged(write_csv, files_config):
    path = write_csv([HEADER, GOOD[0], "O2,C1,2024-01-09,-1200", GOOD[2]])
    dataset = load_dataset(load_config(files_config(path)))
    tx = dataset.table("transactions").set_index("order_id")
    assert tx.loc["O2", "amount"] == -1200 and tx.loc["O2", "is_return"]
    assert not tx.loc["O1", "is_return"]
    assert dataset.loads["transactions"].rows_used == 3


def test_orders_after_observation_end_are_left_out_and_counted(write_csv, files_config):
    path = write_csv([HEADER, *GOOD, "O4,C3,2024-03-01,700", "O5,C3,2024-03-02,900"])
    config = load_config(files_config(path), ["period.observation_end=2024-02-15"])
    dataset = load_dataset(config)
    load = dataset.loads["transactions"]
    assert (load.rows_read, load.rows_used, load.rows_after_observation_end) == (5, 3, 2)
    assert dataset.table("transactions")["order_date"].max() == pd.Timestamp("2024-02-01")
    assert dataset.observation_end == dt.date(2024, 2, 15)


def test_observation_end_defaults_to_last_order(write_csv, files_config):
    dataset = load_dataset(load_config(files_config(write_csv([HEADER, *GOOD]))))
    assert dataset.observation_end == dt.date(2024, 2, 1)


def test_future_check_uses_the_day_of_the_run(write_csv, files_config):
    config = load_config(files_config(write_csv([HEADER, *GOOD])))
    with pytest.raises(DataError, match=r"row 4, column order_date: dated 2024-02-01"):
        load_dataset(config, run_date=dt.date(2024, 1, 31))
