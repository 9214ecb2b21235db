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
from crm_lib.journey.backwards import CANCELLATION, END_KINDS, LAPSE, preceding
from crm_lib.journey.between import between_purchases as between_table
from crm_lib.journey.experience import satisfaction_by_stage
from crm_lib.journey.funnel import (
    DIMENSIONS,
    censor_cutoff,
    conversion_rates,
    conversion_table,
    conversion_trend,
    funnel_by,
    largest_drop_off,
    late_entrants,
    period_label,
    time_to_convert,
)
from crm_lib.journey.funnel import funnel as funnel_table
from crm_lib.journey.log import JourneyLog, StageModel, build_log
from crm_lib.journey.measures import MeasureMap, campaign_names, programme_labels, stage_measures
from crm_lib.journey.paths import PATH_END, path_variants, repeats_and_loops, step_matrix
from crm_lib.journey.paths import top_paths as top_paths_table
from crm_lib.journey.paths import transitions as transitions_table
from crm_lib.journey.touches import split_item
from crm_lib.metrics import journey as m
from crm_lib.params import JourneyParams
from crm_lib.section import Code, Column, Items, Label, Section, Sentence, Table

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


def group(dimension: str, value: Any) -> Code | pd.Period:
    """A group of a breakdown in a sentence: a cohort month as a month (written in the
    page's language), else its code with a label."""
    if dimension == "cohort_month":
        return pd.Period(pd.Timestamp(value), "M")
    return Code(GROUP_PREFIX.get(dimension, f"jny_{dimension}_"), value)


def _metric_key(dimension: str, value: Any) -> Any:
    """A group as a metric key: a cohort month as YYYY-MM, else the code itself."""
    return pd.Timestamp(value).strftime("%Y-%m") if dimension == "cohort_month" else value


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
    shown = closed[["stage", "people", "conversion", "lost", "censored"]]
    sec.tables["funnel"] = Table(
        shown.assign(open_people=opened["people"]),
        {
            "stage": Column("jny_col_stage", f"code:{STAGE}"),
            "people": Column("jny_col_people", "count"),
            "conversion": Column("jny_col_conversion", "share"),
            "lost": Column("jny_col_lost", "count"),
            "censored": Column("jny_col_censored", "count"),
            "open_people": Column("jny_col_open_people", "count"),
        },
    )
    days = window_days(params)
    if days:
        sec.say("jny_window_latest", days=days)
    else:
        sec.say("jny_window_none")
    censored = _say_censored(sec, log, closed, days)
    late = late_entrants(log)
    if late:
        sec.say("jny_late_entry", people=late, entry=stage(log.model.stages[0]))
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
        m.CENSORED: censored,
        m.LATE_ENTRANTS: late,
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
    """Days from each stage to the next (from the latest event of the previous stage
    before the step); the slowest and the fastest step in words."""
    times = time_to_convert(log, **_funnel_args(params))
    sec = TimeSection(heading="jny_time", times=times)
    if not times.empty:
        sec.say("jny_time_anchor")
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
        keys = [_metric_key(dimension, g) for g in rated["group"]]
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
    campaign_names: dict[str, str] = field(default_factory=dict)  # programme -> its ids


def measures(log: JourneyLog, params: JourneyParams) -> MeasuresSection:
    """Which programmes reach people at which stage (a stage's entry event left out): the
    stages no measure reaches (gaps) and the stages where two different programmes hit the
    same people within ``duplication_window_days`` (duplication)."""
    found = stage_measures(
        log,
        params.measure_events,
        attribution_days=params.attribution_days,
        gap_share=params.gap_share,
        duplication_share=params.duplication_share,
        window_days=params.duplication_window_days or None,
        programme_pattern=params.programme_pattern,
        programmes=params.programmes,
    )
    sec = MeasuresSection(heading="jny_measures", measures=None)
    if found.cells.empty:
        sec.say("jny_measures_absent")
        return sec
    sec.measures, sec.campaign_names = found, programme_labels(found)
    _say_measure_rules(sec, found, params)
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
        m.DUPLICATION_WINDOW_DAYS: params.duplication_window_days,
        m.PROGRAMMES: int(found.programmes["programme"].nunique()),
    }
    sec.artifacts[artifacts.JOURNEY_MEASURE_MAP] = found.cells
    sec.artifacts[artifacts.JOURNEY_STAGE_COVERAGE] = per_stage
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


def _say_censored(
    sec: Section, log: JourneyLog, closed: pd.DataFrame, days: float | None
) -> dict[str, int]:
    """People censored per transition of the closed funnel (entered the step's first
    stage less than ``days`` before the end of the data); one sentence when any."""
    steps = closed[closed["stage_idx"] > 0]
    names = closed["stage"].tolist()
    censored = {
        f"{names[i - 1]}→{names[i]}": int(n)
        for i, n in zip(steps["stage_idx"], steps["censored"].fillna(0), strict=True)
    }
    cutoff = censor_cutoff(log, days)
    if cutoff is None or not sum(censored.values()):
        return censored
    most = steps.loc[steps["censored"].idxmax()]
    i = int(most["stage_idx"])
    sec.say(
        "jny_censored_text",
        days=days,
        date=cutoff,
        from_stage=stage(names[i - 1]),
        to_stage=stage(names[i]),
        censored=int(most["censored"]),
        observed=int(most["observed"]),
    )
    return censored


def _say_measure_rules(sec: Section, found: MeasureMap, params: JourneyParams) -> None:
    """How measures are counted: programmes (issues of one newsletter as one), the entry
    event left out, duplication within the window."""
    table = found.programmes
    merged = table.groupby("programme")["campaign_id"].count()
    sec.say(
        "jny_measures_rules",
        campaigns=len(table),
        programmes=int(table["programme"].nunique()),
        merged=int((merged > 1).sum()),
        days=params.duplication_window_days,
    )


@dataclass(kw_only=True)
class TrendSection(Section):
    trend: pd.DataFrame  # journey.conversion_trend: per cohort period and transition
    period: str  # month | quarter


def _trend_table(trend: pd.DataFrame, period: str) -> Table:
    shown = pd.DataFrame(
        {
            "period": [period_label(p, period) for p in trend["period"]],
            "transition": [
                Items((stage(a), stage(b)), "path_separator")
                for a, b in zip(trend["from_stage"], trend["to_stage"], strict=True)
            ],
            "entered": trend["entered"],
            "observed": trend["observed"],
            "conversion": trend["conversion"],
            "censored": trend["censored"],
        }
    )
    return Table(
        shown,
        {
            "period": Column(f"jny_col_{period}"),
            "transition": Column("jny_col_transition"),
            "entered": Column("jny_col_entered", "count"),
            "observed": Column("jny_col_observed", "count"),
            "conversion": Column("jny_col_conversion", "share"),
            "censored": Column("jny_col_censored", "count"),
        },
    )


def trend(log: JourneyLog, params: JourneyParams) -> TrendSection:
    """Closed-funnel conversion per step by cohort (the ``trend_period`` in which people
    entered the step's first stage); right-censored cohorts are marked and their
    conversion counts only the people observed for the whole window."""
    period = params.trend_period
    found = conversion_trend(log, period, **_funnel_args(params))
    sec = TrendSection(heading="jny_trend", trend=found, period=period)
    if found.empty:
        return sec
    sec.tables["trend"] = _trend_table(found, period)
    sec.say("jny_trend_rule", period=Code("jny_period_", period))
    rated = found.dropna(subset=["conversion"])
    complete = rated[~rated["right_censored"]]
    for _, rows in complete.groupby("transition", sort=False):
        if len(rows) < 2:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        sec.say(
            "jny_trend_text",
            from_stage=stage(first["from_stage"]),
            to_stage=stage(first["to_stage"]),
            first=period_label(first["period"], period),
            first_rate=float(first["conversion"]),
            last=period_label(last["period"], period),
            last_rate=float(last["conversion"]),
        )
    censored = found[found["right_censored"]]
    if not censored.empty:
        sec.say(
            "jny_trend_censored",
            first=period_label(censored["period"].min(), period),
            days=window_days(params),
        )
    sec.metrics = {
        m.TREND: {
            tr: {
                period_label(p, period): float(c)
                for p, c in zip(rows["period"], rows["conversion"], strict=True)
            }
            for tr, rows in rated.groupby("transition", sort=False)
        },
        m.TREND_CENSORED_FROM: (
            period_label(censored["period"].min(), period) if not censored.empty else None
        ),
        m.TREND_PERIOD: period,
    }
    return sec


# --- between one purchase and the next, and read backwards from an end point ------------

TOPIC, CONTACT_CODE, END = "jny_topic_", "jny_contact_", "jny_end_"


def item(code: str, names: dict[str, str]) -> Sentence | Code:
    """An item (``kind:code`` of :mod:`crm_lib.journey.touches`) cited in a sentence or a
    table cell; a campaign with its name from the data."""
    kind, value = split_item(code)
    if kind == "feedback":
        return Sentence("jny_item_feedback", {"topic": Code(TOPIC, value)})
    if kind == "event":
        return Sentence("jny_item_event", {"event": event(value)})
    if kind == "campaign":
        return Sentence("jny_item_campaign", {"campaign": value, "name": names.get(value, "")})
    return Code(CONTACT_CODE, value)


def _flag_column(flags: pd.Series) -> list[Label]:
    return [Label("jny_yes" if f else "jny_no") for f in flags]


@dataclass(kw_only=True)
class BetweenSection(Section):
    groups: pd.DataFrame | None  # journey.between: per purchase number, intervals, lapsed
    comparison: pd.DataFrame | None  # per purchase number and item (may be empty)
    names: dict[str, str] = field(default_factory=dict)  # campaign_id -> name, for charts


def _between_tables(sec: BetweenSection, groups: pd.DataFrame, found: pd.DataFrame) -> None:
    sec.tables["between_groups"] = Table(
        groups,
        {
            "purchase_number": Column("jny_col_purchase_number", "count"),
            "intervals": Column("jny_col_intervals", "count"),
            "lapsed": Column("jny_col_lapsed", "count"),
            "lapse_rate": Column("jny_col_lapse_rate", "share"),
            "median_gap_days": Column("jny_col_median_gap", "number1"),
        },
    )
    if found.empty:
        return
    shown = found.assign(
        item=[item(i, sec.names) for i in found["item"]],
        difference=found["difference"] * 100,
        ci_low=found["ci_low"] * 100,
        ci_high=found["ci_high"] * 100,
        flagged=_flag_column(found["flagged"]),
    )
    sec.tables["between"] = Table(
        shown,
        {
            "purchase_number": Column("jny_col_purchase_number", "count"),
            "item": Column("jny_col_item"),
            "with_item": Column("jny_col_with_item", "count"),
            "lapse_rate_with": Column("jny_col_rate_with", "share"),
            "lapse_rate_without": Column("jny_col_rate_without", "share"),
            "difference": Column("jny_col_diff_pts", "signed1"),
            "ci_low": Column("jny_col_ci_low_pts", "signed1"),
            "ci_high": Column("jny_col_ci_high_pts", "signed1"),
            "repurchase_drop": Column("jny_col_repurchase_drop", "percent"),
            "q_value": Column("jny_col_q_value", "number3"),
            "flagged": Column("jny_col_flagged"),
        },
    )


def _say_between(sec: BetweenSection, found: pd.DataFrame, alpha: float) -> None:
    """How many items differ; per purchase number, the flagged item with the largest
    lapse-rate difference (and the one with the lowest lapse rate, when it is lower)."""
    flagged = found[found["flagged"]]
    if flagged.empty:
        sec.say("jny_btw_none", compared=len(found), alpha=alpha)
        return
    sec.say("jny_btw_count", compared=len(found), flagged=len(flagged), alpha=alpha)
    for n, rows in flagged.groupby("purchase_number"):
        higher = rows[rows["difference"] > 0]
        if not higher.empty:
            top = higher.loc[higher["difference"].idxmax()]
            sec.say(
                "jny_btw_top",
                n=int(n),
                item=item(top["item"], sec.names),
                rate_with=float(top["lapse_rate_with"]),
                with_item=int(top["with_item"]),
                rate_without=float(top["lapse_rate_without"]),
                points=float(top["difference"]) * 100,
                low=float(top["ci_low"]) * 100,
                high=float(top["ci_high"]) * 100,
                drop=float(top["repurchase_drop"]),
                drop_low=float(top["repurchase_drop_low"]),
                drop_high=float(top["repurchase_drop_high"]),
            )
        lower = rows[rows["difference"] < 0]
        if not lower.empty:
            low = lower.loc[lower["difference"].idxmin()]
            sec.say(
                "jny_btw_lower",
                n=int(n),
                item=item(low["item"], sec.names),
                rate_with=float(low["lapse_rate_with"]),
                rate_without=float(low["lapse_rate_without"]),
            )
    sec.say("jny_btw_caveat")


def _by_number(found: pd.DataFrame, column: str | None) -> dict[str, Any]:
    """{purchase number: [flagged items]} or {purchase number: {flagged item: column}}."""
    out: dict[str, Any] = {}
    for n, rows in found[found["flagged"]].groupby("purchase_number"):
        items = rows["item"].tolist()
        out[str(n)] = items if column is None else dict(zip(items, rows[column], strict=True))
    return out


def between_purchases(log: JourneyLog, params: JourneyParams) -> BetweenSection:
    """Journeys aligned on purchase number: what happened after the n-th purchase among
    customers who bought again and those who lapsed (:mod:`crm_lib.journey.between`),
    the items whose lapse rate differs after FDR control, in words."""
    groups, found = between_table(
        log,
        params.churn_days,
        max_purchase=params.between_purchases,
        window_days=params.between_window_days,
        min_intervals=params.min_compared,
        alpha=params.fdr_alpha,
        topics=params.feedback_topics,
    )
    sec = BetweenSection(heading="jny_between", groups=None, comparison=None)
    numbers = groups["purchase_number"].astype(str)
    sec.metrics = {
        m.LAPSE_DAYS: params.churn_days,
        m.BETWEEN_INTERVALS: dict(zip(numbers, groups["intervals"], strict=True)),
        m.BETWEEN_LAPSE_RATE: dict(zip(numbers, groups["lapse_rate"], strict=True)),
        m.BETWEEN_FLAGGED: _by_number(found, None),
        m.BETWEEN_DIFFERENCE: _by_number(found, "difference"),
        m.BETWEEN_REPURCHASE_DROP: _by_number(found, "repurchase_drop"),
    }
    if groups.empty:
        sec.say("jny_btw_absent")
        return sec
    sec.groups, sec.comparison, sec.names = groups, found, campaign_names(log)
    window = min(params.between_window_days, params.churn_days)
    sec.say(
        "jny_btw_rule", lapse_days=params.churn_days, max_n=params.between_purchases, window=window
    )
    gap = groups["median_gap_days"].iloc[0]
    if pd.notna(gap):
        sec.say("jny_btw_assumption", window=window, gap=float(gap))
    _between_tables(sec, groups, found)
    if found.empty:
        sec.say("jny_btw_no_items")
    else:
        _say_between(sec, found, params.fdr_alpha)
    return sec


@dataclass(kw_only=True)
class BackwardsSection(Section):
    sizes: pd.DataFrame | None  # journey.backwards: end points per kind
    comparison: pd.DataFrame | None  # per kind and item: window vs baseline shares
    names: dict[str, str] = field(default_factory=dict)  # campaign_id -> name, for charts


def _backwards_table(sec: BackwardsSection, found: pd.DataFrame) -> None:
    shown = found.assign(
        end_kind=[Code(END, k) for k in found["end_kind"]],
        item=[item(i, sec.names) for i in found["item"]],
        difference=found["difference"] * 100,
        flagged=_flag_column(found["flagged"]),
    )
    sec.tables["backwards"] = Table(
        shown,
        {
            "end_kind": Column("jny_col_end_kind"),
            "item": Column("jny_col_item"),
            "end_points": Column("jny_col_end_points", "count"),
            "share_window": Column("jny_col_share_window", "share"),
            "share_baseline": Column("jny_col_share_baseline", "share"),
            "difference": Column("jny_col_diff_pts", "signed1"),
            "q_value": Column("jny_col_q_value", "number3"),
            "flagged": Column("jny_col_flagged"),
        },
    )


def _say_backwards(sec: BackwardsSection, rows: pd.DataFrame, kind: str, params) -> None:
    end = Code(END, kind)
    top = rows.head(3)
    shares = tuple(
        Sentence("jny_bwd_share", {"item": item(i, sec.names), "share": float(s)})
        for i, s in zip(top["item"], top["share_window"], strict=True)
    )
    sec.say("jny_bwd_top", end=end, items=Items(shares))
    higher = rows[rows["flagged"] & (rows["difference"] > 0)]
    if higher.empty:
        sec.say("jny_bwd_none", end=end, alpha=params.fdr_alpha)
        return
    best = higher.loc[higher["difference"].idxmax()]
    sec.say(
        "jny_bwd_flagged",
        end=end,
        item=item(best["item"], sec.names),
        share=float(best["share_window"]),
        low=float(best["share_window_low"]),
        high=float(best["share_window_high"]),
        base=float(best["share_baseline"]),
        alpha=params.fdr_alpha,
    )


def backwards(log: JourneyLog, params: JourneyParams) -> BackwardsSection:
    """What preceded a lapse or a subscription cancellation, against the same customers'
    earlier period (:mod:`crm_lib.journey.backwards`): the most common items and the one
    more common before the end than before, per kind."""
    sizes, found = preceding(
        log,
        params.churn_days,
        days=params.backward_days,
        min_end_points=params.min_compared,
        alpha=params.fdr_alpha,
        topics=params.feedback_topics,
    )
    sec = BackwardsSection(heading="jny_backwards", sizes=None, comparison=None)
    counts = dict(zip(sizes["end_kind"], sizes["end_points"].astype(int), strict=True))
    sec.metrics = {
        m.BACKWARD_END_POINTS: counts,
        m.BACKWARD_TOP: {k: rows["item"].iloc[0] for k, rows in found.groupby("end_kind")},
        m.BACKWARD_FLAGGED: {
            k: rows.loc[rows["flagged"], "item"].tolist() for k, rows in found.groupby("end_kind")
        },
    }
    if found.empty:
        sec.say("jny_bwd_absent")
        return sec
    sec.sizes, sec.comparison, sec.names = sizes, found, campaign_names(log)
    sec.say(
        "jny_bwd_rule",
        lapse_days=params.churn_days,
        days=params.backward_days,
        lapses=counts.get(LAPSE, 0),
        cancellations=counts.get(CANCELLATION, 0),
    )
    _backwards_table(sec, found)
    for kind in END_KINDS:
        rows = found[found["end_kind"] == kind]
        if not rows.empty:
            _say_backwards(sec, rows, kind, params)
    sec.say("jny_bwd_caveat")
    return sec
