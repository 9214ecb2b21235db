"""A positive / negative score per comment, and the satisfaction dimensions it touches.

Sentiment: the polarity lexicon ``crm_lib/voice/data/sentiment_ja.tsv`` (+1 / -1 per
normalised form) summed over a comment's tokens, a token followed by a negation in its
clause counting with the opposite sign (不満はありません: +1; 問題なく: +1), divided by the
polar tokens: ``(positive - negative) / (positive + negative)``, in -1..1, 0 without a
polar word. Its limits (said on the page): a fixed list written for this business, no
sarcasm, no degree (少し / とても), no word senses (高い: a price or an effect), and a
negation is only seen inside its clause.

Dimensions (``aspects_ja.tsv``): the rational ones — ``function`` (what the product does),
``price``, ``speed`` (delivery, the call centre's answer) — and the emotional one,
``feeling``. A comment touches a dimension when it holds one of its words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.voice.tokenise import data_lines

DIMENSIONS = ("function", "price", "speed", "feeling")
RATIONAL = ("function", "price", "speed")


def lexicon() -> pd.Series:
    """Normalised form -> polarity (+1 / -1)."""
    rows = data_lines("sentiment_ja.tsv")
    return pd.Series({r[0].strip(): int(r[1]) for r in rows}, dtype="int64")


def aspects() -> pd.Series:
    """Normalised form -> dimension."""
    rows = data_lines("aspects_ja.tsv")
    return pd.Series({r[0].strip(): r[1].strip() for r in rows}, dtype=object)


def token_lookup(tokens: pd.Series, table: pd.Series) -> pd.Series:
    """``table`` (normalised form -> value) looked up for every token (NaN: not in it). A
    categorical column is looked up once per category, not once per token."""
    if isinstance(tokens.dtype, pd.CategoricalDtype):
        values = table.reindex(tokens.cat.categories.astype(str)).to_numpy()
        codes = tokens.cat.codes.to_numpy()
        found = np.where(codes >= 0, values[np.maximum(codes, 0)], np.nan)
        return pd.Series(found, index=tokens.index)
    return tokens.astype(str).map(table)


def sentiment_scores(tokens: pd.DataFrame, n_docs: int, polarity: pd.Series | None = None):
    """Per doc (0..n_docs-1): ``positive``, ``negative`` (polar tokens after negation) and
    ``sentiment`` in -1..1 (see the module docstring)."""
    polarity = lexicon() if polarity is None else polarity
    sign = token_lookup(tokens["token"], polarity).fillna(0).astype(int)
    sign = sign.where(~tokens["negated"].to_numpy(), -sign)
    frame = pd.DataFrame({"doc": tokens["doc"].to_numpy(), "sign": sign.to_numpy()})
    pos = frame[frame["sign"] > 0].groupby("doc").size()
    neg = frame[frame["sign"] < 0].groupby("doc").size()
    out = pd.DataFrame(index=pd.RangeIndex(n_docs, name="doc"))
    out["positive"] = pos.reindex(out.index, fill_value=0).astype(int)
    out["negative"] = neg.reindex(out.index, fill_value=0).astype(int)
    polar = out["positive"] + out["negative"]
    out["sentiment"] = ((out["positive"] - out["negative"]) / polar.where(polar > 0)).fillna(0.0)
    return out


def dimensions(tokens: pd.DataFrame, n_docs: int, table: pd.Series | None = None) -> pd.DataFrame:
    """Per doc: one bool column per dimension of :data:`DIMENSIONS` (touched or not)."""
    table = aspects() if table is None else table
    dim = token_lookup(tokens["token"], table)
    frame = pd.DataFrame({"doc": tokens["doc"].to_numpy(), "dim": dim.to_numpy()}).dropna()
    out = pd.DataFrame(False, index=pd.RangeIndex(n_docs, name="doc"), columns=list(DIMENSIONS))
    for d in DIMENSIONS:
        out.loc[frame.loc[frame["dim"] == d, "doc"].unique(), d] = True
    return out
