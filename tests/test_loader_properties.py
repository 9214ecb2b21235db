"""Property-based tests of the loaders and the data contract (hypothesis).

Through the entry ``crm validate`` uses (:func:`crm_lib.dataset.load_dataset` on a
``files`` config, and the CLI itself for exit codes), random inputs must either load or
be refused with :class:`~crm_lib.errors.CrmUserError`: ONE printable line naming the file,
and the row (a row that exists) where there is one. Never another exception, never a hang.
A valid table in any supported encoding, with any header names and column order, must
load with exactly its values.

By default the cases are deterministic and bounded so the file runs in well under a
minute on two cores; ``CRM_HYPOTHESIS_PROFILE=explore`` runs ten times as many random cases
and lists the problems the refusals named.
Each test prints how many cases it ran and how long they took.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import faulthandler
import io
import os
import tempfile
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from crm_lib.cli import main
from crm_lib.config import config_from_dict
from crm_lib.dataset import load_dataset
from crm_lib.errors import CrmUserError, DataError

EXPLORE = os.environ.get("CRM_HYPOTHESIS_PROFILE") == "explore"
SCALE = 10 if EXPLORE else 1
BASE = settings(  # this file's own settings; the profile of other tests is left alone
    derandomize=not EXPLORE,
    database=None,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
HANG_SECONDS = 300  # a whole property test taking longer than this is a hang: dump and stop

RUN_DATE = dt.date(2026, 1, 31)
CANONICAL = ("order_id", "customer_id", "order_date", "amount", "channel", "quantity")
REQUIRED = CANONICAL[:4]

# Header names users have: Japanese, spaces, quotes, SQL keywords, empty, odd characters.
WEIRD_NAMES = [
    "受注番号", "顧客 番号", " 顧客番号 ", "\u3000受注日", "税込金額(円)", 'a"b', "a'b", "a;b",
    "a,b", "", " ", "select", "FROM", "order", "group", "NULL", "rowid", "RowID", "1st",
    '"; DROP TABLE x; --', "'; DROP TABLE transactions; --", "a\\b", "列\tタブ", "x" * 80,
    "amount", "ORDER_ID", "Customer_Id", "__row", "__file", "column0", "a\nb", "\ufeffid",
]  # fmt: skip
CHARS = list("abcXYZ019 _-'\";,.()$\\/|#") + list("あいアイ顧客番号受注日税込金額ｶﾅ①") + [
    "\u3000", "\t", "\n", "\r", "\x00", "\x1b", "\u200b", "\ufeff", "😀", "é",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
FULL_WIDTH_DIGITS = str.maketrans("0123456789-", "０１２３４５６７８９－")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S"]

CASES: dict[str, int] = {}
OUTCOMES: dict[str, int] = {}  # loaded / refused, over the current test's cases
PROBLEMS: dict[str, int] = {}  # the refusals' problems, for CRM_HYPOTHESIS_PROFILE=explore


def _count(name: str) -> None:
    CASES[name] = CASES.get(name, 0) + 1


@pytest.fixture
def report_cases(request, record_property):
    """Print (and record in the junit properties) how many cases a property test ran."""
    name = request.node.name
    CASES[name] = 0
    OUTCOMES.clear()
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    start = time.perf_counter()
    yield name
    faulthandler.cancel_dump_traceback_later()
    seconds = time.perf_counter() - start
    record_property("hypothesis_cases", CASES[name])
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(OUTCOMES.items()))
        print(f"\n  {name}: {CASES[name]} cases ({outcomes}) in {seconds:.1f} s", end="")
        if SCALE > 1:
            for problem, n in sorted(PROBLEMS.items(), key=lambda kv: -kv[1])[:40]:
                print(f"\n    {n:5d} {problem}", end="")
            PROBLEMS.clear()


# --- checking an outcome ----------------------------------------------------------------


def _printable_line(message: str) -> bool:
    return all(
        unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in {"Zl", "Zp"}
        for ch in message
    )


def load_or_refuse(config: dict, folder: Path, label: str, max_row: int) -> object:
    """Load ``config``; a refusal must be one printable line naming the file (and an existing
    row). Returns the dataset or the error; any other exception fails the test."""
    run_config = config_from_dict(config, source="property.yaml", base_dir=folder)
    try:
        dataset = load_dataset(run_config, run_date=RUN_DATE)
    except CrmUserError as exc:
        message = str(exc)
        note(f"refused: {message}")
        OUTCOMES["refused"] = OUTCOMES.get("refused", 0) + 1
        problem = getattr(exc, "problem", message)[:70]
        PROBLEMS[problem] = PROBLEMS.get(problem, 0) + 1
        assert _printable_line(message), repr(message)
        assert label in message, message
        if isinstance(exc, DataError) and exc.row is not None:
            assert f"row {exc.row}" in message
            assert 1 <= exc.row <= max_row, message
        return exc
    note("loaded")
    OUTCOMES["loaded"] = OUTCOMES.get("loaded", 0) + 1
    return dataset


def files_config(path: str, **table: object) -> dict:
    return {"data": {"source": "files", "tables": {"transactions": {"path": path, **table}}}}


# --- strategies -------------------------------------------------------------------------

names = st.one_of(st.sampled_from(WEIRD_NAMES), st.text(st.sampled_from(CHARS), max_size=10))
texts = st.text(st.sampled_from(CHARS), max_size=8)
dates = st.one_of(
    st.builds(
        lambda d, f: d.strftime(f),
        st.datetimes(dt.datetime(1850, 1, 1), dt.datetime(2200, 12, 31)),
        st.sampled_from(DATE_FORMATS),
    ),
    st.sampled_from(["2024-02-30", "2024-13-01", "0000-01-01", "99999-01-01", "2024/1/5", ""]),
    texts,
)
amounts = st.one_of(
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.integers(0, 10**7).map(lambda n: f"￥{n:,}"),
    st.integers(0, 10**7).map(lambda n: f"{n}円"),
    st.integers(0, 10**5).map(lambda n: str(n).translate(FULL_WIDTH_DIGITS)),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "1.5", "1,2,3", "", " ", "--1", "0x10"]),
    texts,
)  # fmt: skip
plain_ids = st.text(st.sampled_from(list("abcXYZ0189-_ 顧客番号")), min_size=1, max_size=6)
good_dates = st.builds(
    lambda d, f: d.strftime(f),
    st.dates(dt.date(1990, 1, 1), RUN_DATE),
    st.sampled_from(DATE_FORMATS[:5]),
)
good_amounts = st.integers(-(10**6), 10**6).map(str)
VALUES = {"order_id": texts, "customer_id": texts, "order_date": dates, "amount": amounts,
          "channel": texts, "quantity": amounts}  # fmt: skip
# Half of the random exports have only plausible values, so that many of them load.
CLEAN_VALUES = {"order_id": plain_ids, "customer_id": plain_ids, "order_date": good_dates,
                "amount": good_amounts, "channel": plain_ids,
                "quantity": st.integers(0, 99).map(str)}  # fmt: skip


@st.composite
def csv_tables(draw):
    """A random CSV export: columns (some canonical, some not, maybe a required one
    missing), header names, column order, rows of random values; as text."""
    clean = draw(st.booleans())
    values = CLEAN_VALUES if clean else VALUES
    present = [c for c in CANONICAL if (c in REQUIRED and clean) or draw(st.booleans())]
    extra = draw(st.lists(names, max_size=2))
    headers, mapping = [], {}
    for col in present:
        header = draw(st.one_of(st.just(col), st.just(col.upper()), names))
        headers.append(header)
        if header != col:
            mapping[col] = header
    order = draw(st.permutations(range(len(headers) + len(extra))))
    all_headers = [([*headers, *extra])[i] for i in order]
    kinds = [([*present, *[None] * len(extra)])[i] for i in order]
    rows = draw(
        st.lists(
            st.tuples(*[values[k] if k else texts for k in kinds]) if kinds else st.just(()),
            max_size=6,
        )
    )
    if not clean and draw(st.booleans()) and rows:  # a ragged row: too few or too many fields
        rows[-1] = rows[-1][: draw(st.integers(0, len(rows[-1])))] + tuple(
            draw(st.lists(texts, max_size=2))
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow(all_headers)
    writer.writerows(rows)
    return buffer.getvalue(), mapping, len(rows)


@st.composite
def mutated(draw, data: bytes):
    """``data`` with a few bytes inserted, overwritten or cut off."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        match draw(st.sampled_from(["insert", "overwrite", "truncate"])):
            case "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=4))
            case "overwrite":
                chunk = draw(st.binary(min_size=1, max_size=16))
                data[at : at + len(chunk)] = chunk
            case "truncate":
                del data[at:]
    return bytes(data)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _lines(data: bytes) -> int:
    """An upper bound of the rows a file has (as the user counts them: header is row 1)."""
    return max(data.count(b"\n"), data.count(b"\r"), data.count(b"\n\x00"), 1) + 1


# --- properties ---------------------------------------------------------------------------


def test_random_csv_loads_or_is_refused_in_one_line(report_cases):
    """Random exports (encodings, headers, orders, values, ragged rows, damaged bytes)."""

    @settings(BASE, max_examples=220 * SCALE)
    @given(
        table=csv_tables(),
        encoding=st.sampled_from(["utf-8", "utf-8", "cp932", *ENCODINGS]),
        declared=st.sampled_from(["auto", "auto", "auto", "utf-8", "cp932"]),
        damage=st.sampled_from([False, False, False, True]),
        data=st.data(),
    )
    @example(  # shrunk: a header named rowid hid the engine's row id (row numbers, crash)
        table=("order_id,customer_id,order_date,amount,rowid\r\nO1,C1,2024-01-01,5,x\r\n", {}, 1),
        encoding="utf-8",
        declared="auto",
        damage=False,
        data=None,
    )
    def check(table, encoding, declared, damage, data):
        _count(report_cases)
        text, mapping, rows = table
        raw = _encode(text, encoding)
        if damage and data is not None:
            raw = data.draw(mutated(raw), label="damaged bytes")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export 受注.csv"
            path.write_bytes(raw)
            config = files_config(path.name, encoding=declared, columns=mapping)
            load_or_refuse(config, Path(tmp), path.name, _lines(raw))

    check()


def test_random_bytes_as_csv_or_parquet_are_refused_in_one_line(report_cases):
    @settings(BASE, max_examples=80 * SCALE)
    @given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".parquet", ".txt"]))
    @example(data=b"PK\x03\x04\x14\x00", suffix=".csv")
    @example(data=b"PAR1\x00\x00PAR1", suffix=".parquet")
    @example(data="a,b\r\n1,2\r\n".encode("utf-16-le"), suffix=".csv")
    def check(data, suffix):
        _count(report_cases)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"random{suffix}"
            path.write_bytes(data)
            load_or_refuse(files_config(path.name), Path(tmp), path.name, _lines(data))

    check()


def _orders_frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [f"O{i}" for i in range(n)],
            "customer_id": [f"C{i % 7}" for i in range(n)],
            "order_date": pd.date_range("2024-01-01", periods=n, freq="7h"),
            "amount": [float(i * 10 - 50) for i in range(n)],
            "channel": [["web", "店舗", "O'Brien"][i % 3] for i in range(n)],
        }
    )


@pytest.fixture(scope="module")
def parquet_files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("parquet")
    frame = _orders_frame(300)
    files = {}
    for compression in ("zstd", "snappy", None):
        path = folder / f"{compression}.parquet"
        frame.to_parquet(path, index=False, compression=compression)
        files[str(compression)] = path.read_bytes()
    return files


def test_damaged_parquet_loads_or_is_refused_in_one_line(report_cases, parquet_files):
    """Bytes overwritten anywhere in a Parquet file: either the values still check out or
    the file is refused; garbage dates (the year 141795) never load."""

    @settings(BASE, max_examples=60 * SCALE)
    @given(compression=st.sampled_from(sorted(parquet_files)), data=st.data())
    def check(compression, data):
        _count(report_cases)
        raw = data.draw(mutated(parquet_files[compression]), label="damaged parquet")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "orders.parquet"
            path.write_bytes(raw)
            outcome = load_or_refuse(files_config(path.name), Path(tmp), path.name, 300)
            if not isinstance(outcome, CrmUserError):
                tx = outcome.table("transactions")
                outcome.con.close()
                assert tx["order_date"].between("1900-01-01", str(RUN_DATE)).all()

    check()


# --- valid tables load with exactly their values ------------------------------------------

# Characters that survive CP932 both ways (no wave dash or minus sign look-alikes).
SAFE = list("abcXYZ0189 _-'\";,.()/|#") + list("あいうアイウ顧客番号受注日税込金額通販東京")
safe_ids = st.text(st.sampled_from(SAFE), min_size=1, max_size=8).filter(lambda s: s.strip(" "))
HEADER_SAFE = SAFE + ["\u3000"]
header_names = st.one_of(
    st.sampled_from([n for n in WEIRD_NAMES if n.isprintable() or "\u3000" in n]),
    st.text(st.sampled_from(HEADER_SAFE), min_size=1, max_size=10),
)  # fmt: skip
AMOUNT_FORMATS = ["{:d}", "{:,d}", "￥{:,d}", "{:d}円", "full-width", "{:d}.00", " {:d} "]


def _amount_text(value: int, form: str) -> str:
    if form == "full-width":
        return str(value).translate(FULL_WIDTH_DIGITS)
    return form.format(value)


@st.composite
def valid_tables(draw):
    """A valid order export and the values it must load as."""
    n = draw(st.integers(1, 8))
    customers = draw(st.lists(safe_ids, min_size=n, max_size=n))
    days = draw(st.lists(st.dates(dt.date(1990, 1, 1), RUN_DATE), min_size=n, max_size=n))
    values = draw(st.lists(st.integers(-(10**7), 10**7), min_size=n, max_size=n))
    date_format = draw(st.sampled_from(DATE_FORMATS))
    amount_format = draw(st.sampled_from(AMOUNT_FORMATS))
    prefix = draw(safe_ids)
    expected = pd.DataFrame(
        {
            "order_id": [f"{prefix.strip(' ')}-{i}" for i in range(n)],
            "customer_id": [c.strip(" ") for c in customers],
            "order_date": pd.to_datetime(days),
            "amount": [float(v) for v in values],
        }
    )
    cols = list(REQUIRED) + draw(st.lists(header_names, max_size=2))  # extra columns
    headers = {c: draw(st.one_of(st.just(c), header_names)) if c in REQUIRED else c for c in cols}
    normal = [h.strip().lower() for h in headers.values()]  # the engine trims and ignores case
    if len(set(normal)) < len(normal) or any(
        not h or h in {"__row", "__file", "__fileno"} for h in normal
    ):
        headers = {c: f"{c}_{i}" if c not in REQUIRED else c for i, c in enumerate(cols)}
    order = draw(st.permutations(cols))
    cells = {
        "order_id": [f"{oid}" for oid in expected["order_id"]],
        "customer_id": customers,
        "order_date": [d.strftime(date_format) for d in days],
        "amount": [_amount_text(v, amount_format) for v in values],
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow([headers[c] for c in order])
    for i in range(n):
        writer.writerow([cells[c][i] if c in cells else "x" for c in order])
    mapping = {c: headers[c] for c in REQUIRED if headers[c] != c}
    return buffer.getvalue(), mapping, expected


def test_valid_tables_load_with_exactly_their_values(report_cases):
    @settings(BASE, max_examples=150 * SCALE)
    @given(
        table=valid_tables(),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16", "utf-32"]),
    )
    def check(table, encoding):
        _count(report_cases)
        text, mapping, expected = table
        raw = text.encode(encoding)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "orders.csv"
            path.write_bytes(raw)
            config = files_config(path.name, columns=mapping)
            outcome = load_or_refuse(config, Path(tmp), path.name, _lines(raw))
            assert not isinstance(outcome, CrmUserError), str(outcome)
            tx = outcome.table("transactions")[list(REQUIRED)]
            outcome.con.close()
        pd.testing.assert_frame_equal(tx, expected, check_dtype=False)

    check()


# --- through the command line: exit code 2 and one line ----------------------------------


def test_cli_exit_code_and_one_line_for_random_exports(report_cases):
    @settings(BASE, max_examples=40 * SCALE)
    @given(table=csv_tables(), encoding=st.sampled_from(ENCODINGS))
    def check(table, encoding):
        _count(report_cases)
        text, mapping, _ = table
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "orders.csv"
            path.write_bytes(_encode(text, encoding))
            config = Path(tmp) / "config.yaml"
            config.write_text(
                yaml.safe_dump(files_config(path.name, columns=mapping), allow_unicode=True),
                encoding="utf-8",
            )
            result = CliRunner().invoke(
                main, ["validate", "--config", str(config)], catch_exceptions=False
            )
        assert result.exit_code in (0, 2), result.output
        key = f"exit {result.exit_code}"
        OUTCOMES[key] = OUTCOMES.get(key, 0) + 1
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert len(lines) == 2 and lines[0].startswith("checking"), result.stderr
            assert lines[1].startswith("error: ") and _printable_line(lines[1])
            assert "orders.csv" in lines[1] and "Traceback" not in result.stderr

    check()


def test_wide_encodings_are_told_apart_from_a_stray_nul():
    """The NUL pattern of UTF-16 without a BOM is recognised; one NUL in UTF-8 is not it."""
    from crm_lib.encoding import wide_encoding

    text = "order_id,customer_id\r\nO1,顧客1\r\n" * 5
    assert wide_encoding(text.encode("utf-16-le")) == "utf-16-le"
    assert wide_encoding(text.encode("utf-16-be")) == "utf-16-be"
    assert wide_encoding(text.encode("utf-32-le")) == "utf-32-le"
    assert wide_encoding(text.encode("utf-16")) == "utf-16"
    assert wide_encoding(text.replace("O1", "O\x001").encode()) is None
    assert wide_encoding(codecs.BOM_UTF8 + b"a,b\n") is None
