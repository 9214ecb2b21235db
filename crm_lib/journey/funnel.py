"""Funnels over the stage model: who reaches each stage, conversion, drop-off, time to convert.

*Closed* funnel: a person enters at the first stage and counts at stage k only when an
event of stage k follows their stage k-1 time (within ``window_days`` when given).
*Open* funnel: a person counts at every stage they ever reached, in any order, so people
who enter mid-way (e.g. a customer with no recorded ad contact) are counted too; its
conversion is the ratio of consecutive stage counts and ignores the window.
*Exclusion*: a person with an event of an ``exclude`` type between their first and last
counted stage leaves the funnel altogether (as in product-analytics funnels).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pandas as pd

from crm_lib.journey.log import JourneyLog, sql_list

DAY_SECONDS = 86400.0
ARROW = "→"
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
DIMENSIONS = ("acquisition_channel", "cohort_month", "value_segment")


def _closed_steps_sql(log: JourneyLog, window_days: float | None) -> str:
    window = ""
    if window_days:
        window = (
            f"AND e.event_time <= p.t + to_microseconds(CAST({window_days} * 86400e6 AS BIGINT))"
        )
    ctes = [f"s0 AS (SELECT person_id, reached_at AS t FROM {log.reach} WHERE stage_idx = 0)"]
    for k in range(1, len(log.model.stages)):
        ctes.append(
            f"""s{k} AS (SELECT p.person_id, min(e.event_time) AS t, any_value(p.t) AS prev
                        FROM s{k - 1} p JOIN {log.events} e
                          ON e.person_id = p.person_id AND e.stage_idx = {k}
                         AND e.event_time >= p.t {window}
                        GROUP BY p.person_id)"""
        )
    union = [
        "SELECT person_id, 0 AS stage_idx, t AS reached_at, NULL::TIMESTAMP AS prev_at FROM s0"
    ]
    union += [f"SELECT person_id, {k}, t, prev FROM s{k}" for k in range(1, len(log.model.stages))]
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(union)}"


def _open_steps_sql(log: JourneyLog) -> str:
    return f"""SELECT r.person_id, r.stage_idx, r.reached_at, p.reached_at AS prev_at
               FROM {log.reach} r LEFT JOIN {log.reach} p
                 ON p.person_id = r.person_id AND p.stage_idx = r.stage_idx - 1"""


def steps_sql(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> str:
    """SQL of the funnel's rows: person_id, stage_idx, reached_at, prev_at (time in the
    previous stage, NULL at entry). ``window_days``: days allowed from one stage to the
    next (closed funnels; None or 0 = no limit)."""
    steps = _closed_steps_sql(log, window_days) if closed else _open_steps_sql(log)
    if not exclude:
        return steps
    return f"""WITH steps AS ({steps}),
        bounds AS (SELECT person_id, min(reached_at) AS a, max(reached_at) AS b
                   FROM steps GROUP BY person_id),
        excluded AS (SELECT DISTINCT b.person_id FROM bounds b JOIN {log.events} e
                       ON e.person_id = b.person_id AND e.event_type IN ({sql_list(exclude)})
                      AND e.event_time BETWEEN b.a AND b.b)
        SELECT * FROM steps ANTI JOIN excluded USING (person_id)"""


def _complete(counts: pd.DataFrame, log: JourneyLog, keys: list[str]) -> pd.DataFrame:
    """Add stages nobody reached, conversion from the previous stage and drop-off."""
    stages = pd.DataFrame({"stage_idx": range(len(log.model.stages)), "stage": log.model.stages})
    if keys:
        groups = counts[keys].drop_duplicates()
        stages = groups.merge(stages, how="cross")
    out = stages.merge(counts, on=[*keys, "stage_idx"], how="left")
    out["people"] = out["people"].fillna(0).astype("int64")
    out = out.sort_values([*keys, "stage_idx"]).reset_index(drop=True)
    previous = out.groupby(keys)["people"].shift() if keys else out["people"].shift()
    entry = out.groupby(keys)["people"].transform("first") if keys else out["people"].iloc[0]
    out["conversion"] = out["people"] / previous.where(previous > 0)
    out["lost"] = previous - out["people"]
    out["lost_share"] = 1 - out["conversion"]
    out["share_of_entry"] = out["people"] / (entry if keys else (entry or float("nan")))
    return out


def funnel(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """People per stage: stage, stage_idx, people, conversion (share of the previous stage's
    people, 0..1), lost (people), lost_share, share_of_entry. ``window_days`` in days."""
    sql = steps_sql(log, closed=closed, window_days=window_days, exclude=exclude)
    counts = log.con.execute(
        f"SELECT stage_idx, count(*) AS people FROM ({sql}) GROUP BY stage_idx"
    ).df()
    return _complete(counts, log, [])


def funnel_by(
    log: JourneyLog,
    dimension: str,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """The funnel per group of a person attribute (``acquisition_channel``,
    ``cohort_month`` = month of the first touch, ``value_segment`` = tercile of the first
    order's amount): the columns of :func:`funnel` plus ``group``."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
    sql = steps_sql(log, closed=closed, window_days=window_days, exclude=exclude)
    counts = log.con.execute(
        f"""SELECT p.{dimension} AS "group", s.stage_idx, count(*) AS people
            FROM ({sql}) s JOIN {log.people} p USING (person_id)
            GROUP BY ALL"""
    ).df()
    return _complete(counts, log, ["group"])


def conversion_table(by_group: pd.DataFrame) -> pd.DataFrame:
    """Wide view of :func:`funnel_by`: one row per group, ``entered`` (people at the first
    stage) and one conversion column per transition (``"awareness→interest"``)."""
    rows = by_group[by_group["stage_idx"] > 0].copy()
    stage_names = by_group.drop_duplicates("stage_idx").set_index("stage_idx")["stage"]
    rows["transition"] = rows["stage_idx"].map(lambda i: stage_names[i - 1]) + ARROW + rows["stage"]
    wide = rows.pivot(index="group", columns="transition", values="conversion")
    wide = wide[[f"{a}{ARROW}{b}" for a, b in itertools.pairwise(stage_names)]]
    entered = by_group[by_group["stage_idx"] == 0].set_index("group")["people"]
    wide.insert(0, "entered", entered.reindex(wide.index))
    return wide.reset_index().sort_values("group").reset_index(drop=True)


def time_to_convert(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """Days from each stage to the next among people who made the step: transition,
    from_stage, to_stage, people, mean_days and the 10/25/50/75/90 % quantiles
    (p10_days ... p90_days; median_days = p50)."""
    sql = steps_sql(log, closed=closed, window_days=window_days, exclude=exclude)
    quantiles = ", ".join(str(q) for q in QUANTILES)
    raw = log.con.execute(
        f"""SELECT stage_idx, count(*) AS people, avg(days) AS mean_days,
                   quantile_cont(days, [{quantiles}]) AS q
            FROM (SELECT stage_idx,
                         date_diff('millisecond', prev_at, reached_at) / {DAY_SECONDS * 1000}
                             AS days
                  FROM ({sql}) WHERE prev_at IS NOT NULL AND reached_at >= prev_at)
            GROUP BY stage_idx ORDER BY stage_idx"""
    ).df()
    stages = log.model.stages
    out = pd.DataFrame(
        {
            "transition": [f"{stages[i - 1]}{ARROW}{stages[i]}" for i in raw["stage_idx"]],
            "from_stage": [stages[i - 1] for i in raw["stage_idx"]],
            "to_stage": [stages[i] for i in raw["stage_idx"]],
            "people": raw["people"].astype("int64"),
            "mean_days": raw["mean_days"],
        }
    )
    for j, q in enumerate(QUANTILES):
        out[f"p{round(q * 100)}_days"] = [list(v)[j] for v in raw["q"]]
    out["median_days"] = out["p50_days"]
    return out


def conversion_rates(table: pd.DataFrame) -> dict[str, float]:
    """``{"awareness→interest": rate}`` from a :func:`funnel` table (rates 0..1)."""
    rows = table.sort_values("stage_idx")
    names = rows["stage"].tolist()
    pairs = itertools.pairwise(names)
    return {
        f"{a}{ARROW}{b}": (None if pd.isna(rate) else float(rate))
        for (a, b), rate in zip(pairs, rows["conversion"].iloc[1:], strict=True)
    }


def largest_drop_off(table: pd.DataFrame) -> dict | None:
    """The transition that loses the largest share of people (ties: the earlier one):
    from_stage, to_stage, lost_share (0..1), lost (people). None if nobody entered."""
    rows = table.sort_values("stage_idx").reset_index(drop=True)
    steps = rows.iloc[1:].dropna(subset=["lost_share"])
    if steps.empty:
        return None
    worst = steps.loc[steps["lost_share"].idxmax()]
    i = int(worst["stage_idx"])
    return {
        "from_stage": rows.loc[i - 1, "stage"],
        "to_stage": worst["stage"],
        "lost_share": float(worst["lost_share"]),
        "lost": int(worst["lost"]),
    }
