"""Report text and chart labels in Japanese and English: one table, one lookup.

Every label a stakeholder reads comes from :data:`LABELS`, assembled from one module per
report (``core`` for what all share); notebooks and chart functions carry no strings of
their own. ``Translator(lang, money)("orders")`` returns the label; values cited by a
sentence are written in the page's language and currency (see :mod:`crm_lib.section`;
amounts of a million or more compactly, tables keep every digit);
dates in the page's language (:mod:`crm_lib.i18n.dates`: 2025年1月1日 on Japanese pages).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from crm_lib.i18n import (
    campaigns,
    churn,
    core,
    executive,
    health,
    journey,
    leads,
    lists,
    ltv,
    segments,
    voice,
)
from crm_lib.i18n.dates import cited_date, date_text
from crm_lib.money import Amount, Money
from crm_lib.section import Code, Items, Label, Sentence

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
SECTIONS = (core, health, segments, ltv, churn, journey, campaigns, voice, leads, lists, executive)


def _merge(sections) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        clash = set(merged) & set(section.LABELS)
        if clash:
            raise RuntimeError(f"label defined twice: {sorted(clash)}")
        merged |= section.LABELS
    return merged


LABELS = _merge(SECTIONS)
_RANK = {key: i for i, key in enumerate(LABELS)}


def label_order(prefix: str | None, codes) -> list:
    """``codes`` in the order of meaning: as the label table defines ``prefix + code``
    (low, mid, high; never 高/低/中 sorted as text), codes without a label after them in
    their given order."""
    if not prefix:
        return list(codes)
    rank = [_RANK.get(f"{prefix}{code}", len(_RANK)) for code in codes]
    return [code for _, _, code in sorted(zip(rank, range(len(rank)), codes, strict=True))]


class Translator:
    """Looks labels up in one language; an unknown key is a bug and raises KeyError.

    ``money``: how amounts are written (the run's currency); needed only by pages that
    show amounts.
    """

    def __init__(self, language: Language = "ja", money: Money | None = None):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.language = language
        self._money = money

    @property
    def money(self) -> Money:
        if self._money is None:
            raise RuntimeError("this Translator was made without a currency")
        return self._money

    def notebook_title(self, name: str) -> str:
        """A notebook's report title; a notebook the table does not know shows its name."""
        key = f"nb_{name}"
        return self(key) if key in LABELS else name.replace("_", " ").capitalize()

    def code(self, prefix: str, value: Any) -> str:
        """The label of a code (``prefix + value``) when the table has one, else the code."""
        key = f"{prefix}{value}"
        return self(key) if key in LABELS else str(value)

    def date(self, value, spec: str = "%Y-%m-%d") -> str:
        """A date as the page writes it (``spec``: the precision, e.g. ``%Y-%m`` a month)."""
        return date_text(value, spec, self.language)

    def value(self, value: Any) -> Any:
        """A cited value as the page writes it (amounts, labels, codes, lists, dates)."""
        dated = cited_date(value, self.language)
        if dated is not None:
            return dated
        if isinstance(value, Amount):
            return self.money(value)
        if isinstance(value, Label):
            return self(value.key)
        if isinstance(value, Code):
            return self.code(value.prefix, value.value)
        if isinstance(value, Sentence):
            return self.sentence(value)
        if isinstance(value, Items):
            return self(value.separator).join(str(self.value(v)) for v in value.values)
        return value

    def cited(self, value: Any) -> Any:
        """A value as a sentence cites it: as :meth:`value` writes it (a table cell), but an
        amount of a million or more read at a glance (7,864万, 78.6M)."""
        if isinstance(value, Amount):
            return self.money.compact(value)
        if isinstance(value, Items):
            return self(value.separator).join(str(self.cited(v)) for v in value.values)
        return self.value(value)

    def sentence(self, sentence: Sentence) -> str:
        return self(sentence.key, **sentence.values)

    def __call__(self, key: str, **values) -> str:
        text = LABELS[key][self.language]
        if not values:
            return text
        like = interval_scales(values)
        return text.format(
            **{k: self.money.compact(v, like[k]) if k in like else self.cited(v)
               for k, v in values.items()}
        )  # fmt: skip


def interval_scales(values: dict[str, Any]) -> dict[str, float]:
    """The amount each cited interval amount is written like: an estimate ``x`` and its ends
    ``x_low``/``x_high`` (bare ``low``/``high``: the two ends) share the unit of the largest
    of them, so that an interval reads -105万〜100万, not -105万〜996,220."""
    groups: dict[str, list[str]] = {}
    for name, value in values.items():
        if isinstance(value, Amount) and math.isfinite(value):
            base = name.removesuffix("_low").removesuffix("_high")
            groups.setdefault("" if base in ("low", "high") else base, []).append(name)
    like: dict[str, float] = {}
    for names in groups.values():
        if any(n.endswith(("low", "high")) for n in names):
            largest = max(abs(values[n]) for n in names)
            like |= dict.fromkeys(names, largest)
    return like
