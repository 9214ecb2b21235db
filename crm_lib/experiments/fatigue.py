"""How often to contact: response and unsubscribe rates against the number of recent
sends, the count beyond which unsubscribes rise, and a recommended frequency cap.

**Sends in the window.** For every message actually sent (a ``treatment`` row of
``contacts``, any campaign; every row when the table has no ``group``), the number of sends
to the same customer in the ``window_days`` (30) days up to and including it: sends at most
30 x 24 hours earlier (strictly less), this one counted (so 1 = no other send in the
window). This is the definition of the demo's truth (``contact_fatigue``). A window
function over each customer's sends in time order (DuckDB ``RANGE``), no self-join.

**Rates** per count, for all sends and per channel of the send (the count itself runs
over all channels): unsubscribe rate (``unsubscribed`` on the send) and response rate
(``responded``), with Wilson intervals (statsmodels ``proportion_confint``).

**Where unsubscribes rise: a one-change-point binomial likelihood-ratio scan.** Counts with
fewer than ``min_sends`` sends are first merged into the next lower count (the first into
the next higher). For every split "count <= c against > c" the statistic is
LR(c) = 2 [l(below) + l(above) - l(all)], l the binomial log likelihood at its own rate,
kept only when the rate above is higher (one-sided; set to 0 otherwise). The change point is
the c with the largest LR. Its p-value is a parametric bootstrap under "no change" (every
count with the pooled rate; ``n_sim`` simulated tables, seeded, the maximum LR of each), so
that choosing the best split is paid for: p = (1 + #{LR_sim >= LR}) / (1 + n_sim). The
**recommended cap** is c (the highest count below the split), "at most c sends in 30 days",
when p < ``alpha`` (the smallest possible p is 1 / (1 + n_sim)); otherwise there is no cap
(no evidence of fatigue). The scan is repeated on each channel's sends where at least two
counts remain after merging (on the demo only e-mail). The same scan on the response rate
(one-sided: a fall) is reported alongside but does not set the cap: sends with more contacts
in the window come from other campaigns and seasons (newsletter weeks), so their response
rates differ for reasons other than fatigue. The campaign-adjusted difference at the cap
(Mantel-Haenszel risk difference over campaigns, a Wald interval) removes the differences
between campaigns but not those between the customers who are sent more (weekly newsletter
readers) and the others; it is evidence to read, not a causal effect of the extra send.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2, norm
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from crm_lib.dataset import Dataset

WINDOW_DAYS = 30
ALL = "all"
METHOD = (
    "one-change-point binomial likelihood-ratio scan on the unsubscribe rate by sends in the "
    "window (one-sided: a rise), p-value by parametric bootstrap of the maximum under no change"
)


def _has(ds: Dataset, table: str, column: str) -> bool:
    return ds.has(table) and column in ds.loads[table].columns


def sends_sql(
    window_days: int = WINDOW_DAYS,
    *,
    with_group: bool = True,
    with_channel: bool = True,
    with_responded: bool = True,
    with_unsubscribed: bool = True,
) -> str:
    """SQL: one row per actual send: ``customer_id``, ``campaign_id``, ``channel``,
    ``sent_at``, ``responded``, ``unsubscribed`` (0/1, NULL when the column is absent),
    ``sends_in_window`` (module notes)."""
    microseconds = int(window_days) * 86_400_000_000 - 1
    where = "WHERE lower(trim(coalesce(\"group\", 'treatment'))) <> 'control'" if with_group else ""
    resp = "CAST(coalesce(responded, false) AS INTEGER)" if with_responded else "NULL"
    unsub = "CAST(coalesce(unsubscribed, false) AS INTEGER)" if with_unsubscribed else "NULL"
    return f"""SELECT customer_id, campaign_id, {"channel" if with_channel else "NULL"} AS channel,
       sent_at, {resp} AS responded, {unsub} AS unsubscribed,
       count(*) OVER (PARTITION BY customer_id ORDER BY sent_at
                      RANGE BETWEEN INTERVAL {microseconds} MICROSECOND PRECEDING
                      AND CURRENT ROW) AS sends_in_window
FROM contacts {where}"""


def _sql(ds: Dataset, window_days: int) -> str:
    if not ds.has("contacts"):
        raise ValueError("contact fatigue needs the contacts table")
    return sends_sql(
        window_days,
        with_group=_has(ds, "contacts", "group"),
        with_channel=_has(ds, "contacts", "channel"),
        with_responded=_has(ds, "contacts", "responded"),
        with_unsubscribed=_has(ds, "contacts", "unsubscribed"),
    )


def _wilson(events, n, alpha) -> tuple[np.ndarray, np.ndarray]:
    events, n = np.asarray(events, dtype=float), np.asarray(n, dtype=float)
    low, high = np.full(len(n), np.nan), np.full(len(n), np.nan)
    ok = n > 0
    if ok.any():
        low[ok], high[ok] = proportion_confint(events[ok], n[ok], alpha=alpha, method="wilson")
    return low, high


def rates_table(counts: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Rates and Wilson intervals from a table of ``sends``, ``unsubscribes`` and
    ``responses`` (per row): adds ``unsubscribe_rate``, ``unsubscribe_low``,
    ``unsubscribe_high``, ``response_rate``, ``response_low``, ``response_high``."""
    out = counts.copy()
    for event, name in (("unsubscribes", "unsubscribe"), ("responses", "response")):
        out[f"{name}_rate"] = out[event] / out["sends"]
        out[f"{name}_low"], out[f"{name}_high"] = _wilson(out[event], out["sends"], alpha)
    return out


def fatigue_table(
    ds: Dataset, *, window_days: int = WINDOW_DAYS, by_channel: bool = True,
    alpha: float = 0.05,
) -> pd.DataFrame:  # fmt: skip
    """Per channel (``"all"`` first, then each channel of the sends) and count of sends in
    the window: ``channel``, ``sends_in_window``, ``sends``, ``unsubscribes``, ``responses``
    and the rates of :func:`rates_table` (empty when the column is absent)."""
    base = f"SELECT * FROM ({_sql(ds, window_days)})"
    grouped = f"""SELECT {{chan}} AS channel, sends_in_window, count(*) AS sends,
                  sum(unsubscribed) AS unsubscribes, sum(responded) AS responses
           FROM ({base}) GROUP BY ALL"""
    parts = [grouped.format(chan=f"'{ALL}'")]
    if by_channel:
        parts.append(grouped.format(chan="coalesce(channel, '—')"))
    sql = " UNION ALL ".join(parts)
    table = ds.con.execute(
        f"SELECT * FROM ({sql}) ORDER BY channel <> '{ALL}', channel, sends_in_window"
    ).df()
    for c in ("unsubscribes", "responses"):
        table[c] = table[c].astype(float)
    return rates_table(table, alpha)


def _merge_sparse(k, n, x, min_sends) -> tuple[np.ndarray, ...]:
    """Merge counts with fewer than ``min_sends`` sends into the next lower count (the
    lowest into the next higher): the lowest and highest count of each bin, its sends and
    events."""
    lo, hi, n, x = list(k), list(k), list(n), list(x)
    i = len(lo) - 1
    while i >= 0 and len(lo) > 1:
        if n[i] < min_sends:
            j = i - 1 if i > 0 else 1
            n[j], x[j] = n[j] + n[i], x[j] + x[i]
            lo[j], hi[j] = min(lo[j], lo[i]), max(hi[j], hi[i])
            del lo[i], hi[i], n[i], x[i]
        i = min(i - 1, len(lo) - 1)
    return np.array(lo), np.array(hi), np.array(n, dtype=float), np.array(x, dtype=float)


def _loglik(x, n):
    p = np.divide(x, n, out=np.zeros_like(x, dtype=float), where=n > 0)
    return xlogy(x, p) + xlogy(n - x, 1 - p)


def _scan(n: np.ndarray, x: np.ndarray, sign: int) -> np.ndarray:
    """LR statistic of each split (after bin j), shape (..., m - 1); ``x`` may carry
    leading simulation axes."""
    cx, cn = np.cumsum(x, axis=-1), np.cumsum(n)
    xb, nb = cx[..., :-1], cn[:-1]
    xa, na = cx[..., -1:] - xb, cn[-1] - nb
    lr = 2 * (_loglik(xb, nb) + _loglik(xa, na) - _loglik(cx[..., -1:], cn[-1]))
    rise = sign * (xa / na - xb / nb) > 0
    return np.where(rise, np.maximum(lr, 0), 0.0)


def change_point(
    counts, sends, events, *, direction: str = "increase", min_sends: int = 50,
    n_sim: int = 999, seed: int = 0, alpha: float = 0.05,
) -> dict:  # fmt: skip
    """The one-change-point scan of the module notes on a rate by count (``counts`` sorted
    or not; ``sends`` and ``events`` per count). ``direction``: ``"increase"`` (a rise above
    the change) or ``"decrease"``. Returns ``change`` (the count c: the rate changes after it;
    None when p >= ``alpha`` or fewer than two bins), ``split`` (the best c whatever its
    p-value), ``statistic`` (LR), ``p_value``
    (bootstrap), ``p_value_pointwise`` (chi-square, 1 df, ignoring the search), ``n_sim``,
    ``below`` and ``above`` (``sends``, ``events``, ``rate``, ``low``, ``high`` of Wilson),
    ``bins`` (lowest and highest count of each bin after merging), ``statistics`` (LR of
    each split after a bin), ``significant``."""
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', not {direction!r}")
    order = np.argsort(np.asarray(counts))
    lo, hi, n, x = _merge_sparse(
        np.asarray(counts)[order], np.asarray(sends, dtype=float)[order],
        np.asarray(events, dtype=float)[order], min_sends,
    )  # fmt: skip
    empty = {"change": None, "split": None, "statistic": np.nan, "p_value": np.nan,
             "p_value_pointwise": np.nan, "n_sim": n_sim, "below": None, "above": None,
             "bins": [[int(a), int(b)] for a, b in zip(lo, hi, strict=True)],
             "statistics": [], "significant": False}  # fmt: skip
    if len(lo) < 2 or x.sum() == 0 or x.sum() == n.sum():
        return empty
    sign = 1 if direction == "increase" else -1
    lr = _scan(n, x, sign)
    j = int(np.argmax(lr))
    stat = float(lr[j])
    rng = np.random.default_rng(seed)
    sims = rng.binomial(n.astype(np.int64), x.sum() / n.sum(), size=(n_sim, len(n)))
    sim_max = _scan(n, sims.astype(float), sign).max(axis=1)
    p_value = float((1 + np.sum(sim_max >= stat - 1e-9)) / (1 + n_sim)) if stat > 0 else 1.0
    sides = {}
    for side, m in (("below", slice(0, j + 1)), ("above", slice(j + 1, None))):
        ns, xs = float(n[m].sum()), float(x[m].sum())
        low, high = _wilson([xs], [ns], alpha)
        sides[side] = {"sends": int(ns), "events": int(xs), "rate": xs / ns,
                       "low": float(low[0]), "high": float(high[0])}  # fmt: skip
    significant = stat > 0 and p_value < alpha
    return {
        **empty,
        "change": int(hi[j]) if significant else None,
        "statistic": stat,
        "p_value": p_value,
        "p_value_pointwise": float(chi2.sf(stat, 1)),
        "split": int(hi[j]),
        **sides,
        "statistics": lr.tolist(),
        "significant": bool(significant),
    }


def mantel_haenszel_difference(x1, n1, x0, n0, *, alpha: float = 0.05) -> dict:
    """Mantel-Haenszel risk difference over strata (rate 1 minus rate 0; weights
    n1 n0 / (n1 + n0)) with a Wald interval (variance sum w^2 v / (sum w)^2, v the binomial
    variance of each stratum's difference); strata with an empty side are left out.
    Returns ``difference``, ``low``, ``high``, ``strata``."""
    x1, n1, x0, n0 = (np.asarray(a, dtype=float) for a in (x1, n1, x0, n0))
    ok = (n1 > 0) & (n0 > 0)
    if not ok.any():
        return {"difference": np.nan, "low": np.nan, "high": np.nan, "strata": 0}
    x1, n1, x0, n0 = x1[ok], n1[ok], x0[ok], n0[ok]
    p1, p0 = x1 / n1, x0 / n0
    w = n1 * n0 / (n1 + n0)
    diff = float(np.sum(w * (p1 - p0)) / w.sum())
    se = float(np.sqrt(np.sum(w**2 * (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0))) / w.sum())
    z = float(norm.ppf(1 - alpha / 2))
    return {"difference": diff, "low": diff - z * se, "high": diff + z * se,
            "strata": int(ok.sum())}  # fmt: skip


@dataclass
class FrequencyCap:
    """A recommended cap on sends per window and its evidence.

    ``cap``: at most this many sends in ``window_days`` days (None: no evidence of
    fatigue); ``method``; ``unsubscribe``: the :func:`change_point` result on the unsubscribe
    rate (all channels); ``response``: the same scan on the response rate (a fall) plus, at
    the split of the unsubscribe scan, ``difference`` (rate above minus below, Newcombe
    interval ``low``/``high``) and ``adjusted`` (Mantel-Haenszel over campaigns);
    ``by_channel``: per channel ``channel``, ``cap``, ``statistic``, ``p_value``,
    ``rate_below``, ``rate_above``, ``sends_below``, ``sends_above`` (channels with at
    least two counts of ``min_sends`` sends); ``table``: :func:`fatigue_table`.
    """

    cap: int | None
    window_days: int
    method: str
    unsubscribe: dict
    response: dict
    by_channel: pd.DataFrame
    table: pd.DataFrame = field(repr=False)


def frequency_cap(
    ds: Dataset,
    *,
    window_days: int = WINDOW_DAYS,
    min_sends: int = 50,
    n_sim: int = 999,
    seed: int = 0,
    alpha: float = 0.05,
) -> FrequencyCap:
    """The recommended cap of the module notes, with the evidence, from the contacts of
    ``ds``. Needs ``contacts.unsubscribed``."""
    if not _has(ds, "contacts", "unsubscribed"):
        raise ValueError("a frequency cap needs contacts.unsubscribed")
    table = fatigue_table(ds, window_days=window_days, alpha=alpha)
    options = {"min_sends": min_sends, "n_sim": n_sim, "seed": seed, "alpha": alpha}
    rows = []
    for channel, part in table.groupby("channel", sort=False):
        scan = change_point(part["sends_in_window"], part["sends"], part["unsubscribes"],
                            **options)  # fmt: skip
        if channel == ALL:
            unsub = scan
            overall = part
        elif len(scan["bins"]) >= 2:
            rows.append(
                {"channel": channel, "cap": scan["change"], "statistic": scan["statistic"],
                 "p_value": scan["p_value"],
                 "rate_below": scan["below"]["rate"] if scan["below"] else np.nan,
                 "rate_above": scan["above"]["rate"] if scan["above"] else np.nan,
                 "sends_below": scan["below"]["sends"] if scan["below"] else 0,
                 "sends_above": scan["above"]["sends"] if scan["above"] else 0}
            )  # fmt: skip
    by_channel = pd.DataFrame(
        rows, columns=["channel", "cap", "statistic", "p_value", "rate_below", "rate_above",
                       "sends_below", "sends_above"],
    )  # fmt: skip
    response = {}
    if _has(ds, "contacts", "responded"):
        response = change_point(overall["sends_in_window"], overall["sends"],
                                overall["responses"], direction="decrease", **options)  # fmt: skip
        split = unsub.get("split")
        if split is not None:
            response |= _response_at(ds, window_days, split, alpha)
    return FrequencyCap(
        cap=unsub["change"],
        window_days=window_days,
        method=METHOD,
        unsubscribe=unsub,
        response=response,
        by_channel=by_channel,
        table=table,
    )


def _response_at(ds: Dataset, window_days: int, split: int, alpha: float) -> dict:
    """Response above the split (more than ``split`` sends) against at/below it."""
    frame = ds.con.execute(
        f"""SELECT campaign_id, sends_in_window > {int(split)} AS above,
                   sum(responded) AS responded_sum, count(*) AS n
            FROM ({_sql(ds, window_days)}) GROUP BY ALL"""
    ).df()
    sums = frame.groupby("above")[["responded_sum", "n"]].sum()
    out = {"split_compared": int(split)}
    if {True, False} <= set(sums.index):
        x1, n1 = float(sums.loc[True, "responded_sum"]), float(sums.loc[True, "n"])
        x0, n0 = float(sums.loc[False, "responded_sum"]), float(sums.loc[False, "n"])
        low, high = confint_proportions_2indep(
            x1, n1, x0, n0, method="newcomb", compare="diff", alpha=alpha
        )
        out["difference"] = {"rate_above": x1 / n1, "rate_below": x0 / n0,
                             "difference": x1 / n1 - x0 / n0, "low": float(low),
                             "high": float(high)}  # fmt: skip
    g = frame.pivot_table(index="campaign_id", columns="above", values=["responded_sum", "n"],
                          aggfunc="sum", fill_value=0)  # fmt: skip
    if {True, False} <= set(g["n"].columns):
        out["adjusted"] = mantel_haenszel_difference(
            g[("responded_sum", True)], g[("n", True)], g[("responded_sum", False)],
            g[("n", False)], alpha=alpha,
        )  # fmt: skip
    return out
