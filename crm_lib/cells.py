"""How one table cell is written for a reader, the same on a page and in an action list.

A cell is written per its column's format (:class:`crm_lib.section.Column`): a code as its
label, text from the data with its personal data masked (the Translator's masker), a cited
value (:class:`~crm_lib.money.Amount`, :class:`~crm_lib.section.Code` ...) as a sentence
writes it, a date in the page's language. :mod:`crm_lib.notebook` writes page tables with
it and :mod:`crm_lib.lists` the text columns of the spreadsheet files.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crm_lib.i18n import Translator
from crm_lib.i18n.dates import is_date
from crm_lib.money import Amount
from crm_lib.privacy import masker_of
from crm_lib.section import FORMATS, Code, Items, Label, Sentence

DATE_SPECS = {"date": "%Y-%m-%d", "month": "%Y-%m"}  # date columns: the precision shown
CITED = (Amount, Code, Items, Label, Sentence)  # written as a sentence cites them


def is_missing(value: Any) -> bool:
    """An empty cell: None, NaN, NaT or pandas' NA (a list or text never is)."""
    if value is None:
        return True
    return not isinstance(value, (str, list, tuple, *CITED)) and bool(pd.isna(value))


def cell_text(value: Any, fmt: str, t: Translator) -> str:
    """One table cell as text, per the column's format (see :class:`crm_lib.section.Column`);
    text from the data with its personal data masked (the Translator's masker)."""
    if isinstance(value, CITED):
        return str(t.value(value))
    if is_missing(value):
        return ""
    if fmt == "money":
        return t.money(float(value))
    if fmt.startswith("code:"):
        return t.code(fmt.removeprefix("code:"), value) if value != "" else ""
    if fmt in DATE_SPECS and (is_date(value) or isinstance(value, pd.Period)):
        day = value.start_time if isinstance(value, pd.Period) else value
        return t.date(day, DATE_SPECS[fmt])  # 2025年1月 / Jan 2025, as the sentences write it
    text = FORMATS.get(fmt, fmt).format(value)
    return masker_of(t).text(text) if isinstance(value, str | list | tuple) else text
