"""The map of marketing measures against the journey: which measure reaches people at
which stage, stages no measure reaches (gaps) and stages where several programmes hit the
same people within a short time (duplication).

Measures are campaign sends from ``contacts`` (treatment rows; control rows received
nothing) and marketing touches in the event log (e-mail opens, direct mail, SMS clicks,
outbound calls, ads: offline ones count like clicks). A touch within
``attribution_days`` after a campaign send to the same person is that send's response
(an e-mail open after a newsletter) and counts as the campaign, not as a second measure.
Campaigns group into *programmes*: the issues of one newsletter (NL23, NL24, NL25) are one
programme. A campaign's programme is its name (its id when unnamed) with dates and issue
numbers removed by a regular expression, unless an explicit mapping names it; a touch
event type is its own programme unless mapped.

A measure reaches a person *at* the stage they were in at that moment: the furthest stage
reached up to then (the first stage before any). The event that put a person into a stage
(their first ad click, for awareness) is how they got there, not a measure reaching them
there: it does not count. A person is *duplicated* at a stage when two different
programmes reach them there within ``window_days`` of each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from crm_lib.engine import quote_literal, sql_list
from crm_lib.journey.log import JourneyLog
from crm_lib.params import JourneyParams

CAMPAIGN, TOUCH = "campaign", "touch"
_DEFAULTS = JourneyParams()
_STRIP = " \t-_/・　|:："


@dataclass(frozen=True)
class MeasureMap:
    """``cells``: one row per programme and stage (kind, measure = the programme, channel,
    stage_idx, stage, people reached in the stage, touches, reach_share = people / people
    in the stage, campaigns = the campaign ids of the programme). ``stages``: one row per
    stage (people_in_stage = people who ever reached it, people_reached by any measure
    other than their entry event, coverage, people_multi = reached by two or more
    programmes within the window, duplication_share = people_multi / people_reached,
    mean_measures = programmes per person reached, is_gap, is_duplicated).
    ``programmes``: campaign_id, campaign_name, programme."""

    cells: pd.DataFrame
    stages: pd.DataFrame
    programmes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["campaign_id", "campaign_name", "programme"])
    )

    @property
    def gaps(self) -> list[str]:
        """Stages no measure reaches (coverage at most the gap threshold)."""
        return self.stages.loc[self.stages["is_gap"], "stage"].tolist()

    @property
    def duplicated(self) -> list[str]:
        """Stages where the share reached by two or more programmes passes the threshold."""
        return self.stages.loc[self.stages["is_duplicated"], "stage"].tolist()


def programme_of(
    campaign_id: str,
    name: str | None,
    pattern: str = _DEFAULTS.programme_pattern,
    mapping: Mapping[str, str] | None = None,
) -> str:
    """The programme of a campaign: ``mapping[campaign_id]``, else its name (its id when
    unnamed) without the parts ``pattern`` matches (dates, issue numbers; case-insensitive)."""
    if mapping and campaign_id in mapping:
        return mapping[campaign_id]
    text = name if isinstance(name, str) and name.strip() else campaign_id
    stripped = re.sub(pattern, " ", text, flags=re.IGNORECASE) if pattern else text
    return re.sub(r"\s+", " ", stripped).strip(_STRIP) or text


def programme_table(
    log: JourneyLog,
    pattern: str = _DEFAULTS.programme_pattern,
    mapping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per campaign of ``contacts``: campaign_id, campaign_name, programme."""
    columns = ["campaign_id", "campaign_name", "programme"]
    if not log.has_contacts:
        return pd.DataFrame(columns=columns)
    rows = log.con.execute(
        """SELECT campaign_id, any_value(campaign_name) FROM contacts
           WHERE campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY campaign_id"""
    ).fetchall()
    return pd.DataFrame(
        [(c, n, programme_of(c, n, pattern, mapping)) for c, n in rows], columns=columns
    )


def _programme_sql(
    programmes: pd.DataFrame, measure_events: Sequence[str], mapping: Mapping[str, str]
) -> str:
    """A SQL relation ``(kind, measure, programme)`` for every campaign and touch type."""
    ids, names = programmes["campaign_id"], programmes["programme"]
    pairs = [(CAMPAIGN, c, p) for c, p in zip(ids, names, strict=True)]
    pairs += [(TOUCH, e, mapping.get(e, e)) for e in measure_events]
    rows = ", ".join(f"({', '.join(quote_literal(str(v)) for v in row)})" for row in pairs)
    rows = rows or "(NULL, NULL, NULL)"
    return f"(VALUES {rows}) AS programme_map(kind, measure, programme)"


def _touches_sql(log: JourneyLog, measure_events: Sequence[str], attribution_days: float) -> str:
    """Every measure reaching a person: person_id, touched_at, kind, measure, channel,
    own_stage (the stage a touch event marks, NULL for none and for sends) and is_entry
    (the touch is the person's first event of its own stage). A touch within
    ``attribution_days`` after a send is that send's response, not a measure of its own:
    it is so exactly when it is within the window of the person's latest send before it
    (an ASOF join, not every send against every touch)."""
    touches = f"""SELECT e.person_id, e.event_time AS touched_at, {quote_literal(TOUCH)} AS kind,
                         e.event_type AS measure, e.channel, e.stage_idx AS own_stage,
                         r.person_id IS NOT NULL AS is_entry
                  FROM {log.events} e LEFT JOIN {log.reach} r
                    ON r.person_id = e.person_id AND r.stage_idx = e.stage_idx
                   AND r.reached_at = e.event_time
                  WHERE e.event_type IN ({sql_list(measure_events)})"""
    columns = "person_id, touched_at, kind, measure, channel, own_stage, is_entry"
    if not log.has_contacts:
        return f"SELECT {columns} FROM ({touches})"
    window = f"to_microseconds(CAST({float(attribution_days)} * 86400e6 AS BIGINT))"
    return f"""
        WITH sends AS (SELECT c.customer_id AS person_id, c.sent_at AS touched_at,
                              {quote_literal(CAMPAIGN)} AS kind, c.campaign_id AS measure,
                              c.channel, NULL::INTEGER AS own_stage, FALSE AS is_entry
                       FROM contacts c SEMI JOIN {log.people} p ON p.person_id = c.customer_id
                       WHERE coalesce(c."group", 'treatment') <> 'control'
                         AND c.sent_at IS NOT NULL),
             touches AS ({touches}),
             after AS (SELECT t.*, s.touched_at AS sent_at FROM touches t
                       ASOF LEFT JOIN sends s
                         ON s.person_id = t.person_id AND t.touched_at >= s.touched_at)
        SELECT {columns} FROM sends
        UNION ALL
        SELECT {columns} FROM after
        WHERE sent_at IS NULL OR touched_at > sent_at + {window}"""  # after the last send's window


def _reached_sql(
    log: JourneyLog,
    measure_events: Sequence[str],
    attribution_days: float,
    programmes: pd.DataFrame,
    mapping: Mapping[str, str],
) -> str:
    """The measures reaching people at a stage, with their programme; a stage's entry event
    is left out."""
    staged = log.stage_at_sql(_touches_sql(log, measure_events, attribution_days), "touched_at")
    return f"""SELECT t.person_id, t.touched_at, t.kind, t.measure, t.channel, t.stage_idx,
                      programme_map.programme
               FROM ({staged}) t
               JOIN {_programme_sql(programmes, measure_events, mapping)}
                 USING (kind, measure)
               WHERE NOT (t.is_entry AND t.own_stage = t.stage_idx)"""


def _per_stage_sql(log: JourneyLog, reached: str, window_days: float | None) -> str:
    """Per stage: its people, the people reached, those reached by two different
    programmes within ``window_days`` (adjacent touches in time order suffice: between
    two such touches the programme changes at some step no longer than their gap)."""
    close = "TRUE"
    if window_days:
        days = f"to_microseconds(CAST({float(window_days)} * 86400e6 AS BIGINT))"
        close = f"touched_at <= prev_at + {days}"
    return f"""
        WITH ordered AS (SELECT stage_idx, person_id, kind || ':' || programme AS key,
                                touched_at,
                                lag(kind || ':' || programme) OVER w AS prev_key,
                                lag(touched_at) OVER w AS prev_at
                         FROM {reached}
                         WINDOW w AS (PARTITION BY stage_idx, person_id
                                      ORDER BY touched_at, kind, programme)),
             per AS (SELECT stage_idx, person_id, count(DISTINCT key) AS n,
                            coalesce(bool_or(prev_key <> key AND {close}), FALSE) AS multi
                     FROM ordered GROUP BY stage_idx, person_id),
             inside AS (SELECT stage_idx, count(*) AS people_in_stage
                        FROM {log.reach} GROUP BY stage_idx)
        SELECT i.stage_idx, i.people_in_stage,
               count(per.person_id) AS people_reached,
               count(per.person_id) FILTER (WHERE per.multi) AS people_multi,
               avg(per.n) AS mean_measures
        FROM inside i LEFT JOIN per USING (stage_idx)
        GROUP BY i.stage_idx, i.people_in_stage"""


def stage_measures(
    log: JourneyLog,
    measure_events: Sequence[str] = tuple(_DEFAULTS.measure_events),
    *,
    attribution_days: float = _DEFAULTS.attribution_days,
    gap_share: float = _DEFAULTS.gap_share,
    duplication_share: float = _DEFAULTS.duplication_share,
    window_days: float | None = _DEFAULTS.duplication_window_days,
    programme_pattern: str = _DEFAULTS.programme_pattern,
    programmes: Mapping[str, str] | None = None,
) -> MeasureMap:
    """The stage x programme map. ``attribution_days``: days after a send within which a
    touch counts as its response. A stage is a gap when measures reach at most
    ``gap_share`` of its people (0..1), duplicated when at least ``duplication_share`` of
    the people reached there get two different programmes within ``window_days`` days
    (None or 0: at any distance). ``programme_pattern``, ``programmes``: see
    :func:`programme_of` (``programmes`` maps touch event types too)."""
    con, mapping = log.con, dict(programmes or {})
    table = programme_table(log, programme_pattern, mapping)
    reached = _reached_sql(log, measure_events, attribution_days, table, mapping)
    name = f"{log.events}_reached"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {reached}")
    cells = con.execute(
        f"""SELECT kind, programme AS measure, mode(channel) AS channel, stage_idx,
                   count(DISTINCT person_id) AS people, count(*) AS touches,
                   string_agg(DISTINCT measure, ', ' ORDER BY measure) AS campaigns
            FROM {name} GROUP BY kind, programme, stage_idx
            ORDER BY kind, programme, stage_idx"""
    ).df()
    per_stage = con.execute(_per_stage_sql(log, name, window_days)).df()
    con.execute(f"DROP TABLE {name}")
    stages = pd.DataFrame({"stage_idx": range(len(log.model.stages)), "stage": log.model.stages})
    stages = stages.merge(per_stage, on="stage_idx", how="left")
    for column in ["people_in_stage", "people_reached", "people_multi"]:
        stages[column] = stages[column].fillna(0).astype("int64")
    inside = stages["people_in_stage"].where(stages["people_in_stage"] > 0)
    stages["coverage"] = (stages["people_reached"] / inside).fillna(0.0)
    reached_people = stages["people_reached"].where(stages["people_reached"] > 0)
    stages["duplication_share"] = (stages["people_multi"] / reached_people).fillna(0.0)
    stages["is_gap"] = (stages["people_in_stage"] > 0) & (stages["coverage"] <= gap_share)
    stages["is_duplicated"] = stages["duplication_share"] >= duplication_share
    cells["stage"] = cells["stage_idx"].map(dict(enumerate(log.model.stages)))
    cells = cells.merge(stages[["stage_idx", "people_in_stage"]], on="stage_idx")
    cells["people"] = cells["people"].astype("int64")
    cells["touches"] = cells["touches"].astype("int64")
    cells["reach_share"] = cells["people"] / cells["people_in_stage"]
    columns = ["kind", "measure", "channel", "stage_idx", "stage", "people", "touches"]
    return MeasureMap(cells[[*columns, "reach_share", "campaigns"]], stages, table)


def campaign_names(log: JourneyLog) -> dict[str, str]:
    """``{campaign_id: campaign_name}`` from contacts (empty without contacts or names)."""
    if not log.has_contacts:
        return {}
    if "campaign_name" not in {r[0] for r in log.con.execute("DESCRIBE contacts").fetchall()}:
        return {}
    rows = log.con.execute(
        """SELECT campaign_id, any_value(campaign_name) FROM contacts
           WHERE campaign_name IS NOT NULL GROUP BY campaign_id"""
    ).fetchall()
    return dict(rows)


def programme_labels(measures: MeasureMap) -> dict[str, str]:
    """``{programme: its campaign ids}`` for the map's row labels, for the programmes whose
    name is not simply their one campaign id."""
    table = measures.programmes
    labels = {}
    for programme, rows in table.groupby("programme", sort=True):
        ids = sorted(rows["campaign_id"].astype(str))
        if ids != [programme]:
            labels[programme] = ", ".join(ids)
    return labels
