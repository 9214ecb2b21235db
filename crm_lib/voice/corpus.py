"""The feedback table as a corpus: comments with their text masked, and their tokens.

Personal data is masked first (:class:`~crm_lib.privacy.Masker`: names, e-mail addresses,
phone numbers), so that no token, count, example sentence or artifact can carry it; what
the masker leaves (``山田 **``, ``t***@example.jp``) is dropped before tokenising and a
surname alone is a person name, never a term. Each distinct masked text is tokenised once
(:class:`~crm_lib.voice.tokenise.Tokeniser`); the tokens are saved in the run folder
(artifact ``voice_tokens``) and read back instead of tokenising again when the same run
folder already holds them for the same settings.

Periods: the *latest period* is the ``recent_months`` calendar months up to the
observation end (its month included), the *baseline* the ``baseline_months`` before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.params import VoiceParams
from crm_lib.privacy import Masker
from crm_lib.voice.tokenise import Rate, Tokeniser


@dataclass(frozen=True)
class Periods:
    """The latest period ``[recent_start, end]`` and the baseline ``[baseline_start,
    recent_start)`` (dates)."""

    baseline_start: dt.date
    recent_start: dt.date
    end: dt.date


def periods(end: dt.date, recent_months: int, baseline_months: int) -> Periods:
    """The latest ``recent_months`` calendar months to ``end`` (its month included) and the
    ``baseline_months`` before them."""
    month = pd.Timestamp(end).to_period("M")
    recent = (month - (recent_months - 1)).to_timestamp().date()
    baseline = (month - (recent_months - 1) - baseline_months).to_timestamp().date()
    return Periods(baseline, recent, end)


@dataclass
class Corpus:
    """Comments and their tokens.

    ``comments``: one row per feedback row, ``doc`` = its position: ``feedback_id``,
    ``customer_id``, ``created_at``, ``day`` (date), ``channel``, ``rating``, ``text``
    (masked), ``period`` (``recent`` / ``baseline`` / ``earlier``). ``tokens``: ``doc``,
    ``token``, ``pos``, ``stop``, ``negated`` (see :mod:`crm_lib.voice.tokenise`).
    ``rate``: the measured tokenisation speed (None when read from the cache).
    """

    comments: pd.DataFrame
    tokens: pd.DataFrame
    periods: Periods
    rate: Rate | None
    distinct_texts: int
    user_words: tuple[str, ...]
    term_pos: tuple[str, ...]
    tokeniser: Tokeniser  # fitted on first use when the tokens came from the cache

    def fitted_tokeniser(self) -> Tokeniser:
        """The corpus's tokeniser, fitted (for example sentences)."""
        if not hasattr(self.tokeniser, "tokenizer_"):
            self.tokeniser.fit()
        return self.tokeniser

    @property
    def terms(self) -> pd.DataFrame:
        """Distinct (doc, token) pairs of the analysed terms (term parts of speech, no stop
        words)."""
        t = self.tokens
        keep = t["pos"].isin(self.term_pos) & ~t["stop"]
        return t.loc[keep, ["doc", "token"]].drop_duplicates(ignore_index=True)

    def __len__(self) -> int:
        return len(self.comments)


def _comments(ds: Dataset, masker: Masker, p: VoiceParams) -> pd.DataFrame:
    cols = ds.loads["feedback"].columns
    channel = "channel" if "channel" in cols else "NULL"
    rating = "CAST(rating AS DOUBLE)" if "rating" in cols else "CAST(NULL AS DOUBLE)"
    frame = ds.con.execute(
        f"""SELECT feedback_id, customer_id, created_at, CAST(created_at AS DATE) AS day,
                   coalesce(CAST({channel} AS VARCHAR), '') AS channel, {rating} AS rating,
                   coalesce(text, '') AS text
            FROM feedback ORDER BY created_at, feedback_id"""
    ).df()
    frame["text"] = masker.texts(frame["text"])
    span = periods(ds.observation_end, p.recent_months, p.baseline_months)
    day = pd.to_datetime(frame["day"])
    frame["period"] = np.select(
        [day >= pd.Timestamp(span.recent_start), day >= pd.Timestamp(span.baseline_start)],
        ["recent", "baseline"],
        "earlier",
    )
    frame.index.name = "doc"
    return frame.reset_index()


def load_corpus(
    ds: Dataset,
    p: VoiceParams,
    masker: Masker,
    cached: pd.DataFrame | None = None,
) -> Corpus:
    """The corpus of the feedback table (requires it). ``cached``: the ``voice_tokens``
    artifact of this run, reused when its settings and feedback ids match."""
    comments = _comments(ds, masker, p)
    tokeniser = Tokeniser(p.split_mode, p.user_words, p.stop_words)
    key = tokeniser.settings_key()
    span = periods(ds.observation_end, p.recent_months, p.baseline_months)
    codes, uniques = pd.factorize(comments["text"])
    reused = _from_cache(cached, comments, key)
    if reused is not None:
        tokens, rate = reused, None
    else:
        tokeniser.fit()
        per_text = tokeniser.transform(list(uniques))
        rate = tokeniser.rate_
        tokens = _per_comment(per_text, codes)
    words = tuple(sorted(set(p.user_words)))
    return Corpus(comments, tokens, span, rate, len(uniques), words, tuple(p.term_pos), tokeniser)


def _per_comment(per_text: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """Tokens of distinct texts (``doc`` = text code) spread to the comments holding each
    text, in comment order."""
    docs = pd.DataFrame({"doc": np.arange(len(codes)), "code": codes})
    merged = docs.merge(per_text.rename(columns={"doc": "code"}), on="code", sort=False)
    merged = merged.sort_values("doc", kind="stable").reset_index(drop=True)
    return merged[["doc", "token", "pos", "stop", "negated"]]


def _from_cache(cached: pd.DataFrame | None, comments: pd.DataFrame, key: str):
    if cached is None or cached.empty or "settings" not in cached.columns:
        return None
    if set(cached["settings"].astype(str).unique()) != {key}:
        return None
    doc_of = pd.Series(comments["doc"].to_numpy(), index=comments["feedback_id"].astype(str))
    ids = cached["feedback_id"].astype(str)
    if not set(ids.unique()) <= set(doc_of.index):
        return None
    out = cached.assign(doc=doc_of.reindex(ids).to_numpy())
    return out[["doc", "token", "pos", "stop", "negated"]].sort_values("doc", kind="stable")


def tokens_artifact(corpus: Corpus, p: VoiceParams) -> pd.DataFrame:
    """The ``voice_tokens`` artifact: tokens by ``feedback_id`` with the settings key."""
    key = Tokeniser(p.split_mode, p.user_words, p.stop_words).settings_key()
    ids = corpus.comments["feedback_id"].astype(str).to_numpy()
    t = corpus.tokens
    return pd.DataFrame(
        {
            "feedback_id": pd.Categorical(ids[t["doc"].to_numpy()]),
            "token": t["token"].astype(str),
            "pos": t["pos"].astype(str),
            "stop": t["stop"].to_numpy(),
            "negated": t["negated"].to_numpy(),
            "settings": pd.Categorical([key] * len(t)),
        }
    )
