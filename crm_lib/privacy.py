"""Masking personal data (names, e-mail addresses, phone numbers) before anything reaches a
report. Vectorised on pandas Series (string methods with regular expressions, no loops).

``mask_name("山田 花子")`` → ``"山田 **"`` (surname kept), ``mask_email(
"taro.yamada12@example.jp")`` → ``"t***@example.jp"``, ``mask_phone("090-1234-5678")`` →
``"090-****-5678"``; :func:`mask_text` masks e-mail addresses and phone numbers inside free
text.
"""

from __future__ import annotations

import pandas as pd

EMAIL = r"([A-Za-z0-9])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"
PHONE = r"(?<!\d)(0\d{1,4})[-‐－ ](\d{1,4})[-‐－ ](\d{4})(?!\d)"  # 03-1234-5678
PHONE_BARE = r"(?<!\d)(0\d0)(\d{4})(\d{4})(?!\d)"  # mobile without hyphens: 09012345678


def _series(values) -> tuple[pd.Series, bool]:
    if isinstance(values, pd.Series):
        return values.astype("str"), True
    return pd.Series([values], dtype="str"), False


def _back(result: pd.Series, was_series: bool, original):
    if was_series:
        return result.where(original.notna(), original)
    return None if original is None else result.iloc[0]


def mask_name(names):
    """Keep the surname (text before the first space, half- or full-width) and replace the
    given name by ``**``; a name without a space keeps its first character."""
    s, is_series = _series(names)
    spaced = s.str.replace(r"^(\S+)[ 　].*$", r"\1 **", regex=True)
    masked = spaced.where(s.str.contains(r"[ 　]", regex=True), s.str.slice(0, 1) + "**")
    return _back(masked, is_series, names)


def mask_email(emails):
    """Keep the first character of the local part and the domain: ``t***@example.jp``."""
    s, is_series = _series(emails)
    return _back(s.str.replace(EMAIL, r"\1***\2", regex=True), is_series, emails)


def mask_phone(phones):
    """Keep the area/mobile prefix and the last four digits: ``090-****-5678``."""
    s, is_series = _series(phones)
    masked = s.str.replace(PHONE, r"\1-****-\3", regex=True)
    masked = masked.str.replace(PHONE_BARE, r"\1-****-\3", regex=True)
    return _back(masked, is_series, phones)


def mask_text(texts):
    """Mask every e-mail address and phone number inside free text (call-centre notes)."""
    s, is_series = _series(texts)
    masked = s.str.replace(EMAIL, r"\1***\2", regex=True)
    masked = masked.str.replace(PHONE, r"\1-****-\3", regex=True)
    masked = masked.str.replace(PHONE_BARE, r"\1-****-\3", regex=True)
    return _back(masked, is_series, texts)
