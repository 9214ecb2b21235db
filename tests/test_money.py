"""Money is written in the run's currency, in one place: dollars on CDNOW, yen on the demo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from crm_lib.i18n import Translator, interval_scales
from crm_lib.money import Amount, Money
from crm_lib.section import Sentence

ROOT = Path(__file__).resolve().parents[1]
YEN = re.compile(r"円|¥|￥|\byen\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("code", "language", "amount", "text"),
    [
        ("JPY", "ja", 25_533_540.4, "25,533,540円"),
        ("JPY", "en", 25_533_540.4, "¥25,533,540"),
        ("JPY", "ja", -1200, "-1,200円"),
        ("USD", "en", 35.5, "$35.50"),
        ("USD", "ja", 1234.56, "$1,235"),  # whole dollars from a thousand up
        ("USD", "en", -0.5, "-$0.50"),
    ],
)
def test_amounts_carry_their_currency(code, language, amount, text):
    assert Money(code, language)(amount) == text


def test_a_sentence_writes_its_amounts_in_the_run_currency():
    values = {"month": dt.date(1997, 3, 1), "revenue": Amount(9060.5),
              "new_month": dt.date(1997, 1, 1), "new_customers": 781}  # fmt: skip
    sentence = Sentence("health_peak", values)
    en = Translator("en", Money("USD", "en")).sentence(sentence)
    assert "($9,060)" in en and not YEN.search(en)
    ja = Translator("ja", Money("JPY", "ja")).sentence(sentence)
    assert "（9,060円）" in ja


def test_no_currency_word_outside_the_money_module():
    """Labels, column names and code say no currency of their own (the demo company's
    generator writes Japanese customer text, which is data)."""
    offenders = []
    for path in (ROOT / "crm_lib").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("crm_lib/money.py",) or rel.startswith("crm_lib/demo/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if YEN.search(line) or re.search(r"_yen\b", line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_cdnow_pages_are_in_dollars(cdnow_run):
    out, _ = cdnow_run
    pages = sorted((out / "latest").glob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script.*?</script>", text, flags=re.S)
        library = [s for s in scripts if "plotly.js v" in s]  # the inlined plotly.js itself
        body = text.replace(library[0], "") if library else text  # chart JSON stays checked
        assert not YEN.search(body), page.name
    assert "$" in (out / "latest" / "ltv.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- compact amounts in sentences


@pytest.mark.parametrize(
    ("code", "language", "amount", "text"),
    [
        ("JPY", "ja", 999_999, "999,999円"),  # below a million: unchanged
        ("JPY", "ja", 999_999.6, "100万円"),  # rounds to a million
        ("JPY", "ja", 1_000_000, "100万円"),
        ("JPY", "ja", 10_000_000, "1,000万円"),
        ("JPY", "ja", 78_644_896, "7,864万円"),  # 7,864.4896万: whole 万
        ("JPY", "ja", 99_994_999, "9,999万円"),
        ("JPY", "ja", 99_995_000, "1.00億円"),  # 9,999.5万 rounds up to 1億, not 10,000万
        ("JPY", "ja", 100_000_000, "1.00億円"),
        ("JPY", "ja", 123_456_789, "1.23億円"),
        ("JPY", "ja", 1_234_567_890, "12.3億円"),
        ("JPY", "ja", 1_500_000_000_000, "1.50兆円"),
        ("JPY", "ja", -78_644_896, "-7,864万円"),
        ("JPY", "ja", -123_456_789, "-1.23億円"),
        ("JPY", "en", 999_999, "¥999,999"),
        ("JPY", "en", 1_000_000, "¥1.00M"),
        ("JPY", "en", 10_000_000, "¥10.0M"),
        ("JPY", "en", 78_644_896, "¥78.6M"),
        ("JPY", "en", 100_000_000, "¥100M"),
        ("JPY", "en", 123_456_789, "¥123M"),
        ("JPY", "en", 999_600_000, "¥1.00B"),  # 999.6M rounds to 1,000M: a billion
        ("JPY", "en", 1_234_567_890, "¥1.23B"),
        ("JPY", "en", -78_644_896, "-¥78.6M"),
        ("USD", "en", 1_234_567, "$1.23M"),
        ("USD", "en", -1_234_567, "-$1.23M"),
        ("USD", "en", 999_999.0, "$999,999"),
        ("USD", "ja", 12_345_678, "1,235万ドル"),  # 万/億 as Japanese business text writes dollars
        ("USD", "ja", 123_456_789, "1.23億ドル"),
        ("USD", "ja", 123_456, "$123,456"),
        ("CHF", "ja", 12_345_678, "CHF 1,235万"),  # a currency without a Japanese name
    ],
)
def test_sentences_write_a_million_and_more_compactly(code, language, amount, text):
    assert Money(code, language).compact(amount) == text


def test_compact_amounts_keep_an_overriding_symbol_and_skip_missing_values():
    assert Money("USD", "ja", "US$").compact(12_345_678) == "US$1,235万"
    assert Money("USD", "en", "US$").compact(12_345_678) == "US$12.3M"
    assert Money("JPY", "ja").compact(float("nan")) == ""


def test_a_sentence_cites_amounts_compactly_and_a_table_keeps_every_digit():
    from crm_lib.notebook import table_html
    from crm_lib.section import Column, Items, Table

    ja = Translator("ja", Money("JPY", "ja"))
    values = {"month": dt.date(2025, 3, 1), "revenue": Amount(78_644_896),
              "new_month": dt.date(2025, 1, 1), "new_customers": 781}  # fmt: skip
    assert "（7,864万円）" in ja.sentence(Sentence("health_peak", values))
    en = Translator("en", Money("JPY", "en")).sentence(Sentence("health_peak", values))
    assert "(¥78.6M)" in en and "78,644,896" not in en
    listed = ja.cited(Items((Amount(1_000_000), Amount(999_999))))
    assert listed == "100万円、999,999円"
    assert ja.value(Amount(78_644_896)) == "78,644,896円"  # a cited value in a table cell
    cited = pd.Series([Amount(123_456_789)], dtype=object)  # keeps the Amount an Amount
    frame = pd.DataFrame({"amount": [78_644_896.0], "cited": cited})
    table = Table(frame, {"amount": Column("revenue", "money"), "cited": Column("orders")})
    html = table_html(table, ja)
    assert "78,644,896円" in html and "123,456,789円" in html and "万" not in html


def test_executive_cards_write_money_as_sentences_do():
    from crm_lib.executive.formats import format_change, format_gap, format_value

    t = Translator("ja", Money("JPY", "ja"))
    assert format_value(78_644_896, "money", t) == "7,864万円"
    assert format_value(18_500, "money", t) == "18,500円"
    assert format_change(1_500_000, "money", t) == "+150万円"
    assert format_change(-123_456_789, "money", t) == "-1.23億円"
    assert format_gap(-10_000_000, "money", t) == "1,000万円"
    en = Translator("en", Money("USD", "en"))
    assert format_value(1_234_567, "money", en) == "$1.23M"


def test_an_interval_and_its_estimate_share_one_unit():
    """An interval whose larger end is a million or more writes both ends (and the estimate
    named like them) in that end's unit; a figure that unit writes as 0 stays in full."""
    ja = Translator("ja", Money("JPY", "ja"))
    values = {"campaign": "CP04", "value": Amount(11_327), "revenue": Amount(11_327),
              "margin": 1.0, "cost": Amount(10), "share": 0.65, "contacts": 228,
              "profit": Amount(207_118), "profit_low": Amount(-1_050_000),
              "profit_high": Amount(996_220), "everyone": Amount(-50_510)}  # fmt: skip
    text = ja("cmp_target_text", **values)
    assert "21万円（95%区間 -105万円〜100万円" in text  # was 207,118円（-105万円〜996,220円
    assert "11,327円" in text and "-50,510円" in text  # not part of the interval: unchanged
    en = Translator("en", Money("JPY", "en"))
    text = en("cmp_target_text", **values)
    assert "¥0.21M expected (95 % interval -¥1.05M to ¥1.00M" in text
    assert Money("JPY", "ja").compact(3_000, like=2_000_000) == "3,000円"  # 0万: in full
    assert Money("JPY", "ja").compact(50_000_000, like=123_000_000) == "0.50億円"
    low_high = {"low": Amount(900_000), "high": Amount(1_200_000), "n": 3}
    assert ja.cited(low_high["low"]) == "900,000円"  # alone: below a million
    assert interval_scales(low_high) == {"low": 1_200_000, "high": 1_200_000}
