"""The map of marketing measures against the journey: which measure reaches people at
which stage, stages no measure reaches (gaps) and stages where several measures hit the
same people (duplication).

Measures are campaign sends from ``contacts`` (treatment rows; control rows received
nothing) and marketing touches in the event log (e-mail opens, direct mail, SMS clicks,
outbound calls, ads: offline ones count like clicks). A touch within
``attribution_days`` after a campaign send to the same person is that send's response
(an e-mail open after a newsletter) and counts as the campaign, not as a second measure.
A measure reaches a person *at* the stage they were in at that moment: the furthest stage
reached up to then (the first stage before any).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from crm_lib.engine import quote_literal
from crm_lib.journey.log import JourneyLog, sql_list
from crm_lib.params import JourneyParams

CAMPAIGN, TOUCH = "campaign", "touch"


@dataclass(frozen=True)
class MeasureMap:
    """``cells``: one row per measure and stage (kind, measure, channel, stage_idx, stage,
    people reached in the stage, touches, reach_share = people / people in the stage).
    ``stages``: one row per stage (people_in_stage = people who ever reached it,
    people_reached by any measure, coverage, people_multi = reached by two or more
    measures, duplication_share = people_multi / people_reached, mean_measures, is_gap,
    is_duplicated)."""

    cells: pd.DataFrame
    stages: pd.DataFrame

    @property
    def gaps(self) -> list[str]:
        """Stages no measure reaches (coverage at most the gap threshold)."""
        return self.stages.loc[self.stages["is_gap"], "stage"].tolist()

    @property
    def duplicated(self) -> list[str]:
        """Stages where the share reached by two or more measures passes the threshold."""
        return self.stages.loc[self.stages["is_duplicated"], "stage"].tolist()


def _touches_sql(log: JourneyLog, measure_events: Sequence[str], attribution_days: float) -> str:
    touches = f"""SELECT row_number() OVER () AS touch_id, person_id, event_time AS touched_at,
                         {quote_literal(TOUCH)} AS kind, event_type AS measure, channel
                  FROM {log.events} WHERE event_type IN ({sql_list(measure_events)})"""
    if not log.has_contacts:
        return f"SELECT person_id, touched_at, kind, measure, channel FROM ({touches})"
    window = f"to_microseconds(CAST({float(attribution_days)} * 86400e6 AS BIGINT))"
    return f"""
        WITH sends AS (SELECT c.customer_id AS person_id, c.sent_at AS touched_at,
                              {quote_literal(CAMPAIGN)} AS kind, c.campaign_id AS measure, c.channel
                       FROM contacts c SEMI JOIN {log.people} p ON p.person_id = c.customer_id
                       WHERE coalesce(c."group", 'treatment') <> 'control'
                         AND c.sent_at IS NOT NULL),
             touches AS ({touches}),
             responses AS (SELECT DISTINCT t.touch_id FROM touches t JOIN sends s
                             ON s.person_id = t.person_id AND t.touched_at >= s.touched_at
                            AND t.touched_at <= s.touched_at + {window})
        SELECT person_id, touched_at, kind, measure, channel FROM sends
        UNION ALL
        SELECT person_id, touched_at, kind, measure, channel
        FROM touches ANTI JOIN responses USING (touch_id)"""


def stage_measures(
    log: JourneyLog,
    measure_events: Sequence[str] = tuple(JourneyParams().measure_events),
    *,
    attribution_days: float = 3.0,
    gap_share: float = 0.01,
    duplication_share: float = 0.5,
) -> MeasureMap:
    """The stage × measure map. ``attribution_days``: days after a send within which a
    touch counts as its response. A stage is a gap when measures reach at most
    ``gap_share`` of its people (0..1), duplicated when at least ``duplication_share`` of
    the people reached there are reached by two or more measures."""
    con = log.con
    staged = log.stage_at_sql(_touches_sql(log, measure_events, attribution_days), "touched_at")
    cells = con.execute(
        f"""SELECT kind, measure, mode(channel) AS channel, stage_idx,
                   count(DISTINCT person_id) AS people, count(*) AS touches
            FROM ({staged}) GROUP BY kind, measure, stage_idx
            ORDER BY kind, measure, stage_idx"""
    ).df()
    per_stage = con.execute(
        f"""WITH per AS (SELECT stage_idx, person_id, count(DISTINCT kind || ':' || measure) AS n
                         FROM ({staged}) GROUP BY stage_idx, person_id),
                 inside AS (SELECT stage_idx, count(*) AS people_in_stage
                            FROM {log.reach} GROUP BY stage_idx)
            SELECT i.stage_idx, i.people_in_stage,
                   count(per.person_id) AS people_reached,
                   count(per.person_id) FILTER (WHERE per.n >= 2) AS people_multi,
                   avg(per.n) AS mean_measures
            FROM inside i LEFT JOIN per USING (stage_idx)
            GROUP BY i.stage_idx, i.people_in_stage"""
    ).df()
    stages = pd.DataFrame({"stage_idx": range(len(log.model.stages)), "stage": log.model.stages})
    stages = stages.merge(per_stage, on="stage_idx", how="left")
    for column in ["people_in_stage", "people_reached", "people_multi"]:
        stages[column] = stages[column].fillna(0).astype("int64")
    inside = stages["people_in_stage"].where(stages["people_in_stage"] > 0)
    stages["coverage"] = (stages["people_reached"] / inside).fillna(0.0)
    reached = stages["people_reached"].where(stages["people_reached"] > 0)
    stages["duplication_share"] = (stages["people_multi"] / reached).fillna(0.0)
    stages["is_gap"] = (stages["people_in_stage"] > 0) & (stages["coverage"] <= gap_share)
    stages["is_duplicated"] = stages["duplication_share"] >= duplication_share
    cells["stage"] = cells["stage_idx"].map(dict(enumerate(log.model.stages)))
    cells = cells.merge(stages[["stage_idx", "people_in_stage"]], on="stage_idx")
    cells["people"] = cells["people"].astype("int64")
    cells["touches"] = cells["touches"].astype("int64")
    cells["reach_share"] = cells["people"] / cells["people_in_stage"]
    columns = ["kind", "measure", "channel", "stage_idx", "stage", "people", "touches"]
    return MeasureMap(cells[[*columns, "reach_share"]], stages)


def campaign_names(log: JourneyLog) -> dict[str, str]:
    """``{campaign_id: campaign_name}`` from contacts (empty without contacts)."""
    if not log.has_contacts:
        return {}
    rows = log.con.execute(
        """SELECT campaign_id, any_value(campaign_name) FROM contacts
           WHERE campaign_name IS NOT NULL GROUP BY campaign_id"""
    ).fetchall()
    return dict(rows)
