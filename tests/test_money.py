"""Money is written in the run's currency, in one place: dollars on CDNOW, yen on the demo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from crm_lib.i18n import Translator
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
