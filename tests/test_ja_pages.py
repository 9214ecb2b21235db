"""The demo's Japanese pages read as Japanese.

Every HTML page of the session's demo run (language ja) is read as a reader sees it: the
visible text (tags, styles and scripts stripped) and the visible strings of every chart
(titles, tick labels, trace names, hover text, annotations; not the JSON keys). Neither may
show the demo's raw channel or plan codes, English month names, zero-padded Japanese dates
or a ``PosixPath``; a chart with dates on an axis must write its ticks and hover labels
itself in Japanese (plotly's own date ticks read "Jan 2023").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from crm_lib.charts.churn import GROUP_PREFIX, plot_retention_curves
from crm_lib.charts.health import plot_monthly_activity
from crm_lib.charts.journey import measure_label, plot_conversion_by, plot_funnel
from crm_lib.demo.personas import ACQUISITION_CHANNELS
from crm_lib.demo.subscriptions import PLANS
from crm_lib.i18n import Translator, label_order
from crm_lib.i18n.dates import date_text, time_text
from crm_lib.report import PageInfo, render_page

#: demo codes that must show as labels (e.g. テレビ通販, 隔月お届け), never as they are
RAW_CODES = (*ACQUISITION_CHANNELS, *PLANS)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
#: an English month next to a day or a year ("Jan 2023", "1 Jan 2025", "March 3")
ENGLISH_MONTH = re.compile(
    rf"(?<![A-Za-z])(?:{_MONTH}\.?,?\s+\d{{1,4}}(?![\d年])|\d{{1,2}}\s+{_MONTH}(?![A-Za-z]))"
)
ZERO_PADDED_DATE = re.compile(r"\d年0\d月|月0\d日")
#: JSON keys whose string values plotly shows to the reader
VISIBLE_KEYS = {
    "text", "name", "hovertext", "hovertemplate", "texttemplate", "ticktext", "labels",
    "label", "x", "y", "z", "customdata", "values", "header", "cells",
}  # fmt: skip
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T][\d:.]+)?$")
_DATE_FORMAT_OK = re.compile(r"年")


class _PageText(HTMLParser):
    """The text a browser shows (outside script and style) and the scripts' source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._in = tag
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is None:
            self.text.append(data)


def read_page(path: Path) -> tuple[str, list[dict]]:
    """A page's visible text and its plotly figures (``data`` and ``layout``)."""
    parser = _PageText()
    parser.feed(path.read_text("utf-8"))
    figures = [fig for script in parser.scripts for fig in plotly_figures(script)]
    return " ".join(parser.text), figures


def plotly_figures(script: str) -> list[dict]:
    """The figures a script draws with ``Plotly.newPlot(id, data, layout, config)``."""
    decoder = json.JSONDecoder()
    figures = []
    for call in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]*\",\s*", script):
        data, end = decoder.raw_decode(script, call.end())
        rest = re.match(r"\s*,\s*", script[end:])
        layout, _ = decoder.raw_decode(script, end + rest.end()) if rest else ({}, end)
        figures.append({"data": data, "layout": layout})
    return figures


def visible_strings(node, key: str | None = None) -> list[str]:
    """The strings of a figure's JSON that plotly writes on the chart: values of the keys
    in :data:`VISIBLE_KEYS`, anywhere in the figure (a ``title`` holds its ``text``)."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in visible_strings(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in visible_strings(v, key)]
    if isinstance(node, str) and key in VISIBLE_KEYS:
        return [node]
    return []


def _is_dates(values) -> bool:
    return (
        isinstance(values, list)
        and bool(values)
        and all(isinstance(v, str) and _ISO_DATE.match(v) for v in values)
    )


def _axis_key(trace: dict, letter: str) -> str:
    ref = trace.get(f"{letter}axis", letter)  # "x", "x2" ...
    return f"{letter}axis{ref[1:]}"


def english_date_axes(figure: dict) -> list[str]:
    """Axes showing dates with plotly's own (English) ticks or hover labels: an axis fed
    dates that sets no Japanese ``tickformat`` (or ``ticktext``) and ``hoverformat``."""
    layout, found = figure["layout"], []
    for trace in figure["data"]:
        for letter in "xy":
            if not _is_dates(trace.get(letter)):
                continue
            axis = layout.get(_axis_key(trace, letter), {})
            if axis.get("type") == "category":
                continue
            ticks_ok = "ticktext" in axis or _DATE_FORMAT_OK.search(axis.get("tickformat", ""))
            hover_ok = _DATE_FORMAT_OK.search(axis.get("hoverformat", ""))
            if not (ticks_ok and hover_ok):
                found.append(_axis_key(trace, letter))
    return sorted(set(found))


def offences(text: str) -> list[str]:
    """What a reader of a Japanese page should not meet in ``text``."""
    found = [
        code
        for code in RAW_CODES
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(code)}(?![A-Za-z0-9_])", text)
    ]
    found += [m.group(0) for m in ENGLISH_MONTH.finditer(text)]
    found += [m.group(0) for m in ZERO_PADDED_DATE.finditer(text)]
    found += ["PosixPath"] if "PosixPath" in text else []
    return found


def _pages(run: Path) -> list[Path]:
    return sorted(run.glob("*.html"))


def test_the_scan_finds_what_it_looks_for():
    """The scan itself: each kind of offence is found, and English inside other words or a
    customer's own sentence is not."""
    assert offences("獲得チャネル tv_infomercialの顧客") == ["tv_infomercial"]
    assert offences("bimonthly・monthly") == ["monthly", "bimonthly"]
    assert offences("売上（Jan 2023）") == ["Jan 2023"]
    assert offences("from 1 Jan 2025 to 31 December 2025") == ["1 Jan", "31 December"]
    assert offences("2025年01月01日・12月05日") == ["5年01月", "月05日"]
    assert offences("PosixPath('/tmp/x')") == ["PosixPath"]
    assert offences("web_advert・monthly_plan・I may come in March. 2025年1月1日") == []


def test_the_scan_finds_english_date_axes():
    """A date axis passes only when it writes its ticks and hover labels in Japanese."""
    dates = {"x": ["2023-01-01", "2023-02-01"], "y": [1, 2]}
    assert english_date_axes({"data": [dates], "layout": {}}) == ["xaxis"]
    fixed = {"xaxis": {"tickformat": "%Y年%-m月", "hoverformat": "%Y年%-m月"}}
    assert english_date_axes({"data": [dates], "layout": fixed}) == []
    second = {**dates, "xaxis": "x2"}
    assert english_date_axes({"data": [second], "layout": fixed}) == ["xaxis2"]


@pytest.fixture(scope="module")
def ja_pages(demo_run: Path) -> dict[str, tuple[str, list[dict]]]:
    pages = {path.name: read_page(path) for path in _pages(demo_run)}
    assert {"index.html", "segments.html", "ltv.html", "data_health.html"} <= set(pages)
    return pages


def test_page_text_reads_as_japanese(ja_pages):
    found = {name: offences(text) for name, (text, _) in ja_pages.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_chart_text_reads_as_japanese(ja_pages):
    found = {
        name: sorted({hit for fig in figures for s in visible_strings(fig) for hit in offences(s)})
        for name, (_, figures) in ja_pages.items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_date_axes_are_labelled_in_japanese(ja_pages):
    found = {
        name: [(i, axis) for i, fig in enumerate(figures) for axis in english_date_axes(fig)]
        for name, (_, figures) in ja_pages.items()
    }
    assert {name: axes for name, axes in found.items() if axes} == {}


# ---------------------------------------------------------------- the pieces, by hand


def test_japanese_dates_read_without_zero_padding_whatever_the_label_spec():
    """A ja label written ``{end:%Y年%m月%d日}`` or ``{end:%Y-%m-%d}`` reads 2025年1月1日;
    months read 2024年3月; English keeps its format, the day unpadded."""
    ja, en = Translator("ja"), Translator("en")
    end = dt.date(2025, 1, 1)
    assert (
        ja("health_none_after_end", end=end)
        == "観測終了日（2025年1月1日）より後の取引はありません。"
    )
    peak = {"month": pd.Timestamp("2024-03-01"), "new_month": dt.date(2024, 11, 1)}
    peak |= {"revenue": "1円", "new_customers": 5}
    assert ja("health_peak", **peak).startswith("売上が最も多かったのは2024年3月（1円）")
    assert "November 2024" in en("health_peak", **peak)
    assert date_text(dt.date(2025, 3, 7), "%d %b %Y", "en") == "7 Mar 2025"
    assert date_text(dt.date(2025, 3, 7), "%Y-%m-%d", "en") == "2025-03-07"
    assert ja.date(pd.Timestamp("2023-01-31"), "%Y-%m") == "2023年1月"
    assert f"{ja.value(pd.Period('2024-09', 'M'))}" == "2024年9月"  # a cited month
    assert f"{en.value(pd.Timestamp('2025-01-01'))}" == "2025-01-01"  # no spec: the day


def test_run_time_is_shown_in_japan_time_on_japanese_pages():
    """12:27 UTC is 21:27 in Tokyo (UTC+9, no daylight saving); an English page says UTC,
    a configured zone is used and named."""
    made = dt.datetime(2026, 12, 2, 12, 27)  # naive: UTC
    assert time_text(made, "ja") == "2026年12月2日 21:27（日本時間）"
    assert time_text(made.replace(hour=20), "ja") == "2026年12月3日 05:27（日本時間）"
    assert time_text(made, "en") == "2 Dec 2026 12:27 UTC"
    assert time_text(made, "en", "Europe/London") == "2 Dec 2026 12:27 Europe/London"
    info = PageInfo("demo", "20261202T122717Z-demo", "ja", dt.date(2023, 1, 3),
                    dt.date(2025, 12, 31), made)  # fmt: skip
    page = render_page("データ品質", "<p></p>", info)
    assert "2023年1月3日〜2025年12月31日" in page and "UTC" not in page
    assert page.count("2026年12月2日 21:27（日本時間）") == 2  # header and footer


def test_groups_are_ordered_by_meaning_not_by_string():
    """高/低/中 sorted as strings is high, low, mid; by the label table it is low, mid,
    high; a group without a label keeps its place after them."""
    codes = ["high", "low", "mid", "prospect", "zzz"]
    assert label_order("jny_value_", ["zzz", *sorted(codes[:4])]) == codes[1:3] + [
        "high",
        "prospect",
        "zzz",
    ]
    table = pd.DataFrame(
        {
            "group": ["high", "low", "mid"],
            "entered": [3, 1, 2],
            "awareness→interest": [0.3, 0.1, 0.2],
        }
    )
    fig = plot_conversion_by(table, "value_segment", Translator("ja"))
    assert [y.split(" ")[1][0] for y in fig.data[0].y] == ["低", "中", "高"]
    assert list(fig.data[0].z[:, 0]) == [0.1, 0.2, 0.3]  # the rows moved with their labels


def test_funnel_counts_are_written_in_full():
    """25,000 people (not 25k) and 1,888 (not 1888); conversion from the previous stage."""
    funnel = pd.DataFrame({"stage": ["awareness", "interest"], "people": [25_000, 1_888]})
    fig = plot_funnel(funnel, Translator("ja"))
    assert list(fig.data[0].text) == ["25,000", "1,888 (7.6%)"]  # 1888 / 25000 = 7.55 %
    assert fig.data[0].textinfo == "text"  # plotly writes only this text (its own: 25k)


def test_demo_codes_in_charts_are_labelled_and_unknown_ones_stay_data():
    """Plans and channels of the demo by their labels; a user's own channel as it is."""
    t = Translator("ja")
    curves = pd.DataFrame(
        {"group": ["bimonthly", "monthly", "my_shop"], "days": [0, 0, 0], "survival": [1, 1, 1]}
    )
    by_plan = plot_retention_curves(curves, "", t, GROUP_PREFIX["churn_chart_km_plan"])
    assert [d.name for d in by_plan.data] == ["毎月お届け", "隔月お届け", "my_shop"]
    assert measure_label(t, "campaign", "CP01", "email", {}) == "CP01 (メール)"
    assert measure_label(t, "campaign", "CP09", "fax", {}) == "CP09 (fax)"


def test_monthly_chart_writes_japanese_month_ticks():
    monthly = pd.DataFrame(
        {"month": pd.to_datetime(["2023-01-01", "2023-02-01"]), "revenue": [1, 2]}
        | {"orders": [1, 2], "new_customers": [1, 1]}
    )
    fig = plot_monthly_activity(monthly, Translator("ja")).to_plotly_json()
    fig["data"] = [d | {"x": ["2023-01-01", "2023-02-01"]} for d in fig["data"]]
    assert english_date_axes(fig) == []
    assert fig["layout"]["xaxis"]["tickformat"] == "%Y年%-m月"
    english = plot_monthly_activity(monthly, Translator("en")).to_plotly_json()["layout"]
    assert "tickformat" not in english["xaxis"]  # plotly's own English ticks


def test_table_dates_read_as_the_sentences_write_them():
    import datetime as dt

    import pandas as pd

    from crm_lib.i18n import Translator
    from crm_lib.notebook import cell_text

    ja, en = Translator("ja"), Translator("en")
    assert cell_text(pd.Timestamp("2025-01-03"), "date", ja) == "2025年1月3日"
    assert cell_text(pd.Period("2024-09", "M"), "month", ja) == "2024年9月"
    assert cell_text(dt.date(2024, 9, 1), "month", ja) == "2024年9月"
    assert cell_text(pd.Timestamp("2025-01-03"), "date", en) == "2025-01-03"
