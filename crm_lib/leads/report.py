"""The prospect follow-up report, section by section: dataset and typed parameters in,
:class:`~crm_lib.section.Section` out.

The first section reads the leads (:func:`crm_lib.leads.frame.lead_frame`); every later
section takes them. Without a leads table the first section says so in one sentence and
every later section is empty. The notebook ``70_leads`` shows, says and records what these
functions return; values are picked here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.leads import followup as fu
from crm_lib.leads import priority as pr
from crm_lib.leads import readiness as rd
from crm_lib.leads import speed as sp
from crm_lib.leads.frame import lead_frame
from crm_lib.leads.funnel import ALL, aging_untouched, funnel_by_source
from crm_lib.leads.value import lead_values, value_by_source
from crm_lib.metrics import leads as m
from crm_lib.money import Amount
from crm_lib.params import Business, LeadsParams, LtvParams
from crm_lib.privacy import Masker
from crm_lib.section import Code, Column, Label, Section, Sentence, Table

YEAR_DAYS = 365  # the "last year" of the extra-customers estimate


def _pts(x: float | None) -> float | None:
    return None if x is None else 100.0 * x


# ---------------------------------------------------------------- funnel


@dataclass(kw_only=True)
class FunnelSection(Section):
    leads: pd.DataFrame | None  # one row per lead (lead_frame); None without a leads table
    funnel: pd.DataFrame | None = None  # per source and "all" (funnel_by_source)


def funnel(ds: Dataset, p: LeadsParams, masker: Masker) -> FunnelSection:
    """Leads by source: open, won, lost, never contacted, conversion within ``within_days``,
    the shares never followed up and followed up late; the open leads aging untouched
    (masked)."""
    if not ds.has("leads"):
        sec = FunnelSection(heading="leads_funnel", leads=None)
        sec.say("leads_no_table")
        return sec
    leads = lead_frame(ds)
    table = funnel_by_source(leads, p.within_days, p.late_hours, p.open_days)
    sec = FunnelSection(heading="leads_funnel", leads=leads, funnel=table)
    total = table[table["source"] == ALL].iloc[0]
    sec.say(
        "leads_funnel_text", leads=int(total["leads"]), open=int(total["open"]),
        won=int(total["won"]), lost=int(total["lost"]), days=p.within_days,
        conversion=total["conversion_within"], never=total["never_share"],
        late=total["late_share"], hours=p.late_hours,
    )  # fmt: skip
    worst = table[table["source"] != ALL].sort_values("never_share", ascending=False).iloc[0]
    sec.say("leads_funnel_worst", source=Code("leads_src_", worst["source"]),
            share=worst["never_share"])  # fmt: skip
    shown = table.assign(source=[_source_cell(s) for s in table["source"]])
    sec.tables["funnel"] = Table(
        shown,
        {
            "source": Column("leads_col_source"),
            "leads": Column("leads_col_leads", "count"),
            "open": Column("leads_col_open", "count"),
            "won": Column("leads_col_won", "count"),
            "lost": Column("leads_col_lost", "count"),
            "never_contacted": Column("leads_col_never", "count"),
            "never_share": Column("leads_col_never_share", "share"),
            "late_share": Column("leads_col_late_share", "share"),
            "conversion_within": Column("leads_col_conversion_within", "share"),
        },
    )
    aging = masker.frame(aging_untouched(leads, p.open_days, p.top_n))
    if len(aging):
        sec.say("leads_aging_text", n=int(table.loc[table["source"] == ALL, "open"].iloc[0]),
                untouched=len(aging_untouched(leads, p.open_days, None)))  # fmt: skip
        sec.tables["aging"] = Table(
            aging.assign(source=[Code("leads_src_", s) for s in aging["source"]]),
            {
                "lead_id": Column("leads_col_lead"),
                "source": Column("leads_col_source"),
                "created_at": Column("leads_col_created", "date"),
                "age_days": Column("leads_col_age", "days"),
            },
        )
    sec.metrics = {
        m.COUNT: len(leads),
        m.OPEN_LEADS: int(total["open"]),
        m.CONVERSION_RATE: float(leads["won"].mean()),
        m.NEVER_FOLLOWED_SHARE: float(total["never_share"]),
        m.LATE_SHARE: float(total["late_share"]),
    }
    sec.artifacts[artifacts.LEADS_FUNNEL] = table
    return sec


def _source_cell(source: str):
    return Label("leads_all_sources") if source == ALL else Code("leads_src_", source)


# ---------------------------------------------------------------- 75 % / 80 %


def followup_figures(leads: pd.DataFrame | None, p: LeadsParams) -> Section:
    """The company's own "not ready yet" and "lost without follow-up" shares, with their
    denominators and what the data cannot show."""
    if leads is None:
        return Section()
    sec = Section(heading="leads_followup")
    ready = fu.not_ready_share(leads, p.ready_days, p.cohort_days)
    lost = fu.never_followed_lost_share(leads, p.lost_window_days)
    if ready.share is None:
        sec.say("leads_not_ready_none", days=p.cohort_days)
    else:
        sec.say(
            "leads_not_ready_text", share=ready.share, low=ready.ci_low, high=ready.ci_high,
            n=ready.numerator, buyers=ready.denominator, days=p.ready_days,
            cohort=p.cohort_days,
        )  # fmt: skip
    if lost.share is None:
        sec.say("leads_lost_none", days=p.lost_window_days)
    else:
        sec.say(
            "leads_lost_text", share=lost.share, low=lost.ci_low, high=lost.ci_high,
            n=lost.numerator, leads=lost.denominator, days=p.lost_window_days,
        )  # fmt: skip
        if ready.share is not None:
            sec.say("leads_lost_combined", share=ready.share * lost.share)
    sec.say("leads_followup_cannot")
    sec.metrics = {m.NOT_READY_SHARE: ready.share, m.LOST_SHARE: lost.share}
    return sec


# ---------------------------------------------------------------- value of a lead


@dataclass(kw_only=True)
class ValueSection(Section):
    by_source: pd.Series | None = None  # mean CLV per acquisition channel
    overall: float | None = None


def lead_value(
    ds: Dataset,
    leads: pd.DataFrame | None,
    p: LeadsParams,
    period: PeriodConfig,
    ltv: LtvParams,
    business: Business,
) -> ValueSection:
    """Expected first-year value of a converted lead per source (the LTV page's CLV over
    ``value_weeks``), named as an assumption."""
    if leads is None:
        return ValueSection()
    by, overall = value_by_source(ds, p.value_weeks, period, ltv, business)
    sec = ValueSection(heading="leads_value", by_source=by, overall=overall)
    sec.say("leads_value_text", weeks=p.value_weeks, overall=Amount(overall))
    frame = pd.DataFrame({"source": by.index.astype(str), "value": by.to_numpy()})
    frame = frame.sort_values("value", ascending=False)
    sec.tables["value"] = Table(
        frame.assign(source=[Code("leads_src_", s) for s in frame["source"]]),
        {"source": Column("leads_col_source"), "value": Column("leads_col_value", "money")},
    )
    return sec


# ---------------------------------------------------------------- speed to lead


@dataclass(kw_only=True)
class SpeedSection(Section):
    bands: pd.DataFrame | None = None  # band, leads, won, conversion, ci_low, ci_high
    curve: pd.DataFrame | None = None  # hours, conversion, ci_low, ci_high
    effects: list[sp.Effect] | None = None


def effect_sentences(e: sp.Effect) -> list[Sentence]:
    """The sentences of one response-time effect: its figure and interval, and that it is
    not shown when the interval includes 0; or why there is none."""
    if e.effect is None:
        return [Sentence("leads_effect_none", {"hours": e.hours})]
    cited = {"hours": e.hours, "effect": _pts(e.effect), "low": _pts(e.ci_low),
             "high": _pts(e.ci_high)}  # fmt: skip
    said = [Sentence("leads_effect_text", cited)]
    if e.ci_low <= 0 <= e.ci_high:
        said.append(Sentence("leads_effect_not_shown", {"hours": e.hours}))
    return said


def speed_to_lead(leads: pd.DataFrame | None, p: LeadsParams, value: ValueSection) -> SpeedSection:
    """Conversion by response band (Wilson intervals), a spline logistic fit on the response
    hours, and the within-hours effects adjusted for source (average marginal effect), with
    the extra customers and value if every lead of the last year were answered in a day."""
    if leads is None:
        return SpeedSection()
    mature = sp.mature(leads, p.mature_days)
    bands = sp.by_band(mature)
    fit = sp.smooth_curve(mature, p.curve_hours)
    effects = [sp.adjusted_effect(mature, h) for h in p.fast_hours]
    sec = SpeedSection(heading="leads_speed", bands=bands, curve=fit.curve, effects=effects)
    sec.say("leads_speed_intro", n=len(mature), days=p.mature_days)
    first, last = bands.iloc[0], bands.iloc[-1]
    sec.say("leads_speed_bands", fast=Code("leads_band_", first["band"]),
            fast_rate=first["conversion"], slow=Code("leads_band_", last["band"]),
            slow_rate=last["conversion"])  # fmt: skip
    if not fit.converged:
        sec.say("leads_curve_not_converged")
    for e in effects:
        sec.sentences += effect_sentences(e)
    sec.tables["bands"] = Table(
        bands.assign(band=[Code("leads_band_", b) for b in bands["band"]]),
        {
            "band": Column("leads_col_band"),
            "leads": Column("leads_col_leads", "count"),
            "won": Column("leads_col_won", "count"),
            "conversion": Column("leads_col_conversion", "share"),
            "ci_low": Column("leads_col_ci_low", "share"),
            "ci_high": Column("leads_col_ci_high", "share"),
        },
    )
    day = next((e for e in effects if e.hours == 24.0), effects[-1])
    sec.metrics = {
        m.SPEED_EFFECT: _pts(day.effect),
        m.SPEED_EFFECT_CI_LOW: _pts(day.ci_low),
        m.SPEED_EFFECT_CI_HIGH: _pts(day.ci_high),
    }
    end = leads["age_days"] <= YEAR_DAYS
    slow = leads[end & ~(leads["response_hours"] <= day.hours)]
    extra = sp.extra_customers(day, len(slow))
    if extra is not None:
        per = lead_values(slow["source"], value.by_source, value.overall)
        mean_value = float(per.mean()) if len(per) else 0.0
        sec.say(
            "leads_extra_text", hours=day.hours, slow=len(slow), extra=extra[0], low=extra[1],
            high=extra[2], revenue=Amount(extra[0] * mean_value),
            revenue_low=Amount(extra[1] * mean_value), revenue_high=Amount(extra[2] * mean_value),
        )  # fmt: skip
        if extra[1] <= 0 <= extra[2]:
            sec.say("leads_extra_not_shown", hours=day.hours)
        sec.metrics[m.EXTRA_CUSTOMERS] = extra[0]
        sec.metrics[m.EXTRA_VALUE] = extra[0] * mean_value
    sec.artifacts[artifacts.LEADS_SPEED] = bands
    return sec


# ---------------------------------------------------------------- readiness


@dataclass(kw_only=True)
class ReadinessSection(Section):
    curve: pd.DataFrame | None = None  # day, conversion, ci_low, ci_high, at_risk (daily)


def readiness(leads: pd.DataFrame | None, p: LeadsParams) -> ReadinessSection:
    """Cumulative conversion against days since the lead (Kaplan-Meier, leads without a
    purchase censored at their age), and how much of it comes after each day."""
    if leads is None:
        return ReadinessSection()
    days, converted = rd.lead_times(leads)
    grid = tuple(range(0, int(max(p.km_days)) + 1))
    curve = rd.conversion_curve(days, converted, grid)
    table = rd.conversion_curve(days, converted, p.km_days)
    sec = ReadinessSection(heading="leads_readiness", curve=curve)
    final = float(table["conversion"].iloc[-1])
    for _, row in table.iterrows():
        row_share = float(row["conversion"]) / final if final else np.nan
        table.loc[_, "share_of_final"] = row_share
    sec.say("leads_readiness_text", final=final, last=int(table["day"].iloc[-1]))
    reached = table[table["share_of_final"] >= 0.95]
    if len(reached):
        sec.say("leads_readiness_nurture", day=int(reached["day"].iloc[0]))
    sec.tables["readiness"] = Table(
        table,
        {
            "day": Column("leads_col_day", "days"),
            "conversion": Column("leads_col_cum_conversion", "share"),
            "ci_low": Column("leads_col_ci_low", "share"),
            "ci_high": Column("leads_col_ci_high", "share"),
            "at_risk": Column("leads_col_at_risk", "count"),
            "share_of_final": Column("leads_col_share_of_final", "share"),
        },
    )
    return sec


# ---------------------------------------------------------------- priority list


@dataclass(kw_only=True)
class PrioritySection(Section):
    evaluation: pr.Evaluation | None = None


def priority(
    ds: Dataset,
    leads: pd.DataFrame | None,
    p: LeadsParams,
    value: ValueSection,
    masker: Masker,
) -> PrioritySection:
    """Open leads scored by the probability of a purchase within ``horizon_days`` (trained
    and tested out of time) times their expected first-year value; who to call first and
    why (masked)."""
    if leads is None:
        return PrioritySection()
    end = pd.Timestamp(ds.observation_end) + pd.Timedelta(days=1)
    train_at, test_at = pr.snapshots(end, p.horizon_days, p.train_snapshots, p.snapshot_step_days)
    snap = [pr.labelled_snapshot(ds, leads, s, p.open_days, p.horizon_days) for s in train_at]
    train = pd.concat(snap, ignore_index=True)
    test = pr.labelled_snapshot(ds, leads, test_at, p.open_days, p.horizon_days)
    ev = pr.evaluate(train, test, p.bootstrap, p.seed)
    sec = PrioritySection(heading="leads_priority", evaluation=ev)
    if ev.auc is None:
        sec.say("leads_priority_none")
        return sec
    sec.say(
        "leads_priority_eval", test=ev.test_rows, positives=ev.test_positives,
        date=test_at.date(), auc=ev.auc, low=ev.auc_ci[0], high=ev.auc_ci[1],
        base=ev.baseline_auc, base_low=ev.baseline_ci[0], base_high=ev.baseline_ci[1],
        days=p.horizon_days,
    )  # fmt: skip
    sec.say("leads_priority_beats" if ev.beats_baseline else "leads_priority_not_beats",
            low=ev.diff_ci[0], high=ev.diff_ci[1])  # fmt: skip
    sec.tables["calibration"] = Table(
        ev.calibration,
        {
            "bin": Column("leads_col_bin"),
            "leads": Column("leads_col_leads", "count"),
            "predicted": Column("leads_col_predicted", "share"),
            "observed": Column("leads_col_observed", "share"),
        },
    )
    model = pr.LeadScorer().fit(train, train["y"])
    open_ = pr.open_at(leads, end, p.open_days)
    feats = pr.snapshot_features(ds, open_, end)
    feats["probability"] = model.predict_proba(feats) if ev.beats_baseline else (
        pr.SourceBaseline().fit(train, train["y"]).predict_proba(feats))  # fmt: skip
    feats["value"] = lead_values(feats["source"], value.by_source, value.overall).to_numpy()
    feats["expected_value"] = feats["probability"] * feats["value"]
    feats["reason"] = model.reasons(feats)
    ranked = feats.sort_values(["expected_value", "lead_id"], ascending=[False, True])
    top = masker.frame(ranked.head(p.top_n).reset_index(drop=True))
    if len(top):
        lead = top.iloc[0]
        sec.say("leads_priority_first", lead=lead["lead_id"], source=Code("leads_src_",
                lead["source"]), p=lead["probability"], value=Amount(lead["expected_value"]),
                reason=Code("leads_reason_", lead["reason"]), n=len(ranked))  # fmt: skip
    sec.say("leads_priority_value_assumption")
    sec.tables["priority"] = Table(
        top.assign(source=[Code("leads_src_", s) for s in top["source"]],
                   reason=[Code("leads_reason_", r) for r in top["reason"]],
                   value=[Amount(v) for v in top["value"]],
                   expected_value=[Amount(v) for v in top["expected_value"]]),
        {
            "lead_id": Column("leads_col_lead"),
            "source": Column("leads_col_source"),
            "age_days": Column("leads_col_age", "days"),
            "probability": Column("leads_col_probability", "share"),
            "value": Column("leads_col_value", "money"),
            "expected_value": Column("leads_col_expected_value", "money"),
            "reason": Column("leads_col_reason"),
        },
    )  # fmt: skip
    sec.metrics = {m.PRIORITY_AUC: ev.auc, m.BASELINE_AUC: ev.baseline_auc}
    cols = ["lead_id", "source", "probability", "value", "expected_value", "reason"]
    sec.artifacts[artifacts.LEADS_PRIORITY] = ranked[cols].reset_index(drop=True)
    return sec
