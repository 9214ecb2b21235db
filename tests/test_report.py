"""Report pages: customer text is escaped, the frame is bilingual, plotly.js only with charts."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import crm_lib.notebook as nb
from crm_lib.i18n import Translator
from crm_lib.money import Money
from crm_lib.notebook import table_html
from crm_lib.report import PageInfo, render_index, render_page
from crm_lib.section import Column, Sentence, Table

INFO = PageInfo("demo", "20250101T000000Z-demo", "en", dt.date(2023, 1, 1), dt.date(2025, 12, 31),
                dt.datetime(2026, 1, 1, 9, 0))  # fmt: skip


def test_customer_text_in_tables_is_escaped():
    frame = pd.DataFrame({"text": ["<script>alert(1)</script> & 山田様"], "n": [1234567]})
    table = Table(frame, {"text": Column("table"), "n": Column("rows", "count")})
    html = table_html(table, Translator("en", Money("JPY", "en")))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 山田様" in html
    assert "1,234,567" in html and "<th>Table</th>" in html


def test_values_cited_in_sentences_are_text_never_markup(monkeypatch):
    shown = []
    monkeypatch.setattr(nb, "display", lambda obj: shown.append(obj.data))
    ctx = nb.RunContext("data_health", None, None, None, Translator("en"), None, None)
    ctx.say(Sentence("health_customer_coverage", {"share": 0.5}))
    ctx.say(Sentence("health_tables_absent", {"tables": '<img src=x onerror="alert(1)">'}))
    coverage = "50.0% of the customers in the transactions are in the customers table."
    assert shown[0] == f"<p>{coverage}</p>"
    assert "<img" not in shown[1] and '&lt;img src=x onerror="alert(1)"&gt;' in shown[1]


def test_table_cells_follow_their_column_format():
    t = Translator("ja", Money("JPY", "ja"))
    frame = pd.DataFrame(
        {"table": ["customers", "orders"], "amount": [25_533_540.4, None], "share": [0.1234, 1]}
    )
    columns = {
        "table": Column("table", "code:table_"),
        "amount": Column("revenue", "money"),
        "share": Column("missing_share", "share"),
    }
    table = Table(frame, columns)
    html = table_html(table, t)
    assert "<td>顧客マスタ</td>" in html and "<td>orders</td>" in html  # a label, else the code
    assert "25,533,540円" in html and "12.3%" in html and "100.0%" in html


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


def test_a_table_whose_columns_share_a_header_is_an_error():
    """Two columns with the same header would merge into one column of the page (the
    keyword column of the voice examples vanished that way): refused, naming the header."""
    frame = pd.DataFrame({"term": ["開け"], "keyword": ["開け"]})
    same = Table(frame, {"term": Column("voc_col_term"), "keyword": Column("voc_col_term")})
    with pytest.raises(ValueError, match="share a header in ja: \\['語'\\]"):
        table_html(same, Translator("ja"))
    apart = Table(frame, {"term": Column("voc_col_term"), "keyword": Column("voc_col_keyword")})
    assert table_html(apart, Translator("ja")).count("<th>") == 2


def test_later_reports_take_the_ltv_reports_model_choice_from_the_run(tmp_path):
    """The churn, voice and leads reports value customers with the models the LTV report
    chose and its fit at the observation end (its metrics in the run folder) instead of
    fitting every candidate, or the chosen one, again; outside
    a run, or before the LTV report recorded its choice, the configured (auto) choice."""
    from crm_lib.config import load_config

    config = load_config(None, ["data.source=demo"])
    ctx = nb.RunContext("churn", config, None, None, Translator("en"), None, tmp_path)
    assert ctx.ltv_params().count_model == "auto"  # nothing recorded yet
    (tmp_path / "metrics").mkdir()
    recorded = {"model_choice": {"chosen": "pareto_nbd"}, "spend": {"chosen": "lognormal"}}
    (tmp_path / "metrics" / "ltv.json").write_text(json.dumps(recorded), encoding="utf-8")
    chosen = ctx.ltv_params()
    assert (chosen.count_model, chosen.spend_model) == ("pareto_nbd", "lognormal")
    assert chosen.count_params is None  # the value stage's fit not recorded: fitted again
    fit = {"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7}
    recorded["value"] = {"count_params": fit}
    (tmp_path / "metrics" / "ltv.json").write_text(json.dumps(recorded), encoding="utf-8")
    assert ctx.ltv_params().count_params == fit
    assert chosen.horizon == config.params.ltv.horizon  # the rest as configured
    outside = nb.RunContext("churn", config, None, None, Translator("en"), None, None)
    assert outside.ltv_params().count_model == "auto"
