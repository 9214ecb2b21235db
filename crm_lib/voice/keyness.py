"""Which terms characterise a group of comments against the others (keyness).

Counts are *document frequencies*: the comments holding a term (a comment that repeats a
word counts once), so that one long note cannot make a term. For a target group of ``n1``
comments, ``a`` of which hold the term, against a reference of ``n2`` comments, ``b`` of
which hold it:

- :func:`log_likelihood_ratio`: Dunning's G² of the 2 x 2 table (target / reference x
  with / without the term), ``2 Σ O ln(O / E)``; equal to ``scipy.stats.chi2_contingency(
  table, correction=False, lambda_="log-likelihood")``.
- :func:`rising_p_value`: the one-sided binomial test that the target's share is higher:
  given the ``a + b`` comments holding the term, ``a ~ Binomial(a + b, n1 / (n1 + n2))``
  under equal rates (the conditional test of two Poisson rates), ``P(X >= a)``; equal to
  ``scipy.stats.binomtest(a, a + b, n1 / (n1 + n2), alternative="greater")``.

Many terms are tested at once: q-values are Benjamini-Hochberg adjusted
(:func:`crm_lib.experiments.arms.bh_adjust`), and a term is called characteristic at a
false discovery rate, not at a per-term 5 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from crm_lib.experiments.arms import bh_adjust


def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(observed > 0, observed * np.log(observed / expected), 0.0)


def log_likelihood_ratio(a, b, n1, n2) -> np.ndarray:
    """G² (chi-square with 1 degree of freedom under equal shares) of ``a`` of ``n1``
    against ``b`` of ``n2``; vectorised."""
    a, b, n1, n2 = (np.asarray(x, dtype=float) for x in (a, b, n1, n2))
    n = n1 + n2
    k = a + b
    cells = (
        (a, n1 * k / n),
        (n1 - a, n1 * (n - k) / n),
        (b, n2 * k / n),
        (n2 - b, n2 * (n - k) / n),
    )
    return 2.0 * sum(_xlogx_over(o, e) for o, e in cells)


def rising_p_value(a, b, n1, n2) -> np.ndarray:
    """One-sided binomial p-value that the share ``a / n1`` exceeds ``b / n2`` (see the
    module docstring); vectorised."""
    a, b, n1, n2 = (np.asarray(x, dtype=float) for x in (a, b, n1, n2))
    return stats.binom.sf(a - 1, a + b, n1 / (n1 + n2))


def doc_counts(terms: pd.DataFrame, docs: pd.Index | np.ndarray) -> pd.Series:
    """Comments holding each term among ``docs`` (``terms``: distinct doc, token)."""
    inside = terms[terms["doc"].isin(np.asarray(docs))]
    return inside.groupby("token", observed=True)["doc"].nunique()


def compare(
    terms: pd.DataFrame,
    target: np.ndarray,
    reference: np.ndarray,
    *,
    min_count: int = 5,
) -> pd.DataFrame:
    """Every term held by at least ``min_count`` target comments: ``term``, ``target``,
    ``reference`` (comments holding it), their shares, ``llr`` (G²), ``rising`` (target
    share higher), ``p_value`` (one-sided, rising) and ``q_value`` (BH over the terms
    tested), highest G² first among rising terms. ``target``/``reference``: doc numbers."""
    n1, n2 = len(np.unique(target)), len(np.unique(reference))
    return scored(doc_counts(terms, target), doc_counts(terms, reference), n1, n2, min_count)


def scored(a: pd.Series, b: pd.Series, n1: int, n2: int, min_count: int = 5) -> pd.DataFrame:
    """:func:`compare`'s table from the comments holding each term in the target (``a``,
    by term) and in the reference (``b``) among ``n1`` and ``n2`` comments."""
    a = a[a >= min_count]
    b = b.reindex(a.index, fill_value=0)
    out = pd.DataFrame(
        {"term": a.index.astype(str), "target": a.to_numpy(), "reference": b.to_numpy()}
    )
    if out.empty or n1 == 0 or n2 == 0:
        return out.assign(
            target_share=[], reference_share=[], llr=[], rising=[], p_value=[], q_value=[]
        )
    out["target_share"] = out["target"] / n1
    out["reference_share"] = out["reference"] / n2
    out["llr"] = log_likelihood_ratio(out["target"], out["reference"], n1, n2)
    out["rising"] = out["target_share"] > out["reference_share"]
    out["p_value"] = rising_p_value(out["target"], out["reference"], n1, n2)
    out["q_value"] = bh_adjust(out["p_value"])
    order = np.lexsort((out["term"], -out["llr"], ~out["rising"]))
    return out.iloc[order].reset_index(drop=True)


def keyness_by_group(
    terms: pd.DataFrame,
    groups: pd.Series,
    *,
    min_count: int = 5,
    fdr: float = 0.05,
    top: int = 10,
) -> pd.DataFrame:
    """The characteristic terms of each group (``groups``: doc -> group) against the other
    groups' comments: the ``top`` rising terms with ``q_value <= fdr`` per group, as
    :func:`compare` rows with a ``group`` column."""
    rows = []
    docs = groups[~groups.index.duplicated()]
    sizes = docs.value_counts(dropna=True)  # comments per group
    held = terms[terms["doc"].isin(docs.index)]  # distinct (doc, token): one comment each
    held = pd.DataFrame({"group": docs.reindex(held["doc"]).to_numpy(), "token": held["token"]})
    per_group = held.groupby(["group", "token"], observed=True).size()
    everywhere = held.groupby("token", observed=True).size()  # in every grouped comment
    for group in sorted(sizes.index, key=str):
        a = per_group.xs(group, level="group") if group in per_group.index else everywhere[:0]
        others = everywhere.reindex(a.index, fill_value=0) - a
        n1 = int(sizes[group])
        found = scored(a, others, n1, len(docs) - n1, min_count)
        found = found[found["rising"] & (found["q_value"] <= fdr)].head(top)
        rows.append(found.assign(group=group))
    if not rows:
        return pd.DataFrame(columns=["group", "term", "target", "reference", "llr", "q_value"])
    return pd.concat(rows, ignore_index=True)
