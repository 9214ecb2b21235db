"""One word, one meaning on every page: the journey's lapse apart from the churn report's
churn, the data source in the page's language, the run's time zone in the header, and one
way of writing a table cell for pages and action lists."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEMO_CUSTOMERS, ROOT, transactions_dataset

from crm_lib import artifacts
from crm_lib.cells import cell_text
from crm_lib.config import config_from_dict, load_config
from crm_lib.dataset import load_dataset, source_origin
from crm_lib.errors import ConfigError
from crm_lib.health import report as health_report
from crm_lib.i18n import LABELS, Translator
from crm_lib.lists import LAYOUTS, reader_table
from crm_lib.money import Money
from crm_lib.notebook import table_html
from crm_lib.pipeline import Runner
from crm_lib.privacy import Masker, MaskingTranslator
from crm_lib.report import PageInfo, render_page
from crm_lib.section import Code

TAG = re.compile(r"<[^>]+>")


def _paragraphs(page: Path) -> list[str]:
    """The text of every paragraph of a page, markup removed."""
    text = page.read_text(encoding="utf-8")
    return [html.unescape(TAG.sub("", p)) for p in re.findall(r"<p>(.*?)</p>", text, re.S)]


# ---------------------------------------------------------------- the journey's lapse


def _lapse_days(run: Path) -> int:
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    days = metrics["journey"]["between"]["lapse_days"]
    assert days == 180  # params.journey.churn_days of configs/demo.yaml (the default)
    return days


def test_the_journey_page_names_its_lapse_apart_from_churn_and_states_the_days(demo_run):
    days = _lapse_days(demo_run)
    paragraphs = _paragraphs(demo_run / "journey.html")
    said = [p for p in paragraphs if f"{days:,}日" in p]
    assert said, "no sentence of the journey page cites the lapse days"
    assert not [p for p in said if "離反" in p]  # 離反 is the churn report's definition
    first = next(p for p in paragraphs if "購入途絶" in p)
    at = first.index("購入途絶")
    assert f"{days:,}日" in first[at : at + 25]  # defined, with its days, when first said


def test_the_journey_page_states_the_lapse_days_where_the_term_first_appears(demo_run):
    days = _lapse_days(demo_run)
    page = html.unescape(TAG.sub("", (demo_run / "journey.html").read_text(encoding="utf-8")))
    first = page.index("購入途絶")
    assert f"{days:,}日" in page[first : first + 25], page[first - 40 : first + 40]


def test_journey_labels_keep_churn_for_the_churn_report():
    journey = {k: v["ja"] for k, v in LABELS.items() if k.startswith("jny_")}
    assert not {k: v for k, v in journey.items() if "離反" in v}
    assert LABELS["jny_end_lapse"] == {"ja": "購入途絶", "en": "lapse"}


# ---------------------------------------------------------------- the data source line


def test_the_japanese_health_page_writes_its_source_in_japanese(demo_run):
    page = (demo_run / "data_health.html").read_text(encoding="utf-8")
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", page)]
    source = f"デモデータ（シード42、顧客{DEMO_CUSTOMERS:,}人）"
    assert cells.count(source) >= 2  # transactions, customers ... each from the demo
    assert "demo (seed" not in page and "PosixPath" not in page


def test_a_files_source_is_written_in_the_page_language_as_escaped_text(
    tmp_path, write_csv, files_config
):
    folder = tmp_path / "<b>exports&"
    folder.mkdir()
    csv = write_csv(["order_id,customer_id,order_date,amount", "O1,C1,2025-01-03,1200"])
    csv.rename(folder / "orders.csv")
    config = files_config(folder / "orders.csv")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "path: orders.csv", "path: '<b>exports&/orders.csv'"
        ),
        encoding="utf-8",
    )
    ds = load_dataset(load_config(config))
    table = health_report.tables(ds).tables["tables"]
    shown = {lang: table_html(table, Translator(lang)) for lang in ("ja", "en")}
    assert "<td>ファイル &lt;b&gt;exports&amp;/orders.csv</td>" in shown["ja"]
    assert "<td>File &lt;b&gt;exports&amp;/orders.csv</td>" in shown["en"]
    assert "<b>" not in shown["ja"] and "PosixPath" not in shown["en"]


def test_each_kind_of_source_has_a_label_in_both_languages():
    def origin(data: dict) -> dict:
        config = config_from_dict({"data": data}, source="c.yaml", base_dir=Path("."))
        return source_origin(config, "transactions")

    table = {"transactions": {"path": "crm.duckdb", "table": "orders"}}
    query = {"transactions": {"path": "crm.duckdb", "query": "SELECT 1"}}
    assert origin({"source": "duckdb", "tables": table}) == {
        "kind": "duckdb", "path": "crm.duckdb", "table": "orders"
    }  # fmt: skip
    assert origin({"source": "duckdb", "tables": query}) == {"kind": "query", "path": "crm.duckdb"}
    assert origin({"source": "cdnow"}) == {"kind": "cdnow", "dataset": "sample"}
    en = Translator("en")
    cdnow = en("health_source_cdnow", dataset=Code("health_cdnow_", "sample"))
    assert cdnow == "CDNOW public data (sample, 2,357 customers)"
    for kind in ("demo", "cdnow", "files", "duckdb", "query"):
        assert set(LABELS[f"health_source_{kind}"]) == {"ja", "en"}


# ---------------------------------------------------------------- the time zone


def _header_time(zone: str | None, language: str) -> str:
    report = {"timezone": zone} if zone else {}
    raw = {"language": language, "notebooks": [], "report": report}
    config = config_from_dict(raw, source="c.yaml", base_dir=ROOT)
    pipe = Runner(config, now=dt.datetime(2026, 1, 1, 9, 5), progress=lambda _m: None)
    ds = transactions_dataset([("C1", "2025-01-03", 1200.0)], dt.date(2025, 12, 31))
    info = pipe._page_info("20260101T090500Z-run", ds)
    assert isinstance(info, PageInfo)
    page = render_page("t", "", info)
    assert html.escape(info.generated, quote=False) in page  # the header shows it
    return info.generated


def test_report_timezone_sets_the_header_time_and_its_name():
    assert _header_time("UTC", "ja") == "2026年1月1日 09:05（協定世界時）"  # 09:05 UTC as given
    assert _header_time("UTC", "en") == "1 Jan 2026 09:05 UTC"
    assert _header_time(None, "ja") == "2026年1月1日 18:05（日本時間）"  # the language's own
    assert _header_time("America/New_York", "en") == "1 Jan 2026 04:05 America/New_York"


def test_an_unknown_time_zone_is_a_one_line_config_error(tmp_path, crm):
    with pytest.raises(ConfigError, match="report.timezone: unknown time zone"):
        config_from_dict({"report": {"timezone": "Mars/Phobos"}}, source="c", base_dir=ROOT)
    config = tmp_path / "c.yaml"
    config.write_text("name: x\nreport:\n  timezone: Asia/Tokio\n", encoding="utf-8")
    result = crm("validate", "--config", config)
    assert result.exit_code == 2
    line = f"error: {config}: report.timezone: unknown time zone (an IANA name, e.g. Asia/Tokyo)"
    assert result.stderr.strip() == f"{line} (got 'Asia/Tokio')"


# ---------------------------------------------------------------- one cell formatter


def test_a_list_writes_each_text_cell_as_the_page_writes_it():
    """A code with a label, a code without one (a name in it masked), text with an e-mail
    address and a customer's name, a cited value, a missing value; a date as the same day."""
    masker = Masker(names=["山田 花子"])
    frame = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "predicted_uplift": [-0.05, -0.02, -0.01],
            "reason_1": ["channel", "山田 花子", ""],
            "value_1": ["DM taro@example.com", "山田 花子様のご紹介", Code("seg_name_", "lost")],
            "reason_2": [None, "recency_days", None],
            "value_2": [None, "12", None],
        }
    )
    layout = LAYOUTS["do_not_disturb"]
    for lang in ("ja", "en"):
        t = MaskingTranslator(lang, Money("JPY", lang), masker)
        table, _ = reader_table(frame, artifacts.DO_NOT_DISTURB, t)
        for name in ("reason_1", "value_1", "reason_2", "value_2"):
            column = layout[name]
            page = [cell_text(v, column.format, t) for v in frame[name]]
            assert table[t(column.label)].tolist() == page, (lang, name)
    ja = MaskingTranslator("ja", Money("JPY", "ja"), masker)
    table, _ = reader_table(frame, artifacts.DO_NOT_DISTURB, ja)
    assert table["理由1"].tolist() == [LABELS["lists_feature_channel"]["ja"], "山田 **", ""]
    assert table["理由1の値"].tolist() == [
        "DM t***@example.com",
        "山田 **様のご紹介",
        "離反傾向（RFM）",
    ]

    dates = pd.DataFrame(
        {"customer_id": ["C1"], "cell": ["dormant"], "recency_days": [300],
         "purchase_days": [2], "spend": [5000.0],
         "last_purchase_date": [pd.Timestamp("2025-01-03")]}
    )  # fmt: skip
    table, formats = reader_table(dates, artifacts.CPM_LAPSED, ja)
    day = table[ja("seg_last_purchase_date")].iloc[0]
    assert (
        day == dt.date(2025, 1, 3)
        and formats[list(table.columns).index(ja("seg_last_purchase_date"))] == "date"
    )
    assert ja.date(day) == cell_text(dates["last_purchase_date"].iloc[0], "date", ja)
