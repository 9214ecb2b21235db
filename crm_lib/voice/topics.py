"""Topics of the comments: TF-IDF weighted comment x term matrix factorised by NMF.

A comment's *main topic* is its largest NMF weight (none when every weight is 0: the
comment holds no term the topics use). A topic is described by its ``top_terms`` heaviest
terms; its code is ``T1``, ``T2``... in order of the comments it holds. NMF is initialised
by NNDSVDa (deterministic) with ``random_state`` fixed: two runs give the same topics.
Terms held by fewer than ``min_df`` comments are left out of the matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer


def term_matrix(terms: pd.DataFrame, n_docs: int, *, min_df: int = 3):
    """(CSR comment x term matrix of 0/1, term names) from distinct (doc, token) pairs;
    only terms held by at least ``min_df`` comments."""
    counts = terms.groupby("token", observed=True)["doc"].size()
    vocab = np.sort(counts[counts >= min_df].index.astype(str).to_numpy())
    kept = terms[terms["token"].astype(str).isin(vocab)]
    col = np.searchsorted(vocab, kept["token"].astype(str).to_numpy())
    data = np.ones(len(kept), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (kept["doc"].to_numpy(), col)), shape=(n_docs, len(vocab)))
    return matrix, vocab


class TopicModel:
    """TF-IDF + NMF topics (scikit-learn style). ``fit(terms, n_docs)`` on distinct (doc,
    token) pairs; then ``topics_`` (topic, terms, weight order) and ``doc_topic_`` (main
    topic per doc, None without one)."""

    def __init__(self, n_topics: int = 10, *, top_terms: int = 5, min_df: int = 3,
                 random_state: int = 0):  # fmt: skip
        self.n_topics = n_topics
        self.top_terms = top_terms
        self.min_df = min_df
        self.random_state = random_state

    def fit(self, terms: pd.DataFrame, n_docs: int) -> TopicModel:
        matrix, vocab = term_matrix(terms, n_docs, min_df=self.min_df)
        k = max(1, min(self.n_topics, matrix.shape[1], matrix.shape[0]))
        weighted = TfidfTransformer(sublinear_tf=True).fit_transform(matrix)
        nmf = NMF(k, init="nndsvda", random_state=self.random_state, max_iter=400)
        w = nmf.fit_transform(weighted)
        h = nmf.components_
        self.n_iter_ = nmf.n_iter_
        self.converged_ = nmf.n_iter_ < nmf.max_iter
        main = np.where(w.max(axis=1) > 0, w.argmax(axis=1), -1)
        sizes = np.bincount(main[main >= 0], minlength=k)
        order = np.argsort(-sizes, kind="stable")  # T1 holds most comments
        code = {int(old): f"T{new + 1}" for new, old in enumerate(order)}
        self.vocabulary_ = vocab
        self.components_ = h[order]
        self.doc_topic_ = pd.Series([code.get(int(i)) for i in main], dtype=object)
        rows = []
        for new, old in enumerate(order):
            top = np.argsort(-h[old], kind="stable")[: self.top_terms]
            rows.append(
                {"topic": f"T{new + 1}", "terms": tuple(vocab[top]), "comments": int(sizes[old])}
            )
        self.topics_ = pd.DataFrame(rows)
        return self


def topic_shares(doc_topic: pd.Series, periods: pd.Series) -> pd.DataFrame:
    """Per topic: share of all comments, of the latest period's and of the baseline's
    whose main topic it is (``periods``: doc -> recent / baseline / earlier)."""
    frame = pd.DataFrame({"topic": doc_topic.to_numpy(), "period": periods.to_numpy()})
    total = frame.groupby("topic").size() / len(frame) if len(frame) else pd.Series(dtype=float)
    out = pd.DataFrame({"share": total})
    for period in ("recent", "baseline"):
        part = frame[frame["period"] == period]
        share = part.groupby("topic").size() / len(part) if len(part) else pd.Series(dtype=float)
        out[f"{period}_share"] = share
    return out.fillna(0.0).rename_axis("topic").reset_index()


def topic_trend(doc_topic: pd.Series, days: pd.Series) -> pd.DataFrame:
    """Comments per quarter and main topic: ``quarter`` (first day), ``topic``,
    ``comments``, ``share`` of the quarter's comments."""
    frame = pd.DataFrame(
        {"topic": doc_topic.to_numpy(), "quarter": pd.to_datetime(days).dt.to_period("Q")}
    )
    frame = frame.dropna(subset=["topic"])
    counts = frame.groupby(["quarter", "topic"]).size().rename("comments").reset_index()
    counts["share"] = counts["comments"] / counts.groupby("quarter")["comments"].transform("sum")
    counts["quarter"] = counts["quarter"].dt.to_timestamp()
    return counts
