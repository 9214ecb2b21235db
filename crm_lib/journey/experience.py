"""How journeys feel and end: churned vs retained customers' paths, and satisfaction by stage.

*Churned*: a customer whose last purchase (:data:`crm_lib.features.PURCHASE`) is more than
``churn_days`` before the observation end and who has no running subscription; *retained*:
the others. Only customers whose first purchase is at least ``churn_days`` before the end
are compared (the others have not had the time to churn).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from crm_lib.engine import quote_literal
from crm_lib.features import PURCHASE
from crm_lib.journey.log import JourneyLog
from crm_lib.journey.paths import step_shares

CHURNED, RETAINED = "churned", "retained"
DEFAULT_SATISFACTION = {"review": "rational", "survey": "emotional"}
"""Feedback channel → satisfaction dimension: a review rates the product and service
(rational), a recommendation survey (NPS) the attachment to the brand (emotional)."""
DEFAULT_RATING_SCALES = {"review": (1, 5), "survey": (0, 10)}
"""Lowest and highest rating per feedback channel (stars 1-5, NPS 0-10)."""


def churn_groups_sql(log: JourneyLog, churn_days: int) -> str:
    """Query of (person_id, grp) with grp ``churned`` or ``retained`` (see module doc)."""
    end = quote_literal(log.observation_end.date().isoformat())
    cutoff = f"(DATE {end} - INTERVAL {int(churn_days)} DAY)"
    active = "FALSE"
    if log.has_subscriptions:
        active = f"""customer_id IN (SELECT customer_id FROM subscriptions
                                     WHERE end_date IS NULL OR end_date > DATE {end})"""
    return f"""SELECT customer_id AS person_id,
                      CASE WHEN max(order_date) < {cutoff} AND NOT ({active})
                           THEN {quote_literal(CHURNED)} ELSE {quote_literal(RETAINED)} END AS grp
               FROM (SELECT t.customer_id, t.order_date FROM transactions t
                     SEMI JOIN {log.people} p ON p.person_id = t.customer_id
                     WHERE {PURCHASE})
               GROUP BY customer_id HAVING min(order_date) <= {cutoff}"""


def churn_group_sizes(log: JourneyLog, churn_days: int = 180) -> dict[str, int]:
    """People per group: ``{"churned": n, "retained": n}``."""
    rows = log.con.execute(
        f"SELECT grp, count(*) FROM ({churn_groups_sql(log, churn_days)}) GROUP BY grp"
    ).fetchall()
    return {CHURNED: 0, RETAINED: 0} | dict(rows)


def journey_divergence(
    log: JourneyLog, churn_days: int = 180, max_steps: int = 10, rare_share: float = 0.01
) -> pd.DataFrame:
    """Differential step matrix: step, event_type, churned_share, retained_share (0..1 of
    each group whose k-th event is the event type) and difference (churned − retained)."""
    shares = step_shares(log, max_steps, rare_share, churn_groups_sql(log, churn_days))
    wide = shares.pivot_table(
        index=["step", "event_type"], columns="grp", values="share", fill_value=0.0
    )
    wide = wide.reindex(columns=[CHURNED, RETAINED], fill_value=0.0).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={CHURNED: "churned_share", RETAINED: "retained_share"})
    wide["difference"] = wide["churned_share"] - wide["retained_share"]
    return wide


def divergence_point(divergence: pd.DataFrame, min_distance: float = 0.1) -> dict | None:
    """The first step where the two groups' event mix differs by at least ``min_distance``
    (total variation distance, 0..1), with the event type that differs most there (of two
    that differ equally, the first in order: with two events per step, as in a log of
    purchases only, the path end): step, distance, event_type, difference. None if they
    never differ that much."""
    if divergence.empty:
        return None
    distance = divergence.groupby("step")["difference"].apply(lambda d: d.abs().sum() / 2)
    steps = distance[distance >= min_distance]
    if steps.empty:
        return None
    step = int(steps.index[0])
    at = divergence[divergence["step"] == step]
    top = at.loc[at["difference"].abs().round(12).idxmax()]  # a tie, up to float noise: first
    return {
        "step": step,
        "distance": float(steps.iloc[0]),
        "event_type": top["event_type"],
        "difference": float(top["difference"]),
    }


def satisfaction_by_stage(
    log: JourneyLog,
    dimensions: Mapping[str, str] | None = None,
    scales: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Mean satisfaction per stage and dimension from rated feedback: stage_idx, stage,
    dimension (``rational``/``emotional`` by feedback channel, see
    :data:`DEFAULT_SATISFACTION`), responses, mean_rating (the channel's own scale) and
    score (0..100 on the channel's scale). The stage is the one the customer was in when
    the feedback was given. Empty without feedback or ratings."""
    dimensions = dict(DEFAULT_SATISFACTION if dimensions is None else dimensions)
    scales = dict(DEFAULT_RATING_SCALES if scales is None else scales)
    columns = ["stage_idx", "stage", "dimension", "responses", "mean_rating", "score"]
    rated = [c for c in dimensions if c in scales]
    if not log.has_feedback or not rated:
        return pd.DataFrame(columns=columns)
    dim_case = " ".join(
        f"WHEN {quote_literal(c)} THEN {quote_literal(dimensions[c])}" for c in rated
    )
    score_case = " ".join(
        f"WHEN {quote_literal(c)} THEN (rating - {float(scales[c][0])}) * 100.0 / "
        f"{float(scales[c][1]) - float(scales[c][0])}"
        for c in rated
    )
    channels = ", ".join(map(quote_literal, rated))
    rows = f"""SELECT f.customer_id AS person_id, f.created_at, f.rating,
                      CASE f.channel {dim_case} END AS dimension,
                      CASE f.channel {score_case} END AS score
               FROM feedback f SEMI JOIN {log.people} p ON p.person_id = f.customer_id
               WHERE f.rating IS NOT NULL AND f.channel IN ({channels})"""
    out = log.con.execute(
        f"""SELECT stage_idx, dimension, count(*) AS responses, avg(rating) AS mean_rating,
                   avg(score) AS score
            FROM ({log.stage_at_sql(rows, "created_at")})
            GROUP BY stage_idx, dimension ORDER BY stage_idx, dimension"""
    ).df()
    out["stage"] = out["stage_idx"].map(dict(enumerate(log.model.stages)))
    out["responses"] = out["responses"].astype("int64")
    return out[columns]
