"""The journey log: every person's touchpoints in time order, with the stage each one marks.

A *person* is a ``customer_id``, or ``lead:<lead_id>`` for a prospect who never bought;
``leads.customer_id`` links a won lead's events to its customer, so a prospect's
pre-purchase steps join the customer's journey. The stage model maps event types to
ordered stages (awareness → interest → first purchase → repeat → loyal by default).

:func:`build_log` materialises three temporary tables on the dataset's connection (the
connection may be read-only): the events with person and stage, each person's first
time in each stage, and one row per person with the attributes used for breakdowns.
Everything after that runs as SQL on those tables.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE
from crm_lib.params import JourneyParams

DERIVED_EVENTS = {"first_order": "first_purchase", "second_order": "second_purchase"}
SUBSCRIPTION_EVENT = "subscription_start"
PROSPECT_PREFIX = "lead:"
_ids = itertools.count(1)
FIRST_ORDER_SQL = f"""SELECT customer_id, amount AS first_amount
                      FROM (SELECT customer_id, amount,
                                   row_number() OVER (PARTITION BY customer_id
                                                      ORDER BY order_date, order_id) AS n
                            FROM transactions WHERE {PURCHASE})
                      WHERE n = 1"""
NO_ORDERS_SQL = "SELECT NULL::VARCHAR AS customer_id, NULL::DOUBLE AS first_amount"


@dataclass(frozen=True)
class StageModel:
    """Ordered journey stages and the event types that mark each one."""

    stages: tuple[str, ...]
    event_types: tuple[tuple[str, ...], ...]

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Sequence[str]] | None = None) -> StageModel:
        """From ``{stage: [event types]}`` in journey order (default: the stages of
        :class:`~crm_lib.params.JourneyParams`)."""
        mapping = JourneyParams().stages if mapping is None else mapping
        seen: dict[str, str] = {}
        for stage, types in mapping.items():
            for event_type in types:
                if event_type in seen:
                    raise ValueError(
                        f"event type {event_type!r} is mapped to {seen[event_type]!r} and {stage!r}"
                    )
                seen[event_type] = stage
        if len(mapping) < 2:
            raise ValueError("a stage model needs at least two stages")
        return cls(tuple(mapping), tuple(tuple(types) for types in mapping.values()))

    def index(self, stage: str) -> int:
        return self.stages.index(stage)

    def transitions(self) -> list[tuple[str, str]]:
        """Consecutive stage pairs: ``[("awareness", "interest"), ...]``."""
        return list(itertools.pairwise(self.stages))

    def restricted_to(self, event_types: set[str]) -> StageModel:
        """The stages that have at least one of ``event_types`` (for logs derived from orders)."""
        kept = [(s, ts) for s, ts in zip(self.stages, self.event_types, strict=True)]
        kept = [(s, ts) for s, ts in kept if set(ts) & event_types]
        return StageModel(tuple(s for s, _ in kept), tuple(ts for _, ts in kept))

    def stage_map_sql(self) -> str:
        """A SQL relation ``(event_type, stage_idx)``."""
        rows = [
            f"({quote_literal(event_type)}, {i})"
            for i, types in enumerate(self.event_types)
            for event_type in types
        ]
        return f"(VALUES {', '.join(rows)}) AS stage_map(event_type, stage_idx)"


@dataclass(frozen=True)
class JourneyLog:
    """Names of the temporary tables that hold one journey log on ``con``.

    ``events``: person_id, customer_id, lead_id, event_time, event_type, channel, stage_idx
    (NULL for touches that mark no stage), step (1 = first touch). ``reach``: person_id,
    stage_idx, reached_at (first time in the stage). ``people``: person_id, customer_id,
    first_touch, last_touch, events, acquisition_channel, cohort_month, value_segment.
    ``source`` is ``"events"`` or ``"transactions"`` (events absent: purchase stages only).
    """

    con: duckdb.DuckDBPyConnection
    model: StageModel
    events: str
    reach: str
    people: str
    source: str
    observation_end: pd.Timestamp | None = None
    has_contacts: bool = False
    has_feedback: bool = False
    has_subscriptions: bool = False

    def stage_name_sql(self, column: str = "stage_idx") -> str:
        """SQL expression turning a stage index into the stage name."""
        names = ", ".join(quote_literal(s) for s in self.model.stages)
        return f"[{names}][{column} + 1]"

    def stage_at_sql(self, rows_sql: str, time_column: str) -> str:
        """``rows_sql`` with a ``stage_idx`` column: the furthest stage each row's person had
        reached at ``time_column`` (the first stage before any), by an ASOF join."""
        return f"""
            WITH running AS (SELECT person_id, reached_at,
                                    max(stage_idx) OVER (PARTITION BY person_id
                                                         ORDER BY reached_at
                                                         ROWS UNBOUNDED PRECEDING) AS stage_idx
                             FROM {self.reach}),
                 rows_in AS ({rows_sql})
            SELECT x.*, coalesce(r.stage_idx, 0) AS stage_idx
            FROM rows_in x ASOF LEFT JOIN running r
              ON x.person_id = r.person_id AND x.{time_column} >= r.reached_at"""

    def people_count(self) -> int:
        """People in the log: customers and prospects."""
        return self._count(self.people)

    def prospect_count(self) -> int:
        """People in the log who are prospects (a lead without a customer)."""
        return self._count(self.people, "customer_id IS NULL")

    def event_count(self) -> int:
        """Events in the log (touchpoints and the events derived from orders)."""
        return self._count(self.events)

    def _count(self, table: str, where: str = "TRUE") -> int:
        return self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchall()[0][0]


def _events_sql(ds: Dataset) -> str:
    """Events with a person id: a won lead's events join its customer."""
    event_id = "e.event_id" if "event_id" in ds.loads["events"].columns else "NULL"
    if ds.has("leads"):
        customer = "coalesce(e.customer_id, l.customer_id)"
        join = "LEFT JOIN (SELECT lead_id, any_value(customer_id) AS customer_id FROM leads "
        join += "GROUP BY lead_id) l ON l.lead_id = e.lead_id"
    else:
        customer, join = "e.customer_id", ""
    return f"""
        SELECT {customer} AS customer_id, e.lead_id, e.event_time, e.event_type, e.channel,
               {event_id} AS event_id
        FROM events e {join}"""


def _orders_sql(ds: Dataset) -> str:
    """Purchase events derived from transactions (and subscriptions) when events are absent."""
    first, second = DERIVED_EVENTS["first_order"], DERIVED_EVENTS["second_order"]
    sql = f"""
        SELECT customer_id, NULL AS lead_id, CAST(order_date AS TIMESTAMP) AS event_time,
               CASE n WHEN 1 THEN {quote_literal(first)} ELSE {quote_literal(second)} END
                   AS event_type, channel,
               order_id AS event_id
        FROM (SELECT *, row_number() OVER (PARTITION BY customer_id
                                           ORDER BY order_date, order_id) AS n
              FROM transactions WHERE {PURCHASE})
        WHERE n <= 2"""
    if ds.has("subscriptions"):
        sql += f"""
        UNION ALL
        SELECT customer_id, NULL, CAST(min(start_date) AS TIMESTAMP),
               {quote_literal(SUBSCRIPTION_EVENT)}, 'subscription', NULL
        FROM subscriptions GROUP BY customer_id"""
    return sql


def _acquisition_sql(ds: Dataset) -> tuple[str, str]:
    """Acquisition channel per person (the customer's, else the prospect's lead source):
    the SQL expression and the joins it needs."""
    joins = ""
    channel = []
    if ds.has("customers"):
        joins += """ LEFT JOIN (SELECT customer_id, any_value(acquisition_channel) AS acq
                                FROM customers GROUP BY customer_id) c
                     ON c.customer_id = p.customer_id"""
        channel.append("c.acq")
    if ds.has("leads"):
        joins += """ LEFT JOIN (SELECT lead_id, any_value(source) AS src FROM leads
                                GROUP BY lead_id) ls ON ls.lead_id = p.lead_id"""
        channel.append("ls.src")
    value = f"coalesce({', '.join(channel)}, 'unknown')" if channel else "'unknown'"
    return value, joins


def log_source(ds: Dataset, model: StageModel | None = None) -> tuple[StageModel, str, str]:
    """The stage model the data supports (purchase stages only when events are absent), the
    SQL of the raw touchpoints (for :func:`events_sql`) and their source: ``"events"`` or
    ``"transactions"``."""
    model = model or StageModel.from_mapping()
    source = "events" if ds.has("events") else "transactions"
    raw = _events_sql(ds) if source == "events" else _orders_sql(ds)
    if source == "transactions":
        derived = set(DERIVED_EVENTS.values())
        derived |= {SUBSCRIPTION_EVENT} if ds.has("subscriptions") else set()
        model = model.restricted_to(derived)
    return model, raw, source


def dataset_people_sql(ds: Dataset, events: str) -> str:
    """:func:`people_sql` of the ``events`` table of a dataset's log, with the acquisition
    channel of its customers and leads and the first orders of its transactions."""
    acquisition, joins = _acquisition_sql(ds)
    return people_sql(events, acquisition, joins, FIRST_ORDER_SQL)


def build_log(ds: Dataset, model: StageModel | None = None) -> JourneyLog:
    """Materialise the journey log of a dataset (events, or orders when events are absent)."""
    model, raw, source = log_source(ds, model)
    log = _materialise(ds.con, raw, model, source)
    ds.con.execute(f"CREATE TEMP TABLE {log.people} AS {dataset_people_sql(ds, log.events)}")
    return replace(
        log,
        observation_end=pd.Timestamp(ds.observation_end),
        has_contacts=ds.has("contacts"),
        has_feedback=ds.has("feedback"),
        has_subscriptions=ds.has("subscriptions"),
    )


def log_from_frame(events: pd.DataFrame, model: StageModel | None = None) -> JourneyLog:
    """A journey log from a small event table (customer_id or lead_id, event_time,
    event_type; optional channel, event_id) in a fresh in-memory connection: for tests and
    for exploring an extract by hand."""
    con = duckdb.connect()
    frame = events.copy()
    for column in ("customer_id", "lead_id", "channel", "event_id"):
        if column not in frame:
            frame[column] = None
    frame = frame[["customer_id", "lead_id", "event_time", "event_type", "channel", "event_id"]]
    con.register("_jny_input", frame)
    raw = """SELECT CAST(customer_id AS VARCHAR) AS customer_id,
                    CAST(lead_id AS VARCHAR) AS lead_id,
                    CAST(event_time AS TIMESTAMP) AS event_time, event_type,
                    CAST(channel AS VARCHAR) AS channel, CAST(event_id AS VARCHAR) AS event_id
             FROM _jny_input"""
    log = _materialise(con, raw, model or StageModel.from_mapping(), "events")
    _build_people(log, "'unknown'", "", NO_ORDERS_SQL)
    last = con.execute(f"SELECT max(event_time) FROM {log.events}").fetchall()[0][0]
    return replace(log, observation_end=pd.Timestamp(last))


def events_sql(raw_sql: str, model: StageModel) -> str:
    """SQL of the log's events (columns of :class:`JourneyLog`) from ``raw_sql``."""
    return f"""WITH raw AS ({raw_sql}),
                 person AS (SELECT coalesce(customer_id,
                                            {quote_literal(PROSPECT_PREFIX)} || lead_id)
                                   AS person_id, *
                            FROM raw WHERE event_time IS NOT NULL AND event_type IS NOT NULL)
            SELECT person_id, customer_id, lead_id, event_time, event_type, channel,
                   stage_map.stage_idx,
                   row_number() OVER (PARTITION BY person_id
                                      ORDER BY event_time, stage_idx NULLS LAST, event_type,
                                               event_id) AS step
            FROM person LEFT JOIN {model.stage_map_sql()} USING (event_type)
            WHERE person_id IS NOT NULL"""


def reach_sql(events: str) -> str:
    """SQL of each person's first time in each stage, from the ``events`` table."""
    return f"""SELECT person_id, stage_idx, min(event_time) AS reached_at
            FROM {events} WHERE stage_idx IS NOT NULL GROUP BY person_id, stage_idx"""


def _materialise(con, raw_sql: str, model: StageModel, source: str) -> JourneyLog:
    name = f"_jny{next(_ids)}"
    events, reach, people = f"{name}_events", f"{name}_reach", f"{name}_people"
    con.execute(f"CREATE TEMP TABLE {events} AS {events_sql(raw_sql, model)}")
    con.execute(f"CREATE TEMP TABLE {reach} AS {reach_sql(events)}")
    return JourneyLog(con, model, events, reach, people, source)


def _build_people(log: JourneyLog, acquisition: str, joins: str, first_order: str) -> None:
    people = people_sql(log.events, acquisition, joins, first_order)
    log.con.execute(f"CREATE TEMP TABLE {log.people} AS {people}")


def people_sql(events: str, acquisition: str, joins: str, first_order: str) -> str:
    """SQL of one row per person of the ``events`` table. Value segment: tercile (low, mid,
    high) of the amount of the customer's first order among all customers (ties by
    customer id); ``prospect`` without an order."""
    return f"""WITH p AS (SELECT person_id, any_value(customer_id) AS customer_id,
                              any_value(lead_id) AS lead_id, min(event_time) AS first_touch,
                              max(event_time) AS last_touch, count(*) AS events
                       FROM {events} GROUP BY person_id),
                 fo AS ({first_order}),
                 tiers AS (SELECT customer_id,
                                  ntile(3) OVER (ORDER BY first_amount, customer_id) AS tier
                           FROM fo)
            SELECT p.person_id, p.customer_id, p.first_touch, p.last_touch, p.events,
                   {acquisition} AS acquisition_channel,
                   CAST(date_trunc('month', p.first_touch) AS DATE) AS cohort_month,
                   CASE tiers.tier WHEN 1 THEN 'low' WHEN 2 THEN 'mid' WHEN 3 THEN 'high'
                        ELSE 'prospect' END AS value_segment
            FROM p {joins} LEFT JOIN tiers ON tiers.customer_id = p.customer_id"""
