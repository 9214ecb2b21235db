"""Report text and chart labels in Japanese and English: one table, one lookup.

Every label a stakeholder reads comes from :data:`LABELS`, assembled from one module per
report (``core`` for what all share); notebooks and chart functions carry no strings of
their own. ``Translator(lang)("orders")`` returns the label.
"""

from __future__ import annotations

from typing import Literal

from crm_lib.i18n import churn, core, executive, health, journey, ltv, segments

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
SECTIONS = (core, health, segments, ltv, churn, journey, executive)


def _merge(sections) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        clash = set(merged) & set(section.LABELS)
        if clash:
            raise RuntimeError(f"label defined twice: {sorted(clash)}")
        merged |= section.LABELS
    return merged


LABELS = _merge(SECTIONS)


class Translator:
    """Looks labels up in one language; an unknown key is a bug and raises KeyError."""

    def __init__(self, language: Language = "ja"):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.language = language

    def notebook_title(self, name: str) -> str:
        """A notebook's report title; a notebook the table does not know shows its name."""
        key = f"nb_{name}"
        return self(key) if key in LABELS else name.replace("_", " ").capitalize()

    def __call__(self, key: str, **values) -> str:
        text = LABELS[key][self.language]
        return text.format(**values) if values else text
