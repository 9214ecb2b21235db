"""The registry of per-customer and per-event tables that ``data.engine: spark`` builds.

Each entry is a name, the columns its rows are ordered by, the canonical tables it needs
and a function of the run (:class:`Context`) returning its SQL in DuckDB's dialect, with
``$name`` parameters and their values. The SQL comes from the reports' own builders, so a
definition exists once and both engines run it (:mod:`crm_lib.spark.dialect`). An entry
may read an earlier one by its name (the journey's events, reach and people).

Left out, with the reason: the segment history (``unnest(range(...))`` over month
differences: DuckDB counts month boundaries, Spark whole months), scheduled 定期便
deliveries and LTV's delivery counts (``ASOF JOIN``, which Spark lacks), the LTV summaries
(LTV reads the transactions without the subscription channel's deliveries, a view of its
own) and the journey's measures and stage-at-time tables (``ASOF JOIN``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from crm_lib.churn import definition as churn_definition
from crm_lib.churn import features as churn_features
from crm_lib.config import RunConfig
from crm_lib.dataset import Dataset
from crm_lib.experiments.effects import campaign_units_sql
from crm_lib.experiments.fatigue import sends_sql
from crm_lib.features import customer_summary_sql, date_literal, first_two_purchase_days_sql
from crm_lib.journey import log as journey_log
from crm_lib.journey.paths import paths_sql
from crm_lib.journey.report import target_stage
from crm_lib.leads.frame import LEADS_SQL
from crm_lib.segments.cpm import CpmThresholds, cpm_sql
from crm_lib.segments.decile import decile_sql
from crm_lib.segments.ladder import ladder_sql
from crm_lib.segments.ranks import ranks_sql
from crm_lib.segments.rfm import RfmCutoffs, rfm_sql
from crm_lib.spark.dialect import duckdb_sql

PREFIX = "spark_"  # data.duckdb holds each built table as spark_<name>
Query = tuple[str, dict[str, Any]]  # DuckDB SQL and its $name parameters
CUSTOMER = ("customer_id",)  # keys
AT_CUTOFF = ("cutoff", "customer_id")  # churn features: one row per cutoff and customer
JOURNEY = ("journey_events", "journey_reach", "journey_people")  # the log's tables


@dataclass(frozen=True)
class Context:
    """What the builders of one run need: the checked data (which tables and columns it
    has, in DuckDB) and the run's config (business definitions and parameters)."""

    ds: Dataset
    config: RunConfig

    @property
    def as_of(self) -> dt.date:
        return self.ds.observation_end

    def has(self, table: str, column: str | None = None) -> bool:
        return self.ds.has(table) and (column is None or column in self.ds.loads[table].columns)

    @cached_property
    def churn_cutoffs(self) -> tuple[list[dt.date], churn_definition.Design]:
        """The churn design's early, train and test cutoffs and the observation end, with
        the design: worked out once (a query of the data) for every churn entry."""
        plan = churn_definition.design(self.ds, self.config.params.churn, self.config.business)
        days = [plan.early_cutoff, plan.train_cutoff, plan.test_cutoff, self.as_of]
        return sorted(set(days)), plan


@dataclass(frozen=True)
class Entry:
    name: str
    key: tuple[str, ...]  # identifies a row; orders them when the SQL has no ORDER BY
    build: Callable[[Context], Query]
    needs: tuple[str, ...] = ("transactions",)  # canonical tables it reads
    reads: tuple[str, ...] = ()  # earlier entries it reads

    def duckdb_sql(self, ctx: Context) -> str:
        """Its SQL in DuckDB's dialect, parameters bound (what ``_crm_spark`` records)."""
        return duckdb_sql(*self.build(ctx))


def _plain(sql: str) -> Query:
    return sql, {}


# ---------------------------------------------------------------- segments


def _segments(ctx: Context):
    return ctx.config.params.segments


def _ladder(by: str) -> Callable[[Context], Query]:
    def build(ctx: Context) -> Query:
        days = ctx.config.business.f2_window_days
        top = _segments(ctx).ladder_max_f
        return _plain(ladder_sql(ctx.ds, ctx.as_of, window_days=days, max_f=top, by=by))

    return build


def _ranks(ctx: Context) -> Query:
    business = ctx.config.business
    return ranks_sql(business.rank_tiers, business.rank_window_months), {"as_of": ctx.as_of}


# ---------------------------------------------------------------- churn


def _at_cutoffs(build: Callable[[Context, dt.date, Any], str]) -> Callable[[Context], Query]:
    """One table of a churn feature query at every cutoff, with a ``cutoff`` column."""

    def query(ctx: Context) -> Query:
        days, plan = ctx.churn_cutoffs
        parts = [
            f"SELECT {date_literal(day)} AS cutoff, * FROM ({build(ctx, day, plan)})"
            for day in days
        ]
        return _plain("\nUNION ALL\n".join(parts))

    return query


def _population(ctx: Context, day: dt.date, plan) -> str:
    return churn_definition.population_sql(
        day,
        plan.active_within_days,
        subscriptions=ctx.has("subscriptions"),
        rhythm_multiple=plan.multiple,
    )


def _transaction_features(ctx: Context, day: dt.date, plan) -> str:
    return churn_features.transaction_features_sql(day, plan.recent_days)


def _subscription_features(ctx: Context, day: dt.date, plan) -> str:
    return churn_features.subscription_features_sql(
        day,
        ctx.config.business.renewal_days,
        with_deliveries=ctx.has("transactions", "channel"),
        with_plan=ctx.has("subscriptions", "plan"),
    )


def _feedback_features(ctx: Context, day: dt.date, plan) -> str:
    return churn_features.feedback_features_sql(
        day,
        plan.recent_days,
        with_rating=ctx.has("feedback", "rating"),
        with_channel=ctx.has("feedback", "channel"),
    )


def _contact_features(ctx: Context, day: dt.date, plan) -> str:
    return churn_features.contact_features_sql(
        day,
        plan.recent_days,
        with_group=ctx.has("contacts", "group"),
        with_unsubscribed=ctx.has("contacts", "unsubscribed"),
    )


# ---------------------------------------------------------------- journey


def _log_source(ctx: Context) -> tuple[journey_log.StageModel, str, str]:
    stages = journey_log.StageModel.from_mapping(ctx.config.params.journey.stages)
    return journey_log.log_source(ctx.ds, stages)


def _journey(ctx: Context) -> journey_log.JourneyLog:
    """The journey log as the registry's tables (no connection: for the SQL builders)."""
    model, _, source = _log_source(ctx)
    return journey_log.JourneyLog(None, model, *JOURNEY, source)


def _journey_events(ctx: Context) -> Query:
    model, raw, _ = _log_source(ctx)
    return _plain(journey_log.events_sql(raw, model))


def _paths(variants: bool) -> Callable[[Context], Query]:
    def build(ctx: Context) -> Query:
        log, params = _journey(ctx), ctx.config.params.journey
        return _plain(
            paths_sql(
                log,
                steps=params.variant_steps if variants else params.sankey_steps,
                top_n=params.top_variants_n if variants else params.top_paths_n,
                rare_share=params.rare_event_share,
                collapse_repeats=True,
                target_stage=target_stage(log, params),
                before_target=variants,
            )
        )

    return build


# ---------------------------------------------------------------- campaigns


def _campaign_units(ctx: Context) -> Query:
    days = ctx.config.params.campaigns.pre_period_days
    return _plain(campaign_units_sql(ctx.ds, pre_period_days=days))


def _contact_sends(ctx: Context) -> Query:
    return _plain(
        sends_sql(
            ctx.config.params.campaigns.fatigue_window_days,
            with_group=ctx.has("contacts", "group"),
            with_channel=ctx.has("contacts", "channel"),
            with_responded=ctx.has("contacts", "responded"),
            with_unsubscribed=ctx.has("contacts", "unsubscribed"),
        )
    )


REGISTRY: tuple[Entry, ...] = (
    Entry("customer_summary", CUSTOMER, lambda c: _plain(customer_summary_sql(c.as_of))),
    Entry(
        "rfm",
        CUSTOMER,
        lambda c: _plain(rfm_sql(c.as_of, RfmCutoffs.of(_segments(c)))),
    ),
    Entry("rfm_quintiles", CUSTOMER, lambda c: _plain(rfm_sql(c.as_of, None))),
    Entry("cpm", CUSTOMER, lambda c: _plain(cpm_sql(c.as_of, CpmThresholds.of(_segments(c))))),
    Entry("ranks", CUSTOMER, _ranks),
    Entry(
        "decile",
        ("decile",),
        lambda c: (decile_sql(_segments(c).decile_window_months), {"end": c.as_of}),
    ),
    Entry("f2", CUSTOMER, lambda c: _plain(first_two_purchase_days_sql(c.as_of))),
    Entry("f_ladder", ("grp", "n"), _ladder("all")),
    Entry("f_ladder_channel", ("grp", "n"), _ladder("acquisition_channel")),
    Entry("f_ladder_cohort", ("grp", "n"), _ladder("cohort_month")),
    Entry("churn_population", AT_CUTOFF, _at_cutoffs(_population)),
    Entry(
        "churn_transaction_features",
        AT_CUTOFF,
        _at_cutoffs(_transaction_features),
    ),
    Entry(
        "churn_subscription_features",
        AT_CUTOFF,
        _at_cutoffs(_subscription_features),
        ("transactions", "subscriptions"),
    ),
    Entry("churn_feedback_features", AT_CUTOFF, _at_cutoffs(_feedback_features), ("feedback",)),
    Entry("churn_contact_features", AT_CUTOFF, _at_cutoffs(_contact_features), ("contacts",)),
    Entry("journey_events", ("person_id", "step"), _journey_events, ("events",)),
    Entry(
        "journey_reach",
        ("person_id", "stage_idx"),
        lambda c: _plain(journey_log.reach_sql("journey_events")),
        ("events",),
        ("journey_events",),
    ),
    Entry(
        "journey_people",
        ("person_id",),
        lambda c: _plain(journey_log.dataset_people_sql(c.ds, "journey_events")),
        ("events",),
        ("journey_events",),
    ),
    Entry("journey_paths", ("people", "path"), _paths(variants=False), ("events",), JOURNEY),
    Entry("journey_variants", ("people", "path"), _paths(variants=True), ("events",), JOURNEY),
    Entry(
        "campaign_units",
        ("campaign_id", "arm", "customer_id"),
        _campaign_units,
        ("transactions", "contacts"),
    ),
    Entry(
        "contact_sends",
        ("customer_id", "sent_at", "campaign_id"),
        _contact_sends,
        ("contacts",),
    ),
    Entry("lead_frame", ("lead_id",), lambda c: _plain(LEADS_SQL), ("transactions", "leads")),
)


def entries(ds: Dataset) -> list[Entry]:
    """The entries whose canonical tables the dataset has, in build order."""
    chosen: list[Entry] = []
    for entry in REGISTRY:
        if all(ds.has(t) for t in entry.needs) and set(entry.reads) <= {e.name for e in chosen}:
            chosen.append(entry)
    return chosen
