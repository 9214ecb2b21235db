"""Paths through the event log: step matrix, most common paths, variants, transitions, loops.

A path is a person's events in time order from the first touch, across channels and
however far apart (a catalogue, a call two weeks later, a web visit a month after: no
sessions are cut). Event types that fewer than ``rare_share`` of people ever have are
collapsed into ``other``. All counting runs in DuckDB (window functions, list aggregation).
"""

from __future__ import annotations

import itertools

import pandas as pd

from crm_lib.engine import quote_literal
from crm_lib.journey.log import JourneyLog

OTHER = "other"  # collapsed rare event types
PATH_END = "path_end"  # the path has ended before this step
DAY_MS = 86400e3


def _labels_sql(log: JourneyLog, rare_share: float) -> str:
    """Relation (event_type, label): rare event types labelled :data:`OTHER`."""
    return f"""SELECT event_type,
                      CASE WHEN count(DISTINCT person_id) < {float(rare_share)}
                                * (SELECT count(*) FROM {log.people})
                           THEN {quote_literal(OTHER)} ELSE event_type END AS label
               FROM {log.events} GROUP BY event_type"""


def _labelled_sql(log: JourneyLog, rare_share: float) -> str:
    if rare_share <= 0:  # nothing is rare: every event type is its own label
        return f"""SELECT person_id, step, event_time, stage_idx, event_type AS label
                   FROM {log.events}"""
    return f"""SELECT e.person_id, e.step, e.event_time, e.stage_idx, lab.label
               FROM {log.events} e JOIN ({_labels_sql(log, rare_share)}) lab
               USING (event_type)"""


def step_shares(
    log: JourneyLog, max_steps: int = 10, rare_share: float = 0.01, groups_sql: str | None = None
) -> pd.DataFrame:
    """Share of people whose k-th event (k = 1..max_steps) is each event type, with
    :data:`PATH_END` for paths that ended earlier: step, event_type, people, share (0..1).
    ``groups_sql``: optional query of (person_id, grp) to count per group (column grp);
    people outside it are left out."""
    group_join = f"JOIN ({groups_sql}) g USING (person_id)" if groups_sql else ""
    group_col = "g.grp" if groups_sql else "'all'"
    counts = log.con.execute(
        f"""SELECT {group_col} AS grp, ev.step, ev.label AS event_type, count(*) AS people
            FROM ({_labelled_sql(log, rare_share)}) ev {group_join}
            WHERE ev.step <= {int(max_steps)} GROUP BY ALL"""
    ).df()
    totals = log.con.execute(
        f"""SELECT {group_col} AS grp, count(*) AS total FROM {log.people} p {group_join}
            GROUP BY ALL"""
    ).df()
    at_step = counts.groupby(["grp", "step"], as_index=False)["people"].sum()
    grid = totals.merge(pd.DataFrame({"step": range(1, int(max_steps) + 1)}), how="cross")
    ended = grid.merge(at_step, on=["grp", "step"], how="left").fillna({"people": 0})
    ended["people"] = ended["total"] - ended["people"]
    ended["event_type"] = PATH_END
    out = pd.concat([counts, ended[["grp", "step", "event_type", "people"]]], ignore_index=True)
    out = out.merge(totals, on="grp")
    out["people"] = out["people"].astype("int64")
    out["share"] = out["people"] / out["total"]
    out = out.drop(columns="total").sort_values(["grp", "step", "people"], ascending=[1, 1, 0])
    out = out.reset_index(drop=True)
    return out if groups_sql else out.drop(columns="grp")


def step_matrix(log: JourneyLog, max_steps: int = 10, rare_share: float = 0.01) -> pd.DataFrame:
    """Event × step matrix (long form): step, event_type, people, share of all people."""
    return step_shares(log, max_steps, rare_share)


def paths_sql(
    log: JourneyLog,
    *,
    steps: int,
    top_n: int,
    rare_share: float,
    collapse_repeats: bool,
    target_stage: str,
    before_target: bool,
) -> str:
    """SQL of the ``top_n`` most common paths (``path``, ``people``, ``converted``): each
    person's first ``steps`` events, before ``target_stage`` when ``before_target``. The
    path list is built position by position (no ordered aggregate: Spark has none)."""
    target = log.model.index(target_stage)
    before = ""
    if before_target:
        before = f"""WHERE (ev.stage_idx IS NULL OR ev.stage_idx < {target})
                       AND (t.reached_at IS NULL OR ev.event_time < t.reached_at)"""
    keep = "WHERE prev IS DISTINCT FROM label" if collapse_repeats else ""
    n = int(steps)
    at = ", ".join(f"max(k.label) FILTER (WHERE k.k = {i})" for i in range(1, n + 1))
    path = f"array_slice([{at}], 1, CAST(count(*) FILTER (WHERE k.k <= {n}) AS INTEGER))"
    return f"""
        WITH target AS (SELECT person_id, reached_at FROM {log.reach}
                        WHERE stage_idx = {target}),
             ev AS (SELECT ev.person_id, ev.step, ev.label,
                           lag(ev.label) OVER (PARTITION BY ev.person_id ORDER BY ev.step)
                               AS prev
                    FROM ({_labelled_sql(log, rare_share)}) ev
                    LEFT JOIN target t USING (person_id) {before}),
             kept AS (SELECT person_id, label,
                             row_number() OVER (PARTITION BY person_id ORDER BY step) AS k
                      FROM ev {keep}),
             paths AS (SELECT p.person_id, {path} AS path
                       FROM {log.people} p LEFT JOIN kept k USING (person_id)
                       GROUP BY p.person_id)
        SELECT path, count(*) AS people,
               count(t.person_id) AS converted
        FROM paths LEFT JOIN target t USING (person_id)
        GROUP BY path
        ORDER BY people DESC, array_to_string(path, '>')
        LIMIT {int(top_n)}"""


def _paths(log: JourneyLog, **options) -> pd.DataFrame:
    out = log.con.execute(paths_sql(log, **options)).df()
    total = log.people_count()
    out["path"] = out["path"].map(list)
    out["people"] = out["people"].astype("int64")
    out["converted"] = out["converted"].astype("int64")
    out["share"] = out["people"] / total if total else float("nan")
    out["conversion"] = out["converted"] / out["people"]
    return out[["path", "people", "share", "converted", "conversion"]]


def top_paths(
    log: JourneyLog,
    steps: int = 4,
    top_n: int = 15,
    rare_share: float = 0.01,
    *,
    collapse_repeats: bool = True,
    target_stage: str = "first_purchase",
) -> pd.DataFrame:
    """The most common first ``steps`` events from each person's first touch (consecutive
    repeats of one event type collapsed by default): path (list of event types), people,
    share (0..1 of all people), converted (people who ever reached ``target_stage``),
    conversion (0..1)."""
    return _paths(
        log,
        steps=steps,
        top_n=top_n,
        rare_share=rare_share,
        collapse_repeats=collapse_repeats,
        target_stage=target_stage,
        before_target=False,
    )


def path_variants(
    log: JourneyLog,
    target_stage: str = "first_purchase",
    max_steps: int = 5,
    top_n: int = 10,
    rare_share: float = 0.0,
) -> pd.DataFrame:
    """Path variants before ``target_stage``: each person's events before they reached
    it (all events of people who never did), consecutive repeats collapsed, cut after
    ``max_steps``; the most common ``top_n`` with their conversion to ``target_stage``.
    Columns as :func:`top_paths`; an empty path means the target was the first event."""
    return _paths(
        log,
        steps=max_steps,
        top_n=top_n,
        rare_share=rare_share,
        collapse_repeats=True,
        target_stage=target_stage,
        before_target=True,
    )


def sankey_links(paths: pd.DataFrame) -> pd.DataFrame:
    """Links between (step, event) nodes of the paths of :func:`top_paths`: source_step,
    source, target_step, target, people (the paths' people flowing along the link)."""
    rows = [
        (k, a, k + 1, b, people)
        for path, people in zip(paths["path"], paths["people"], strict=True)
        for k, (a, b) in enumerate(itertools.pairwise(path), start=1)
    ]
    links = pd.DataFrame(rows, columns=["source_step", "source", "target_step", "target", "people"])
    keys = ["source_step", "source", "target_step", "target"]
    return links.groupby(keys, as_index=False)["people"].sum()


def transitions(log: JourneyLog, rare_share: float = 0.0) -> pd.DataFrame:
    """Directly-follows matrix (long form): from_event, to_event, transitions (count),
    people, share (0..1 of the transitions leaving from_event), median_days between the
    two events (offline steps days or weeks apart count like clicks)."""
    out = log.con.execute(
        f"""WITH ev AS (SELECT person_id, label, event_time,
                               lead(label) OVER w AS nxt, lead(event_time) OVER w AS nxt_time
                        FROM ({_labelled_sql(log, rare_share)})
                        WINDOW w AS (PARTITION BY person_id ORDER BY step))
            SELECT label AS from_event, nxt AS to_event, count(*) AS transitions,
                   count(DISTINCT person_id) AS people,
                   median(date_diff('millisecond', event_time, nxt_time)) / {DAY_MS}
                       AS median_days
            FROM ev WHERE nxt IS NOT NULL
            GROUP BY ALL ORDER BY transitions DESC, from_event, to_event"""
    ).df()
    out["transitions"] = out["transitions"].astype("int64")
    out["people"] = out["people"].astype("int64")
    out["share"] = out["transitions"] / out.groupby("from_event")["transitions"].transform("sum")
    return out[["from_event", "to_event", "transitions", "people", "share", "median_days"]]


def repeats_and_loops(log: JourneyLog, rare_share: float = 0.0) -> pd.DataFrame:
    """Per event type: people who have it, events, people_repeating (it occurs at least
    twice), direct_repeats (the event directly follows itself), people_looping (it comes
    back after other events: A → … → A), and the shares of people repeating / looping."""
    out = log.con.execute(
        f"""WITH ev AS (SELECT person_id, label,
                               lag(label) OVER (PARTITION BY person_id ORDER BY step) AS prev
                        FROM ({_labelled_sql(log, rare_share)})),
                 per AS (SELECT person_id, label, count(*) AS n,
                                count(*) FILTER (WHERE prev = label) AS direct,
                                count(*) FILTER (WHERE prev IS DISTINCT FROM label) AS runs
                         FROM ev GROUP BY person_id, label)
            SELECT label AS event_type, count(*) AS people, sum(n) AS events,
                   count(*) FILTER (WHERE n >= 2) AS people_repeating,
                   sum(direct) AS direct_repeats,
                   count(*) FILTER (WHERE runs >= 2) AS people_looping
            FROM per GROUP BY label ORDER BY people DESC, event_type"""
    ).df()
    for column in ["people", "events", "people_repeating", "direct_repeats", "people_looping"]:
        out[column] = out[column].astype("int64")
    out["repeating_share"] = out["people_repeating"] / out["people"]
    out["looping_share"] = out["people_looping"] / out["people"]
    return out
