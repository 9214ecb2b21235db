"""Dates, months and times as a page writes them, in its language.

Japanese pages write ``2025年1月1日``, ``2025年1月`` and ``21:05`` (no zero padding, no
ISO dates, no English month names); English pages keep the label's own format
(``%d %b %Y``, ``%Y-%m-%d``), the day without a leading zero. A time carries its zone:
Japanese pages show Japan time (日本時間) unless the run names another zone.

Charts take their date axes from :func:`plotly_date_formats` (d3 formats written by
``crm_lib``, not plotly's locale files, which would be fetched from the network).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

#: the zone a page shows times in when the run names none
DEFAULT_ZONE = {"ja": "Asia/Tokyo", "en": "UTC"}
ZONE_NAMES = {"ja": {"Asia/Tokyo": "日本時間", "UTC": "協定世界時"}, "en": {"Asia/Tokyo": "JST"}}
_DAY = re.compile(r"%-?[de]")
_MONTH = re.compile(r"%-?[mbB]")
_TIME = re.compile(r"%-?[HIM]")


def date_text(value: dt.date, spec: str, language: str) -> str:
    """A date (or a timestamp) written with the format ``spec`` of a label, in
    ``language``: on Japanese pages as 年月日 whatever the spec, by the precision it asks
    for (day, month or year, and the time when it has one)."""
    if language != "ja":
        return _english(value, spec)
    if _DAY.search(spec) or not spec:
        text = f"{value.year}年{value.month}月{value.day}日"
    elif _MONTH.search(spec):
        text = f"{value.year}年{value.month}月"
    elif "%Y" in spec:
        text = f"{value.year}年"
    else:
        return value.strftime(spec)
    if _TIME.search(spec) and isinstance(value, dt.datetime):
        text += f" {value.hour}:{value.minute:02d}"
    return text


def _english(value: dt.date, spec: str) -> str:
    if not spec:
        timed = isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0)
        spec = "%Y-%m-%d %H:%M" if timed else "%Y-%m-%d"
    if re.search(r"%-?[bB]", spec):  # "01 Jan 2025" -> "1 Jan 2025"
        spec = re.sub(r"%-?d", str(value.day), spec)
    return value.strftime(spec)


class LocalDate:
    """A date cited in a sentence, formatted by :func:`date_text` in the page's language
    (``{end:%Y年%m月%d日}`` and ``{end:%Y-%m-%d}`` both read 2025年1月1日 on a ja page);
    ``default``: the format when the label gives none (``%Y-%m``: a month)."""

    def __init__(self, value: dt.date, language: str, default: str = ""):
        self.value, self.language, self.default = value, language, default

    def __format__(self, spec: str) -> str:
        return date_text(self.value, spec or self.default, self.language)

    def __str__(self) -> str:
        return format(self, "")


def cited_date(value: Any, language: str) -> LocalDate | None:
    """A cited date, timestamp or month (``pd.Period``: 2024年9月) as the page writes it;
    None for any other value."""
    if isinstance(value, pd.Period):
        month = value.freqstr.startswith("M")
        return LocalDate(value.start_time, language, "%Y-%m" if month else "%Y-%m-%d")
    return LocalDate(value, language) if is_date(value) else None


def is_date(value: Any) -> bool:
    """A date or timestamp (pandas' ``Timestamp`` too, not ``NaT``)."""
    return isinstance(value, dt.date) and value == value


def zone_of(language: str, zone: str | None = None) -> ZoneInfo:
    """The time zone a page shows times in: the run's, else its language's default."""
    return ZoneInfo(zone or DEFAULT_ZONE.get(language, "UTC"))


def time_text(moment: dt.datetime, language: str, zone: str | None = None) -> str:
    """A moment (naive = UTC) in the page's zone, the zone named:
    ``2026年1月1日 18:00（日本時間）``, ``1 Jan 2026 09:00 UTC``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    tz = zone_of(language, zone)
    local = aware.astimezone(tz)
    name = ZONE_NAMES.get(language, {}).get(tz.key, tz.key)
    if language == "ja":
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（{name}）"
    return f"{local.day} {local:%b %Y %H:%M} {name}"


def period_text(start: dt.date, end: dt.date, language: str) -> str:
    """A period of days: ``2023年1月3日〜2025年12月31日``, ``2023-01-03 – 2025-12-31``."""
    if language == "ja":
        return f"{date_text(start, '%d', 'ja')}〜{date_text(end, '%d', 'ja')}"
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def plotly_date_formats(language: str, unit: str = "month") -> dict:
    """Axis settings of a plotly date axis in ``language``: tick labels per zoom level and
    the hover label (``unit``: ``day`` or ``month``, the precision of the data). Japanese
    ticks read 2023年1月; English ones are plotly's own."""
    if language != "ja":
        return {}
    day, month, year = "%Y年%-m月%-d日", "%Y年%-m月", "%Y年"
    return {
        "tickformatstops": [
            {"dtickrange": [None, 86_400_000 * 27], "value": day},
            {"dtickrange": [86_400_000 * 27, "M12"], "value": month},
            {"dtickrange": ["M12", None], "value": year},
        ],
        "tickformat": month,
        "hoverformat": day if unit == "day" else month,
    }
