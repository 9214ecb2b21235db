"""How well a score ranks customers by their response to a campaign: Qini and uplift curves,
their areas against random targeting, uplift by decile and in the top k %, and bootstrap
intervals. Written here (scikit-uplift and causalml are not used); numpy only, one sort.

Rows are customers of one experiment (one row per customer and send): ``y`` the outcome
(responded 0/1, or revenue), ``treatment`` 1 for a customer who was sent the message and 0
for the control group, ``score`` the predicted uplift. Customers are ranked by descending
score; N, N_T, N_C are the customers, treated and controls; after the top k customers R_T(k),
N_T(k), R_C(k), N_C(k) are the outcome sums and counts of each arm among them.

**Ties.** Customers with equal scores form one block, taken together: the curves have a
point only at the end of each block and run straight between those points (as scikit-learn's
``roc_curve`` and scikit-uplift do). So the order of the rows never matters, and a constant
score gives exactly the random line (every area 0).

**Qini curve** (Radcliffe 2007): q(k) = R_T(k) - R_C(k) N_T(k) / N_C(k), the treated
responders among the top k minus the control responders scaled to as many treated: the
incremental responders among the treated (the control term is 0 while N_C(k) = 0).
**Uplift curve** (Rzepakowski & Jaroszewicz 2012): u(k) = (R_T(k)/N_T(k) - R_C(k)/N_C(k)) k,
the incremental responders had all top k been treated (an arm with nobody yet has rate 0).
The x axis is the share targeted s = k / N.

**Areas against the random line**, the straight line from (0, 0) to the curve's end (what
random targeting gives on average), by trapezoids over s:

* ``qini_area`` = integral of q(s) - s q(N), in responders;
* ``qini_coefficient`` = qini_area / the same area of the **oracle** ranking (treated
  responders first, control responders last, score y T - y (1 - T): the highest Qini curve
  the data allow), so 1 = perfect, 0 = random, < 0 worse than random;
* ``auuc`` = integral of (u(s) - s u(N)) / N: the incremental response per customer gained
  over random targeting, averaged over all shares (a rate; money per customer for revenue).

Uplift by decile and in the top k % compare the response rates of the arms with Newcombe's
hybrid score interval (statsmodels ``confint_proportions_2indep``, method ``newcomb``); they
need a 0/1 outcome. Bootstrap intervals resample customers with replacement **within each
arm** (the arm sizes stay fixed, as in the experiment), seeded; percentile intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep

METRICS = ("qini_coefficient", "qini_area", "auuc", "uplift_top", "uplift_overall")


def _arrays(y, treatment, score) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    t = np.asarray(treatment).astype(bool)
    s = np.asarray(score, dtype=float)
    if not (len(y) == len(t) == len(s)):
        raise ValueError(f"lengths differ: y {len(y)}, treatment {len(t)}, score {len(s)}")
    if np.isnan(s).any() or np.isnan(y).any():
        raise ValueError("score and outcome may not be missing (NaN)")
    if t.all() or not t.any():
        raise ValueError("both arms (treatment and control) are needed")
    return y, t, s


class _Ranking:
    """Customers in descending order of a score, and the last position of each tied block."""

    def __init__(self, score: np.ndarray, y: np.ndarray, t: np.ndarray):
        self.order = np.argsort(-score, kind="stable")
        ranked = score[self.order]
        self.ends = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])
        self.t, self.y = t[self.order], y[self.order]

    def sums(self, weight=None) -> tuple[np.ndarray, ...]:
        """N_T(k), N_C(k), R_T(k), R_C(k) at k = 0 and at each block end (``weight``: how
        often each customer counts, in the original order)."""
        w = np.ones(len(self.t)) if weight is None else weight[self.order]
        wt = np.where(self.t, w, 0.0)
        wc = w - wt
        sums = (wt, wc, wt * self.y, wc * self.y)
        return tuple(np.r_[0.0, np.cumsum(a)[self.ends]] for a in sums)


def _rate(num, den):
    return np.divide(num, den, out=np.zeros_like(num, dtype=float), where=den > 0)


def _curves(n_t, n_c, r_t, r_c) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = n_t + n_c
    qini = r_t - r_c * _rate(n_t, n_c)
    uplift = (_rate(r_t, n_t) - _rate(r_c, n_c)) * n
    return n / n[-1], qini, uplift


def _area(x, curve) -> float:
    """Area between a curve and the straight line from the origin to its end (x ends at 1)."""
    return float(np.sum((curve[1:] + curve[:-1]) * np.diff(x)) / 2 - curve[-1] / 2)


def _oracle(y, t) -> np.ndarray:
    return np.where(t, y, -y)


def _top_mask(s: np.ndarray, share: float) -> np.ndarray:
    """The top ``share`` by score, with the whole tied block at the boundary."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], not {share}")
    k = int(np.ceil(share * len(s)))
    cut = np.sort(s)[::-1][k - 1]
    return s >= cut


def curves(y, treatment, score) -> pd.DataFrame:
    """The Qini and uplift curves, one row at the start and at the end of each tied block:
    ``n`` (customers targeted), ``share`` (n / N), ``n_treatment``, ``n_control``,
    ``responders_treatment``, ``responders_control`` (outcome sums), ``qini`` (incremental
    responders among the treated), ``qini_random``, ``uplift`` (incremental responders had
    all n been treated), ``uplift_random`` (the random lines of both)."""
    y, t, s = _arrays(y, treatment, score)
    n_t, n_c, r_t, r_c = _Ranking(s, y, t).sums()
    x, qini, uplift = _curves(n_t, n_c, r_t, r_c)
    return pd.DataFrame(
        {
            "n": (n_t + n_c).astype(np.int64), "share": x,
            "n_treatment": n_t.astype(np.int64), "n_control": n_c.astype(np.int64),
            "responders_treatment": r_t, "responders_control": r_c,
            "qini": qini, "qini_random": x * qini[-1],
            "uplift": uplift, "uplift_random": x * uplift[-1],
        }
    )  # fmt: skip


def _metrics(rank: _Ranking, oracle: _Ranking, top: int, weight=None) -> dict:
    """Every metric; ``top``: the index (into the curve points) of the end of the top set."""
    n_t, n_c, r_t, r_c = rank.sums(weight)
    x, qini, uplift = _curves(n_t, n_c, r_t, r_c)
    xo, qo, _ = _curves(*oracle.sums(weight))
    area, best = _area(x, qini), _area(xo, qo)

    def diff(i):
        return r_t[i] / n_t[i] - r_c[i] / n_c[i] if n_t[i] and n_c[i] else np.nan

    return {
        "qini_coefficient": area / best if best > 0 else np.nan,
        "qini_area": area,
        "auuc": _area(x, uplift / (n_t[-1] + n_c[-1])),
        "uplift_top": float(diff(top)),
        "uplift_overall": float(diff(-1)),
    }


def _top_index(rank: _Ranking, s: np.ndarray, share: float) -> int:
    """The curve point that ends the top ``share`` (see :func:`_top_mask`)."""
    k = int(_top_mask(s, share).sum())
    return int(np.searchsorted(rank.ends, k - 1)) + 1


def metrics(y, treatment, score, *, top_share: float = 0.1) -> dict:
    """``qini_coefficient``, ``qini_area``, ``auuc`` (see the module notes),
    ``uplift_top`` (treated minus control mean outcome among the top ``top_share``) and
    ``uplift_overall`` (the same over everyone)."""
    y, t, s = _arrays(y, treatment, score)
    rank, oracle = _Ranking(s, y, t), _Ranking(_oracle(y, t), y, t)
    return _metrics(rank, oracle, _top_index(rank, s, top_share))


def qini_coefficient(y, treatment, score) -> float:
    """Area between the Qini curve and the random line over the oracle's (1 perfect, 0
    random)."""
    return metrics(y, treatment, score)["qini_coefficient"]


def qini_area(y, treatment, score) -> float:
    """Area between the Qini curve and the random line (responders x share)."""
    return metrics(y, treatment, score)["qini_area"]


def auuc(y, treatment, score) -> float:
    """Area between the uplift curve and the random line, per customer."""
    return metrics(y, treatment, score)["auuc"]


def _newcombe(rt, nt, rc, nc, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    rt, nt, rc, nc = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (rt, nt, rc, nc))
    low, high = np.full(len(rt), np.nan), np.full(len(rt), np.nan)
    ok = (nt > 0) & (nc > 0)
    if ok.any():
        lo, hi = confint_proportions_2indep(
            rt[ok], nt[ok], rc[ok], nc[ok], method="newcomb", compare="diff", alpha=alpha
        )
        low[ok], high[ok] = lo, hi
    return low, high


def _binary(y: np.ndarray) -> None:
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("intervals for response rates need a 0/1 outcome")


def rates_by_group(y, t, groups, *, alpha: float = 0.05) -> pd.DataFrame:
    """Per group label (sorted, as the index): ``n``, ``n_treatment``, ``n_control``,
    ``responders_treatment``, ``responders_control``, ``rate_treatment``, ``rate_control``,
    ``uplift`` and its Newcombe interval ``ci_low``/``ci_high`` (empty when an arm has
    nobody); ``y`` 0/1, ``t`` bool."""
    y, t = np.asarray(y, dtype=float), np.asarray(t).astype(bool)
    frame = pd.DataFrame({"g": groups, "t": t, "yt": y * t, "yc": y * ~t, "c": ~t})
    agg = frame.groupby("g", sort=True).agg(
        n=("t", "size"), n_treatment=("t", "sum"), n_control=("c", "sum"),
        responders_treatment=("yt", "sum"), responders_control=("yc", "sum"),
    )  # fmt: skip
    agg["rate_treatment"] = agg["responders_treatment"] / agg["n_treatment"].replace(0, np.nan)
    agg["rate_control"] = agg["responders_control"] / agg["n_control"].replace(0, np.nan)
    agg["uplift"] = agg["rate_treatment"] - agg["rate_control"]
    agg["ci_low"], agg["ci_high"] = _newcombe(
        agg["responders_treatment"], agg["n_treatment"],
        agg["responders_control"], agg["n_control"], alpha,
    )  # fmt: skip
    return agg


def uplift_by_decile(y, treatment, score, *, bins: int = 10, alpha: float = 0.05) -> pd.DataFrame:
    """Observed uplift per score decile (``bins`` groups), highest scores first.

    A customer's group is ceil(bins x r / N), r being their rank from the top with tied
    scores sharing their average rank (so a tied block never straddles two groups). Columns:
    ``decile`` (1 = highest scores), ``n``, ``n_treatment``, ``n_control``,
    ``responders_treatment``, ``responders_control``, ``rate_treatment``, ``rate_control``,
    ``uplift`` (difference of rates), ``ci_low``/``ci_high`` (Newcombe, 1 - ``alpha``;
    empty when an arm has nobody), ``mean_score``.
    """
    y, t, s = _arrays(y, treatment, score)
    _binary(y)
    rank = pd.Series(-s).rank(method="average").to_numpy()
    decile = np.clip(np.ceil(bins * rank / len(s)), 1, bins).astype(int)
    table = rates_by_group(y, t, decile, alpha=alpha)
    table["mean_score"] = pd.Series(s).groupby(decile).mean()
    return table.rename_axis("decile").reset_index()


def uplift_at_top(y, treatment, score, share: float = 0.1, *, alpha: float = 0.05) -> dict:
    """Observed uplift among the top ``share`` of customers by score: the customers whose
    score is at least that of the ceil(share x N)-th (a tied block at the boundary is taken
    whole, so ``n`` may exceed share x N). Keys as the columns of :func:`uplift_by_decile`
    plus ``share``."""
    y, t, s = _arrays(y, treatment, score)
    _binary(y)
    table = rates_by_group(y, t, np.where(_top_mask(s, share), 1, 0), alpha=alpha)
    row = table.loc[1].to_dict()
    for key in ("n", "n_treatment", "n_control"):
        row[key] = int(row[key])
    return {"share": share, **row}


def _resample(rng: np.random.Generator, arms: list[np.ndarray], n: int) -> np.ndarray:
    """How often each of ``n`` customers is drawn when each arm (row indices) is resampled
    with replacement to its own size."""
    weight = np.zeros(n)
    for rows in arms:
        weight[rows] = np.bincount(rng.integers(0, len(rows), len(rows)), minlength=len(rows))
    return weight


def _gain_at(rank: _Ranking, share: float, weight=None) -> float:
    """Incremental outcome per customer had the top ``share`` been treated: u(s N) / N, the
    uplift curve interpolated between its points."""
    n_t, n_c, r_t, r_c = rank.sums(weight)
    x, _, uplift = _curves(n_t, n_c, r_t, r_c)
    return float(np.interp(share, x, uplift / (n_t[-1] + n_c[-1])))


def gain_at_share(
    y, treatment, score, share: float, *, n_boot: int = 200, seed: int = 0, alpha: float = 0.05
) -> dict:
    """Incremental outcome per customer of treating the top ``share`` by score (the uplift
    curve at that share, divided by N), with a percentile bootstrap interval resampling
    customers within each arm as :func:`bootstrap` does: ``estimate``, ``ci_low``,
    ``ci_high``, ``n_boot``. Multiplied by a population it is the incremental outcome of a
    send to its top share; the interval covers the sampling noise of the held-out customers
    at this share, not the choice of the share."""
    y, t, s = _arrays(y, treatment, score)
    if not 0 <= share <= 1:
        raise ValueError(f"share must be in [0, 1], not {share}")
    rank = _Ranking(s, y, t)
    rng = np.random.default_rng(seed)
    arms = [np.flatnonzero(t), np.flatnonzero(~t)]
    draws = np.empty(n_boot)
    for b in range(n_boot):
        weight = _resample(rng, arms, len(y))
        draws[b] = _gain_at(rank, share, weight)
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return {"estimate": _gain_at(rank, share), "ci_low": float(low), "ci_high": float(high),
            "n_boot": n_boot}  # fmt: skip


def bootstrap(
    y,
    treatment,
    score,
    *,
    n_boot: int = 200,
    seed: int = 0,
    alpha: float = 0.05,
    top_share: float = 0.1,
) -> pd.DataFrame:
    """Percentile bootstrap intervals of :func:`metrics`: ``n_boot`` resamples of the
    customers with replacement within each arm (``seed``: numpy Generator). Each resample is
    a vector of weights (how often each customer was drawn) on the fixed ranking, so there is
    one sort in all. One row per metric: ``metric``, ``estimate`` (on the data), ``ci_low``,
    ``ci_high`` (1 - ``alpha``), ``std`` (bootstrap standard deviation), ``n_boot``."""
    y, t, s = _arrays(y, treatment, score)
    rank, oracle = _Ranking(s, y, t), _Ranking(_oracle(y, t), y, t)
    top = _top_index(rank, s, top_share)
    estimate = _metrics(rank, oracle, top)
    rng = np.random.default_rng(seed)
    arms = [np.flatnonzero(t), np.flatnonzero(~t)]
    draws = {m: np.empty(n_boot) for m in METRICS}
    for b in range(n_boot):
        weight = _resample(rng, arms, len(y))
        for m, value in _metrics(rank, oracle, top, weight).items():
            draws[m][b] = value
    q = [alpha / 2, 1 - alpha / 2]
    rows = []
    for m in METRICS:
        d = draws[m][~np.isnan(draws[m])]
        low, high = np.quantile(d, q) if len(d) else (np.nan, np.nan)
        std = float(np.std(d, ddof=1)) if len(d) > 1 else np.nan
        rows.append(
            {"metric": m, "estimate": estimate[m], "ci_low": float(low), "ci_high": float(high),
             "std": std, "n_boot": n_boot}
        )  # fmt: skip
    return pd.DataFrame(rows)
