"""Money: the one place that knows currencies, their symbols and how an amount is written.

Every amount on every page goes through :class:`Money` (``t.money(x)`` in a notebook, or an
:class:`Amount` value in a sentence), so that CDNOW pages show dollars and the demo's yen.
The currency comes from ``business.currency`` of the run config. Tables write every digit;
sentences write an amount of a million or more compactly (:meth:`Money.compact`): 7,864万円
and 1.23億円 on Japanese pages, ¥78.6M and $1.23B on English ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: characters that mark an amount in a user's export (stripped when numbers are parsed)
CURRENCY_MARKS = "¥￥円$"


@dataclass(frozen=True)
class CurrencyInfo:
    """How one currency is written: symbol, the Japanese unit word, decimals shown."""

    symbol: str
    ja_unit: str | None  # written after the number on Japanese pages (1,200円); None: symbol
    decimals: int  # for amounts below 1,000 of the unit; larger ones are whole units
    ja_name: str | None = None  # after 万/億 on Japanese pages (1,235万ドル); None: ja_unit


CURRENCIES: dict[str, CurrencyInfo] = {
    "JPY": CurrencyInfo("¥", "円", 0),
    "USD": CurrencyInfo("$", None, 2, "ドル"),
    "EUR": CurrencyInfo("€", None, 2, "ユーロ"),
    "GBP": CurrencyInfo("£", None, 2, "ポンド"),
    "CNY": CurrencyInfo("CN¥", "元", 2),
    "KRW": CurrencyInfo("₩", "ウォン", 0),
    "TWD": CurrencyInfo("NT$", None, 0, "台湾ドル"),
}

#: from this amount on, a sentence writes an amount compactly (tables keep every digit)
COMPACT_FROM = 1_000_000

#: the units of compact amounts, smallest first: (size, word, significant digits; None:
#: whole units). Japanese counts in 万 (7,864万) and then 億 and 兆 (1.23億).
_JA_UNITS = ((10**4, "万", None), (10**8, "億", 3), (10**12, "兆", 3))
_EN_UNITS = ((10**6, "M", 3), (10**9, "B", 3), (10**12, "T", 3))


def _decimals(scaled: float, digits: int | None) -> int:
    """Decimals that write ``scaled`` (>= 1) to ``digits`` significant digits, never fewer
    than whole units (1.23, 12.3, 123, 1,235); None: whole units."""
    for decimals in range(digits - 1, 0, -1) if digits else ():
        if float(f"{scaled:.{decimals}f}") < 10 ** (digits - decimals):
            return decimals
    return 0


def _unit(amount: float, units) -> tuple[int, str, int]:
    """Size, word and decimals of the unit a compact amount (no sign) is written in: the
    smallest whose rounded figure stays below the next unit (99,995,000 is 1.00億, not
    10,000万)."""
    for (size, word, digits), following in zip(units, [*units[1:], None], strict=True):
        decimals = _decimals(amount / size, digits)
        if following is None or float(f"{amount / size:.{decimals}f}") * size < following[0]:
            return size, word, decimals
    raise AssertionError("unreachable")  # pragma: no cover


class Amount(float):
    """A float that is money, written with the run's currency: every digit in a table cell,
    from a million on compactly in a sentence (:meth:`Money.compact`)."""


@dataclass(frozen=True)
class Money:
    """Writes amounts of one currency for one language.

    ``Money("JPY", "ja")(25_533_540)`` → ``25,533,540円``; ``Money("USD", "en")(35.5)`` →
    ``$35.50``. ``unit`` is the word for column headers (``円``, ``$``).
    """

    code: str = "JPY"
    language: str = "ja"
    symbol: str | None = None  # overrides the table's symbol

    @property
    def info(self) -> CurrencyInfo:
        return CURRENCIES.get(self.code, CurrencyInfo(self.code + " ", None, 2))

    @property
    def unit(self) -> str:
        """The currency as a column header shows it: 円 on Japanese yen pages, else the symbol."""
        if self.language == "ja" and self.info.ja_unit and not self.symbol:
            return self.info.ja_unit
        return self.symbol or self.info.symbol

    def number(self, amount: float) -> str:
        """The amount's digits alone (for tables whose header names the currency)."""
        if amount is None or (isinstance(amount, float) and not math.isfinite(amount)):
            return ""
        decimals = self.info.decimals if abs(amount) < 1000 else 0
        return f"{amount:,.{decimals}f}"

    def __call__(self, amount: float) -> str:
        """The amount with its currency."""
        digits = self.number(amount)
        if not digits:
            return ""
        if self.language == "ja" and self.info.ja_unit and not self.symbol:
            return f"{digits}{self.info.ja_unit}"
        sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
        return f"{sign}{self.symbol or self.info.symbol}{digits}"

    def compact(self, amount: float, like: float | None = None) -> str:
        """The amount as a sentence writes it: below :data:`COMPACT_FROM` as :meth:`__call__`
        does; from it on in the language's own units (7,864万円, 1.23億円, 1,235万ドル on
        Japanese pages; ¥78.6M, $1.23B on English ones). ``like``: the amount whose unit
        and decimals to use (an interval's ends and its estimate share the unit of the
        largest: -105万円〜100万円, not -105万円〜996,220円); an amount that unit writes as 0
        is written in full."""
        like = amount if like is None else like
        if amount is None or not math.isfinite(amount) or not math.isfinite(like):
            return self(amount)
        if abs(round(like)) < COMPACT_FROM:  # 999,999.6 rounds to a million: compact
            return self(amount)
        ja = self.language == "ja"
        size, word, decimals = _unit(abs(like), _JA_UNITS if ja else _EN_UNITS)
        digits = f"{abs(amount) / size:,.{decimals}f}"
        if float(digits.replace(",", "")) == 0:
            return self(amount)
        sign = "-" if amount < 0 else ""
        if not ja:
            return f"{sign}{self.symbol or self.info.symbol}{digits}{word}"
        name = None if self.symbol else self.info.ja_name or self.info.ja_unit
        return f"{sign}{digits}{word}{name}" if name else f"{sign}{self.unit}{digits}{word}"
