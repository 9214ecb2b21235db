"""Funnels over the stage model: who reaches each stage, conversion, drop-off, time to convert.

*Closed* funnel: a person enters at the first stage and counts at stage k when an event of
stage k follows one of their stage k-1 events (within ``window_days`` when given). The
anchor is the *latest* stage k-1 event before the stage k event, counted from the person's
first time in stage k-1 on: a prospect who clicked an ad on day 0 and again on day 400,
visited on day 401 and bought on day 402 converts at each step in a day (re-engagement is
common with catalogues and TV). *Open* funnel: a person counts at every stage they ever
reached, in any order, so people who enter mid-way (a referral, a store visit, a direct
call) are counted too; its conversion is the ratio of consecutive stage counts and ignores
the window. *Exclusion*: a person with an event of an ``exclude`` type between their first
and last counted stage leaves the funnel altogether (as in product-analytics funnels).

*Right-censoring* (closed funnels with a window): a person who entered stage k-1 less than
``window_days`` before the end of the data has not had the whole window to move on. They
are ``censored`` for the step k-1 → k, counted neither as converted nor as lost;
``conversion`` is the share converted among the people ``observed`` for the full window.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import pandas as pd

from crm_lib.engine import sql_list
from crm_lib.journey.log import JourneyLog

DAY_SECONDS = 86400.0
ARROW = "→"
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
DIMENSIONS = ("acquisition_channel", "cohort_month", "value_segment")
FLOW_COLUMNS = ("observed", "converted", "censored", "conversion", "lost", "lost_share")


def _window_sql(window_days: float | None) -> str:
    """A SQL interval of ``window_days`` days (microsecond precision)."""
    return f"to_microseconds(CAST({float(window_days)} * 86400e6 AS BIGINT))"


def _closed_steps_sql(log: JourneyLog, window_days: float | None) -> str:
    """Stage by stage: the first stage-k event that has a stage k-1 event of the person at
    or before it (from their first time in stage k-1 on, within the window), anchored to
    the latest such stage k-1 event (a running max over the person's events of the two
    stages in time order; a stage k-1 event at the same time comes first)."""
    window = f"AND x.event_time <= x.anchor + {_window_sql(window_days)}" if window_days else ""
    ctes = [
        f"s0 AS MATERIALIZED (SELECT person_id, reached_at AS t FROM {log.reach} "
        "WHERE stage_idx = 0)"
    ]
    for k in range(1, len(log.model.stages)):
        ctes.append(
            f"""x{k} AS (SELECT e.person_id, e.event_time, e.stage_idx, p.t AS entered,
                        max(CASE WHEN e.stage_idx = {k - 1} THEN e.event_time END) OVER (
                            PARTITION BY e.person_id ORDER BY e.event_time, e.stage_idx
                            ROWS UNBOUNDED PRECEDING) AS anchor
                        FROM {log.events} e JOIN s{k - 1} p USING (person_id)
                        WHERE e.stage_idx IN ({k - 1}, {k}) AND e.event_time >= p.t),
                s{k} AS MATERIALIZED (
                        SELECT x.person_id, min(x.event_time) AS t,
                               arg_min(x.anchor, x.event_time) AS prev,
                               any_value(x.entered) AS entered
                        FROM x{k} x
                        WHERE x.stage_idx = {k} AND x.anchor IS NOT NULL {window}
                        GROUP BY x.person_id)"""
        )
    union = [
        "SELECT person_id, 0 AS stage_idx, t AS reached_at, NULL::TIMESTAMP AS prev_at, "
        "NULL::TIMESTAMP AS entered_prev_at FROM s0"
    ]
    union += [
        f"SELECT person_id, {k}, t, prev, entered FROM s{k}"
        for k in range(1, len(log.model.stages))
    ]
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(union)}"


def _open_steps_sql(log: JourneyLog) -> str:
    return f"""SELECT r.person_id, r.stage_idx, r.reached_at, p.reached_at AS prev_at,
                      p.reached_at AS entered_prev_at
               FROM {log.reach} r LEFT JOIN {log.reach} p
                 ON p.person_id = r.person_id AND p.stage_idx = r.stage_idx - 1"""


def steps_sql(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> str:
    """SQL of the funnel's rows: person_id, stage_idx, reached_at, prev_at (the anchor in
    the previous stage: closed, its latest event before reached_at; open, the first time
    there; NULL at entry) and entered_prev_at (first time counted in the previous stage).
    ``window_days``: days allowed from the anchor to the next stage (closed funnels; None
    or 0 = no limit)."""
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


def steps_table(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> str:
    """The rows of :func:`steps_sql` as a temporary table of the log's connection, built on
    first use and shared by every count of the same funnel (stages, groups, cohorts, times),
    which would otherwise each rebuild it from the log."""
    sql = steps_sql(log, closed=closed, window_days=window_days, exclude=exclude)
    name = f"{log.events}_steps_{hashlib.sha1(sql.encode()).hexdigest()[:12]}"
    log.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} AS {sql}")
    return name


def observed_until(log: JourneyLog) -> pd.Timestamp:
    """End of the observed period: the end of the observation day of a dataset's log (a
    date at midnight), else the log's last event (a log built from a frame)."""
    end = pd.Timestamp(log.observation_end)
    return end + pd.Timedelta(days=1) if end == end.normalize() else end


def censor_cutoff(log: JourneyLog, window_days: float | None) -> pd.Timestamp | None:
    """Latest entry into a stage that still had the whole window before the end of the
    data (None: no window, nobody is censored)."""
    if not window_days or log.observation_end is None:
        return None
    return observed_until(log) - pd.Timedelta(days=float(window_days))


def _cutoff_sql(cutoff: pd.Timestamp | None) -> str:
    """The censoring cutoff as a SQL timestamp (far in the future without a window)."""
    return (
        "TIMESTAMP '9999-12-31'" if cutoff is None else f"TIMESTAMP '{cutoff.isoformat(sep=' ')}'"
    )


def _counts_sql(cutoff: pd.Timestamp | None) -> str:
    """Aggregates per stage of a funnel's rows (alias ``s``): people, people observable
    for the next step (entered early enough) and converters among the observable people
    of the previous stage."""
    at = _cutoff_sql(cutoff)
    return f"""count(*) AS people,
               count(*) FILTER (WHERE s.reached_at <= {at}) AS observable,
               count(*) FILTER (WHERE s.entered_prev_at <= {at}) AS converted"""


def _complete(counts: pd.DataFrame, log: JourneyLog, keys: list[str]) -> pd.DataFrame:
    """Add stages nobody reached, conversion from the previous stage (among the people
    observed for the full window), the censored people and drop-off."""
    stages = pd.DataFrame({"stage_idx": range(len(log.model.stages)), "stage": log.model.stages})
    if keys:
        groups = counts[keys].drop_duplicates()
        stages = groups.merge(stages, how="cross")
    out = stages.merge(counts, on=[*keys, "stage_idx"], how="left")
    for column in ("people", "observable", "converted"):
        out[column] = out[column].fillna(0).astype("int64")
    out = out.sort_values([*keys, "stage_idx"]).reset_index(drop=True)
    by = out.groupby(keys) if keys else None
    previous = by["people"].shift() if keys else out["people"].shift()
    observed = by["observable"].shift() if keys else out["observable"].shift()
    entry = by["people"].transform("first") if keys else out["people"].iloc[0]
    first = out["stage_idx"] == 0
    out["observed"] = observed.where(~first)
    out["converted"] = out["converted"].where(~first)
    out["censored"] = previous - observed
    out["conversion"] = out["converted"] / observed.where(observed > 0)
    out["lost"] = observed - out["converted"]
    out["lost_share"] = 1 - out["conversion"]
    out["share_of_entry"] = out["people"] / (entry if keys else (entry or float("nan")))
    return out[[*keys, "stage_idx", "stage", "people", *FLOW_COLUMNS, "share_of_entry"]]


def funnel(
    log: JourneyLog,
    *,
    closed: bool = True,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """People per stage: stage, stage_idx, people (who reached it), observed (people of the
    previous stage who had the whole window), converted (of them), censored (the others),
    conversion (converted / observed, 0..1), lost (observed - converted), lost_share,
    share_of_entry. ``window_days`` in days; censoring needs a closed funnel and a window."""
    steps = steps_table(log, closed=closed, window_days=window_days, exclude=exclude)
    cutoff = censor_cutoff(log, window_days) if closed else None
    counts = log.con.execute(
        f"SELECT stage_idx, {_counts_sql(cutoff)} FROM {steps} s GROUP BY stage_idx"
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
    steps = steps_table(log, closed=closed, window_days=window_days, exclude=exclude)
    cutoff = censor_cutoff(log, window_days) if closed else None
    counts = log.con.execute(
        f"""SELECT p.{dimension} AS "group", s.stage_idx, {_counts_sql(cutoff)}
            FROM {steps} s JOIN {log.people} p USING (person_id)
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
    steps = steps_table(log, closed=closed, window_days=window_days, exclude=exclude)
    quantiles = ", ".join(str(q) for q in QUANTILES)
    raw = log.con.execute(
        f"""SELECT stage_idx, count(*) AS people, avg(days) AS mean_days,
                   quantile_cont(days, [{quantiles}]) AS q
            FROM (SELECT stage_idx,
                         date_diff('millisecond', prev_at, reached_at) / {DAY_SECONDS * 1000}
                             AS days
                  FROM {steps} WHERE prev_at IS NOT NULL AND reached_at >= prev_at)
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


def late_entrants(log: JourneyLog) -> int:
    """People whose first stage is not the first one of the model (they entered mid-way: a
    referral, a store visit, a direct call): the open funnel counts them at every stage
    they reached, the closed one only from a first-stage event on."""
    return log.con.execute(
        f"""SELECT count(*) FROM (SELECT first(stage_idx ORDER BY reached_at, stage_idx) AS s
                                  FROM {log.reach} GROUP BY person_id)
            WHERE s > 0"""
    ).fetchall()[0][0]


PERIODS = ("month", "quarter")


def period_label(period: pd.Timestamp, unit: str) -> str:
    """A cohort period as ``2025-Q1`` (quarter) or ``2025-01`` (month)."""
    period = pd.Timestamp(period)
    if unit == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return period.strftime("%Y-%m")


def conversion_trend(
    log: JourneyLog,
    period: str = "quarter",
    *,
    window_days: float | None = None,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """Closed-funnel conversion per step and cohort: the people who entered the step's
    first stage in each ``period`` (month or quarter). Columns: period (first day),
    transition, from_stage, to_stage, entered, observed (had the whole window), converted
    (of them), censored (entered - observed), conversion (converted / observed, 0..1; NaN
    when nobody is observed) and right_censored (the cohort has censored people)."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    steps = steps_table(log, closed=True, window_days=window_days, exclude=exclude)
    at = _cutoff_sql(censor_cutoff(log, window_days))
    last = len(log.model.stages) - 1
    raw = log.con.execute(
        f"""WITH s AS (SELECT * FROM {steps}),
                 entered AS (SELECT stage_idx, date_trunc('{period}', reached_at) AS period,
                                    count(*) AS entered,
                                    count(*) FILTER (WHERE reached_at <= {at}) AS observed
                             FROM s WHERE stage_idx < {last} GROUP BY ALL),
                 moved AS (SELECT stage_idx - 1 AS stage_idx,
                                  date_trunc('{period}', entered_prev_at) AS period,
                                  count(*) FILTER (WHERE entered_prev_at <= {at}) AS converted
                           FROM s WHERE stage_idx > 0 GROUP BY ALL)
            SELECT stage_idx, CAST(period AS DATE) AS period, entered, observed,
                   coalesce(converted, 0) AS converted
            FROM entered LEFT JOIN moved USING (stage_idx, period)
            ORDER BY stage_idx, period"""
    ).df()
    stages = log.model.stages
    out = pd.DataFrame(
        {
            "period": pd.to_datetime(raw["period"]),
            "transition": [f"{stages[i]}{ARROW}{stages[i + 1]}" for i in raw["stage_idx"]],
            "from_stage": [stages[i] for i in raw["stage_idx"]],
            "to_stage": [stages[i + 1] for i in raw["stage_idx"]],
        }
    )
    for column in ("entered", "observed", "converted"):
        out[column] = raw[column].astype("int64")
    out["censored"] = out["entered"] - out["observed"]
    out["conversion"] = out["converted"] / out["observed"].where(out["observed"] > 0)
    out["right_censored"] = out["censored"] > 0
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
