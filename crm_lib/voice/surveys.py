"""Surveys with a purpose: which questions drive overall satisfaction, which predict later
behaviour, and which predict nothing.

:func:`key_drivers`: ordinary least squares of the standardised overall score on the
standardised question scores (with an intercept): each ``beta`` is the change in overall
satisfaction, in its standard deviations, per standard deviation of the question with the
other questions held fixed; classical standard errors, t-test p-values and 95 % intervals
(of the parameters, assuming independent respondents and constant error variance), as
``statsmodels.OLS`` computes them; Benjamini-Hochberg q-values over the questions.

:func:`predictiveness`: how well each question alone separates respondents who later did
something (repurchased) from those who did not: the area under the ROC curve (0.5 =
chance) with the Hanley & McNeil (1982) 95 % interval and the two-sided Mann-Whitney
p-value, BH-adjusted; a question whose q-value exceeds the false discovery rate
*predicts nothing* we can tell from chance and is a candidate to drop.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from crm_lib.experiments.arms import bh_adjust

Z95 = stats.norm.ppf(0.975)


def _standardised(frame: pd.DataFrame) -> pd.DataFrame:
    return (frame - frame.mean()) / frame.std(ddof=1)


def key_drivers(frame: pd.DataFrame, overall: str, questions: list[str]) -> pd.DataFrame:
    """One row per question (constant questions left out): ``question``, ``beta``, ``se``,
    ``ci_low``, ``ci_high``, ``p_value``, ``q_value``, ``r`` (correlation with the overall
    score), ``n`` (complete respondents); largest |beta| first."""
    data = frame[[overall, *questions]].dropna().astype(float)
    varying = [q for q in questions if data[q].std(ddof=1) > 0]
    n, k = len(data), len(varying)
    if k == 0 or n <= k + 1 or data[overall].std(ddof=1) == 0:
        columns = ["question", "beta", "se", "ci_low", "ci_high", "p_value", "q_value", "r", "n"]
        return pd.DataFrame(columns=columns)
    z = _standardised(data[[overall, *varying]])
    x = np.column_stack([np.ones(n), z[varying].to_numpy()])
    y = z[overall].to_numpy()
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    resid = y - x @ beta
    dof = n - k - 1
    sigma2 = resid @ resid / dof
    se = np.sqrt(np.diag(xtx_inv) * sigma2)
    t = beta / se
    crit = stats.t.ppf(0.975, dof)
    out = pd.DataFrame(
        {
            "question": varying,
            "beta": beta[1:],
            "se": se[1:],
            "ci_low": beta[1:] - crit * se[1:],
            "ci_high": beta[1:] + crit * se[1:],
            "p_value": 2 * stats.t.sf(np.abs(t[1:]), dof),
            "r": [float(np.corrcoef(z[q], y)[0, 1]) for q in varying],
            "n": n,
        }
    )
    out["q_value"] = bh_adjust(out["p_value"])
    return out.reindex(out["beta"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def auc_interval(auc: float, n_pos: int, n_neg: int) -> tuple[float, float]:
    """Hanley & McNeil (1982) 95 % interval of an AUC (clipped to 0..1)."""
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    var = (auc * (1 - auc) + (n_pos - 1) * (q1 - auc**2) + (n_neg - 1) * (q2 - auc**2)) / (
        n_pos * n_neg
    )
    half = Z95 * np.sqrt(max(var, 0.0))
    return max(0.0, auc - half), min(1.0, auc + half)


def predictiveness(
    frame: pd.DataFrame, outcome: str, questions: list[str], *, fdr: float = 0.05
) -> pd.DataFrame:
    """Per question: ``question``, ``auc`` (higher answers among those with the outcome),
    ``ci_low``, ``ci_high``, ``p_value`` (Mann-Whitney, two-sided), ``q_value`` (BH),
    ``predicts`` (q <= ``fdr``), ``n``; in the order given."""
    rows = []
    for q in questions:
        data = frame[[q, outcome]].dropna()
        yes = data.loc[data[outcome].astype(bool), q].astype(float).to_numpy()
        no = data.loc[~data[outcome].astype(bool), q].astype(float).to_numpy()
        if len(yes) == 0 or len(no) == 0:
            rows.append({"question": q, "auc": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                         "p_value": np.nan, "n": len(data)})  # fmt: skip
            continue
        test = stats.mannwhitneyu(yes, no, alternative="two-sided")
        auc = float(test.statistic) / (len(yes) * len(no))
        low, high = auc_interval(auc, len(yes), len(no))
        rows.append({"question": q, "auc": auc, "ci_low": low, "ci_high": high,
                     "p_value": float(test.pvalue), "n": len(data)})  # fmt: skip
    out = pd.DataFrame(rows)
    out["q_value"] = bh_adjust(out["p_value"]) if len(out) else []
    out["predicts"] = out["q_value"] <= fdr
    return out
