"""Report pages: customer text is escaped, the frame is bilingual, plotly.js only with charts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from IPython.core.interactiveshell import InteractiveShell

from crm_lib.notebook import show_table
from crm_lib.report import PageInfo, render_index, render_page

INFO = PageInfo("demo", "20250101T000000Z-demo", "en", dt.date(2023, 1, 1), dt.date(2025, 12, 31),
                dt.datetime(2026, 1, 1, 9, 0))  # fmt: skip


def test_customer_text_in_tables_is_escaped(capsys):
    InteractiveShell.instance()
    frame = pd.DataFrame({"text": ["<script>alert(1)</script> & 山田様"], "n": [1234567]})
    from IPython.core.formatters import format_display_data

    shown = []
    import crm_lib.notebook as nb

    original = nb.display
    nb.display = lambda obj: shown.append(format_display_data(obj)[0]["text/html"])
    try:
        show_table(frame, {"text": "Text"}, n="{:,}")
    finally:
        nb.display = original
    (html,) = shown
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 山田様" in html
    assert "1,234,567" in html and "<th>Text</th>" in html


def test_page_frame_in_both_languages_and_plotly_only_with_a_chart():
    page = render_page("Data health", "<p>no chart</p>", INFO)
    assert (
        '<html lang="en">' in page and "All reports" in page and "2023-01-01 – 2025-12-31" in page
    )
    assert "plotly.js v" not in page
    ja = render_page(
        "データ品質",
        '<div class="plotly-graph-div"></div>',
        PageInfo(**{**INFO.__dict__, "language": "ja"}),
    )
    assert "レポート一覧へ" in ja and "データ期間" in ja and ja.count("plotly.js v") == 1


def test_title_is_escaped_and_index_lists_failures():
    page = render_page("<b>x</b>", "", INFO)
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    entries = [
        {"name": "data_health", "title": "Data health", "href": "data_health.html",
         "status": "succeeded", "seconds": 3.2, "error": None},
        {"name": "ltv", "title": "Customer lifetime value", "href": "ltv.html",
         "status": "failed", "seconds": 1.0, "error": "ValueError: <bad>"},
        {"name": "churn", "title": "Churn prediction", "href": None,
         "status": "skipped", "seconds": None, "error": None},
    ]  # fmt: skip
    index = render_index(INFO, entries, "failed", 7)
    assert 'href="ltv.html"' in index and "ValueError: &lt;bad&gt;" in index
    assert "not run" in index and "Days since the last data: 7" in index
    assert 'href="data_health.html"' in index and "crm-status-failed" in index
