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


# --- bad bytes: NUL and control characters, wide encodings, long lines, damaged Parquet ---


def test_nul_byte_inside_a_customer_id_is_refused(write_csv, files_config, crm):
    """Before: accepted, and 'C200\\x00' counted as a customer of its own (501 from 500)."""
    rows = [f"O{i},C{i % 500},2024-01-05,100" for i in range(1000)]
    rows[700] = "O700,C200\x00,2024-01-05,100"
    result = crm("validate", "--config", files_config(write_csv([HEADER, *rows])))
    message = assert_one_line_error(
        result, "orders.csv", "row 702", "column customer_id", "NUL byte", r"'C200\x00'"
    )
    assert "\x00" not in result.stderr + message


@pytest.mark.parametrize(
    ("value", "shown"), [("C\u200b1", r"\u200b"), ("\ufeffC1", r"\ufeff"), ("C\x1b1", r"\x1b")]
)
def test_invisible_characters_in_ids_are_refused(value, shown, write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, GOOD[0], f"O2,{value},2024-01-06,3400"]))
    result = crm("validate", "--config", config)
    assert_one_line_error(result, "row 3", "column customer_id", shown)
    assert value not in result.stderr


def test_nul_byte_in_a_text_column_is_refused(write_csv, files_config, crm):
    path = write_csv([f"{HEADER},channel", f"{GOOD[0]},web", f"{GOOD[1]},we\x00b"])
    result = crm("validate", "--config", files_config(path))
    assert_one_line_error(result, "row 3", "column channel", "NUL byte", r"'we\x00b'")


def test_control_characters_in_headers_and_values_are_escaped(write_csv, tmp_path, crm):
    write_csv(["order_id,customer_id,order_date,金額\x1b", "O1,C1,2024-01-05,12\x1b3"])
    config = tmp_path / "c.yaml"
    config.write_text(
        "data:\n  source: files\n  tables:\n    transactions:\n      path: orders.csv\n"
        '      columns: {amount: "金額\\e"}\n',
        encoding="utf-8",
    )
    result = crm("validate", "--config", config)
    assert_one_line_error(result, "row 2", r"column 金額\x1b (amount)", r"'12\x1b3'")
    assert "\x1b" not in result.stderr


WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32"]


@pytest.mark.parametrize("encoding", WIDE)
def test_utf16_declared_utf8_is_named_utf16_not_shift_jis(encoding, write_csv, files_config, crm):
    """Before: 'it looks like Shift_JIS' (declared UTF-8) or 'row 2763 ... too few fields'
    with raw NUL bytes on stderr (auto)."""
    rows = [f"O{i},C{i},2024-01-05,{i}" for i in range(3000)]
    path = write_csv([HEADER, *rows], encoding=encoding)
    result = crm("validate", "--config", files_config(path, encoding="utf-8"))
    name = "UTF-32" if "32" in encoding else "UTF-16"
    message = assert_one_line_error(result, "orders.csv", f"text is {name}", "encoding: auto")
    assert "Shift_JIS (CP932)" not in message and "\x00" not in result.stderr


def test_a_long_line_is_reported_at_its_own_row(write_csv, files_config, crm):
    """Before: a 50 MB line 101 was reported at line 1."""
    rows = [f"O{i},C{i},2024-01-05,{i}" for i in range(200)]
    rows[100] = "O100,C1,2024-01-05," + "9" * 2_500_000
    result = crm("validate", "--config", files_config(write_csv([HEADER, *rows])))
    message = assert_one_line_error(result, "orders.csv", "row 102", "line is too long")
    assert len(message) < 300


def test_not_a_csv_file(tmp_path, files_config, crm):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(100))
    assert_one_line_error(crm("validate", "--config", files_config(path)), "Excel workbook")


def test_euc_jp_is_refused_with_a_hint(write_csv, files_config, crm):
    rows = [f"O{i},顧客{i},2024-01-05,{i}" for i in range(20)]
    path = write_csv(
        ["order_id,customer_id,order_date,amount,チャネル", *[r + ",ネット通販" for r in rows]],
        encoding="euc_jp",
    )
    assert_one_line_error(crm("validate", "--config", files_config(path)), "EUC-JP", "UTF-8")


def _orders(n: int = 50) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [f"O{i}" for i in range(n)],
            "customer_id": [f"C{i % 7}" for i in range(n)],
            "order_date": pd.date_range("2024-01-01", periods=n, freq="h"),
            "amount": [float(i) for i in range(n)],
        }
    )


def _overwrite_order_dates(path, record: int, value: bytes) -> None:
    """Overwrite one PLAIN-encoded int64 timestamp in place, as a damaged disk would."""
    import duckdb

    with duckdb.connect() as con:
        offset = con.execute(
            "SELECT data_page_offset, total_compressed_size FROM parquet_metadata(?) "
            "WHERE path_in_schema = 'order_date'",
            [str(path)],
        ).fetchall()[0]
    data = bytearray(path.read_bytes())
    page = data[offset[0] : offset[0] + offset[1]]
    # the values are the page's last n * 8 bytes (no definition levels: no nulls)
    start = offset[0] + len(page) - 8 * (50 - record)
    data[start : start + 8] = value
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("statistics", [True, False], ids=["with-statistics", "without"])
def test_damaged_parquet_timestamps_are_refused(tmp_path, files_config, crm, statistics):
    """Before: garbage timestamps (the year 141795) loaded, then a traceback."""
    path = tmp_path / "orders.parquet"
    _orders().to_parquet(
        path, index=False, compression=None, use_dictionary=False, write_statistics=statistics
    )
    _overwrite_order_dates(path, 20, (4_412_345_678_901_234_567).to_bytes(8, "little"))
    result = crm("validate", "--config", files_config(path))
    fragments = ["not a valid Parquet file"] if statistics else ["not a plausible date"]
    assert_one_line_error(result, "orders.parquet", "row 21", "column order_date", *fragments)


def test_parquet_page_checksums_are_verified(tmp_path, files_config, crm):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "orders.parquet"
    table = pa.Table.from_pandas(_orders(), preserve_index=False)
    pq.write_table(table, path, compression=None, use_dictionary=False, write_page_checksum=True)
    _overwrite_order_dates(path, 20, (1_704_070_000_000_123).to_bytes(8, "little"))  # plausible
    result = crm("validate", "--config", files_config(path))
    assert_one_line_error(result, "orders.parquet", "not a valid Parquet file", "checksum")


@pytest.mark.parametrize("content", [b"", b"PAR1", b"PAR1" + bytes(64) + b"PAR1", b"a,b\n1,2\n"])
def test_not_a_parquet_file(tmp_path, files_config, crm, content):
    path = tmp_path / "orders.parquet"
    path.write_bytes(content)
    assert_one_line_error(crm("validate", "--config", files_config(path)), "orders.parquet")
    if content:
        assert "not a valid Parquet file" in crm("validate", "--config", files_config(path)).stderr


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1899-12-31", "before 1900-01-01"),
        ("0201-01-05", "before 1900-01-01"),
        ("99999-01-01", "not a plausible date"),
    ],
)
def test_implausible_dates_are_refused(value, fragment, write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, GOOD[0], f"O2,C2,{value},3400"]))
    assert_one_line_error(crm("validate", "--config", config), "row 3", "order_date", fragment)


def test_dates_of_every_table_are_checked_against_the_day_of_the_run(write_csv, tmp_path):
    orders = write_csv([HEADER, *GOOD])
    customers = write_csv(["customer_id,signup_date", "C1,2024-01-01", "C2,2031-01-01"], "c.csv")
    subs = write_csv(
        ["customer_id,start_date,end_date", "C1,2024-01-01,9999-12-31", "C2,2024-01-01,"], "s.csv"
    )
    sets = ["data.source=files", f"data.tables.transactions.path={orders}"]
    config = load_config(None, [*sets, f"data.tables.customers.path={customers}"])
    with pytest.raises(DataError, match=r"c.csv, row 3, column signup_date: dated 2031-01-01"):
        load_dataset(config, run_date=dt.date(2026, 1, 1))
    config = load_config(None, [*sets, f"data.tables.subscriptions.path={subs}"])
    dataset = load_dataset(config, run_date=dt.date(2026, 1, 1))  # 9999-12-31 means no end
    assert dataset.table("subscriptions")["end_date"].isna().all()


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", "1e400"])
def test_amounts_must_be_finite(value, write_csv, files_config, crm):
    config = files_config(write_csv([HEADER, GOOD[0], f"O2,C2,2024-01-06,{value}"]))
    assert_one_line_error(crm("validate", "--config", config), "row 3", "column amount", "number")


def test_a_fractional_quantity_is_not_rounded(write_csv, files_config, crm):
    path = write_csv([f"{HEADER},quantity", f"{GOOD[0]},2", f"{GOOD[1]},1.5"])
    assert_one_line_error(
        crm("validate", "--config", files_config(path)), "row 3", "column quantity", "'1.5'"
    )
