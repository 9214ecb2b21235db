"""The co-occurrence network of the most frequent terms (as KH Coder draws it).

Nodes: the ``n_terms`` terms held by most comments, sized by those comments. Edges: two
terms whose comments overlap with a Jaccard coefficient (comments with both / comments
with either) of at least ``min_jaccard``. Positions: classical (Torgerson) multidimensional
scaling of 1 - Jaccard, an eigen-decomposition with no randomness, so terms that appear
together sit together.
Counting is one sparse product (comments x terms), linear in the comments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.voice.topics import term_matrix


@dataclass
class Network:
    """``nodes``: term, comments, x, y; ``edges``: source, target, jaccard, comments."""

    nodes: pd.DataFrame
    edges: pd.DataFrame


def classical_mds(distance: np.ndarray, dims: int = 2) -> np.ndarray:
    """Torgerson's classical scaling: coordinates whose Euclidean distances best match
    ``distance`` (a symmetric matrix), from the top eigenvectors of the double-centred
    squared distances; each axis's sign fixed so that two runs agree."""
    n = len(distance)
    if n == 0:
        return np.zeros((0, dims))
    centre = np.eye(n) - np.full((n, n), 1.0 / n)
    b = -0.5 * centre @ (distance**2) @ centre
    values, vectors = np.linalg.eigh(b)
    top = np.argsort(values)[::-1][:dims]
    xy = vectors[:, top] * np.sqrt(np.clip(values[top], 0, None))
    signs = np.sign(xy[np.argmax(np.abs(xy), axis=0), range(xy.shape[1])])
    xy = xy * np.where(signs == 0, 1, signs)
    return np.pad(xy, ((0, 0), (0, dims - xy.shape[1])))


def cooccurrence(
    terms: pd.DataFrame, n_docs: int, *, n_terms: int = 40, min_jaccard: float = 0.2
) -> Network:
    """The network of the ``n_terms`` most frequent terms (see the module docstring)."""
    counts = (
        terms.groupby("token", observed=True)["doc"]
        .size()
        .sort_values(ascending=False, kind="stable")
    )
    top = counts.head(n_terms).index.astype(str)
    matrix, vocab = term_matrix(terms[terms["token"].astype(str).isin(top)], n_docs, min_df=1)
    both = (matrix.T @ matrix).toarray()
    held = np.diag(both).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = both / (held[:, None] + held[None, :] - both)
    jaccard = np.nan_to_num(jaccard)
    np.fill_diagonal(jaccard, 1.0)
    xy = classical_mds(1.0 - jaccard)
    nodes = pd.DataFrame(
        {"term": vocab, "comments": held.astype(int), "x": xy[:, 0], "y": xy[:, 1]}
    )
    i, j = np.triu_indices(len(vocab), k=1)
    keep = jaccard[i, j] >= min_jaccard
    edges = pd.DataFrame(
        {
            "source": vocab[i[keep]],
            "target": vocab[j[keep]],
            "jaccard": jaccard[i, j][keep],
            "comments": both[i, j][keep].astype(int),
        }
    ).sort_values("jaccard", ascending=False, kind="stable", ignore_index=True)
    return Network(nodes.sort_values("comments", ascending=False, ignore_index=True), edges)
