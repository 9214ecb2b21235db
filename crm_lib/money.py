"""Money: the one place that knows currencies, their symbols and how an amount is written.

Every amount on every page goes through :class:`Money` (``t.money(x)`` in a notebook, or an
:class:`Amount` value in a sentence), so that CDNOW pages show dollars and the demo's yen.
The currency comes from ``business.currency`` of the run config.
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


CURRENCIES: dict[str, CurrencyInfo] = {
    "JPY": CurrencyInfo("¥", "円", 0),
    "USD": CurrencyInfo("$", None, 2),
    "EUR": CurrencyInfo("€", None, 2),
    "GBP": CurrencyInfo("£", None, 2),
    "CNY": CurrencyInfo("CN¥", "元", 2),
    "KRW": CurrencyInfo("₩", "ウォン", 0),
    "TWD": CurrencyInfo("NT$", None, 0),
}


class Amount(float):
    """A float that is money: sentences and tables write it with the run's currency."""


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
