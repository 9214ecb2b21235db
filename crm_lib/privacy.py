"""Masking personal data (names, e-mail addresses, phone numbers) before anything reaches a
stakeholder page or an artifact meant for sharing.

One policy, ``business.privacy`` of the config (:class:`~crm_lib.params.Privacy`: which of
name, email and phone are masked; by default all), is applied by one :class:`Masker` per
notebook: to the customers' own fields (:meth:`Masker.names`, :meth:`Masker.emails`,
:meth:`Masker.phones`) and to every value from the data a page shows — a sentence's cited
text, a table cell, a chart label, a text column of a shared artifact (:meth:`Masker.text`).
Personal data can hide in any text column (a note, a campaign or channel name), so a value
is masked wherever it contains an e-mail address or a phone number (Japanese formats:
``090-1234-5678``, ``03-1234-5678``, ``(03) 1234-5678``, full-width digits, ``+81 90 1234
5678``, ``09012345678``) or the name of a customer of the data (spaces, full-width
characters and case ignored). :class:`MaskingTranslator` is the page's Translator that
writes every value cited from the data masked.

``mask_name("山田 花子")`` → ``"山田 **"`` (surname kept), ``mask_email(
"taro.yamada12@example.jp")`` → ``"t***@example.jp"``, ``mask_phone("090-1234-5678")`` →
``"090-****-5678"``; :func:`mask_text` masks e-mail addresses and phone numbers inside free
text. Column functions take a pandas Series (or one value): names and e-mail addresses by
pandas' string methods, phone numbers value by value (:func:`_each`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from crm_lib.i18n import LABELS, Translator
from crm_lib.params import Privacy

_ALNUM = "A-Za-z0-9Ａ-Ｚａ-ｚ０-９"  # half- and full-width
EMAIL = (
    rf"([{_ALNUM}])[{_ALNUM}._%+\-．＿－]*"  # the local part: its first character is kept
    rf"([@＠][{_ALNUM}.\-．－]+[.．][A-Za-zＡ-Ｚａ-ｚ]{{2,}})"  # the domain, kept
)
_SEP = r"[-‐‑‒–—―−－ｰー 　]"  # hyphens, dashes, the long vowel mark, spaces (half/full width)
_OPEN, _CLOSE = "[(（]", "[)）]"
PHONE = (
    rf"(?<!\d){_OPEN}?([0０]\d{{1,4}})(?:{_CLOSE}{_SEP}?|{_SEP}{_OPEN}?|{_OPEN})"
    rf"(\d{{1,4}})(?:{_CLOSE}{_SEP}?|{_SEP})(\d{{4}})(?!\d)"
)  # 03-1234-5678, 090 1234 5678, (03) 1234-5678, 03(1234)5678, full-width digits
PHONE_INTERNATIONAL = (
    rf"[+＋][8８]{_SEP}?[1１]{_SEP}?(?:{_OPEN}?[0０]{_CLOSE}?)?{_SEP}?"
    rf"\d{{1,4}}{_SEP}?\d{{1,4}}{_SEP}?(\d{{4}})(?!\d)"
)  # +81 90 1234 5678, +81-3-1234-5678, +819012345678
PHONE_BARE = r"(?<!\d)([0０][5789５７８９][0０])(\d{4})(\d{4})(?!\d)"  # mobile: 09012345678
PHONE_BARE_LANDLINE = r"(?<!\d)([0０][1-9１-９])(\d{4})(\d{4})(?!\d)"  # 0312345678
_PHONE_RULES = (
    (PHONE_INTERNATIONAL, r"+81-****-\1"),
    (PHONE, r"\1-****-\3"),
    (PHONE_BARE, r"\1-****-\3"),
    (PHONE_BARE_LANDLINE, r"\1-****-\3"),
)
_EMAIL_RE = re.compile(EMAIL)
MIN_PHONE_DIGITS = 7  # the fewest digits any phone pattern matches (03-1-2345: 2 + 1 + 4)
_PHONE_RES = tuple((re.compile(p), r) for p, r in _PHONE_RULES)
_HIDDEN_DIGITS = re.compile(r"\d(?=(?:\D*\d){4})")  # every digit but the last four
#: what every phone pattern needs: MIN_PHONE_DIGITS digits (\d, as the patterns count them),
#: and a '+', ten digits in a row or a digit before a separator or parenthesis
_PHONE_DIGITS = re.compile(rf"(?:\d\D*){{{MIN_PHONE_DIGITS}}}")
_PHONE_SHAPE = re.compile(rf"[+＋]|\d{{10}}|\d(?:{_SEP}|{_OPEN}|{_CLOSE})")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_ASCII_SPACE = re.compile(r"\s")
MIN_NAME_CHARS = 2  # a known name this short (after removing spaces) is not searched for


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
    spaced = s.str.replace(r"^\s*(\S+)[ 　].*$", r"\1 **", regex=True, flags=re.S)
    masked = spaced.where(s.str.contains(r"\S[ 　]", regex=True), s.str.slice(0, 1) + "**")
    return _back(masked, is_series, names)


def mask_email(emails):
    """Keep the first character of the local part and the domain: ``t***@example.jp``; a
    value that is not an address keeps its first character."""
    s, is_series = _series(emails)
    masked = s.str.replace(EMAIL, r"\1***\2", regex=True)
    masked = masked.where(masked != s, s.str.slice(0, 1) + "***")
    return _back(masked, is_series, emails)


def mask_phone(phones):
    """Keep the area/mobile prefix and the last four digits: ``090-****-5678``; a value in
    no known format keeps only its last four digits."""
    s, is_series = _series(phones)
    masked = _each(s, _phone_masked)
    return _back(masked, is_series, phones)


def mask_text(texts):
    """Mask every e-mail address and phone number inside free text (call-centre notes)."""
    s, is_series = _series(texts)
    masked = _each(s.str.replace(EMAIL, r"\1***\2", regex=True), _phones_masked)
    return _back(masked, is_series, texts)


def _each(s: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """``function`` of each text of ``s`` (missing values kept). Phone numbers go through
    this rather than pandas' regular-expression replacement, which makes a pass over the
    column per pattern and, for the patterns' look-behinds, calls Python's ``re`` on each
    value anyway (1,000,000 phone fields: 24.4 s by column, 10.1 s by value)."""
    return pd.Series(
        [function(v) if isinstance(v, str) else v for v in s.to_numpy(dtype=object)],
        index=s.index, dtype="str",
    )  # fmt: skip


def _phones_masked(text: str) -> str:
    """``text`` with every phone number masked: each pattern in turn, substituted only
    where it is found (a search costs a third of a substitution that finds nothing)."""
    for pattern, replacement in _PHONE_RES:
        if pattern.search(text):
            text = pattern.sub(replacement, text)
    return text


def _phone_masked(phone: str) -> str:
    """One phone field: its number masked, or, in no known format, its last four digits
    kept."""
    masked = _phones_masked(phone)
    return masked if masked != phone else _HIDDEN_DIGITS.sub("*", phone)


def _normalized(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC, case-folded, without spaces; with each kept character's index in
    ``text``."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _name_one(name: str) -> str:
    spaced = re.match(r"\s*(\S+)[ 　]\S", name)
    return f"{spaced.group(1)} **" if spaced else name.strip()[:1] + "**"


class KnownNames:
    """The customers' names of a dataset, found inside any text whatever its spacing,
    width or case (``山田　花子``, ``山田花子様``, ``TARO YAMADA``). Names in Latin letters
    must stand as words (``Ann`` is not found in ``Annual``)."""

    def __init__(self, names: Iterable[str]):
        self.names: set[str] = set()
        for name in names:
            if isinstance(name, str):
                key, _ = _normalized(name)
                if len(key) >= MIN_NAME_CHARS:
                    self.names.add(key)
        self.lengths = sorted({len(n) for n in self.names}, reverse=True)
        self.starts = {n[:MIN_NAME_CHARS] for n in self.names}

    def may_occur(self, text: str) -> bool:
        """False only where no known name can be in ``text``: none of the names' first two
        characters (after the normalisation of :meth:`spans`) occur in it. Cheap for ASCII
        text (an identifier, a code), whose normalised form is its lower case."""
        if not self.names:
            return False
        if text.isascii():
            norm = _ASCII_SPACE.sub("", text.lower())
        else:
            norm, _ = _normalized(text)
        n = MIN_NAME_CHARS
        return any(norm[i : i + n] in self.starts for i in range(len(norm) - n + 1))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of every known name, longest first, not overlapping."""
        if not self.names:
            return []
        norm, where = _normalized(text)
        found, i = [], 0
        while i < len(norm):
            for n in self.lengths:
                if i + n <= len(norm) and norm[i : i + n] in self.names:
                    start, end = where[i], where[i + n - 1] + 1
                    if self._stands_alone(text, start, end):
                        found.append((start, end))
                        i += n
                        break
            else:
                i += 1
        return found

    @staticmethod
    def _stands_alone(text: str, start: int, end: int) -> bool:
        before = start > 0 and _ASCII_ALNUM.match(text[start - 1])
        after = end < len(text) and _ASCII_ALNUM.match(text[end])
        return not (
            (before and _ASCII_ALNUM.match(text[start]))
            or (after and _ASCII_ALNUM.match(text[end - 1]))
        )


class Masker:
    """Masks personal data per a :class:`~crm_lib.params.Privacy` policy.

    ``names``: the customers' names to find inside text (or a function returning them,
    called on first need); none by default, so a plain Masker masks e-mail addresses and
    phone numbers by their formats only.
    """

    def __init__(
        self,
        policy: Privacy | None = None,
        names: Iterable[str] | Callable[[], Iterable[str]] = (),
    ):
        self.policy = policy or Privacy()
        self._names_source = names
        self._known: KnownNames | None = None
        self._cache: dict[str, str] = {}

    @classmethod
    def for_dataset(cls, policy: Privacy | None, dataset: Any) -> Masker:
        """The masker of a run: the policy, and the names of the dataset's customers."""
        return cls(policy, lambda: customer_names(dataset))

    @property
    def known_names(self) -> KnownNames:
        if self._known is None:
            source = self._names_source
            self._known = KnownNames(source() if callable(source) else source)
        return self._known

    def text(self, value: Any) -> str:
        """A value from the data as a stakeholder may read it: every e-mail address, phone
        number and customer name in it masked, as far as the policy masks them."""
        text = "" if value is None else str(value)
        if text not in self._cache:
            self._cache[text] = self._mask(text)
        return self._cache[text]

    def _mask(self, text: str) -> str:
        if self.policy.email:
            text = _EMAIL_RE.sub(r"\1***\2", text)
        if self.policy.phone:
            text = _phones_masked(text)
        if self.policy.name:
            for start, end in reversed(self.known_names.spans(text)):
                text = text[:start] + _name_one(text[start:end]) + text[end:]
        return text

    def texts(self, values: pd.Series) -> pd.Series:
        """:meth:`text` of each value of a column (missing values kept). Each distinct value
        is looked at once, and only one that may hold personal data (an ``@``, seven digits,
        the start of a known name: :meth:`_may_hold`) is searched in full, so that a column
        of a million customer ids costs a second rather than half a minute."""
        distinct = pd.unique(values[values.notna()].to_numpy(dtype=object))
        shown = {v: self.text(v) if self._may_hold(str(v)) else str(v) for v in distinct}
        return values.map(lambda v: v if _missing(v) else shown[v])

    def _may_hold(self, text: str) -> bool:
        """False only where :meth:`_mask` would leave ``text`` as it is (an address needs an
        at sign, a phone number the digits and shape of ``_PHONE_SHAPE``, a name its first
        characters)."""
        policy = self.policy
        return bool(
            (policy.email and ("@" in text or "＠" in text))
            or (policy.phone and _PHONE_SHAPE.search(text) and _PHONE_DIGITS.search(text))
            or (policy.name and self.known_names.may_occur(text))
        )

    def names(self, values):
        """A name column as shared pages show it: masked (surname kept) unless the policy
        shows names."""
        return mask_name(values) if self.policy.name else values

    def emails(self, values):
        return mask_email(values) if self.policy.email else values

    def phones(self, values):
        return mask_phone(values) if self.policy.phone else values

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of a table meant for sharing with every text column masked."""
        out = frame.copy()
        for column in out.columns:
            if pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
                out[column] = self.texts(out[column])
        return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def customer_names(dataset: Any) -> list[str]:
    """The distinct names of the customers table (none without a name column)."""
    if not dataset.has("customers") or "name" not in dataset.loads["customers"].columns:
        return []
    rows = dataset.con.execute(
        "SELECT DISTINCT name FROM customers WHERE name IS NOT NULL"
    ).fetchall()
    return [r[0] for r in rows]


class MaskingTranslator(Translator):
    """The Translator of a stakeholder page: a value from the data that a sentence or a
    table cites (text, or a code without a label: a channel, a plan, a campaign) is written
    with its personal data masked by ``masker``; labels, numbers and amounts as usual."""

    def __init__(self, language="ja", money=None, masker: Masker | None = None):
        super().__init__(language, money)
        self.masker = masker or Masker()

    def code(self, prefix: str, value: Any) -> str:
        key = f"{prefix}{value}"
        return self(key) if key in LABELS else self.masker.text(value)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.masker.text(value)
        return super().value(value)


def masker_of(t: Translator) -> Masker:
    """The masker a Translator writes data values with (the default policy without one)."""
    return getattr(t, "masker", None) or _DEFAULT


_DEFAULT = Masker()
