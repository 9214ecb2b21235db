"""Page layout: technical cells at the end in one collapsed section, printed open; the print
stylesheet; numeric table cells kept on one line; the index's stale-data threshold."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from crm_lib.config import load_config
from crm_lib.errors import ConfigError
from crm_lib.report import PageInfo, render_index, render_page
from crm_lib.report.export import mark_numeric_cells, notebook_to_html
from crm_lib.report.page import TEMPLATES

INFO = PageInfo("demo", "r1", "ja", dt.date(2025, 1, 1), dt.date(2025, 12, 31),
                dt.datetime(2026, 1, 1, 9, 0))  # fmt: skip
SUMMARY = {
    "ja": "技術的な詳細（モデル・診断・前提）",
    "en": "Technical details (models, diagnostics, assumptions)",
}


class _Sections(HTMLParser):
    """Which marker paragraphs (``<p id=...>``) sit inside ``details.crm-technical``,
    in page order, and the summaries of those sections."""

    def __init__(self):
        super().__init__()
        self.depth, self.order, self.inside, self.summaries = 0, [], {}, []
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and attrs.get("class") == "crm-technical":
            self.depth += 1
        elif tag == "summary" and self.depth:
            self._in_summary = True
            self.summaries.append("")
        elif tag == "p" and attrs.get("id"):
            self.order.append(attrs["id"])
            self.inside[attrs["id"]] = self.depth > 0

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.depth -= 1
        elif tag == "summary":
            self._in_summary = False

    def handle_data(self, data):
        if self._in_summary:
            self.summaries[-1] += data


def _notebook(tmp_path: Path, *cells: tuple[str, bool]) -> Path:
    """A notebook of code cells, each showing ``<p id=name>`` and tagged technical or not."""
    nb = nbformat.v4.new_notebook()
    for name, technical in cells:
        output = nbformat.v4.new_output(
            "display_data", data={"text/html": f'<p id="{name}">{name}</p>'}
        )
        cell = nbformat.v4.new_code_cell(f"show({name!r})", outputs=[output])
        if technical:
            cell.metadata["tags"] = ["technical"]
        nb.cells.append(cell)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def _sections(page: str) -> _Sections:
    parsed = _Sections()
    parsed.feed(page)
    return parsed


@pytest.mark.parametrize("language", ["ja", "en"])
def test_technical_cells_follow_the_others_in_one_collapsed_section(tmp_path, language):
    cells = [("intro", False), ("params", True), ("chart", False), ("fit", True), ("end", False)]
    info = PageInfo(**{**INFO.__dict__, "language": language})
    page = notebook_to_html(_notebook(tmp_path, *cells), "LTV", info)
    parsed = _sections(page)
    assert parsed.order == ["intro", "chart", "end", "params", "fit"]  # relative order kept
    assert parsed.inside == {"intro": False, "chart": False, "end": False,
                             "params": True, "fit": True}  # fmt: skip
    assert parsed.summaries == [SUMMARY[language]]  # one section, in the page's language
    assert page.count('<details class="crm-technical">') == 1
    assert "<details open" not in page  # collapsed on screen


def test_a_page_without_technical_cells_has_no_section(tmp_path):
    page = notebook_to_html(_notebook(tmp_path, ("a", False), ("b", False)), "x", INFO)
    assert _sections(page).order == ["a", "b"] and "<details" not in page
    no_output = nbformat.v4.new_notebook()
    no_output.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["technical"]})]
    nbformat.write(no_output, tmp_path / "empty.ipynb")
    assert "<details" not in notebook_to_html(tmp_path / "empty.ipynb", "x", INFO)


def _print_rules() -> str:
    """The body of report.css's ``@media print`` block."""
    css = (TEMPLATES / "report.css").read_text("utf-8")
    start = css.index("@media print {") + len("@media print {")
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        end += 1
    return css[start : end - 1]


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"[^{]*\{([^}]*)\}", css)
    assert match, f"no rule for {selector}"
    return match.group(1)


def test_print_hides_the_chart_toolbar_and_opens_the_technical_section():
    printed = _print_rules()
    assert re.search(r"display:\s*none\s*!important", _rule(printed, ".modebar"))
    assert "content-visibility: visible" in _rule(printed, ".crm-technical::details-content")
    assert "break-inside: avoid" not in _rule(printed, "table.crm-table")  # tall: may break
    assert "white-space: nowrap" in _rule(printed, ".crm-table td.num")
    screen = (TEMPLATES / "report.css").read_text("utf-8").replace(printed, "")
    assert "details-content" not in screen  # on screen the section stays collapsed
    page = render_page("x", '<details class="crm-technical"></details>', INFO)
    assert 'addEventListener("beforeprint"' in page and 'addEventListener("afterprint"' in page
    assert "d.open = true" in page and "d.open = false" in page


def test_short_cells_with_a_digit_are_numeric_and_text_cells_wrap():
    html = ("<tr><td>C0001185</td><td>131,922円</td><td>9.9%〜13.3%</td>"
            "<td>2025年11月18日</td><td>再購入のご案内（クーポン）</td>"
            "<td>前回購入から 74 日</td><td>&lt;b&gt;</td></tr>")  # fmt: skip
    marked = mark_numeric_cells(html)
    numeric = re.findall(r'<td class="num">([^<]*)</td>', marked)
    assert numeric == ["C0001185", "131,922円", "9.9%〜13.3%", "2025年11月18日"]
    assert "<td>再購入のご案内（クーポン）</td>" in marked and "<td>&lt;b&gt;</td>" in marked


@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")), reason="needs chromium"
)
def test_the_technical_section_is_printed_open(tmp_path):
    """Chromium's print of a page whose technical section is closed contains its text."""
    cells = [("visible", False), ("hidden", True)]
    page = notebook_to_html(_notebook(tmp_path, *cells), "x", INFO)
    page = page.replace("<script>", "<script>/*").replace("</script>", "*/</script>")  # CSS alone
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
               f"--print-to-pdf={pdf}", (tmp_path / "page.html").as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=60, check=True)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "visible" in text and SUMMARY["ja"] in text and "hidden" in text


ENTRY = {"name": "executive", "title": "Executive", "href": None, "status": "succeeded",
         "seconds": 1.0, "error": None}  # fmt: skip


def test_the_stale_data_warning_follows_the_configured_threshold():
    info = PageInfo(**{**INFO.__dict__, "language": "en"})
    strict = render_index(info, [ENTRY], "succeeded", 45, stale_after_days=30)
    assert 'class="crm-stale"' in strict and "45 days before this run" in strict
    assert 'class="crm-stale"' not in render_index(info, [ENTRY], "succeeded", 45)  # default 60
    assert 'class="crm-stale"' not in render_index(
        info, [ENTRY], "succeeded", 30, stale_after_days=30
    )  # more than the threshold, not equal to it
    assert load_config(None, []).report.stale_after_days == 60
    assert load_config(None, ["report.stale_after_days=30"]).report.stale_after_days == 30
    with pytest.raises(ConfigError):
        load_config(None, ["report.stale_after_days=0"])


def test_ltv_page_opens_with_findings_and_ends_with_its_model_tables(demo_run):
    page = (demo_run / "ltv.html").read_text(encoding="utf-8")
    details = page.index('<details class="crm-technical">')
    first_h2 = re.search(r"<h2[^>]*>(.*?)<", page).group(1)
    assert first_h2 not in ("モデルと推定値", "予測に使えるデータか", "分析の前提")
    assert page.index(">稼働の可能性<") < details
    for technical in ("モデルと推定値", "予測に使えるデータか", "予測精度（検証期間）"):
        assert page.index(f">{technical}<") > details  # inside the one section at the end
    assert page.count("<details") == 1 and page.rindex("</details>") > page.index(
        ">モデルと推定値<"
    )
