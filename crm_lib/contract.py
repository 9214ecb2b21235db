"""The data contract: canonical tables, their columns and column kinds, and which empty
values are by design (``Column.empty_means``: an active subscription has no end date).

A config maps the user's column names onto these. Only ``transactions`` is required;
each analysis says which other tables it needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

# Dates outside these bounds are not plausible in CRM data: a damaged file, or a date read
# with the wrong format. A date may not lie after the day of the run either, unless its
# column says it can (``Column.future``: a planned end, a forecast); 9999-12-31, which
# many systems write for "no end", is the latest date accepted there.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(9999, 12, 31)


class Kind(StrEnum):
    """What a column holds; decides how raw text is parsed and the engine type."""

    ID = "id"  # identifier, kept as text, surrounding spaces trimmed
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"
    NUMBER = "number"  # amounts (in the configured currency), ratings
    INTEGER = "integer"
    BOOLEAN = "boolean"


ENGINE_TYPE = {
    Kind.ID: "VARCHAR",
    Kind.TEXT: "VARCHAR",
    Kind.DATE: "DATE",
    Kind.TIMESTAMP: "TIMESTAMP",
    Kind.NUMBER: "DOUBLE",
    Kind.INTEGER: "BIGINT",
    Kind.BOOLEAN: "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False  # the column must exist and no value may be empty
    pii: bool = False  # personal data: masked in anything a stakeholder sees
    future: bool = False  # a date that may lie after the day of the run
    bounds: tuple[int, int] | None = None  # lowest and highest value allowed (a 1-5 scale)
    empty_means: str | None = None  # what an empty value means when it is by design, not a gap


@dataclass(frozen=True)
class TableSpec:
    """One canonical table.

    ``unique``: column whose values must not repeat. ``any_of``: columns of which each
    row must fill at least one. ``time_column``: the column that places a row in time;
    rows after ``period.observation_end`` are left out of the analysis.
    """

    name: str
    columns: tuple[Column, ...]
    time_column: str
    unique: str | None = None
    any_of: tuple[str, ...] = ()
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(
    name: str,
    kind: Kind,
    required: bool = False,
    pii: bool = False,
    future: bool = False,
    bounds: tuple[int, int] | None = None,
    empty_means: str | None = None,
) -> Column:
    return Column(name, Kind(kind), required, pii, future, bounds, empty_means)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "transactions",
            (
                _c("order_id", Kind.ID, required=True),
                _c("customer_id", Kind.ID, required=True),
                _c("order_date", Kind.DATE, required=True),
                _c("amount", Kind.NUMBER, required=True),
                _c("channel", Kind.TEXT),
                _c("category", Kind.TEXT),
                _c("quantity", Kind.INTEGER),
            ),
            time_column="order_date",
            unique="order_id",
            description="one row per order; a negative amount is a return or refund",
        ),
        TableSpec(
            "customers",
            (
                _c("customer_id", Kind.ID, required=True),
                _c("signup_date", Kind.DATE),
                _c("prefecture", Kind.TEXT),
                _c("region", Kind.TEXT),
                _c("age_band", Kind.TEXT),
                _c("gender", Kind.TEXT),
                _c("acquisition_channel", Kind.TEXT),
                _c("name", Kind.TEXT, pii=True),
                _c("email", Kind.TEXT, pii=True),
                _c("phone", Kind.TEXT, pii=True),
            ),
            time_column="signup_date",
            unique="customer_id",
        ),
        TableSpec(
            "subscriptions",
            (
                _c("subscription_id", Kind.ID),
                _c("customer_id", Kind.ID, required=True),
                _c("plan", Kind.TEXT),
                _c("start_date", Kind.DATE, required=True),
                _c("end_date", Kind.DATE, future=True, empty_means="still running"),
                _c("skips", Kind.INTEGER),
                _c("cancel_reason", Kind.TEXT, empty_means="still running, or no reason given"),
            ),
            time_column="start_date",
            unique="subscription_id",
            description="contractual relationships (定期便); an empty end_date means active",
        ),
        TableSpec(
            "events",
            (
                _c("event_id", Kind.ID),
                _c("customer_id", Kind.ID, empty_means="a prospect's step, not yet a customer"),
                _c("lead_id", Kind.ID, empty_means="a customer's step without a prospect record"),
                _c("event_time", Kind.TIMESTAMP, required=True),
                _c("event_type", Kind.TEXT, required=True),
                _c("channel", Kind.TEXT),
                _c("stage", Kind.TEXT),
            ),
            time_column="event_time",
            unique="event_id",
            any_of=("customer_id", "lead_id"),
            description="touchpoints and journey steps",
        ),
        TableSpec(
            "leads",
            (
                _c("lead_id", Kind.ID, required=True),
                _c("created_at", Kind.TIMESTAMP, required=True),
                _c("source", Kind.TEXT),
                _c("first_contact_at", Kind.TIMESTAMP, empty_means="not contacted yet"),
                _c("status", Kind.TEXT),
                _c("customer_id", Kind.ID, empty_means="not yet a customer"),
            ),
            time_column="created_at",
            unique="lead_id",
        ),
        TableSpec(
            "contacts",
            (
                _c("contact_id", Kind.ID),
                _c("customer_id", Kind.ID, required=True),
                _c("campaign_id", Kind.ID, required=True),
                _c("campaign_name", Kind.TEXT),
                _c("channel", Kind.TEXT),
                _c("sent_at", Kind.TIMESTAMP, required=True),
                _c("group", Kind.TEXT),
                _c("responded", Kind.BOOLEAN),
                _c("revenue", Kind.NUMBER),
                _c("unsubscribed", Kind.BOOLEAN),
            ),
            time_column="sent_at",
            unique="contact_id",
            description="campaign sends; group is treatment or control",
        ),
        TableSpec(
            "feedback",
            (
                _c("feedback_id", Kind.ID, required=True),
                _c("customer_id", Kind.ID, required=True),
                _c("created_at", Kind.TIMESTAMP, required=True),
                _c("channel", Kind.TEXT),
                _c("rating", Kind.NUMBER, empty_means="no rating asked (call-centre notes)"),
                _c("text", Kind.TEXT, required=True),
            ),
            time_column="created_at",
            unique="feedback_id",
            description="call-centre notes, survey comments and reviews (free text)",
        ),
        TableSpec(
            "survey_answers",
            (
                _c("feedback_id", Kind.ID, required=True),
                _c("question", Kind.ID, required=True),
                _c("answer", Kind.INTEGER, required=True, bounds=(1, 5)),
                _c("answered_at", Kind.TIMESTAMP),
            ),
            time_column="answered_at",
            description="one row per answer to a survey question (a code), on a 1-5 scale; "
            "feedback_id is the survey's row of the feedback table",
        ),
        TableSpec(
            "context",
            (
                _c("region", Kind.TEXT, required=True),
                _c("date", Kind.DATE, required=True, future=True),
                _c("weather", Kind.TEXT),
                _c("precipitation_mm", Kind.NUMBER),
                _c("temperature_c", Kind.NUMBER),
            ),
            time_column="date",
            description="external signals per region and day, such as weather",
        ),
    )
}

REQUIRED_TABLES = ("transactions",)
