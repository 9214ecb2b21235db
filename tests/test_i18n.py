"""Every label exists in Japanese and English; every notebook has a title in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm_lib.i18n import LABELS, LANGUAGES, Translator

ROOT = Path(__file__).resolve().parents[1]


def test_every_label_has_both_languages_and_the_same_placeholders():
    for key, texts in LABELS.items():
        assert set(texts) == set(LANGUAGES), key
        fields = {lang: set(re.findall(r"{(\w+)", text)) for lang, text in texts.items()}
        assert fields["ja"] == fields["en"], key


def test_every_shipped_notebook_has_a_title_in_both_languages():
    for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        name = path.stem.split("_", 1)[1]
        assert f"nb_{name}" in LABELS, path.name


def test_labels_used_in_code_exist():
    used = set()
    for path in [*(ROOT / "crm_lib").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text("utf-8")))
    assert used and used <= set(LABELS), used - set(LABELS)


def test_unknown_key_is_an_error_and_unknown_notebook_falls_back():
    t = Translator("en")
    with pytest.raises(KeyError):
        t("no_such_label")
    assert t.notebook_title("my_analysis") == "My analysis"
    assert Translator("ja").notebook_title("ltv") == "顧客生涯価値（LTV）"
