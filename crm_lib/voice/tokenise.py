"""Japanese tokenisation of customer text with SudachiPy (``sudachidict_core``).

Text is NFKC-normalised (full-width letters and digits, half-width katakana folded) and
split by Sudachi in split mode C by default, which keeps compounds such as 定期便 or 液漏れ
whole; each token is written as Sudachi's *normalised form*, which folds spelling
variants (詰替え and 詰め替え, ｼｭﾐﾚｰｼｮﾝ and シミュレーション) into one term, case-folded
(ABC, abc). Product names of the config (``params.voice.user_words``) become a user
dictionary, so they stay one token.

A :class:`Tokeniser` keeps the tokens of the parts of speech the analysis reads
(:data:`KEPT_POS`: nouns, verbs, adjectives, adjectival nouns, adverbs and adjective-like
suffixes such as にくい) with ``stop`` marking the stop words (:func:`stop_words`) and
``negated`` marking a token followed by a negation (ない, ず, ません) in its clause, for the
sentiment score. Person names (固有名詞・人名, or any noun before 様/さん), numbers and
masked personal data are never tokens. Tokenising runs once per distinct text;
:mod:`crm_lib.voice.corpus` caches the result per run.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

KEPT_POS = ("名詞", "動詞", "形容詞", "形状詞", "副詞", "接尾辞")
NEGATIONS = frozenset({"ない", "無い", "ず", "ぬ"})  # ません ends in ん, normalised to ず
#: tokens that end the scope of a negation: punctuation, and conjunctive particles (固くて)
CLAUSE_END_POS = ("補助記号", "記号", "空白")
HONORIFICS = frozenset({"様", "さん", "殿", "氏", "ちゃん", "君"})  # after a person's name
MASKED = re.compile(
    r"[A-Za-z0-9._%+\-]*[*＊]{2,}(?:[@＠][A-Za-z0-9.\-]+|[-\d]*)"
)  # what the masker left of a name (山田 **), an address (t***@example.jp), a number
_USER_COST = 5000  # Sudachi word cost of a user-dictionary entry (lower: preferred)
_PROPER_NOUN_ID = 4786  # connection id of 名詞,固有名詞,一般 (Sudachi's user_dict.md)


def data_lines(name: str) -> list[list[str]]:
    """The rows (tab-separated fields) of a data file of the package, comments left out."""
    text = (
        resources.files("crm_lib.voice").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped stop-word list (``crm_lib/voice/data/stopwords_ja.txt``, normalised forms)
    and ``extra`` words (NFKC-normalised)."""
    shipped = {row[0].strip() for row in data_lines("stopwords_ja.txt")}
    return frozenset(shipped | {normalise(w) for w in extra})


def normalise(text: str) -> str:
    """NFKC: full-width ASCII to half-width, half-width katakana to full-width."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Rate:
    """How fast a tokeniser ran: texts and tokens per second of wall time."""

    texts: int
    tokens: int
    seconds: float

    @property
    def texts_per_second(self) -> float:
        return self.texts / self.seconds if self.seconds > 0 else float("nan")

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else float("nan")


class Tokeniser:
    """Sudachi tokeniser with the analysis's settings (scikit-learn style: settings in
    ``__init__``, the dictionary loaded by :meth:`fit`).

    ``split_mode``: ``"A"`` (shortest units), ``"B"`` or ``"C"`` (longest, the default);
    ``user_words``: words kept whole (product names); ``extra_stop_words``: added to the
    shipped list. After :meth:`transform`, ``rate_`` holds the measured speed.
    """

    def __init__(
        self,
        split_mode: str = "C",
        user_words: Sequence[str] = (),
        extra_stop_words: Sequence[str] = (),
    ):
        self.split_mode = split_mode
        self.user_words = user_words
        self.extra_stop_words = extra_stop_words

    def fit(self) -> Tokeniser:
        """Load the dictionary (and build the user dictionary of ``user_words``)."""
        from sudachipy import Config, Dictionary, SplitMode

        words = sorted({normalise(w).strip() for w in self.user_words if w.strip()})
        config = Config(user=[str(_user_dictionary(words))]) if words else None
        dictionary = Dictionary(config=config, dict="core") if config else Dictionary(dict="core")
        self.tokenizer_ = dictionary.tokenizer(getattr(SplitMode, self.split_mode))
        self.stop_words_ = stop_words(self.extra_stop_words)
        self.user_words_ = tuple(words)
        return self

    def settings_key(self) -> str:
        """A fingerprint of everything that changes the tokens (for the cache)."""
        import sudachipy

        parts = [
            sudachipy.__version__,
            _dictionary_version(),
            self.split_mode,
            *sorted(self.user_words),
            "|",
            *sorted(stop_words(self.extra_stop_words)),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def tokens(self, text: str) -> list[tuple[str, str, bool, bool]]:
        """(normalised form, part of speech, stop word, negated) of each kept token."""
        morphemes = list(self._morphemes(text))
        names = person_names(morphemes)
        out: list[tuple[str, str, bool, bool]] = []
        negation = False  # a negation follows in this clause (scanning backwards)
        for i in range(len(morphemes) - 1, -1, -1):
            m = morphemes[i]
            pos = m.part_of_speech()
            form = m.normalized_form().casefold()
            if pos[0] in CLAUSE_END_POS or pos[1] == "接続助詞":
                negation = False
            elif form in NEGATIONS and pos[0] in ("助動詞", "形容詞"):
                negation = True
            if i in names or not _kept(pos):
                continue
            out.append((form, pos[0], form in self.stop_words_, negation))
        out.reverse()
        return out

    def _morphemes(self, text: str):
        if not hasattr(self, "tokenizer_"):
            raise RuntimeError("call fit() first")
        return self.tokenizer_.tokenize(_prepared(text))

    def locate(self, text: str, term: str, width: int = 20) -> tuple[str, str, str] | None:
        """Keyword in context: (``width`` characters before, the term as written, ``width``
        characters after) of the first token of ``text`` whose normalised form is
        ``term``; None when no token is. The text is shown NFKC-normalised, with every word
        Sudachi reads as a person's name (a surname the masker kept: 山田様) as ``**``."""
        morphemes = list(self._morphemes(text))
        shown = _without_person_names(normalise(text), morphemes)
        for m in morphemes:
            if m.normalized_form().casefold() == term:
                begin, end = m.begin(), m.end()
                return (
                    shown[max(0, begin - width) : begin],
                    shown[begin:end],
                    shown[end : end + width],
                )
        return None

    def transform(self, texts: Sequence[str]) -> pd.DataFrame:
        """Tokens of each text: ``doc`` (position in ``texts``), ``token`` (normalised form),
        ``pos``, ``stop``, ``negated``. Sets ``rate_``."""
        docs, forms, kinds, stops, negs = [], [], [], [], []
        start = time.perf_counter()
        for i, text in enumerate(texts):
            for form, pos, stop, negated in self.tokens(text):
                docs.append(i)
                forms.append(form)
                kinds.append(pos)
                stops.append(stop)
                negs.append(negated)
        self.rate_ = Rate(len(texts), len(forms), time.perf_counter() - start)
        return pd.DataFrame(
            {
                "doc": np.asarray(docs, dtype=np.int64),
                "token": pd.Categorical(forms),
                "pos": pd.Categorical(kinds),
                "stop": np.asarray(stops, dtype=bool),
                "negated": np.asarray(negs, dtype=bool),
            }
        )


def person_names(morphemes) -> set[int]:
    """Positions of the morphemes that name a person: Sudachi's 人名, and any noun followed
    (spaces skipped) by an honorific (様, さん, 殿, 氏): 森様, 中野様 (a place name too)."""
    found, honorific_next = set(), False
    for i in range(len(morphemes) - 1, -1, -1):
        pos = morphemes[i].part_of_speech()
        if pos[0] == "空白":
            continue
        if pos[2] == "人名" or (pos[0] == "名詞" and honorific_next):
            found.add(i)
        honorific_next = pos[0] == "接尾辞" and morphemes[i].normalized_form() in HONORIFICS
    return found


def _without_person_names(text: str, morphemes) -> str:
    """``text`` with each person-name token replaced by asterisks of the same length."""
    chars = list(text)
    for i in person_names(morphemes):
        m = morphemes[i]
        chars[m.begin() : m.end()] = "*" * (m.end() - m.begin())
    return "".join(chars)


def _prepared(text: str) -> str:
    """NFKC, with what the masker left blanked out at the same length (offsets kept)."""
    return MASKED.sub(lambda m: " " * len(m.group()), normalise(text))


def _kept(pos: tuple[str, ...]) -> bool:
    """Content tokens: not numbers, counters, person names or noun-like suffixes (様)."""
    if pos[0] not in KEPT_POS:
        return False
    if pos[0] == "接尾辞":
        return pos[1] == "形容詞的"  # にくい, やすい
    return pos[1] != "数詞" and pos[2] not in ("人名", "助数詞可能")  # 20分, 3日


def _dictionary_version() -> str:
    from importlib.metadata import version

    return version("sudachidict_core")


def _user_dictionary(words: Sequence[str]) -> Path:
    """A Sudachi user dictionary with ``words`` as proper nouns, built once per word list
    in the temp folder (building reads the system dictionary: a few seconds)."""
    import sudachipy
    from sudachipy import sudachipy as native

    key = hashlib.sha256("\n".join([_dictionary_version(), *words]).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "crm_voice_userdict"
    target = folder / f"{key}.dic"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{key}.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for word in words:
            head = word.lower()  # Sudachi looks words up lower-cased
            writer.writerow(
                [head, _PROPER_NOUN_ID, _PROPER_NOUN_ID, _USER_COST, word, "名詞", "固有名詞",
                 "一般", "*", "*", "*", word, word, "*", "A", "*", "*", "*"]
            )  # fmt: skip
    partial = folder / f"{key}.{time.time_ns()}.part"
    native.build_user_dic(
        system=sudachipy._find_dict_path("core"),
        lex=[str(source)],
        output=str(partial),
        description="crm_lib voice user words",
    )
    partial.replace(target)  # atomic: a concurrent run sees the whole file or none
    return target
