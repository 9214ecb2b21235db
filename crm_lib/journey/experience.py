"""How journeys feel: satisfaction by stage (reviews as rational, NPS surveys as emotional)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from crm_lib.engine import quote_literal
from crm_lib.journey.log import JourneyLog

DEFAULT_SATISFACTION = {"review": "rational", "survey": "emotional"}
"""Feedback channel → satisfaction dimension: a review rates the product and service
(rational), a recommendation survey (NPS) the attachment to the brand (emotional)."""
DEFAULT_RATING_SCALES = {"review": (1, 5), "survey": (0, 10)}
"""Lowest and highest rating per feedback channel (stars 1-5, NPS 0-10)."""


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
