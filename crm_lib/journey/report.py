"""The customer-journey report, section by section: journey log in, :class:`Section` out.

:func:`journey_log` builds the log of a dataset once (events, or the purchase stages of
the transactions when there are no events); each section function takes that log and the
typed :class:`~crm_lib.params.JourneyParams`, computes its figures (:mod:`crm_lib.journey`),
picks the values its sentences cite (slowest and fastest step, best and worst group, the
first touch, the best-converting variant, the lowest satisfaction ...), declares its metrics
(:mod:`crm_lib.metrics.journey`) and artifacts. The notebook ``40_journey`` shows, says and
records them. Stages, events and groups are cited as codes (:class:`Code`), so the page
writes them in its language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crm_lib import artifacts
from crm_lib.dataset import Dataset
from crm_lib.journey.experience import (
    churn_group_sizes,
    divergence_point,
    journey_divergence,
    satisfaction_by_stage,
)
from crm_lib.journey.funnel import (
    DIMENSIONS,
    conversion_rates,
    conversion_table,
    funnel_by,
    largest_drop_off,
    time_to_convert,
)
from crm_lib.journey.funnel import funnel as funnel_table
from crm_lib.journey.log import JourneyLog, StageModel, build_log
from crm_lib.journey.measures import MeasureMap, campaign_names, stage_measures
from crm_lib.journey.paths import PATH_END, path_variants, repeats_and_loops, step_matrix
from crm_lib.journey.paths import top_paths as top_paths_table
from crm_lib.journey.paths import transitions as transitions_table
from crm_lib.metrics import journey as m
from crm_lib.params import JourneyParams
from crm_lib.section import Code, Column, Items, Section, Sentence, Table

STAGE = "jny_stage_"  # label prefix of a stage code
EVENT = "jny_event_"  # of an event type
DIMENSION = "jny_dim_"  # of a breakdown or satisfaction dimension
GROUP_PREFIX = {"acquisition_channel": "jny_acq_", "value_segment": "jny_value_"}
"""Label prefix of the groups of a breakdown dimension (cohort months are written as such)."""


def stage(code: str) -> Code:
    """A stage cited in a sentence."""
    return Code(STAGE, code)


def event(code: str) -> Code:
    """An event type cited in a sentence."""
    return Code(EVENT, code)


def events(codes) -> Items:
    """Event types (an exclusion list, a stage's events) cited as a list."""
    return Items(tuple(event(c) for c in codes))


def path(codes) -> Items:
    """A path of event types, cited step by step (A → B → C)."""
    return Items(tuple(event(c) for c in codes), "path_separator")


def group(dimension: str, value: Any) -> Code | str:
    """A group of a breakdown: a cohort month as YYYY-MM, else its code with a label."""
    if dimension == "cohort_month":
        return pd.Timestamp(value).strftime("%Y-%m")
    return Code(GROUP_PREFIX.get(dimension, f"jny_{dimension}_"), value)


def window_days(params: JourneyParams) -> float | None:
    """Days allowed from one stage to the next (None: no limit)."""
    return params.conversion_window_days or None


def _funnel_args(params: JourneyParams) -> dict[str, Any]:
    return {"window_days": window_days(params), "exclude": params.exclude_events}


def journey_log(ds: Dataset, params: JourneyParams) -> JourneyLog:
    """The journey log of the dataset with the parameters' stage model."""
    return build_log(ds, StageModel.from_mapping(params.stages))


def target_stage(log: JourneyLog, params: JourneyParams) -> str:
    """The stage paths and variants convert to: the parameter's, or the last stage when the
    log does not have it (purchase stages only)."""
    stages = log.model.stages
    return params.target_stage if params.target_stage in stages else stages[-1]


# --- journey data -------------------------------------------------------------------------


def data(log: JourneyLog) -> Section:
    """People, prospects and events of the log; the stages and the events that mark them."""
    people, prospects = log.people_count(), log.prospect_count()
    sec = Section(heading="jny_data")
    if log.source == "events":
        sec.say("jny_source_events", people=people, prospects=prospects, events=log.event_count())
    else:
        sec.say("jny_source_transactions", people=people)
    model = log.model
    stages = pd.DataFrame(
        {"stage": list(model.stages), "event_types": [events(e) for e in model.event_types]}
    )
    sec.tables["stages"] = Table(
        stages,
        {
            "stage": Column("jny_col_stage", f"code:{STAGE}"),
            "event_types": Column("jny_col_event_types"),
        },
    )
    sec.metrics = {
        m.PEOPLE: people,
        m.PROSPECTS: prospects,
        m.SOURCE: log.source,
        m.STAGES: list(model.stages),
    }
    return sec


# --- funnel -------------------------------------------------------------------------------


@dataclass(kw_only=True)
class FunnelSection(Section):
    closed: pd.DataFrame  # the closed funnel (journey.funnel): stage, people, conversion ...
    opened: pd.DataFrame  # the open funnel: everyone who ever reached each stage
    drop: dict | None  # the largest drop-off (journey.largest_drop_off); None: nobody entered


def funnel(log: JourneyLog, params: JourneyParams) -> FunnelSection:
    """Closed funnel beside the open one; the window, the exclusions and the largest
    drop-off in words."""
    closed = funnel_table(log, **_funnel_args(params))
    opened = funnel_table(log, closed=False, exclude=params.exclude_events)
    drop = largest_drop_off(closed)
    sec = FunnelSection(heading="jny_funnel", closed=closed, opened=opened, drop=drop)
    shown = closed[["stage", "people", "conversion", "lost"]].assign(open_people=opened["people"])
    sec.tables["funnel"] = Table(
        shown,
        {
            "stage": Column("jny_col_stage", f"code:{STAGE}"),
            "people": Column("jny_col_people", "count"),
            "conversion": Column("jny_col_conversion", "share"),
            "lost": Column("jny_col_lost", "count"),
            "open_people": Column("jny_col_open_people", "count"),
        },
    )
    days = window_days(params)
    if days:
        sec.say("jny_window", days=days)
    else:
        sec.say("jny_window_none")
    if params.exclude_events:
        sec.say("jny_excluded", events=events(params.exclude_events))
    entered, reached = int(closed["people"].iloc[0]), int(closed["people"].iloc[-1])
    if drop and entered:
        sec.say(
            "jny_funnel_text",
            entry=stage(log.model.stages[0]),
            entered=entered,
            last=stage(log.model.stages[-1]),
            reached=reached,
            share=reached / entered,
            from_stage=stage(drop["from_stage"]),
            to_stage=stage(drop["to_stage"]),
            lost_share=drop["lost_share"],
            lost=drop["lost"],
        )
    drop_ = drop or {}
    sec.metrics = {
        m.STAGE_COUNTS: dict(zip(closed["stage"], closed["people"], strict=True)),
        m.STAGE_REACH: dict(zip(opened["stage"], opened["people"], strict=True)),
        m.CONVERSION: conversion_rates(closed),
        m.CONVERSION_WINDOW_DAYS: days or 0,
        m.DROP_OFF_FROM: drop_.get("from_stage"),
        m.DROP_OFF_TO: drop_.get("to_stage"),
        m.DROP_OFF_LOST: drop_.get("lost"),
        m.DROP_OFF_SHARE: drop_.get("lost_share"),
    }
    sec.artifacts[artifacts.JOURNEY_FUNNEL] = closed
    return sec


# --- days to the next stage ---------------------------------------------------------------


@dataclass(kw_only=True)
class TimeSection(Section):
    times: pd.DataFrame  # per transition: people, mean and quantiles of the days (may be empty)


def time_to_next_stage(log: JourneyLog, params: JourneyParams) -> TimeSection:
    """Days from each stage to the next; the slowest and the fastest step in words."""
    times = time_to_convert(log, **_funnel_args(params))
    sec = TimeSection(heading="jny_time", times=times)
    if len(times) == 1:
        only = times.iloc[0]
        sec.say(
            "jny_time_single",
            from_stage=stage(only["from_stage"]),
            to_stage=stage(only["to_stage"]),
            days=float(only["median_days"]),
            p90=float(only["p90_days"]),
        )
    elif len(times) > 1:
        slow = times.loc[times["median_days"].idxmax()]
        fast = times.loc[times["median_days"].idxmin()]
        sec.say(
            "jny_time_text",
            slow_from=stage(slow["from_stage"]),
            slow_to=stage(slow["to_stage"]),
            slow_days=float(slow["median_days"]),
            slow_p90=float(slow["p90_days"]),
            fast_from=stage(fast["from_stage"]),
            fast_to=stage(fast["to_stage"]),
            fast_days=float(fast["median_days"]),
        )
    sec.metrics = {m.MEDIAN_DAYS: dict(zip(times["transition"], times["median_days"], strict=True))}
    sec.artifacts[artifacts.JOURNEY_TIME_TO_CONVERT] = times
    return sec


# --- breakdowns ---------------------------------------------------------------------------


@dataclass(kw_only=True)
class Breakdown(Section):
    """One dimension's breakdown: its sentences, and its conversion table to chart."""

    dimension: str
    conversion: pd.DataFrame  # journey.conversion_table: group, entered, one column per step
    shown: bool  # two groups or more: worth a chart


@dataclass(kw_only=True)
class BreakdownsSection(Section):
    transition: str | None  # the transition the sentences are about (the largest drop-off)
    parts: list[Breakdown] = field(default_factory=list)  # one per dimension, in order


def breakdowns(
    log: JourneyLog, params: JourneyParams, drop: dict | None = None
) -> BreakdownsSection:
    """The closed funnel per acquisition channel, cohort month and first-order value
    segment; per dimension, the best and worst group at the largest drop-off.

    ``drop``: the funnel's largest drop-off (:attr:`FunnelSection.drop`); computed from the
    closed funnel when not given."""
    args = _funnel_args(params)
    drop = drop or largest_drop_off(funnel_table(log, **args))
    focus = f"{drop['from_stage']}→{drop['to_stage']}" if drop else None
    sec = BreakdownsSection(heading="jny_breakdown", transition=focus)
    sec.say("jny_segment_note")
    sec.metrics[m.CONVERSION_BY_TRANSITION] = focus
    for dimension in DIMENSIONS:
        table = conversion_table(funnel_by(log, dimension, **args))
        part = Breakdown(dimension=dimension, conversion=table, shown=len(table) >= 2)
        sec.parts.append(part)
        dim = Code(DIMENSION, dimension)
        if not part.shown:
            part.say("jny_breakdown_single", dimension=dim)
            continue
        rated = table.dropna(subset=[focus]) if focus else table.iloc[0:0]
        if len(rated) >= 2:
            best = rated.loc[rated[focus].idxmax()]
            worst = rated.loc[rated[focus].idxmin()]
            part.say(
                "jny_breakdown_text",
                dimension=dim,
                from_stage=stage(drop["from_stage"]),
                to_stage=stage(drop["to_stage"]),
                best=group(dimension, best["group"]),
                best_rate=float(best[focus]),
                worst=group(dimension, worst["group"]),
                worst_rate=float(worst[focus]),
            )
        if dimension == "cohort_month":
            part.say("jny_cohort_note")
        cohort = dimension == "cohort_month"
        keys = [group(dimension, g) if cohort else g for g in rated["group"]]
        values = rated[focus] if focus else []
        sec.metrics[m.CONVERSION_BY[dimension]] = dict(zip(keys, values, strict=True))
    return sec


# --- paths --------------------------------------------------------------------------------


@dataclass(kw_only=True)
class StepsSection(Section):
    steps: pd.DataFrame | None  # journey.step_matrix; None without events (no paths)


def steps(log: JourneyLog, params: JourneyParams) -> StepsSection:
    """Event x step matrix; the most common first touch and how many paths have ended by
    the last step. Without events, the paths are skipped (said here)."""
    sec = StepsSection(heading="jny_paths", steps=None)
    if log.source != "events":
        sec.say("jny_paths_absent")
        return sec
    sec.steps = matrix = step_matrix(log, params.max_steps, params.rare_event_share)
    first = matrix[(matrix["step"] == 1) & (matrix["event_type"] != PATH_END)]
    first = first.loc[first["share"].idxmax()]
    last_step = int(matrix["step"].max())
    ended = matrix[(matrix["step"] == last_step) & (matrix["event_type"] == PATH_END)]
    sec.say(
        "jny_steps_text",
        event=event(first["event_type"]),
        share=float(first["share"]),
        step=last_step,
        ended=float(ended["share"].sum()),
    )
    return sec


@dataclass(kw_only=True)
class PathsSection(Section):
    paths: pd.DataFrame | None  # journey.top_paths, for the Sankey; None without events


def top_paths(log: JourneyLog, params: JourneyParams) -> PathsSection:
    """The most common paths from the first touch (the Sankey) and the most common one."""
    sec = PathsSection(paths=None)
    if log.source != "events":
        return sec
    sec.paths = paths = top_paths_table(
        log,
        params.sankey_steps,
        params.top_paths_n,
        params.rare_event_share,
        target_stage=target_stage(log, params),
    )
    if not paths.empty:
        sec.say(
            "jny_sankey_text",
            n=len(paths),
            share=float(paths["share"].sum()),
            path=path(paths["path"].iloc[0]),
            people=int(paths["people"].iloc[0]),
        )
    return sec


@dataclass(kw_only=True)
class VariantsSection(Section):
    variants: pd.DataFrame | None  # journey.path_variants; None without events
    target: str  # the stage the variants convert to
    overall: float | None = None  # share of all people who ever reached the target


def variants(log: JourneyLog, params: JourneyParams) -> VariantsSection:
    """Path variants before the target stage with their conversion; the best-converting
    variant that enough people take, against the conversion of everyone."""
    target = target_stage(log, params)
    sec = VariantsSection(variants=None, target=target)
    if log.source != "events":
        return sec
    sec.variants = found = path_variants(
        log, target, params.variant_steps, params.top_variants_n, params.rare_event_share
    )
    direct = Sentence("jny_direct_path", {"target": stage(target)})
    shown = found.assign(path=[path(p) if len(p) else direct for p in found["path"]])
    sec.tables["variants"] = Table(
        shown,
        {
            "path": Column("jny_col_path"),
            "people": Column("jny_col_people", "count"),
            "share": Column("jny_col_share", "share"),
            "conversion": Column("jny_col_path_conversion", "share"),
        },
    )
    reached = funnel_table(log, closed=False).set_index("stage").loc[target, "people"]
    people = log.people_count()
    sec.overall = overall = float(reached / people) if people else None
    common = found[found["people"] >= params.min_variant_people]
    if common.empty:
        return sec
    best = common.loc[common["conversion"].idxmax()]
    values = {
        "target": stage(target),
        "min_people": params.min_variant_people,
        "conversion": float(best["conversion"]),
        "people": int(best["people"]),
        "overall": overall,
    }
    if len(best["path"]):
        sec.say("jny_variants_text", path=path(best["path"]), **values)
    else:
        sec.say("jny_variants_direct_text", **values)
    return sec


@dataclass(kw_only=True)
class TransitionsSection(Section):
    moves: pd.DataFrame | None  # journey.transitions (directly-follows); None without events


def transitions(log: JourneyLog, params: JourneyParams) -> TransitionsSection:
    """Directly-follows transitions; the most frequent and, among the frequent ones, the
    one with the longest gap."""
    sec = TransitionsSection(moves=None)
    if log.source != "events":
        return sec
    sec.moves = moves = transitions_table(log, params.rare_event_share)
    sec.artifacts[artifacts.JOURNEY_TRANSITIONS] = moves
    if moves.empty:
        return sec
    top = moves.iloc[0]
    floor = max(1, params.frequent_transition_share * moves["transitions"].sum())
    frequent = moves[moves["transitions"] >= floor]
    slow = frequent.loc[frequent["median_days"].idxmax()]
    sec.say(
        "jny_transitions_text",
        from_event=event(top["from_event"]),
        to_event=event(top["to_event"]),
        count=int(top["transitions"]),
        slow_from=event(slow["from_event"]),
        slow_to=event(slow["to_event"]),
        slow_days=float(slow["median_days"]),
    )
    return sec


@dataclass(kw_only=True)
class LoopsSection(Section):
    loops: pd.DataFrame | None  # journey.repeats_and_loops; None without events


def loops(log: JourneyLog, params: JourneyParams) -> LoopsSection:
    """Events people repeat or come back to (table ``loops``); the most repeated one."""
    sec = LoopsSection(loops=None)
    if log.source != "events":
        return sec
    sec.loops = found = repeats_and_loops(log, params.rare_event_share)
    repeated = found[found["people_repeating"] > 0]
    if repeated.empty:
        sec.say("jny_no_loops")
        return sec
    sec.tables["loops"] = Table(
        repeated,
        {
            "event_type": Column("jny_col_event", f"code:{EVENT}"),
            "people": Column("jny_col_people", "count"),
            "repeating_share": Column("jny_col_repeating", "share"),
            "looping_share": Column("jny_col_looping", "share"),
        },
    )
    most = repeated.loc[repeated["repeating_share"].idxmax()]
    sec.say(
        "jny_loops_text",
        event=event(most["event_type"]),
        share=float(most["repeating_share"]),
        looping=float(most["looping_share"]),
    )
    return sec


# --- map of marketing measures ------------------------------------------------------------


@dataclass(kw_only=True)
class MeasuresSection(Section):
    measures: MeasureMap | None  # the stage x measure map; None when no measure reaches anyone
    campaign_names: dict[str, str] = field(default_factory=dict)  # campaign_id -> name


def measures(log: JourneyLog, params: JourneyParams) -> MeasuresSection:
    """Which measures reach people at which stage: the stages no measure reaches (gaps) and
    the stages where two or more measures hit the same people (duplication)."""
    found = stage_measures(
        log,
        params.measure_events,
        attribution_days=params.attribution_days,
        gap_share=params.gap_share,
        duplication_share=params.duplication_share,
    )
    sec = MeasuresSection(heading="jny_measures", measures=None)
    if found.cells.empty:
        sec.say("jny_measures_absent")
        return sec
    sec.measures, sec.campaign_names = found, campaign_names(log)
    gaps = found.gaps
    if gaps:
        sec.say("jny_measures_gaps", stages=Items(tuple(stage(s) for s in gaps)))
    else:
        sec.say("jny_measures_no_gaps")
    duplicated = found.stages[found.stages["is_duplicated"]]
    if duplicated.empty:
        sec.say("jny_measures_no_dup")
    else:
        top = duplicated.loc[duplicated["duplication_share"].idxmax()]
        sec.say(
            "jny_measures_dup",
            stages=Items(tuple(stage(s) for s in duplicated["stage"])),
            top=stage(top["stage"]),
            share=float(top["duplication_share"]),
        )
    per_stage = found.stages
    sec.metrics = {
        m.GAPS: gaps,
        m.DUPLICATION: dict(zip(per_stage["stage"], per_stage["duplication_share"], strict=True)),
        m.COVERAGE: dict(zip(per_stage["stage"], per_stage["coverage"], strict=True)),
        m.DUPLICATED_STAGES: found.duplicated,
    }
    sec.artifacts[artifacts.JOURNEY_MEASURE_MAP] = found.cells
    sec.artifacts[artifacts.JOURNEY_STAGE_COVERAGE] = per_stage
    return sec


# --- churned vs retained ------------------------------------------------------------------


@dataclass(kw_only=True)
class DivergenceSection(Section):
    divergence: pd.DataFrame | None  # journey.journey_divergence; None without both groups
    point: dict | None = None  # journey.divergence_point: where the paths part


def divergence(log: JourneyLog, params: JourneyParams) -> DivergenceSection:
    """Churned minus retained customers' step matrix and the step where their paths part."""
    sizes = churn_group_sizes(log, params.churn_days)
    sec = DivergenceSection(heading="jny_divergence", divergence=None)
    if min(sizes.values()) == 0:
        sec.say("jny_divergence_absent")
        return sec
    sec.say("jny_churn_rule", days=params.churn_days)
    sec.divergence = frame = journey_divergence(
        log, params.churn_days, params.max_steps, params.rare_event_share
    )
    sec.point = point = divergence_point(frame, params.divergence_distance)
    if point is None:
        sec.say("jny_divergence_none", **sizes)
    else:
        key = "jny_divergence_end" if point["event_type"] == PATH_END else "jny_divergence_text"
        sec.say(
            key,
            **sizes,
            step=point["step"],
            event=event(point["event_type"]),
            points=point["difference"] * 100,
        )
    point_ = point or {}
    sec.metrics = {
        m.CHURNED: sizes["churned"],
        m.RETAINED: sizes["retained"],
        m.DIVERGENCE_STEP: point_.get("step"),
        m.DIVERGENCE_DISTANCE: point_.get("distance"),
        m.DIVERGENCE_EVENT: point_.get("event_type"),
        m.DIVERGENCE_DIFFERENCE: point_.get("difference"),
    }
    return sec


# --- satisfaction -------------------------------------------------------------------------


@dataclass(kw_only=True)
class SatisfactionSection(Section):
    satisfaction: pd.DataFrame | None  # journey.satisfaction_by_stage; None without ratings


def satisfaction(log: JourneyLog, params: JourneyParams) -> SatisfactionSection:
    """Satisfaction (0-100) per stage and dimension; per dimension, the lowest stage."""
    scores = satisfaction_by_stage(log, params.satisfaction_channels, params.rating_scales)
    sec = SatisfactionSection(heading="jny_satisfaction", satisfaction=None)
    if scores.empty:
        sec.say("jny_satisfaction_absent")
        return sec
    sec.satisfaction = scores
    by_dimension = dict(tuple(scores.groupby("dimension")))
    for dimension, rows in by_dimension.items():
        low = rows.loc[rows["score"].idxmin()]
        sec.say(
            "jny_satisfaction_text",
            dimension=Code(DIMENSION, dimension),
            stage=stage(low["stage"]),
            score=float(low["score"]),
            responses=int(low["responses"]),
        )
    sec.metrics[m.SATISFACTION] = {
        d: dict(zip(rows["stage"], rows["score"], strict=True)) for d, rows in by_dimension.items()
    }
    return sec
