"""The voice-of-the-customer report, section by section: dataset and typed parameters in,
:class:`~crm_lib.section.Section` out.

The first section builds the corpus (masked comments and their tokens,
:mod:`crm_lib.voice.corpus`); every later section takes it. Without a feedback table the
first section says so in one sentence and every later section is empty. The notebook
``60_voice`` shows, says and records what these functions return; values are picked here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.churn.definition import design
from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.i18n import label_order
from crm_lib.ltv.analysis import page_values
from crm_lib.metrics import voice as m
from crm_lib.params import Business, ChurnParams, LtvParams, VoiceParams
from crm_lib.privacy import Masker
from crm_lib.section import Code, Column, Items, Label, Section, Sentence, Table
from crm_lib.voice import behaviour, discovery, keyness, sentiment, surveys
from crm_lib.voice.corpus import Corpus, load_corpus, tokens_artifact
from crm_lib.voice.network import Network, cooccurrence
from crm_lib.voice.overview import (
    nps,
    rating_groups,
    rating_trend,
    volume_by_channel,
    volume_by_month,
)
from crm_lib.voice.topics import TopicModel, topic_shares, topic_trend

TOPIC_TERMS = 5  # top terms that describe a topic
TERM_SEPARATOR = "・"
KINDS = ("rational", "emotional")  # kinds of satisfaction (params.voice.survey_groups)


def _terms_text(terms) -> str:
    return TERM_SEPARATOR.join(str(t) for t in terms)


def _interval(low: float, high: float) -> Sentence:
    return Sentence("voc_interval", {"low": low, "high": high})


# ---------------------------------------------------------------- the corpus


@dataclass(kw_only=True)
class CorpusSection(Section):
    corpus: Corpus | None  # None without a feedback table


def corpus(ds: Dataset, p: VoiceParams, masker: Masker, run_dir=None) -> CorpusSection:
    """The masked comments and their tokens (reused from this run's ``voice_tokens``
    artifact when present), how they were tokenised and how fast."""
    if not ds.has("feedback"):
        sec = CorpusSection(heading="voc_corpus", corpus=None)
        sec.say("voc_no_feedback")
        return sec
    cached = artifacts.VOICE_TOKENS.read(run_dir) if run_dir else None
    built = load_corpus(ds, p, masker, cached)
    sec = CorpusSection(heading="voc_corpus", corpus=built)
    sec.say(
        "voc_corpus_text",
        comments=len(built),
        texts=built.distinct_texts,
        mode=p.split_mode,
        pos=Items(tuple(Code("voc_pos_", pos) for pos in p.term_pos)),
    )
    if built.rate is not None:
        rate = built.rate
        sec.say(
            "voc_corpus_rate",
            tokens=rate.tokens,
            seconds=rate.seconds,
            per_second=rate.tokens_per_second,
            million_minutes=1_000_000 / rate.texts_per_second / 60,
        )
    else:
        sec.say("voc_corpus_cached")
    if built.user_words:
        sec.say("voc_corpus_user_words", words=Items(built.user_words))
    sec.say("voc_corpus_masked")
    sec.artifacts[artifacts.VOICE_TOKENS] = tokens_artifact(built, p)
    return sec


# ---------------------------------------------------------------- overview


@dataclass(kw_only=True)
class OverviewSection(Section):
    monthly: pd.DataFrame | None = None  # month, channel, comments
    trend: pd.DataFrame | None = None  # quarter, nps, nps_responses, csat, csat_responses


def overview(ds: Dataset, corp: Corpus | None, p: VoiceParams) -> OverviewSection:
    """Volume by channel and month, NPS (0-10) and CSAT (1-5) with their trend by quarter,
    and the characteristic terms of each rating group."""
    if corp is None:
        return OverviewSection()
    c = corp.comments
    sec = OverviewSection(heading="voc_overview", monthly=volume_by_month(c))
    channels = volume_by_channel(c)
    sec.tables["channels"] = Table(
        channels,
        {
            "channel": Column("voc_col_channel", "code:voc_channel_"),
            "comments": Column("voc_col_comments", "count"),
            "share": Column("voc_col_share", "share"),
            "rated": Column("voc_col_rated", "count"),
            "mean_rating": Column("voc_col_mean_rating", "number1"),
            "scale": Column("voc_col_scale", "code:voc_scale_"),
        },
    )
    recent = int((c["period"] == "recent").sum())
    sec.say("voc_overview_text", comments=len(c), recent=recent, start=corp.periods.recent_start)
    trailing = nps(c, p.nps_channel, corp.periods.end, months=12)
    sec.trend = rating_trend(c, p.nps_channel, p.csat_top)
    if trailing["responses"] >= 1 and trailing["nps"] is not None:
        sec.say("voc_nps_text", nps=trailing["nps"], responses=trailing["responses"],
                promoters=trailing["promoters"], detractors=trailing["detractors"])  # fmt: skip
    else:
        sec.say("voc_nps_none", channel=Code("voc_channel_", p.nps_channel))
    csat = sec.trend["csat"].dropna() if sec.trend is not None else pd.Series(dtype=float)
    if len(csat):
        sec.say("voc_csat_text", csat=float(csat.iloc[-1]), top=p.csat_top)
    groups = rating_groups(c, p.nps_channel)
    found = keyness.keyness_by_group(
        corp.terms, groups, min_count=p.min_recent_comments, fdr=p.fdr, top=5
    )
    if len(found):
        per = found.groupby("group", sort=False)["term"].apply(tuple)
        per = per.loc[label_order("voc_group_", list(per.index))].reset_index()
        per["terms"] = per["term"].map(_terms_text)
        sec.tables["rating_terms"] = Table(
            per,
            {"group": Column("voc_col_rating_group", "code:voc_group_"),
             "terms": Column("voc_col_terms")},
        )  # fmt: skip
        sec.say("voc_rating_terms_text", fdr=p.fdr)
    sec.metrics = {
        m.COUNT: len(c),
        m.COUNT_RECENT: recent,
        m.NPS: trailing["nps"],
        m.NPS_RESPONSES: trailing["responses"],
        m.CSAT: float(csat.iloc[-1]) if len(csat) else None,
    }
    return sec


# ---------------------------------------------------------------- discovery


@dataclass(kw_only=True)
class EmergingSection(Section):
    terms: pd.DataFrame | None = None  # emerging_terms (every tested term)
    pairs: pd.DataFrame | None = None  # emerging_pairs
    examples: pd.DataFrame | None = None  # KWIC lines of the top emerging terms


def _ranked_table(frame: pd.DataFrame) -> Table:
    return Table(
        frame,
        {
            "term": Column("voc_col_term"),
            "recent": Column("voc_col_recent", "count"),
            "baseline": Column("voc_col_baseline", "count"),
            "recent_share": Column("voc_col_recent_share", "share"),
            "baseline_share": Column("voc_col_baseline_share", "share"),
            "llr": Column("voc_col_llr", "number1"),
            "q_value": Column("voc_col_q", "{:.2g}"),
        },
    )


def emerging(corp: Corpus | None, p: VoiceParams) -> EmergingSection:
    """Terms and term pairs whose share rose in the latest period, ranked by G² with their
    counts and BH q-values, and example sentences (masked) of the top terms."""
    if corp is None:
        return EmergingSection()
    span = corp.periods
    terms = discovery.emerging_terms(corp, min_count=p.min_recent_comments, fdr=p.fdr)
    pairs = discovery.emerging_pairs(
        corp, top=p.pair_terms, min_count=p.min_recent_comments, fdr=p.fdr
    )
    sec = EmergingSection(heading="voc_emerging", terms=terms, pairs=pairs)
    sec.say(
        "voc_emerging_method",
        recent_start=span.recent_start,
        end=span.end,
        baseline_start=span.baseline_start,
        min_count=p.min_recent_comments,
        fdr=p.fdr,
    )
    found = terms[terms["emerging"]]
    top = found.head(p.top_terms)
    if top.empty:
        sec.say("voc_emerging_none", fdr=p.fdr)
    else:
        lead = top.iloc[0]
        sec.say(
            "voc_emerging_text",
            count=len(found),
            terms=Items(tuple(top["term"].head(5))),
            term=lead["term"],
            recent=int(lead["recent"]),
            baseline=int(lead["baseline"]),
            recent_share=float(lead["recent_share"]),
            baseline_share=float(lead["baseline_share"]),
        )
        sec.tables["terms"] = _ranked_table(top)
    top_pairs = pairs[pairs["emerging"]].head(p.top_terms)
    if len(top_pairs):
        sec.tables["pairs"] = _ranked_table(top_pairs)
        sec.say("voc_emerging_pairs", pairs=Items(tuple(top_pairs["term"].head(3))))
    shown = list(top["term"].head(5))
    sec.examples = discovery.examples(
        corp, corp.fitted_tokeniser(), shown, per_term=p.kwic_examples, width=p.kwic_chars
    )
    if len(sec.examples):
        sec.tables["examples"] = Table(
            sec.examples,
            {
                "term": Column("voc_col_term"),
                "day": Column("voc_col_day", "date"),
                "channel": Column("voc_col_channel", "code:voc_channel_"),
                "left": Column("voc_col_left"),
                "keyword": Column("voc_col_keyword"),
                "right": Column("voc_col_right"),
            },
        )
        sec.say("voc_examples_text", chars=p.kwic_chars)
    shared = pd.concat([top, top_pairs], ignore_index=True)
    sec.artifacts = {
        artifacts.VOICE_EMERGING_TERMS: shared[list(artifacts.VOICE_EMERGING_TERMS.columns)],
        artifacts.VOICE_EXAMPLES: sec.examples.drop(columns=["doc"]),
    }
    sec.metrics = {
        m.EMERGING_COUNT: len(found),
        m.EMERGING_TERMS: [
            {
                "term": r.term,
                "recent": int(r.recent),
                "baseline": int(r.baseline),
                "recent_share": float(r.recent_share),
                "baseline_share": float(r.baseline_share),
                "llr": float(r.llr),
                "q_value": float(r.q_value),
            }
            for r in top.itertuples()
        ],  # fmt: skip
    }
    if len(top):  # the executive page's finding
        lead = top.iloc[0]
        sec.metrics |= {
            m.EMERGING_TOP_TERM: lead["term"], m.EMERGING_TOP_RECENT: int(lead["recent"]),
            m.EMERGING_TOP_RECENT_SHARE: float(lead["recent_share"]),
            m.EMERGING_TOP_BASELINE_SHARE: float(lead["baseline_share"]),
        }  # fmt: skip
    return sec


# ---------------------------------------------------------------- topics


@dataclass(kw_only=True)
class TopicsSection(Section):
    model: TopicModel | None = None
    topics: pd.DataFrame | None = None  # topic, terms, label, comments, shares
    trend: pd.DataFrame | None = None  # quarter, topic, comments, share


def topics(corp: Corpus | None, p: VoiceParams) -> TopicsSection:
    """TF-IDF + NMF topics described by their top terms, their shares in the latest period
    and the baseline, and the topics' trend by quarter."""
    if corp is None:
        return TopicsSection()
    model = TopicModel(p.n_topics, top_terms=TOPIC_TERMS, random_state=p.seed)
    model.fit(corp.terms, len(corp))
    c = corp.comments
    shares = topic_shares(model.doc_topic_, c["period"])
    table = model.topics_.merge(shares, on="topic", how="left").fillna(
        {"share": 0.0, "recent_share": 0.0, "baseline_share": 0.0}
    )
    table["label"] = table["terms"].map(_terms_text)
    table["change_pts"] = 100 * (table["recent_share"] - table["baseline_share"])
    sec = TopicsSection(heading="voc_topics", model=model, topics=table)
    sec.trend = topic_trend(model.doc_topic_, c["day"])
    untopical = float(model.doc_topic_.isna().mean())
    sec.say("voc_topics_method", k=len(table), terms=TOPIC_TERMS, none=untopical)
    if not model.converged_:
        sec.say("voc_topics_not_converged", iterations=model.n_iter_)
    rising = table.sort_values("change_pts", ascending=False, kind="stable").iloc[0]
    sec.say(
        "voc_topics_rising",
        topic=rising["topic"],
        label=rising["label"],
        recent=float(rising["recent_share"]),
        baseline=float(rising["baseline_share"]),
    )
    sec.tables["topics"] = Table(
        table,
        {
            "topic": Column("voc_col_topic"),
            "label": Column("voc_col_terms"),
            "comments": Column("voc_col_comments", "count"),
            "share": Column("voc_col_share", "share"),
            "baseline_share": Column("voc_col_baseline_share", "share"),
            "recent_share": Column("voc_col_recent_share", "share"),
            "change_pts": Column("voc_col_change_pts", "signed1"),
        },
    )
    table_out = table.assign(terms=table["label"])
    sec.artifacts = {artifacts.VOICE_TOPICS: table_out[list(artifacts.VOICE_TOPICS.columns)]}
    sec.metrics = {
        m.TOPICS: [
            {
                "topic": r.topic,
                "terms": list(r.terms),
                "comments": int(r.comments),
                "share": float(r.share),
                "recent_share": float(r.recent_share),
                "baseline_share": float(r.baseline_share),
            }
            for r in table.itertuples()
        ]  # fmt: skip
    }
    return sec


# ---------------------------------------------------------------- network


@dataclass(kw_only=True)
class NetworkSection(Section):
    network: Network | None = None
    communities: pd.Series | None = None  # term -> topic whose weight on it is largest


def network(corp: Corpus | None, tops: TopicsSection, p: VoiceParams) -> NetworkSection:
    """The co-occurrence network of the most frequent terms, coloured by topic."""
    if corp is None:
        return NetworkSection()
    net = cooccurrence(
        corp.terms, len(corp), n_terms=p.network_terms, min_jaccard=p.network_min_jaccard
    )
    sec = NetworkSection(heading="voc_network", network=net)
    if tops.model is not None:
        vocab = list(tops.model.vocabulary_)
        weights = tops.model.components_
        where = {t: i for i, t in enumerate(vocab)}
        sec.communities = pd.Series(
            {t: f"T{int(np.argmax(weights[:, where[t]])) + 1}" for t in net.nodes["term"]
             if t in where},
            dtype=object,
        )  # fmt: skip
    sec.say("voc_network_text", terms=len(net.nodes), edges=len(net.edges),
            jaccard=p.network_min_jaccard)  # fmt: skip
    if len(net.edges):
        e = net.edges.iloc[0]
        sec.say("voc_network_strongest", a=e["source"], b=e["target"], jaccard=e["jaccard"])
    return sec


# ---------------------------------------------------------------- words by segment, sentiment


@dataclass(kw_only=True)
class SegmentsSection(Section):
    scores: pd.DataFrame | None = None  # per doc: positive, negative, sentiment
    by_channel: pd.DataFrame | None = None  # channel, comments, mean sentiment, shares


def _ranks(ds: Dataset, business: Business, as_of: dt.date) -> pd.DataFrame:
    from crm_lib.segments.ranks import membership_ranks

    return membership_ranks(
        ds, business.rank_tiers, as_of, window_months=business.rank_window_months
    )


def segments(
    ds: Dataset, corp: Corpus | None, p: VoiceParams, business: Business
) -> SegmentsSection:
    """Characteristic terms of each channel and membership rank (keyness against the
    other groups) and a positive / negative score per comment, with the lexicon's limits."""
    if corp is None:
        return SegmentsSection()
    c = corp.comments
    sec = SegmentsSection(heading="voc_segments")
    ranks = _ranks(ds, business, corp.periods.end).set_index("customer_id")["rank"]
    groups = {
        "channel": c["channel"].where(c["channel"] != ""),
        "rank": c["customer_id"].map(ranks),
    }
    rows = []
    for by, labels in groups.items():
        found = keyness.keyness_by_group(
            corp.terms, labels.set_axis(c["doc"]), min_count=p.min_recent_comments, fdr=p.fdr,
            top=5,
        )  # fmt: skip
        for group, part in found.groupby("group", sort=False):
            prefix = "voc_channel_" if by == "channel" else ""
            rows.append({"by": Label(f"voc_by_{by}"), "group": Code(prefix, group),
                         "terms": _terms_text(part["term"])})  # fmt: skip
    if rows:
        sec.tables["keyness"] = Table(
            pd.DataFrame(rows),
            {"by": Column("voc_col_by"), "group": Column("voc_col_group"),
             "terms": Column("voc_col_terms")},
        )  # fmt: skip
        sec.say("voc_keyness_text", fdr=p.fdr)
    scores = sentiment.sentiment_scores(corp.tokens, len(corp))
    sec.scores = scores
    frame = c.assign(sentiment=scores["sentiment"].to_numpy())
    frame["polarity"] = np.sign(frame["sentiment"])
    by_channel = frame.groupby("channel").agg(
        comments=("doc", "size"),
        sentiment=("sentiment", "mean"),
        negative=("polarity", lambda s: float((s < 0).mean())),
        positive=("polarity", lambda s: float((s > 0).mean())),
    )
    sec.by_channel = by_channel.reset_index()
    sec.tables["sentiment"] = Table(
        sec.by_channel,
        {
            "channel": Column("voc_col_channel", "code:voc_channel_"),
            "comments": Column("voc_col_comments", "count"),
            "sentiment": Column("voc_col_sentiment", "number2"),
            "positive": Column("voc_col_positive", "share"),
            "negative": Column("voc_col_negative", "share"),
        },
    )
    rated = frame.dropna(subset=["rating"])
    corr = (
        float(rated["sentiment"].corr(rated["rating"], method="spearman"))
        if len(rated) > 2
        else None
    )
    sec.say("voc_sentiment_text", mean=float(frame["sentiment"].mean()),
            negative=float((frame["polarity"] < 0).mean()))  # fmt: skip
    if corr is not None and np.isfinite(corr):
        sec.say("voc_sentiment_rating", rho=corr, n=len(rated))
    sec.say("voc_sentiment_limits", words=len(sentiment.lexicon()))
    return sec


# ---------------------------------------------------------------- rational / emotional


def _repurchase_frame(ds: Dataset, corp: Corpus, p: VoiceParams) -> pd.DataFrame:
    """Comments whose ``repurchase_days`` after them are observed, with ``repurchased``."""
    c = corp.comments
    known = c[behaviour.outcome_known(c["day"], corp.periods.end, p.repurchase_days)].copy()
    known["repurchased"] = behaviour.purchased_within(ds, known, p.repurchase_days).to_numpy()
    return known


@dataclass(kw_only=True)
class SatisfactionSection(Section):
    dimensions: pd.DataFrame | None = None  # per dimension: comments, sentiment, repurchase
    groups: pd.DataFrame | None = None  # per kind, from survey_answers: rating beta, AUC


def satisfaction(ds: Dataset, corp: Corpus | None, p: VoiceParams) -> SatisfactionSection:
    """Rational (function, price, speed) and emotional (feeling) satisfaction from the
    text: comments touching each, their sentiment, and the repurchase after them against
    the other comments (difference with a customer-clustered 95 % interval)."""
    if corp is None:
        return SatisfactionSection()
    dims = sentiment.dimensions(corp.tokens, len(corp))
    scores = sentiment.sentiment_scores(corp.tokens, len(corp))
    known = _repurchase_frame(ds, corp, p)
    y = known["repurchased"].to_numpy()
    who = known["customer_id"].to_numpy()
    rows = []
    for dim in sentiment.DIMENSIONS:
        touched = dims[dim].to_numpy()
        inside = dims.loc[known["doc"], dim].to_numpy()
        diff, se = behaviour.clustered_difference(y, inside, who)
        negative = touched & (scores["sentiment"].to_numpy() < 0)
        rows.append({
            "dimension": dim,
            "kind": "rational" if dim in sentiment.RATIONAL else "emotional",
            "comments": int(touched.sum()),
            "negative_share": float(negative.sum() / touched.sum()) if touched.any() else np.nan,
            "sentiment": float(scores.loc[touched, "sentiment"].mean()) if touched.any() else None,
            "repurchase": float(y[inside].mean()) if inside.any() else np.nan,
            "other_repurchase": float(y[~inside].mean()) if (~inside).any() else np.nan,
            "diff_pts": 100 * diff,
            "ci_low_pts": 100 * (diff - behaviour.Z95 * se),
            "ci_high_pts": 100 * (diff + behaviour.Z95 * se),
        })  # fmt: skip
    table = pd.DataFrame(rows)
    table["interval"] = [_interval(r.ci_low_pts, r.ci_high_pts) for r in table.itertuples()]
    sec = SatisfactionSection(heading="voc_satisfaction", dimensions=table)
    sec.say("voc_satisfaction_method", days=p.repurchase_days)
    sure = table[(table["ci_high_pts"] < 0) | (table["ci_low_pts"] > 0)]
    if len(sure):
        worst = sure.sort_values("diff_pts", kind="stable").iloc[0]
        sec.say("voc_satisfaction_driver", dimension=Code("voc_dim_", worst["dimension"]),
                diff=worst["diff_pts"], low=worst["ci_low_pts"], high=worst["ci_high_pts"],
                kind=Code("voc_kind_", worst["kind"]))  # fmt: skip
    else:
        sec.say("voc_satisfaction_none")
    sec.tables["dimensions"] = Table(
        table,
        {
            "dimension": Column("voc_col_dimension", "code:voc_dim_"),
            "kind": Column("voc_col_kind", "code:voc_kind_"),
            "comments": Column("voc_col_comments", "count"),
            "negative_share": Column("voc_col_negative", "share"),
            "repurchase": Column("voc_col_repurchase", "share"),
            "other_repurchase": Column("voc_col_other_repurchase", "share"),
            "diff_pts": Column("voc_col_diff_pts", "signed1"),
            "interval": Column("voc_col_interval"),
        },
    )
    if ds.has("survey_answers"):
        _survey_groups(ds, corp, p, sec)
    return sec


def group_scores(frame: pd.DataFrame, questions: list[str], groups: dict[str, str]):
    """Per respondent, one score per kind of :data:`KINDS` that has questions: the mean of
    its questions' standardised answers (the questions answered); and the questions."""
    scores, members = pd.DataFrame(index=frame.index), {}
    for kind in KINDS:
        qs = [q for q in questions if groups.get(q) == kind]
        if qs:
            z = (frame[qs] - frame[qs].mean()) / frame[qs].std(ddof=1).replace(0, np.nan)
            scores[kind], members[kind] = z.mean(axis=1), qs
    return scores, members


def _survey_groups(ds: Dataset, corp: Corpus, p: VoiceParams, sec: SatisfactionSection):
    """The survey's rational and emotional questions (``params.voice.survey_groups``) as two
    scores: their standardised coefficients on the overall rating (both together) and how
    well each alone tells a later repurchase (AUC)."""
    frame, questions = survey_frame(ds, corp, p)
    scores, members = group_scores(frame, questions, p.survey_groups)
    if len(frame) < 20 or not members:
        return
    data = scores.assign(rating=frame["rating"], repurchased=frame["repurchased"])
    kinds = list(members)
    drivers = surveys.key_drivers(data, "rating", kinds).set_index("question")
    auc = surveys.predictiveness(data.dropna(subset=["repurchased"]), "repurchased", kinds,
                                 fdr=p.fdr).set_index("question")  # fmt: skip
    table = pd.DataFrame({
        "kind": kinds,
        "questions": [Items(tuple(Code("voc_q_", q) for q in members[k])) for k in kinds],
        "beta": drivers["beta"].reindex(kinds).to_numpy(),
        "ci_low": drivers["ci_low"].reindex(kinds).to_numpy(),
        "ci_high": drivers["ci_high"].reindex(kinds).to_numpy(),
        "auc": auc["auc"].reindex(kinds).to_numpy(),
        "auc_low": auc["ci_low"].reindex(kinds).to_numpy(),
        "auc_high": auc["ci_high"].reindex(kinds).to_numpy(),
        "n": int(data["rating"].notna().sum()),
        "n_repurchase": int(data["repurchased"].notna().sum()),
    })  # fmt: skip
    table["interval"] = [_interval2(r.ci_low, r.ci_high) for r in table.itertuples()]
    table["auc_interval"] = [
        Sentence("voc_auc_interval", {"low": r.auc_low, "high": r.auc_high})
        for r in table.itertuples()
    ]
    sec.groups = table
    sec.say("voc_satisfaction_survey_method", answers=len(frame), days=p.repurchase_days)
    _say_groups(sec, table)
    sec.tables["groups"] = Table(
        table,
        {
            "kind": Column("voc_col_kind", "code:voc_kind_"),
            "questions": Column("voc_col_questions"),
            "beta": Column("voc_col_beta_rating", "{:+.2f}"),
            "interval": Column("voc_col_interval"),
            "auc": Column("voc_col_auc_repurchase", "number2"),
            "auc_interval": Column("voc_col_auc_interval"),
        },
    )
    sec.metrics = {m.REPURCHASE_AUC: {r.kind: float(r.auc) for r in table.itertuples()}}


def _say_groups(sec: SatisfactionSection, table: pd.DataFrame) -> None:
    """Which kind moves the overall rating more, and which tells a repurchase better
    (clear only when the two AUC intervals do not overlap)."""
    rating = table.dropna(subset=["beta"]).sort_values("beta", ascending=False, kind="stable")
    if len(rating):
        top = rating.iloc[0]
        sec.say("voc_satisfaction_survey_rating", kind=Code("voc_kind_", top["kind"]),
                beta=top["beta"], low=top["ci_low"], high=top["ci_high"])  # fmt: skip
    ranked = table.dropna(subset=["auc"]).sort_values("auc", ascending=False, kind="stable")
    if len(ranked) == 2:
        best, other = ranked.iloc[0], ranked.iloc[1]
        key = (
            "voc_satisfaction_survey_repurchase"
            if best["auc_low"] > other["auc_high"]
            else "voc_satisfaction_survey_unclear"
        )
        sec.say(key, kind=Code("voc_kind_", best["kind"]), auc=best["auc"],
                low=best["auc_low"], high=best["auc_high"],
                other=Code("voc_kind_", other["kind"]), other_auc=other["auc"],
                other_low=other["auc_low"], other_high=other["auc_high"])  # fmt: skip


# ---------------------------------------------------------------- surveys


@dataclass(kw_only=True)
class SurveySection(Section):
    drivers: pd.DataFrame | None = None  # key_drivers
    predictive: pd.DataFrame | None = None  # predictiveness
    questions: tuple[str, ...] = ()  # survey_answers question codes; () = text dimensions


def _question_answers(ds: Dataset) -> pd.DataFrame:
    """``survey_answers`` wide: one row per ``feedback_id``, one 1-5 column per question
    code, in order of first appearance (the mean where a survey answers a question twice)."""
    frame = ds.con.execute(
        """SELECT feedback_id, question, avg(answer) AS answer, min(rowid) AS first
           FROM survey_answers GROUP BY feedback_id, question"""
    ).df()
    order = frame.groupby("question")["first"].min().sort_values(kind="stable").index
    return frame.pivot(index="feedback_id", columns="question", values="answer")[list(order)]


def survey_frame(ds: Dataset, corp: Corpus, p: VoiceParams) -> tuple[pd.DataFrame, list[str]]:
    """One row per answered survey (the NPS channel, a 0-10 rating): ``rating``, the
    questions, and ``repurchased`` (a purchase in the ``repurchase_days`` after it; NaN when
    not yet observed); and the question columns. With a ``survey_answers`` table the
    questions are its 1-5 answers (surveys without answers left out); otherwise one 0/1
    column per dimension the comment touches and the comment's ``sentiment``."""
    c = corp.comments
    answered = c[(c["channel"] == p.nps_channel) & c["rating"].between(0, 10)]
    frame = answered[["doc", "feedback_id", "customer_id", "day", "rating"]].copy()
    if ds.has("survey_answers"):
        wide = _question_answers(ds).drop(columns=list(frame.columns), errors="ignore")
        frame = frame.join(wide, on="feedback_id", how="inner")
        questions = [str(q) for q in wide.columns if q != "repurchased"]
    else:
        dims = sentiment.dimensions(corp.tokens, len(corp)).astype(float)
        scores = sentiment.sentiment_scores(corp.tokens, len(corp))["sentiment"]
        frame = frame.join(dims, on="doc").assign(sentiment=scores.loc[frame["doc"]].to_numpy())
        questions = [*sentiment.DIMENSIONS, "sentiment"]
    known = behaviour.outcome_known(frame["day"], corp.periods.end, p.repurchase_days)
    bought = behaviour.purchased_within(ds, frame, p.repurchase_days).astype(float)
    frame["repurchased"] = bought.where(known)
    return frame, questions


def survey_answers(ds: Dataset, corp: Corpus, p: VoiceParams) -> pd.DataFrame:
    """The frame of :func:`survey_frame`."""
    return survey_frame(ds, corp, p)[0]


def survey_purpose(ds: Dataset, corp: Corpus | None, p: VoiceParams) -> SurveySection:
    """Key drivers of the overall score (the 0-10 rating) among the survey's questions (or,
    without per-question answers, what the comments say), which answers predict a
    repurchase, and the ones that predict nothing, named."""
    if corp is None:
        return SurveySection()
    frame, questions = survey_frame(ds, corp, p)
    asked = ds.has("survey_answers")
    prefix = "voc_q_" if asked else "voc_dim_"
    sec = SurveySection(heading="voc_surveys", questions=tuple(questions) if asked else ())
    channel = Code("voc_channel_", p.nps_channel)
    if len(frame) < 20:
        sec.say("voc_surveys_none", channel=channel)
        return sec
    if asked:
        sec.say("voc_surveys_method_answers", answers=len(frame), channel=channel,
                questions=len(questions))  # fmt: skip
    else:
        sec.say("voc_surveys_method", answers=len(frame), channel=channel)
    drivers = surveys.key_drivers(frame, "rating", questions)
    drivers["interval"] = [_interval2(r.ci_low, r.ci_high) for r in drivers.itertuples()]
    sec.drivers = drivers
    sec.tables["drivers"] = Table(
        drivers,
        {
            "question": Column("voc_col_question", f"code:{prefix}"),
            "beta": Column("voc_col_beta", "{:+.2f}"),
            "interval": Column("voc_col_interval"),
            "q_value": Column("voc_col_q", "{:.2g}"),
            "r": Column("voc_col_r", "{:+.2f}"),
        },
    )
    if len(drivers):
        top = drivers.iloc[0]
        sec.say("voc_drivers_text", question=Code(prefix, top["question"]), beta=top["beta"],
                low=top["ci_low"], high=top["ci_high"], n=int(top["n"]))  # fmt: skip
        weak = drivers.loc[(drivers["ci_low"] <= 0) & (drivers["ci_high"] >= 0), "question"]
        if len(weak):
            sec.say("voc_drivers_weak", questions=Items(tuple(Code(prefix, q) for q in weak)))
    observed = frame.dropna(subset=["repurchased"])
    predictive = surveys.predictiveness(observed, "repurchased", ["rating", *questions], fdr=p.fdr)
    predictive["interval"] = [
        Sentence("voc_auc_interval", {"low": r.ci_low, "high": r.ci_high})
        for r in predictive.itertuples()
    ]
    sec.predictive = predictive
    sec.tables["predictive"] = Table(
        predictive,
        {
            "question": Column("voc_col_question", f"code:{prefix}"),
            "auc": Column("voc_col_auc", "number2"),
            "interval": Column("voc_col_interval"),
            "q_value": Column("voc_col_q", "{:.2g}"),
            "predicts": Column("voc_col_predicts", "code:voc_predicts_"),
        },
    )
    nothing = predictive.loc[~predictive["predicts"], "question"]
    sec.say("voc_predictive_method", days=p.repurchase_days, n=len(observed), fdr=p.fdr)
    if len(nothing):
        sec.say("voc_predicts_nothing_answers" if asked else "voc_predicts_nothing",
                questions=Items(tuple(Code(prefix, q) for q in nothing)))  # fmt: skip
    else:
        sec.say("voc_predicts_all")
    unclear = drivers.loc[(drivers["ci_low"] <= 0) & (drivers["ci_high"] >= 0), "question"]
    useless = [q for q in questions if q in set(unclear) and q in set(nothing)]
    if asked and useless:  # neither drives the rating nor predicts repurchase
        sec.say("voc_questions_to_drop", questions=Items(tuple(Code(prefix, q) for q in useless)))
    if not asked:
        sec.say("voc_surveys_questions")
    sec.metrics = {
        m.NON_PREDICTIVE: list(nothing),
        m.QUESTIONS_TO_DROP: useless if asked else [],
        m.SURVEY_DRIVERS: [
            {
                "question": r.question,
                "beta": float(r.beta),
                "ci_low": float(r.ci_low),
                "ci_high": float(r.ci_high),
            }
            for r in drivers.itertuples()
        ],  # fmt: skip
    }
    return sec


def _interval2(low: float, high: float) -> Sentence:
    return Sentence("voc_interval2", {"low": low, "high": high})


# ---------------------------------------------------------------- behaviour


@dataclass(kw_only=True)
class BehaviourSection(Section):
    churn: pd.DataFrame | None = None  # churn_by_group of the topics, with labels and value


def _window_days(ds: Dataset, churn_params: ChurnParams, business: Business) -> int:
    return design(ds, churn_params, business).window_days


def behaviour_link(
    ds: Dataset,
    corp: Corpus | None,
    tops: TopicsSection,
    p: VoiceParams,
    business: Business,
    churn_params: ChurnParams,
    ltv: LtvParams,
    period: PeriodConfig,
    values: pd.DataFrame | None = None,
) -> BehaviourSection:
    """Churn after the comments of each topic against the other comments (customer-
    clustered 95 % interval), the topics that precede churn, and the mean CLV and rank of
    the customers who raise each topic (the CLV of ``values``, the LTV page's of the run
    (:meth:`crm_lib.notebook.RunContext.ltv_values`); None: computed as that page does)."""
    if corp is None or tops.model is None:
        return BehaviourSection()
    window = _window_days(ds, churn_params, business)
    c = corp.comments.assign(topic=tops.model.doc_topic_.to_numpy())
    known = c[behaviour.outcome_known(c["day"], corp.periods.end, window)]
    sec = BehaviourSection(heading="voc_behaviour")
    sec.say("voc_behaviour_method", window=window, comments=len(known))
    if known.empty:
        sec.say("voc_behaviour_none", window=window)
        return sec
    churned = ~behaviour.purchased_within(ds, known, window)
    table = behaviour.churn_by_group(
        known, churned, "topic", min_customers=p.min_group_customers, fdr=p.fdr
    ).rename(columns={"group": "topic"})
    value = behaviour.value_by_topic(
        c,
        (page_values(ds, period, ltv, business) if values is None else values)["clv"],
        _ranks(ds, business, corp.periods.end),
    )
    table = table.merge(value, on="topic", how="left").merge(
        tops.topics[["topic", "label"]], on="topic", how="left"
    )
    table["interval"] = [_interval(r.ci_low_pts, r.ci_high_pts) for r in table.itertuples()]
    sec.churn = table
    preceding = table[table["precedes_churn"]].sort_values("diff_pts", ascending=False)
    if len(preceding):
        top = preceding.iloc[0]
        sec.say("voc_behaviour_text", topic=top["topic"], label=top["label"],
                rate=top["churn_rate"], other=top["other_rate"], diff=top["diff_pts"],
                low=top["ci_low_pts"], high=top["ci_high_pts"],
                others=Items(tuple(preceding["topic"].iloc[1:])) if len(preceding) > 1
                else Label("voc_none"))  # fmt: skip
    else:
        sec.say("voc_behaviour_no_topic", fdr=p.fdr)
    sec.say("voc_behaviour_caveat")
    sec.tables["churn"] = Table(
        table,
        {
            "topic": Column("voc_col_topic"),
            "label": Column("voc_col_terms"),
            "customers": Column("voc_col_customers", "count"),
            "churn_rate": Column("voc_col_churn", "share"),
            "other_rate": Column("voc_col_other_churn", "share"),
            "diff_pts": Column("voc_col_diff_pts", "signed1"),
            "interval": Column("voc_col_interval"),
            "mean_clv": Column("voc_col_clv", "money"),
            "upper_rank_share": Column("voc_col_upper_rank", "share"),
        },
    )
    sec.artifacts = {
        artifacts.VOICE_TOPIC_BEHAVIOUR: table.drop(columns=["interval"]),
        artifacts.VOICE_COMMENTS: _comment_scores(c, corp),
    }
    sec.metrics = {
        m.CHURN_BY_TOPIC: [
            {
                "topic": r.topic,
                "terms": r.label,
                "customers": int(r.customers),
                "churn_rate": float(r.churn_rate),
                "other_rate": float(r.other_rate),
                "diff_pts": float(r.diff_pts),
                "ci_low_pts": float(r.ci_low_pts),
                "ci_high_pts": float(r.ci_high_pts),
                "precedes_churn": bool(r.precedes_churn),
            }
            for r in table.itertuples()
        ]  # fmt: skip
    }
    return sec


def _comment_scores(c: pd.DataFrame, corp: Corpus) -> pd.DataFrame:
    scores = sentiment.sentiment_scores(corp.tokens, len(corp))["sentiment"]
    return pd.DataFrame(
        {
            "feedback_id": c["feedback_id"].to_numpy(),
            "customer_id": c["customer_id"].to_numpy(),
            "period": c["period"].to_numpy(),
            "topic": c["topic"].to_numpy(),
            "sentiment": scores.to_numpy(),
        }
    )
