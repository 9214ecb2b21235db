"""Loaders: CSV in UTF-8 (with or without BOM) and Shift_JIS, Parquet, globs, DuckDB files."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pandas.testing as pdt
import pytest
from conftest import HEADER

from crm_lib.config import load_config
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.encoding import resolve_encoding
from crm_lib.errors import DataError

JA_HEADER = "受注番号,顧客番号,受注日,税込金額,販売チャネル"
JA_ROWS = [
    'A-001,顧客0001,2024/01/05,"1,200",通販',
    "A-002,顧客0002,2024/01/06,３４００,ネット",  # full-width digits, as some exports write
    "A-003,顧客0001,2024年2月1日,-500,通販",  # a return
    'A-004,顧客0003,2024-02-03 14:05:00,"￥2,100",電話',  # a time of day, a yen sign
]
JA_COLUMNS = (
    "{order_id: 受注番号, customer_id: 顧客番号, order_date: 受注日, amount: 税込金額, "
    "channel: 販売チャネル}"
)


def load_csv(path, encoding="auto"):
    config = load_config(
        None,
        [
            "data.source=files",
            f"data.tables.transactions.path={path}",
            f"data.tables.transactions.encoding={encoding}",
            f"data.tables.transactions.columns={JA_COLUMNS}",
        ],
    )
    return load_dataset(config)


@pytest.mark.parametrize("declared", ["auto", "cp932"])
def test_shift_jis_with_japanese_headers_loads_like_its_utf8_twin(write_csv, declared):
    utf8 = write_csv([JA_HEADER, *JA_ROWS], name="utf8.csv")
    sjis = write_csv([JA_HEADER, *JA_ROWS], name="sjis.csv", encoding="cp932")
    a, b = load_csv(utf8).table("transactions"), load_csv(sjis, declared).table("transactions")
    pdt.assert_frame_equal(a, b)
    assert a["customer_id"].tolist() == ["顧客0001", "顧客0002", "顧客0001", "顧客0003"]
    assert a["amount"].tolist() == [1200.0, 3400.0, -500.0, 2100.0]
    assert a["order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-05",
        "2024-01-06",
        "2024-02-01",
        "2024-02-03",
    ]
    assert a["channel"].tolist() == ["通販", "ネット", "通販", "電話"]


def test_utf8_bom_is_read_like_plain_utf8(write_csv):
    plain = write_csv([JA_HEADER, *JA_ROWS], name="plain.csv")
    bom = write_csv(["\ufeff" + JA_HEADER, *JA_ROWS], name="bom.csv")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    pdt.assert_frame_equal(
        load_csv(plain).table("transactions"), load_csv(bom).table("transactions")
    )


def test_encoding_is_detected(write_csv):
    assert resolve_encoding(write_csv([JA_HEADER, *JA_ROWS], name="u.csv"), "auto") == "utf-8"
    sjis = write_csv([JA_HEADER, *JA_ROWS], name="s.csv", encoding="cp932")
    assert resolve_encoding(sjis, "auto") == "cp932"
    ascii_only = write_csv(["order_id,customer_id", "O1,C1"], name="a.csv")
    assert resolve_encoding(ascii_only, "cp932") == "cp932"  # plain ASCII is valid in both


def test_invalid_byte_is_found_across_chunk_boundaries(tmp_path, monkeypatch):
    from crm_lib import encoding

    monkeypatch.setattr(encoding, "CHUNK_BYTES", 7)  # split multi-byte characters often
    path = tmp_path / "mixed.csv"
    good = "id,名前\r\n1,山田太郎\r\n2,佐藤花子\r\n".encode()
    path.write_bytes(good + "3,鈴木\r\n".encode("cp932"))
    assert encoding.first_invalid_byte(path, "utf-8") == len(good) + 2
    assert encoding.line_of_offset(path, len(good) + 2) == 4


def orders_frame():
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3"],
            "customer_id": ["C1", "C2", "C1"],
            "order_date": pd.to_datetime(["2024-01-05", "2024-01-06", "2024-02-01"]),
            "amount": [1200, 3400, -500],
        }
    )


def test_parquet_glob(tmp_path):
    frame = orders_frame()
    frame.iloc[:2].to_parquet(tmp_path / "orders_1.parquet")
    frame.iloc[2:].to_parquet(tmp_path / "orders_2.parquet")
    config = load_config(
        None, ["data.source=files", f"data.tables.transactions.path={tmp_path}/orders_*.parquet"]
    )
    tx = load_dataset(config).table("transactions")
    assert tx["order_id"].tolist() == ["O1", "O2", "O3"]
    assert tx["amount"].tolist() == [1200.0, 3400.0, -500.0]


def test_parquet_bad_value_names_the_record(tmp_path):
    frame = orders_frame().astype({"amount": str})
    frame.loc[1, "amount"] = "n/a"
    frame.to_parquet(tmp_path / "orders.parquet")
    config = load_config(
        None, ["data.source=files", f"data.tables.transactions.path={tmp_path}/orders.parquet"]
    )
    with pytest.raises(Exception, match=r"orders.parquet, row 2, column amount: not a number"):
        load_dataset(config)


@pytest.mark.parametrize(
    "entry",
    [
        ["table=受注"],
        ["query=SELECT * FROM 受注 WHERE 税込金額 > 0", "columns={amount: 税込金額}"],
    ],
)
def test_duckdb_table_or_query(tmp_path, entry):
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        con.register("frame", orders_frame().rename(columns={"amount": "税込金額"}))
        con.execute("CREATE TABLE 受注 AS SELECT * FROM frame")
    sets = [f"data.tables.transactions.{e}" for e in entry]
    if "columns" not in " ".join(entry):
        sets.append("data.tables.transactions.columns={amount: 税込金額}")
    config = load_config(None, ["data.source=duckdb", f"data.tables.transactions.path={db}", *sets])
    tx = load_dataset(config).table("transactions")
    expected = 3 if "table" in entry[0] else 2
    assert len(tx) == expected
    assert tx["amount"].sum() == pytest.approx(4100 if expected == 3 else 4600)


def test_dataset_written_to_a_file_reopens_read_only(tmp_path, write_csv):
    path = write_csv([JA_HEADER, *JA_ROWS])
    config = load_config(
        None,
        [
            "data.source=files",
            f"data.tables.transactions.path={path}",
            f"data.tables.transactions.columns={JA_COLUMNS}",
        ],
    )
    first = load_dataset(config, database=tmp_path / "run.duckdb")
    first.con.close()
    again = Dataset.open(tmp_path / "run.duckdb")
    assert again.loads == first.loads
    assert again.observation_end == first.observation_end
    assert len(again.table("transactions")) == 4


def test_written_files_get_the_usual_mode(tmp_path):
    from crm_lib.io import write_table

    path = write_table(orders_frame(), tmp_path / "orders.parquet")
    assert path.stat().st_mode & 0o777 == 0o666 & ~_current_umask()


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- DuckDB sources through the whole pipeline (`crm run` loads into a database FILE) ---


def _warehouse(tmp_path):
    """A DuckDB file with a small company's orders (table) and customers (for a query)."""
    from crm_lib.demo import generate_demo

    company = generate_demo(n_customers=300, seed=3)
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        for name in ("transactions", "customers"):
            con.register("frame", company.tables[name])
            con.execute(f'CREATE TABLE "{name} 2025" AS SELECT * FROM frame')
            con.unregister("frame")
    return db


@pytest.mark.parametrize(
    "notebooks", [[], ["notebooks=[data_health,segments]"]], ids=["data_health", "segments"]
)
def test_crm_run_reads_a_duckdb_table_and_a_query(tmp_path, crm_run, notebooks):
    """`crm run` (not only `crm validate`) with both `table:` and `query:` sources.

    Before: `USE memory` on the file-backed run database failed every such run with
    "Catalog Error: Schema with name memory does not exist!" and a traceback, exit 1.
    """
    db = _warehouse(tmp_path)
    config = tmp_path / "warehouse.yaml"
    config.write_text(
        "name: warehouse\n"
        "data:\n"
        "  source: duckdb\n"
        "  tables:\n"
        "    transactions:\n"
        f"      path: {db.name}\n"
        '      table: "transactions 2025"\n'
        "    customers:\n"
        f"      path: {db.name}\n"
        '      query: SELECT * FROM "customers 2025" WHERE customer_id IS NOT NULL\n',
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    crm_run(config, out, *notebooks)
    summary = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    assert summary["status"] == "succeeded"
    tables = summary["data"]["tables"]
    assert tables["transactions"]["source"] == "warehouse.duckdb (table transactions 2025)"
    assert tables["customers"]["source"].startswith("warehouse.duckdb (query ")
    assert tables["customers"]["rows_used"] == 300


def test_duckdb_source_into_a_database_file_leaves_only_canonical_tables(tmp_path):
    db = _warehouse(tmp_path)
    config = load_config(
        None,
        [
            "data.source=duckdb",
            f"data.tables.transactions.path={db}",
            'data.tables.transactions.query=SELECT * FROM "transactions 2025"',
            f"data.tables.customers.path={db}",
            "data.tables.customers.table=customers 2025",
        ],
    )
    dataset = load_dataset(config, database=tmp_path / "run file.duckdb")
    names = {
        r[0]
        for r in dataset.con.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE NOT internal"
        ).fetchall()
    }
    assert names == {"transactions", "customers", "_crm_meta"}  # raw tables were dropped
    assert dataset.con.execute("SELECT current_database()").fetchall() == [("run file",)]
    assert [r[0] for r in dataset.con.execute("SHOW DATABASES").fetchall()] == ["run file"]


def test_duckdb_source_errors_name_the_table(tmp_path):
    db = _warehouse(tmp_path)
    config = load_config(
        None,
        [
            "data.source=duckdb",
            f"data.tables.transactions.path={db}",
            "data.tables.transactions.table=nope",
        ],
    )
    with pytest.raises(DataError, match=r"warehouse.duckdb: cannot read table nope: .*nope"):
        load_dataset(config, database=tmp_path / "run.duckdb")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_are_read_like_their_utf8_twin(write_csv, encoding):
    """UTF-16/32 (Excel's "Unicode text"), with or without a BOM, is transcoded and read."""
    utf8 = write_csv([JA_HEADER, *JA_ROWS], name="utf8.csv")
    wide = write_csv([JA_HEADER, *JA_ROWS], name="wide.csv", encoding=encoding)
    dataset = load_csv(wide)
    pdt.assert_frame_equal(load_csv(utf8).table("transactions"), dataset.table("transactions"))
    assert dataset.loads["transactions"].encodings == {str(wide): encoding}


def test_excel_unicode_text_is_tab_separated_utf16(write_csv):
    tabbed = [line.replace('"1,200"', "1200").replace(",", "\t") for line in [JA_HEADER, *JA_ROWS]]
    tx = load_csv(write_csv(tabbed, name="unicode.txt", encoding="utf-16")).table("transactions")
    assert tx["amount"].tolist() == [1200.0, 3400.0, -500.0, 2100.0]


# Regressions found by tests/test_loader_properties.py (shrunk examples).


def test_quoted_values_do_not_fool_the_delimiter_sniffer(write_csv):
    """A quoted `",'"` and `"|,"` made the sniffer read the file as |-separated."""
    rows = [f"0,0-{i},2000-01-01,0" for i in range(4)]
    path = write_csv(["customer_id,order_id,order_date,amount", *rows, '",\'",0-4,2000-01-01,0',
                      '"|,",0-5,2000-01-01,0'])  # fmt: skip
    tx = load_dataset(files(path)).table("transactions")
    assert tx["customer_id"].tolist() == ["0", "0", "0", "0", ",'", "|,"]


def test_bom_before_a_quoted_first_header(write_csv):
    """After a BOM the engine took the opening quote as part of the first header name."""
    path = write_csv(['\ufeff"order_id",customer_id,order_date,amount', "O1,C1,2024-01-05,10"])
    assert load_dataset(files(path)).table("transactions")["order_id"].tolist() == ["O1"]


@pytest.mark.parametrize("name", ["rowid", "RowID"])
def test_a_column_named_rowid_keeps_row_numbers_right(write_csv, name):
    """A user column named rowid hid the engine's row id: a crash, or wrong row numbers."""
    path = write_csv([f"{HEADER},{name}", "O1,C1,2024-01-05,10,7", "O2,C1,2024-01-06,x,9"])
    with pytest.raises(DataError, match=r"orders.csv, row 3, column amount: not a number: 'x'"):
        load_dataset(files(path))
    path = write_csv([f"{HEADER},{name}", "O1,C1,2024-01-05,10,7"])
    assert load_dataset(files(path)).table("transactions")["amount"].tolist() == [10.0]


@pytest.mark.parametrize("name", ["__row", "__FILE", "__fileno"])
def test_loader_column_names_in_a_header_are_refused(write_csv, name):
    path = write_csv([f"{HEADER},{name}", "O1,C1,2024-01-05,10,7"])
    with pytest.raises(DataError, match=rf"row 1, column {name}: .*reserved"):
        load_dataset(files(path))


def test_configured_header_with_surrounding_spaces_is_found(write_csv):
    """The engine trims header names (full-width spaces too); the config may not."""
    path = write_csv(["order_id, 顧客番号 ,order_date,\u3000金額", "O1,C1,2024-01-05,10"])
    config = files(path, columns={"customer_id": " 顧客番号 ", "amount": "\u3000金額"})
    assert load_dataset(config).table("transactions")["customer_id"].tolist() == ["C1"]


def files(path, **table):
    from crm_lib.config import config_from_dict

    raw = {"data": {"source": "files", "tables": {"transactions": {"path": str(path), **table}}}}
    return config_from_dict(raw, source="test", base_dir=path.parent)
