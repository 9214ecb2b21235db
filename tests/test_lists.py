"""Action lists as spreadsheet files: read back in the stated encoding, against the Parquet
and hand-made frames; personal data masked per the policy; links beside the section."""

from __future__ import annotations

import datetime as dt
import json
import re

import duckdb
import openpyxl
import pandas as pd
import pytest

from crm_lib import artifacts
from crm_lib.config import ListsConfig, RunConfig
from crm_lib.dataset import Dataset, TableLoad
from crm_lib.experiments.uplift import CATEGORICAL, NUMERIC
from crm_lib.i18n import LABELS
from crm_lib.lists import LAYOUTS, in_cp932, write_list
from crm_lib.money import Money
from crm_lib.notebook import RunContext
from crm_lib.params import Privacy
from crm_lib.privacy import Masker, MaskingTranslator
from crm_lib.section import Section

END = dt.date(2025, 12, 31)
PEOPLE = pd.DataFrame(
    {
        "customer_id": ["00017", "C2", "C3"],
        "name": ["吉田 花子", "Taro Yamada", "佐藤 一郎"],
        "email": ["hanako.yoshida@example.jp", "taro@example.com", "ichiro@example.net"],
        "phone": ["090-1234-5678", "03-2345-6789", "080-3456-7890"],
    }
)


def people_dataset() -> Dataset:
    con = duckdb.connect()
    con.execute("CREATE TABLE customers AS SELECT * FROM PEOPLE")
    load = TableLoad("customers", "hand-made", 3, 3, 0, tuple(PEOPLE.columns))
    return Dataset(con, {"customers": load}, END, END)


def translator(language="ja", policy: Privacy | None = None) -> MaskingTranslator:
    return MaskingTranslator(language, Money("JPY", language), Masker(policy))


def lapsed_frame() -> pd.DataFrame:
    """Three lapsed customers (cpm_lapsed), one id with a leading zero."""
    return pd.DataFrame(
        {
            "customer_id": ["00017", "C2", "C3"],
            "cell": ["loyal_lapsed", "first_lapsed", "early_lapsed"],
            "last_purchase_date": pd.to_datetime(["2024-11-26", "2025-04-26", "2025-01-16"]),
            "recency_days": [400, 249, 349],
            "purchase_days": [46, 1, 3],
            "spend": [642060.4, 9800.0, 31500.6],
        }
    )


def test_csv_has_a_bom_and_reads_back_as_the_parquet_with_labels(tmp_path):
    frame = lapsed_frame()
    d = write_list(frame, artifacts.CPM_LAPSED, tmp_path, translator(), None, people_dataset())
    raw = (tmp_path / "lists" / "cpm_lapsed.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads it as UTF-8
    back = pd.read_csv(tmp_path / "lists" / "cpm_lapsed.csv", encoding="utf-8-sig", dtype=str)
    assert list(back.columns[:4]) == ["顧客ID", "氏名（マスク済）", "メールアドレス（マスク済）",
                                      "電話番号（マスク済）"]  # fmt: skip
    assert back["顧客ID"].tolist() == ["00017", "C2", "C3"]  # ids as they are, in order
    assert back["客層（CPM）"].tolist() == [
        LABELS[f"seg_cpm_cell_{c}"]["ja"] for c in frame["cell"]
    ]  # codes as labels
    money = back["累計購入額（返品差引後）（円）"].astype(float)  # the currency in the header
    assert money.tolist() == [642060.0, 9800.0, 31501.0]  # whole yen, as numbers
    assert back["最終購入日"].tolist() == ["2024-11-26", "2025-04-26", "2025-01-16"]
    assert d.rows == 3 and [p for _, p in d.files] == ["lists/cpm_lapsed.csv",
                                                       "lists/cpm_lapsed.xlsx"]  # fmt: skip


def test_masked_contacts_are_absent_when_masking_is_on_and_present_when_off(tmp_path):
    ds = people_dataset()
    frame = lapsed_frame()
    write_list(frame, artifacts.CPM_LAPSED, tmp_path / "on", translator(), None, ds)
    off = Privacy(name=False, email=False, phone=False)
    write_list(frame, artifacts.CPM_LAPSED, tmp_path / "off", translator("en", off), None, ds)
    for suffix in (".csv", ".xlsx"):
        on = _file_text(tmp_path / "on" / "lists" / f"cpm_lapsed{suffix}")
        shown = _file_text(tmp_path / "off" / "lists" / f"cpm_lapsed{suffix}")
        for row in PEOPLE.itertuples():
            assert row.email not in on and row.phone not in on and row.name not in on
            assert row.email in shown and row.phone in shown and row.name in shown
            assert row.customer_id in on and row.customer_id in shown
        assert "h***@example.jp" in on and "090-****-5678" in on and "吉田 **" in on
    header = pd.read_csv(tmp_path / "off" / "lists" / "cpm_lapsed.csv", encoding="utf-8-sig")
    assert "E-mail" in header.columns and "E-mail (masked)" not in header.columns


def test_text_from_the_data_is_masked_like_a_page_cell_and_ids_kept(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": ["090-1234-5678", "C2"],  # an id is kept even when it looks like one
            "predicted_uplift": [-0.05, -0.01],
            "reason_1": ["channel", "no_such_feature"],
            "value_1": ["DM taro@example.com", "吉田花子様のご紹介"],
            "reason_2": ["", ""],
            "value_2": [None, None],
        }
    )
    t = MaskingTranslator("ja", Money("JPY", "ja"), Masker(None, names=PEOPLE["name"]))
    write_list(frame, artifacts.DO_NOT_DISTURB, tmp_path, t)
    back = pd.read_csv(tmp_path / "lists" / "do_not_disturb.csv", encoding="utf-8-sig", dtype=str)
    assert back["顧客ID"].tolist() == ["090-1234-5678", "C2"]
    assert back["理由1"].tolist() == [LABELS["lists_feature_channel"]["ja"], "no_such_feature"]
    assert back["理由1の値"].tolist() == ["DM t***@example.com", "吉**様のご紹介"]
    uplift = back[LABELS["lists_col_predicted_uplift"]["ja"]]
    assert back["理由2"].isna().all() and uplift.tolist() == ["-0.05", "-0.01"]  # numbers


def _file_text(path) -> str:
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    return pd.read_excel(path, dtype=str).to_csv(index=False)


def test_cp932_csv_opens_as_cp932_with_missing_characters_visible(tmp_path):
    frame = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3"],
            "source": ["web_ad", "𠮷野家の紹介😀", "1〜24時間 — 2"],  # not in CP932 / look-alikes
            "probability": [0.5, 0.25, 0.125],
            "value": [10000.0, 2000.0, 300.0],
            "expected_value": [5000.0, 500.0, 37.5],
            "reason": ["age_days", "contacted", "interest"],
        }
    )
    settings = ListsConfig(encoding="cp932")
    d = write_list(frame, artifacts.LEADS_PRIORITY, tmp_path, translator(), settings)
    path = tmp_path / "lists" / "leads_priority.csv"
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="cp932")  # strict decoding: every byte is CP932
    assert back["情報源"].tolist() == ["Web広告", "〓野家の紹介〓", "1～24時間 ― 2"]
    assert back["見込み客ID"].tolist() == ["L1", "L2", "L3"]
    assert back["期待価値（円）"].tolist() == [5000, 500, 38]
    assert [n.key for n in d.notes] == ["lists_replaced"] and d.notes[0].values["chars"] == 2
    assert d.files[0] == ("lists_csv_cp932", "lists/leads_priority.csv")
    kept = pd.read_excel(tmp_path / "lists" / "leads_priority.xlsx")
    assert kept["情報源"].iloc[1] == "𠮷野家の紹介😀"  # the .xlsx holds every character


def test_cp932_counts_every_replaced_character_in_cells_and_headers():
    table = pd.DataFrame({"a😀": ["𠮷", "𠮷", "ok", None], "n": [1, 2, 3, 4]})
    out, replaced = in_cp932(table)
    assert replaced == 3 and list(out.columns) == ["a〓", "n"]
    assert out["a〓"].tolist()[:3] == ["〓", "〓", "ok"] and pd.isna(out["a〓"].iloc[3])


def test_xlsx_reads_back_with_types_and_formulas_stay_text(tmp_path):
    frame = lapsed_frame()
    frame.loc[1, "cell"] = '=HYPERLINK("http://x")'  # a code without a label: text
    write_list(frame, artifacts.CPM_LAPSED, tmp_path, translator("en"))
    path = tmp_path / "lists" / "cpm_lapsed.xlsx"
    back = pd.read_excel(path)
    assert back["Customer id"].tolist() == ["00017", "C2", "C3"]  # leading zero kept
    assert back["Net spend to date (¥)"].tolist() == [642060, 9800, 31501]
    assert back["Last purchase"].dt.date.tolist() == [
        dt.date(2024, 11, 26), dt.date(2025, 4, 26), dt.date(2025, 1, 16),
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == LABELS["lists_title_cpm_lapsed"]["en"]
    cell = sheet.cell(row=3, column=2)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"  # never run
    assert sheet.cell(row=2, column=6).number_format == "#,##0"
    csv = (tmp_path / "lists" / "cpm_lapsed.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv  # prefixed: Excel shows it as text


def test_xlsx_only_within_the_configured_row_bounds(tmp_path):
    frame, t = lapsed_frame(), translator()
    short = write_list(frame, artifacts.CPM_LAPSED, tmp_path / "a", t, ListsConfig(xlsx_min_rows=3))
    assert [label for label, _ in short.files] == ["lists_csv_utf8"]
    assert not (tmp_path / "a" / "lists" / "cpm_lapsed.xlsx").exists()
    long = write_list(frame, artifacts.CPM_LAPSED, tmp_path / "b", t, ListsConfig(xlsx_max_rows=2))
    assert [n.key for n in long.notes] == ["lists_xlsx_too_long"]
    empty = write_list(frame.head(0), artifacts.CPM_LAPSED, tmp_path / "c", t)
    assert empty.rows == 0 and len(empty.files) == 1  # a header-only CSV, no .xlsx


def test_every_action_list_has_a_layout_with_labelled_headers_and_codes():
    lists = {a.name for a in artifacts.CATALOG.values() if a.action_list}
    assert lists == set(LAYOUTS) == {
        "rank_at_risk", "cpm_lapsed", "churn_at_risk", "do_not_disturb", "leads_priority",
    }  # fmt: skip
    for name, layout in LAYOUTS.items():
        assert set(artifacts.CATALOG[name].columns) <= set(layout), name
        assert artifacts.CATALOG[name].personal_data
        for column in layout.values():
            assert column.label in LABELS
    for feature in (*NUMERIC, *CATEGORICAL):  # the do-not-disturb reasons
        assert f"lists_feature_{feature}" in LABELS, feature


def _context(tmp_path, output=True) -> RunContext:
    return RunContext("segments", RunConfig(), None, people_dataset(), translator(), None,
                      tmp_path if output else None)  # fmt: skip


def _shown(monkeypatch) -> list:
    """What the notebook displays, collected."""
    shown: list = []
    monkeypatch.setattr("crm_lib.notebook.display", shown.append)
    return shown


def test_record_writes_the_lists_and_links_them_beside_the_section(tmp_path, monkeypatch):
    shown = _shown(monkeypatch)
    sec = Section(artifacts={artifacts.CPM_LAPSED: lapsed_frame()})
    _context(tmp_path).record(sec)
    (download,) = sec.downloads
    assert [p for _, p in download.files] == ["lists/cpm_lapsed.csv", "lists/cpm_lapsed.xlsx"]
    (line,) = [o.data for o in shown]
    assert 'href="lists/cpm_lapsed.csv"' in line and 'href="lists/cpm_lapsed.xlsx"' in line
    assert "（休眠顧客（掘り起こし対象）、3件）" in line
    listed = {a["name"]: a["lists"] for a in artifacts.saved(tmp_path)}
    assert listed == {"cpm_lapsed": ["lists/cpm_lapsed.csv", "lists/cpm_lapsed.xlsx"]}
    shown.clear()
    _context(tmp_path / "none", output=False).record(Section(artifacts=sec.artifacts))
    assert not shown and not (tmp_path / "none").exists()


def test_save_artifact_shows_nothing_but_the_link_line(tmp_path, monkeypatch):
    shown = _shown(monkeypatch)
    ctx = _context(tmp_path)
    assert ctx.save_artifact(lapsed_frame(), artifacts.CPM_LAPSED) is None  # no PosixPath
    assert len(shown) == 1 and "lists/cpm_lapsed.csv" in shown[0].data
    frame = pd.DataFrame({"month": ["2025-01"], "revenue": [1.0], "orders": [1],
                          "new_customers": [1]})  # fmt: skip
    assert ctx.save_artifact(frame, artifacts.MONTHLY_ACTIVITY) is None
    assert len(shown) == 1 and not (tmp_path / "lists" / "monthly_activity.csv").exists()


@pytest.mark.slow
def test_the_demo_run_writes_every_list_beside_its_parquet(demo_run):
    """Reads the session's demo run: each action list's CSV against its Parquet, the
    contact fields masked (default policy), the pages linking each file relatively."""
    manifest = json.loads((demo_run / "manifest.json").read_text(encoding="utf-8"))
    listed = {a["name"]: a["lists"] for a in manifest["artifacts"] if a["lists"]}
    assert set(listed) == {"rank_at_risk", "cpm_lapsed", "churn_at_risk", "do_not_disturb",
                           "leads_priority"}  # fmt: skip
    pages = {p.name: p.read_text(encoding="utf-8") for p in demo_run.glob("*.html")}
    for name, files in listed.items():
        parquet = artifacts.CATALOG[name].read(demo_run)
        csv = pd.read_csv(demo_run / files[0], encoding="utf-8-sig", dtype=str)
        id_header = LABELS["leads_col_lead" if name == "leads_priority" else
                           "churn_customer_id" if name == "churn_at_risk" else
                           "seg_customer_id"]["ja"]  # fmt: skip
        key = "lead_id" if name == "leads_priority" else "customer_id"
        assert csv[id_header].tolist() == parquet[key].astype(str).tolist(), name
        if key == "customer_id":
            emails = csv["メールアドレス（マスク済）"].dropna()
            assert len(emails) and emails.str.fullmatch(r"[A-Za-z0-9]\*\*\*@[\w.-]+").all()
            assert csv["電話番号（マスク済）"].dropna().str.contains(r"-\*\*\*\*-").all()
        assert any(f'href="{files[0]}"' in html for html in pages.values()), name
    at_risk = pd.read_csv(demo_run / listed["churn_at_risk"][0], encoding="utf-8-sig")
    parquet = artifacts.CHURN_AT_RISK.read(demo_run)
    money = at_risk["リスク価値（円）"].to_numpy()
    assert abs(money - parquet["value_at_risk"].to_numpy()).max() <= 0.5
    assert not re.search(r"PosixPath", pages["segments.html"])
