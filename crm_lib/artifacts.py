"""The artifact catalog: every table a notebook saves for later readers, with its columns.

A producing report section puts its frame under the catalog entry; a consuming module
(the executive report) reads it through the same entry, so a renamed column fails at the
producer (:meth:`Artifact.checked`) instead of silently emptying the consumer.

``personal_data``: the artifact has one row per customer (customer ids with their scores,
ranks, values): raw data for analysts, not to be shared as it is. Every other artifact
is an aggregate meant for sharing, saved with the personal data in its text masked
(``business.privacy``, :mod:`crm_lib.privacy`). :func:`saved` describes a run's artifacts
for its manifest and index.

``action_list``: a list of customers or prospects for someone to act on (call, offer,
leave alone), also written for a CRM manager's spreadsheet as ``lists/<name>.csv`` and
``.xlsx`` (:mod:`crm_lib.lists`): the rank, reactivation, churn, do-not-disturb and
lead-priority lists. Tables of every customer (segments, LTV) and the comments of the
voice of the customer are for analysts, not lists to work through.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

FOLDER = "artifacts"


@dataclass(frozen=True)
class Artifact:
    """A saved table: ``artifacts/<name>.parquet`` of a run, with at least ``columns``."""

    name: str
    columns: tuple[str, ...]
    description: str = ""
    personal_data: bool = False  # one row per customer: not for sharing as it is
    action_list: bool = False  # also written as lists/<name>.csv and .xlsx (crm_lib.lists)

    def path(self, run_dir: str | Path) -> Path:
        return Path(run_dir) / FOLDER / f"{self.name}.parquet"

    def checked(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame, after checking it has the declared columns (a bug otherwise)."""
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise KeyError(f"artifact {self.name} lacks columns {missing}")
        return frame

    def read(self, run_dir: str | Path | None) -> pd.DataFrame | None:
        """The artifact of a run, or None when the run has not saved it."""
        if run_dir is None:
            return None
        path = self.path(run_dir)
        return self.checked(pd.read_parquet(path)) if path.exists() else None


MONTHLY_ACTIVITY = Artifact(
    "monthly_activity",
    ("month", "revenue", "orders", "new_customers"),
    "Per calendar month: net revenue, orders and new customers.",
)
SEGMENT_MIGRATION = Artifact(
    "segment_migration",
    ("source", "target", "customers", "revenue_change"),
    "RFM segment moves between two dates with the revenue change of each move.",
)
RANK_AT_RISK = Artifact(
    "rank_at_risk",
    ("customer_id", "rank", "spend_12m", "spend_still_counting", "gap"),
    "Members who lose their rank by the horizon without buying, with the spend they need.",
    personal_data=True,
    action_list=True,
)
CPM_LAPSED = Artifact(
    "cpm_lapsed",
    ("customer_id", "cell", "last_purchase_date", "recency_days", "purchase_days", "spend"),
    "Lapsed customers of the CPM portfolio (no purchase for params.segments.cpm_lapse_days), "
    "the reactivation list: cell, last purchase, days since, purchase days and cumulative "
    "net spend (currency), highest spend first.",
    personal_data=True,
    action_list=True,
)
CUSTOMER_SEGMENTS = Artifact(
    "customer_segments",
    ("customer_id", "segment"),
    "Per customer: RFM measures, scores and segments, cluster, rank.",
    personal_data=True,
)
CUSTOMER_LTV = Artifact(
    "customer_ltv",
    (
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "expected_value",
        "clv",
        "clv_low",
        "clv_high",
        "orders_low",
        "orders_high",
        "next_order_days_if_alive",
        "next_order_date",
        "historic_revenue",
    ),
    "Per customer, from the run's purchase-count and spend models refitted to the observation "
    "end: model inputs (model time units), P(alive), expected purchases over the horizon and "
    "their prediction interval (orders_low/high), expected gross spend per purchase, CLV on "
    "params.ltv.clv_basis with its interval from parameter uncertainty (clv_low/high), the "
    "median wait to the next order if still active (days) and the date by which the next "
    "order is 50 % likely (empty when unlikely), and net revenue to date.",
    personal_data=True,
)
CHURN_AT_RISK = Artifact(
    "churn_at_risk",
    (
        "customer_id",
        "rank",
        "p_churn",
        "p_alive",
        "clv",
        "value_if_retained",
        "value_at_risk",
        "reason_1",
        "reason_2",
        "action",
        "mean_gap_days",
        "expected_next_order",
    ),
    "Scored customers by value at risk (money: p_churn x value_if_retained, where "
    "value_if_retained = clv / p_alive from the same purchase model), with reasons (feature "
    "names), the suggested action (key), the average days between purchases and the expected "
    "next order.",
    personal_data=True,
    action_list=True,
)
JOURNEY_FUNNEL = Artifact(
    "journey_funnel",
    ("stage", "people", "conversion", "lost"),
    "The closed funnel: people per stage, conversion from and people lost since the previous.",
)
JOURNEY_TIME_TO_CONVERT = Artifact(
    "journey_time_to_convert",
    ("transition", "from_stage", "to_stage", "people", "median_days", "p90_days"),
    "Days from one stage to the next: quantiles per transition.",
)
JOURNEY_TRANSITIONS = Artifact(
    "journey_transitions",
    ("from_event", "to_event", "transitions"),
    "Directly-follows counts between event types.",
)
JOURNEY_MEASURE_MAP = Artifact(
    "journey_measure_map",
    ("kind", "measure", "stage", "people", "reach_share"),
    "Stage x marketing measure (campaign or touch event): people reached.",
)
JOURNEY_STAGE_COVERAGE = Artifact(
    "journey_stage_coverage",
    ("stage", "coverage", "duplication_share"),
    "Per stage: share reached by a measure and share reached by two or more.",
)

DO_NOT_DISTURB = Artifact(
    "do_not_disturb",
    ("customer_id", "predicted_uplift"),
    "Customers whose predicted uplift is negative, with the reasons; names masked.",
    personal_data=True,
    action_list=True,
)

VOICE_TOKENS = Artifact(
    "voice_tokens",
    ("feedback_id", "token", "pos", "stop", "negated", "settings"),
    "Tokens of each comment (Sudachi normalised forms of the masked text, names dropped), "
    "with the tokeniser settings key: the run's token cache.",
)
VOICE_COMMENTS = Artifact(
    "voice_comments",
    ("feedback_id", "customer_id", "period", "topic", "sentiment"),
    "Per comment: its period, main topic (None: no topic term) and sentiment score (-1..1).",
    personal_data=True,
)
VOICE_EMERGING_TERMS = Artifact(
    "voice_emerging_terms",
    ("term", "recent", "baseline", "recent_share", "baseline_share", "llr", "q_value"),
    "Terms (and term pairs, joined by +) whose share of comments rose in the latest period "
    "against the baseline: comment counts, log-likelihood ratio, Benjamini-Hochberg q-value.",
)
VOICE_EXAMPLES = Artifact(
    "voice_examples",
    ("term", "feedback_id", "left", "keyword", "right"),
    "Example sentences (KWIC) of each emerging term, personal data masked.",
)
VOICE_TOPICS = Artifact(
    "voice_topics",
    ("topic", "terms", "comments", "share", "recent_share", "baseline_share"),
    "NMF topics of the comments: top terms, comments whose main topic it is, and shares.",
)
VOICE_TOPIC_BEHAVIOUR = Artifact(
    "voice_topic_behaviour",
    ("topic", "customers", "churn_rate", "other_rate", "diff_pts", "ci_low_pts", "ci_high_pts"),
    "Per topic: customers who mentioned it, their churn after the mention against other "
    "commenting customers (Newcombe interval, points), mean CLV and rank mix.",
)

LEADS_FUNNEL = Artifact(
    "leads_funnel",
    ("source", "leads", "open", "won", "lost", "never_contacted", "never_share", "late_share",
     "conversion_within"),
    "Lead funnel per source (and all): counts by status, never contacted, the shares never "
    "followed up and followed up late, conversion within params.leads.within_days.",
)  # fmt: skip
LEADS_SPEED = Artifact(
    "leads_speed",
    ("band", "leads", "won", "conversion", "ci_low", "ci_high"),
    "Conversion by first-response band of leads old enough to have converted (Wilson 95 %).",
)
LEADS_PRIORITY = Artifact(
    "leads_priority",
    ("lead_id", "source", "probability", "value", "expected_value", "reason"),
    "Open leads: probability of a purchase within params.leads.horizon_days, expected "
    "first-year value and their product (who to contact first), with the main reason.",
    personal_data=True,
    action_list=True,
)

CATALOG: dict[str, Artifact] = {
    a.name: a for a in list(globals().values()) if isinstance(a, Artifact)
}


LISTS_FOLDER = "lists"
LIST_SUFFIXES = (".csv", ".xlsx")


def list_files(run_dir: str | Path, artifact: Artifact) -> list[str]:
    """The files an action list was written as in a run (paths relative to the run
    folder, ``lists/<name>.csv`` then ``.xlsx``); none for other artifacts."""
    if not artifact.action_list:
        return []
    names = [f"{LISTS_FOLDER}/{artifact.name}{suffix}" for suffix in LIST_SUFFIXES]
    return [n for n in names if (Path(run_dir) / n).exists()]


def saved(run_dir: str | Path) -> list[dict]:
    """The catalogued artifacts a run saved, for its manifest and index: name, path
    (relative to the run folder), description, ``personal_data`` and ``lists`` (the files
    of an action list, :func:`list_files`)."""
    return [
        {
            "name": a.name,
            "path": f"{FOLDER}/{a.name}.parquet",
            "description": a.description,
            "personal_data": a.personal_data,
            "lists": list_files(run_dir, a),
        }
        for a in CATALOG.values()
        if a.path(run_dir).exists()
    ]
