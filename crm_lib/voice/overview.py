"""How much customers write, where, and how they rate: volume by channel and month, NPS
from 0-10 ratings, CSAT from 1-5 ratings, and the rating groups.

A channel's scale is read from its ratings: at most 5 is a 1-5 satisfaction scale (CSAT:
share of ratings at or above ``csat_top``), otherwise 0-10. NPS: % promoters (9-10) minus
% detractors (0-6) of the 0-10 ratings of the NPS channel (every 0-10 rating when the data
has no channel), in points, as the executive report's KPI computes it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

MIN_NPS_RESPONSES = 20  # fewer 0-10 ratings give no NPS


def volume_by_month(comments: pd.DataFrame) -> pd.DataFrame:
    """``month`` (first day), ``channel``, ``comments``."""
    month = pd.to_datetime(comments["day"]).dt.to_period("M").dt.to_timestamp()
    frame = pd.DataFrame({"month": month, "channel": comments["channel"]})
    return frame.groupby(["month", "channel"]).size().rename("comments").reset_index()


def scales(comments: pd.DataFrame) -> pd.Series:
    """Channel -> ``"five"`` (1-5), ``"eleven"`` (0-10) or ``"none"`` (no rating)."""
    top = comments.groupby("channel")["rating"].max()
    return top.map(lambda v: "none" if pd.isna(v) else ("five" if v <= 5 else "eleven"))


def volume_by_channel(comments: pd.DataFrame) -> pd.DataFrame:
    """Per channel: ``comments``, ``share``, ``rated``, ``mean_rating``, ``scale``."""
    g = comments.groupby("channel")
    out = pd.DataFrame(
        {
            "comments": g.size(),
            "rated": g["rating"].count(),
            "mean_rating": g["rating"].mean(),
        }
    )
    out["share"] = out["comments"] / out["comments"].sum()
    out["scale"] = scales(comments)
    return out.sort_values("comments", ascending=False, kind="stable").reset_index()


def _nps_rows(comments: pd.DataFrame, channel: str) -> pd.DataFrame:
    rated = comments[comments["rating"].between(0, 10)]
    if (comments["channel"] != "").any():
        rated = rated[rated["channel"] == channel]
    return rated


def _nps_of(ratings: pd.Series) -> dict:
    n = len(ratings)
    promoters = float((ratings >= 9).mean()) if n else np.nan
    detractors = float((ratings <= 6).mean()) if n else np.nan
    score = 100 * (promoters - detractors) if n >= MIN_NPS_RESPONSES else None
    return {"nps": score, "responses": n, "promoters": promoters, "detractors": detractors}


def nps(comments: pd.DataFrame, channel: str, end: dt.date, *, months: int = 12) -> dict:
    """NPS of the ``months`` months to ``end``: ``nps`` (points; None with fewer than
    :data:`MIN_NPS_RESPONSES` ratings), ``responses``, ``promoters``, ``detractors``."""
    rated = _nps_rows(comments, channel)
    start = (pd.Timestamp(end) - pd.DateOffset(months=months)).date()
    day = pd.to_datetime(rated["day"])
    inside = rated[(day > pd.Timestamp(start)) & (day <= pd.Timestamp(end))]
    return _nps_of(inside["rating"])


def rating_trend(comments: pd.DataFrame, channel: str, csat_top: int) -> pd.DataFrame:
    """Per quarter: ``nps`` (points), ``nps_responses``, ``csat`` (share of 1-5 ratings at
    or above ``csat_top``), ``csat_responses``."""
    quarter = pd.to_datetime(comments["day"]).dt.to_period("Q")
    rated = _nps_rows(comments, channel)
    five = comments["channel"].map(scales(comments)) == "five"
    csat = comments[five & comments["rating"].notna()]
    rows = []
    for q in sorted(quarter.unique()):
        r = rated.loc[quarter.loc[rated.index] == q, "rating"]
        s = csat.loc[quarter.loc[csat.index] == q, "rating"]
        rows.append(
            {
                "quarter": q.to_timestamp(),
                "nps": _nps_of(r)["nps"],
                "nps_responses": len(r),
                "csat": float((s >= csat_top).mean()) if len(s) else None,
                "csat_responses": len(s),
            }
        )
    return pd.DataFrame(rows, columns=["quarter", "nps", "nps_responses", "csat", "csat_responses"])


def rating_groups(comments: pd.DataFrame, channel: str) -> pd.Series:
    """Doc -> rating group: ``promoter`` / ``passive`` / ``detractor`` for 0-10 ratings,
    ``high`` (4-5) / ``middle`` (3) / ``low`` (1-2) for 1-5 ratings; NaN unrated."""
    scale = comments["channel"].map(scales(comments))
    r = comments["rating"]
    eleven = np.select([r >= 9, r >= 7, r >= 0], ["promoter", "passive", "detractor"], "")
    five = np.select([r >= 4, r >= 3, r >= 1], ["high", "middle", "low"], "")
    group = np.where(scale == "five", five, np.where(scale == "eleven", eleven, ""))
    out = pd.Series(group, index=comments["doc"].to_numpy(), dtype=object)
    return out.where((out != "") & r.notna().to_numpy())
