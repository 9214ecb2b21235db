"""Discovering what is new: terms and term pairs whose share of comments rose in the latest
period against the baseline, and example sentences of each (keyword in context).

A term is *emerging* when its share of the latest period's comments is higher than its
share of the baseline's and the one-sided binomial test of :mod:`crm_lib.voice.keyness`
holds at the false discovery rate ``fdr`` (Benjamini-Hochberg over every term tested);
terms are ranked by their log-likelihood ratio. A term needs ``min_recent_comments``
comments of the latest period to be tested. Pairs are two terms in the same comment, among
the ``pair_terms`` terms held by most comments of the two periods, tested the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.voice.corpus import Corpus
from crm_lib.voice.keyness import compare
from crm_lib.voice.tokenise import Tokeniser

PAIR_JOIN = "+"


def _period_docs(corpus: Corpus, period: str) -> np.ndarray:
    c = corpus.comments
    return c.loc[c["period"] == period, "doc"].to_numpy()


def emerging_terms(
    corpus: Corpus, *, min_count: int = 5, fdr: float = 0.05, terms: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every tested term (:func:`~crm_lib.voice.keyness.compare` of the latest period
    against the baseline) with ``emerging`` (rising, q <= ``fdr``); emerging terms first,
    by G². Columns renamed: ``recent``, ``baseline``, ``recent_share``,
    ``baseline_share``. ``terms``: distinct (doc, token) pairs (default: the corpus's)."""
    terms = corpus.terms if terms is None else terms
    found = compare(
        terms, _period_docs(corpus, "recent"), _period_docs(corpus, "baseline"), min_count=min_count
    )
    found = found.rename(
        columns={
            "target": "recent",
            "reference": "baseline",
            "target_share": "recent_share",
            "reference_share": "baseline_share",
        }
    )
    found["emerging"] = found["rising"] & (found["q_value"] <= fdr)
    order = np.lexsort((found["term"], -found["llr"], ~found["emerging"]))
    return found.iloc[order].reset_index(drop=True)


def pair_terms(corpus: Corpus, top: int) -> pd.DataFrame:
    """Distinct (doc, token) pairs where ``token`` is a pair ``a+b`` of two of the ``top``
    terms held by most comments of the latest period and the baseline (a < b)."""
    terms = corpus.terms
    c = corpus.comments
    studied = c.loc[c["period"].isin(["recent", "baseline"]), "doc"].to_numpy()
    inside = terms[terms["doc"].isin(studied)]
    frequent = inside.groupby("token", observed=True)["doc"].nunique()
    frequent = frequent.sort_values(ascending=False, kind="stable").head(top)
    kept = inside[inside["token"].isin(frequent.index)].astype({"token": str})
    pairs = kept.merge(kept, on="doc")
    pairs = pairs[pairs["token_x"] < pairs["token_y"]]
    token = pairs["token_x"] + PAIR_JOIN + pairs["token_y"]
    return pd.DataFrame({"doc": pairs["doc"].to_numpy(), "token": token.to_numpy()})


def emerging_pairs(
    corpus: Corpus, *, top: int = 100, min_count: int = 5, fdr: float = 0.05
) -> pd.DataFrame:
    """:func:`emerging_terms` of term pairs (``term`` = ``a+b``)."""
    return emerging_terms(corpus, min_count=min_count, fdr=fdr, terms=pair_terms(corpus, top))


def examples(
    corpus: Corpus,
    tokeniser: Tokeniser,
    terms: list[str],
    *,
    per_term: int = 3,
    width: int = 20,
) -> pd.DataFrame:
    """Keyword-in-context lines of each term from the latest period's comments (masked
    text), newest first, one per distinct text: ``term``, ``feedback_id``, ``channel``,
    ``day``, ``left``, ``keyword``, ``right``."""
    c = corpus.comments.set_index("doc")
    recent = c[c["period"] == "recent"]
    hits = corpus.terms[corpus.terms["token"].isin(terms)].astype({"token": str})
    hits = hits[hits["doc"].isin(recent.index)]
    rows = []
    for term in terms:
        docs = hits.loc[hits["token"] == term, "doc"].to_numpy()
        chosen = recent.loc[docs].sort_values(["created_at", "feedback_id"], ascending=False)
        chosen = chosen.drop_duplicates("text").head(per_term)
        for doc, r in chosen.iterrows():
            found = tokeniser.locate(r["text"], term, width)
            if found is None:
                continue
            left, keyword, right = found
            rows.append(
                {"term": term, "feedback_id": r["feedback_id"], "channel": r["channel"],
                 "day": r["day"], "left": left, "keyword": keyword, "right": right, "doc": doc}
            )  # fmt: skip
    columns = ["term", "feedback_id", "channel", "day", "left", "keyword", "right", "doc"]
    return pd.DataFrame(rows, columns=columns)
