"""Every analysis parameter with its default, in one place, typed and checked.

``business:`` of the run config holds what several analyses share (currency, rank tiers,
renewal days, the F2 and churn windows, gross margin); ``params.<analysis>:`` holds one
analysis's own settings. Both are strict: an unknown or ill-typed key is a
:class:`~crm_lib.errors.ConfigError` naming the key (exit 2), never silently ignored.
Notebooks read their parameters from here (``ctx.params``); they define no defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from crm_lib.money import CURRENCIES, Money

Share = Annotated[float, Field(ge=0, le=1)]
PositiveInt = Annotated[int, Field(ge=1)]


class Strict(BaseModel):
    """A config section: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Currency(Strict):
    """ISO code of the data's currency; ``symbol`` overrides the usual sign."""

    code: str = "JPY"
    symbol: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, data: Any) -> Any:
        return {"code": data} if isinstance(data, str) else data

    @field_validator("code")
    @classmethod
    def _known(cls, code: str) -> str:
        if code.upper() not in CURRENCIES:
            raise ValueError(f"unknown currency {code!r}; one of {', '.join(CURRENCIES)}")
        return code.upper()

    def money(self, language: str) -> Money:
        return Money(self.code, language, self.symbol)


class Privacy(Strict):
    """Which personal data stakeholder pages and shared artifacts mask (``true``: masked).

    One policy for every page and every artifact meant for sharing: names keep the
    surname (``山田 **``), e-mail addresses their first character and domain
    (``t***@example.jp``), phone numbers their prefix and last four digits
    (``090-****-5678``), wherever they appear (a customer's own fields, or a note, campaign
    or channel name that holds them)."""

    name: bool = True
    email: bool = True
    phone: bool = True


DEFAULT_RANK_TIERS = {"Platinum": 100_000, "Gold": 50_000, "Silver": 20_000, "Bronze": 5_000}
DEFAULT_RANK_TIERS |= {"Regular": 0}  # the lowest rank takes everyone below the others


class Business(Strict):
    """Definitions every report shares, so that two pages never disagree."""

    currency: Currency = Field(default_factory=Currency)
    gross_margin: Annotated[float, Field(gt=0, le=1)] = 1.0  # CLV = margin x revenue
    rank_tiers: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: dict(DEFAULT_RANK_TIERS)
    )  # rank -> minimum net spend over rank_window_months, in the currency
    rank_window_months: PositiveInt = 12  # months of spend a membership rank is based on
    renewal_days: dict[str, PositiveInt] = Field(
        default_factory=lambda: {"monthly": 30, "bimonthly": 60}
    )  # days between deliveries, by subscription plan
    subscription_channel: str = "subscription"  # transactions.channel of 定期便 deliveries
    f2_window_days: PositiveInt = 180  # days after the first purchase in which a second is F2
    churn_window_days: Annotated[int, Field(ge=0)] = 0  # no purchase for this long = churn; 0: auto
    privacy: Privacy = Field(default_factory=Privacy)  # personal data masked on shared pages
    contact_cost: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: {"email": 1, "dm": 120, "sms": 10, "call": 300}
    )  # cost of one contact by channel, in the currency (campaign ROI)

    @field_validator("rank_tiers")
    @classmethod
    def _tiers(cls, tiers: dict[str, float]) -> dict[str, float]:
        if not tiers:
            raise ValueError("rank_tiers is empty")
        if len(set(tiers.values())) != len(tiers):
            raise ValueError("two ranks share a minimum spend")
        return tiers


class HealthParams(Strict):
    """Data health settings."""

    return_window_days: PositiveInt = 365  # a return matches a purchase up to this many days before
    extreme_iqr_factor: Annotated[float, Field(gt=0)] = 3.0
    # ^ an amount is extreme above Q3 + factor x IQR of log purchase amounts
    extreme_min_purchases: PositiveInt = 20  # fewer purchases: no extreme-amount rule
    rename_gap_months: Annotated[int, Field(ge=0)] = 1
    # ^ most months between a code's last month and its successor's first (a rename)
    rename_share_ratio: Annotated[float, Field(gt=0, le=1)] = 0.5
    # ^ smaller / larger monthly share of the two codes, at least this for a rename
    rename_min_rows: PositiveInt = 20  # rows each code needs before a rename is considered
    sample_size: PositiveInt = 5  # offending keys shown per check


class SegmentsParams(Strict):
    recency_cutoffs_days: tuple[int, int, int, int] = (30, 90, 180, 365)  # R 5/4/3/2 within
    orders_cutoffs: tuple[int, int, int, int] = (2, 3, 5, 10)  # orders: F 2/3/4/5 from each
    monetary_cutoffs: tuple[float, float, float, float] = (5_000, 15_000, 40_000, 100_000)
    # ^ net spend to date in the currency: M 2/3/4/5 from each edge
    migration_from: dt.date | None = None  # None: observation end minus 12 months
    cluster_method: Literal["gmm", "kmeans"] = "gmm"  # gmm: k by ICL; kmeans: by silhouette
    k_min: Annotated[int, Field(ge=2)] = 2  # fewest clusters tried
    k_max: Annotated[int, Field(ge=2)] = 8  # most clusters tried
    cluster_min_orders: PositiveInt = 2  # orders a customer needs to be clustered
    stability_seeds: Annotated[int, Field(ge=0)] = 5  # refits with other seeds (stability ARI)
    seed: int = 0  # random seed of the clustering
    rank_risk_horizon_days: PositiveInt = 90  # who loses their rank by then without buying
    rank_risk_rows: PositiveInt = 20  # rows of the at-risk list shown (the artifact holds all)
    cohort_months: PositiveInt = 24  # months since the first purchase in the cohort heatmap
    rfm_scoring: Literal["fixed", "quantile"] = "fixed"  # RFM page: fixed cut-offs | quintiles
    cluster_sample: PositiveInt = 50_000  # customers the mixture is fitted on (stratified)
    subsample_runs: Annotated[int, Field(ge=0)] = 5  # refits on random subsamples (stability)
    subsample_share: Annotated[float, Field(gt=0, lt=1)] = 0.8  # of the fitted customers each
    migration_rows: PositiveInt = 10  # moves between segments listed, largest revenue effect
    # CPM (customer portfolio management). The defaults are those Japanese mail-order CRM
    # tools ship with (the やずや-style ten cells): lapsed after 240 days without a purchase
    # (about two missed replenishment cycles of a 3-4-month product), よちよち while the
    # first-to-last purchase span is under 90 days, 流行 up to 210 days, and 70,000 of
    # cumulative net spend (in the currency: a year of a typical health-food regimen)
    # separating the big spenders (流行, 優良) from the steady ones (コツコツ).
    cpm_lapse_days: PositiveInt = 240  # no purchase for this many days: 離脱 (lapsed)
    cpm_early_tenure_days: PositiveInt = 90  # first-to-last purchase span below: よちよち
    cpm_loyal_tenure_days: PositiveInt = 210  # span from here with the spend: 優良, below: 流行
    cpm_spend: Annotated[float, Field(gt=0)] = 70_000  # cumulative net spend of 流行 / 優良
    decile_window_months: PositiveInt = 12  # months of spend ranked in the decile analysis
    decile_dominant_share: Share = 0.25  # one order this share of a decile's revenue: said
    ladder_max_f: Annotated[int, Field(ge=2)] = 5  # the F-ladder runs F1 -> F2 ... up to this
    ladder_min_eligible: PositiveInt = 30  # a channel needs this many eligible to be named
    history_months: PositiveInt = 24  # month ends over which segment changes are tracked

    @model_validator(mode="after")
    def _cpm_tenures(self) -> SegmentsParams:
        if self.cpm_loyal_tenure_days <= self.cpm_early_tenure_days:
            raise ValueError("cpm_loyal_tenure_days must exceed cpm_early_tenure_days")
        return self


class LtvParams(Strict):
    horizon: PositiveInt = 52  # weeks of future purchases valued in CLV (every report)
    discount_rate: Annotated[float, Field(ge=0, lt=1)] = 0.01  # per month of 365.25/12 days
    n_boot: Annotated[int, Field(ge=10)] = 100  # bootstrap refits for the holdout interval
    interval_draws: Annotated[int, Field(ge=50)] = 200  # parameter draws x simulated purchases
    # ^ behind the holdout prediction interval and the per-customer CLV intervals
    interval_level: Annotated[float, Field(gt=0, lt=1)] = 0.9  # of those intervals
    top_n: PositiveInt = 20  # customers listed by CLV
    count_model: Literal["auto", "bgnbd", "mbgnbd", "pareto_nbd", "latent_class"] = "auto"
    # ^ purchase-count model of P(alive) and CLV; auto: the stated rule (crm_lib.ltv.choice)
    spend_model: Literal["auto", "gamma_gamma", "lognormal", "lognormal_by_frequency"] = "auto"
    # ^ spend per purchase in CLV; auto: lowest holdout error (crm_lib.ltv.spend_choice)
    clv_basis: Literal["auto", "revenue", "net_revenue", "margin"] = "auto"
    # ^ what CLV counts; auto: margin if business.gross_margin < 1, else net of returns
    # subscription (定期) practice
    teiki_deliveries: Annotated[int, Field(ge=3)] = 6  # deliveries in retention by count
    delivery_grace_days: Annotated[int, Field(ge=0)] = 7  # after a scheduled delivery: late
    upgrade_within_days: PositiveInt = 90  # first (trial) order to subscription start: 引き上げ
    cumulative_months: Annotated[tuple[PositiveInt, ...], Field(min_length=1)] = (1, 3, 6, 12, 24)
    # ^ months since acquisition of the time-series LTV (累積LTV)
    cpo_months: PositiveInt = 12  # months of margin the maximum CPO (限界CPO) is based on
    cpo_profit_share: Annotated[float, Field(ge=0, lt=1)] = 0.0  # of that margin kept as profit
    # readiness: below any of these the predictions should not be used
    ready_repeat_customers: Annotated[int, Field(ge=0)] = 200  # with a repeat purchase
    ready_repeat_share: Share = 0.10  # of calibration customers with a repeat purchase
    ready_calibration_gaps: Annotated[float, Field(ge=0)] = 3.0  # calibration / median gap
    ready_holdout_gaps: Annotated[float, Field(ge=0)] = 1.0  # holdout / median gap
    # the count model's parameters at the observation end, when a run's LTV report has
    # fitted them (set by crm_lib.notebook.RunContext.ltv_params, never by a config)
    _count_params: dict[str, float] | None = PrivateAttr(default=None)

    @property
    def count_params(self) -> dict[str, float] | None:
        """``count_model``'s parameters refitted at the observation end by the run's LTV
        report (a later report values customers with that fit instead of repeating it);
        None: not known, fit it."""
        return self._count_params

    def with_count_params(self, params: dict[str, float]) -> LtvParams:
        """A copy knowing ``count_model``'s parameters at the observation end."""
        other = self.model_copy()
        other._count_params = {str(k): float(v) for k, v in params.items()}
        return other


class ChurnParams(Strict):
    window_quantile: Annotated[float, Field(gt=0, lt=1)] = 0.9  # of purchase gaps: the window
    train_cutoff: dt.date | None = None  # None: test cutoff minus the window
    test_cutoff: dt.date | None = None  # None: observation end minus the window
    active_within_days: Annotated[int, Field(ge=0)] = 0  # scored: bought this recently; 0: window
    recent_days: PositiveInt = 90  # days of the recent window of trend, complaints, contacts
    top_n: PositiveInt = 20  # customers shown in the at-risk table (the artifact holds all)
    seed: int = 0  # random seed of the models, the permutation importance and the bootstrap
    definition: Literal["window", "rhythm", "p_alive"] = "rhythm"  # churn: crm_lib.churn.definition
    rhythm_multiple: Annotated[float, Field(gt=0)] = 2.0  # rhythm: own mean gaps without a purchase
    p_alive_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.5  # p_alive: churned below it
    n_boot: Annotated[int, Field(ge=0)] = 200  # test customers resampled (intervals); 0: none
    fit_sample: Annotated[int, Field(ge=1000)] = 200_000  # at most this many customers per
    # cutoff train the models (random, stratified by the label, seeded); every one is scored
    explain_sample: Annotated[int, Field(ge=1000)] = 20_000  # test customers (same sampling)
    # of the permutation importance and partial dependence


class JourneyParams(Strict):
    stages: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "awareness": ["ad_impression", "ad_click", "tv_ad_response", "catalog_request"],
            "interest": ["site_visit", "sample_request", "call_inquiry"],
            "first_purchase": ["first_purchase"],
            "repeat": ["second_purchase"],
            "loyal": ["subscription_start"],
        }
    )  # stage -> event types that put a person in it, in journey order
    measure_events: list[str] = Field(
        default_factory=lambda: [
            "ad_impression",
            "ad_click",
            "email_open",
            "dm_received",
            "sms_click",
            "call_outbound",
        ]
    )  # event types that are marketing touches (online or offline)
    conversion_window_days: Annotated[int, Field(ge=0)] = 365  # stage to stage; 0: no limit
    exclude_events: list[str] = Field(default_factory=list)  # drop a person between stages
    rare_event_share: Share = 0.01  # event types fewer than this share of people have: other
    max_steps: PositiveInt = 10  # steps from the first touch in the step matrices
    sankey_steps: PositiveInt = 4  # events per path in the Sankey
    top_paths_n: PositiveInt = 12  # most common paths drawn in the Sankey
    variant_steps: PositiveInt = 5  # events per path variant before the target stage
    top_variants_n: PositiveInt = 10  # path variants listed
    min_variant_people: PositiveInt = 100  # people a variant needs to be named best converting
    target_stage: str = "first_purchase"  # stage the paths and variants convert to
    attribution_days: Annotated[float, Field(ge=0)] = 3.0  # days after a send: its response
    gap_share: Share = 0.01  # a stage is a gap when measures reach at most this share of it
    duplication_share: Share = 0.5  # duplicated: this share of reached people get 2+ measures
    churn_days: PositiveInt = 180  # days without an order (no running subscription): lapsed
    # ^ the journey page's own "lapse" (購入途絶), not the churn report's window
    #   (business.churn_window_days): the page names it apart and states the days
    frequent_transition_share: Share = 0.01  # of all transitions: frequent enough to be named
    satisfaction_channels: dict[str, str] = Field(
        default_factory=lambda: {"review": "rational", "survey": "emotional"}
    )  # feedback channel -> satisfaction dimension
    rating_scales: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {"review": (1, 5), "survey": (0, 10)}
    )  # lowest, highest rating per channel
    duplication_window_days: Annotated[float, Field(ge=0)] = 14.0  # 2 programmes this close
    programme_pattern: str = (  # dates and issue numbers stripped from a campaign's name
        r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|(?:19|20)\d{2}\s*年?度?\s*"
        r"(?:春夏|秋冬|春|夏|秋|冬|上期|下期|\d{1,2}\s*月)?\s*号?|第\s*\d+\s*号|"
        r"(?:vol|no)\.?\s*\d+|#\s*\d+"
    )  # (or id when unnamed): what is left names its programme (NL23..NL25: one newsletter)
    programmes: dict[str, str] = Field(default_factory=dict)  # campaign id or touch -> programme
    trend_period: Literal["month", "quarter"] = "quarter"  # cohort period of the trended funnel

    between_purchases: PositiveInt = 3  # purchase numbers n compared (n to n+1), 1..this
    between_window_days: PositiveInt = 30  # touches in these days after the n-th purchase
    min_compared: PositiveInt = 20  # intervals (end points) with and without an item to test it
    fdr_alpha: Annotated[float, Field(gt=0, lt=1)] = 0.05  # BH false discovery rate: flagged
    backward_days: PositiveInt = 60  # days read back before a subscription cancellation
    feedback_topics: dict[str, str] | None = None  # topic -> regex on the text, in priority
    # ^ order; None: crm_lib.journey.touches.FEEDBACK_TOPICS (Japanese notes)
    items_shown: PositiveInt = 12  # most different items charted per purchase number / end

    @field_validator("programme_pattern")
    @classmethod
    def _programme_pattern(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"programme_pattern is not a regular expression: {exc}") from None
        return pattern

    @field_validator("stages")
    @classmethod
    def _stage_model(cls, stages: dict[str, list[str]]) -> dict[str, list[str]]:
        if len(stages) < 2:
            raise ValueError("a stage model needs at least two stages")
        seen: dict[str, str] = {}
        for stage, types in stages.items():
            for event_type in types:
                if event_type in seen:
                    first = seen[event_type]
                    raise ValueError(f"event type {event_type!r} is in {first!r} and {stage!r}")
                seen[event_type] = stage
        return stages


class ExecutiveParams(Strict):
    tolerance: Annotated[float, Field(ge=0, le=1)] = 0.05  # share of target: a near miss
    trend_periods: Annotated[int, Field(ge=2)] = 6  # periods in each trend
    period_months: PositiveInt = 3  # months between two trend points
    window_months: PositiveInt = 12  # trailing window of repeat rate, revenue, actives, NPS
    nps_channel: str = "survey"  # feedback channel whose 0-10 ratings give the NPS
    nps_min_responses: PositiveInt = 20  # fewer ratings in a window give no NPS
    max_findings: PositiveInt = 6  # most findings shown
    notable_change_z: Annotated[float, Field(gt=0)] = 2.0  # change in standard units that
    # ^ moves a finding up (latest change / s.d. of the trend's period-to-period changes)


class TriggerParams(Strict):
    """A context-triggered message: the trigger holds when ``column`` of the context table
    (in the customer's ``region_column`` on the send date) is at least ``threshold``."""

    column: str = "precipitation_mm"  # context column, e.g. rain in millimetres
    threshold: float = 1.0  # the trigger holds at or above this value
    region_column: str = "prefecture"  # customers column matched to context.region
    campaigns: list[str] = Field(default_factory=list)  # campaigns sent on the trigger


class CampaignsParams(Strict):
    planned_control_share: dict[str, Share] = Field(default_factory=dict)
    # ^ campaign -> control share planned for it; a campaign not listed gets no SRM check
    meaningful_lift_pts: Annotated[float, Field(gt=0)] = 2.0  # smallest lift worth acting on
    pre_period_days: PositiveInt = 180  # days of spend before a send used by CUPED
    repeat_days: PositiveInt = 90  # repeat purchase measured up to this day after the send
    retention_days: PositiveInt = 180  # still buying up to this day after the send
    bootstrap_resamples: Annotated[int, Field(ge=200)] = 2000  # revenue intervals
    pilot_target_lift_pts: Annotated[float, Field(gt=0)] = 3.0  # lift the next pilot sizes for
    pilot_segment_by: Annotated[tuple[Literal["age", "rank", "rfm"], ...], Field(min_length=1)] = (
        "rfm",
    )  # segmentations the next pilot is sized per group of (rfm: the segments report's)
    pilot_control_share: Annotated[float, Field(gt=0, lt=1)] = 0.5  # of the pilot's customers
    trigger: TriggerParams = Field(default_factory=TriggerParams)
    fatigue_window_days: PositiveInt = 30  # contacts counted in this many days up to a send
    target_campaign: str | None = None  # the send to plan targets for; None: the latest
    target_budget: Annotated[float, Field(gt=0)] | None = None  # contact budget, currency
    uplift_bootstrap: Annotated[int, Field(ge=50)] = 200  # resamples of the Qini intervals
    seed: int = 0  # random seed of bootstraps and the uplift model


class VoiceParams(Strict):
    """Voice of the customer (``60_voice``): Japanese text of the feedback table."""

    split_mode: Literal["A", "B", "C"] = "C"  # Sudachi unit: C keeps compounds (定期便) whole
    term_pos: tuple[str, ...] = ("名詞", "動詞", "形容詞")  # parts of speech counted as terms
    user_words: list[str] = Field(default_factory=list)  # product names kept whole (user dict)
    stop_words: list[str] = Field(default_factory=list)  # added to the shipped stop-word list
    recent_months: PositiveInt = 3  # the latest period, compared with the baseline before it
    baseline_months: PositiveInt = 12  # months before the latest period: the baseline
    min_recent_comments: PositiveInt = 5  # comments of the latest period a term needs
    fdr: Annotated[float, Field(gt=0, lt=1)] = 0.05  # false discovery rate of emerging terms
    top_terms: PositiveInt = 15  # terms shown per ranked table
    pair_terms: Annotated[int, Field(ge=2)] = 100  # most frequent terms whose pairs are tested
    n_topics: Annotated[int, Field(ge=2)] = 12  # NMF topics
    network_terms: Annotated[int, Field(ge=2)] = 40  # terms drawn in the co-occurrence network
    network_min_jaccard: Share = 0.2  # weakest co-occurrence drawn as an edge
    kwic_examples: PositiveInt = 3  # example sentences per emerging term
    kwic_chars: PositiveInt = 20  # characters either side of the term in an example
    nps_channel: str = "survey"  # feedback channel whose 0-10 ratings give the NPS
    csat_top: PositiveInt = 4  # 1-5 ratings at or above this are satisfied (CSAT)
    min_group_customers: PositiveInt = 30  # customers a topic needs in the behaviour table
    repurchase_days: PositiveInt = 90  # a purchase this soon after a comment is a repurchase
    survey_groups: dict[str, Literal["rational", "emotional"]] = Field(
        default_factory=lambda: {"quality": "rational", "price": "rational",
                                 "delivery_speed": "rational", "support": "rational",
                                 "attachment": "emotional"}
    )  # fmt: skip
    # ^ survey_answers question -> kind of satisfaction; questions not listed are in neither
    seed: int = 0  # random seed of the NMF topics


class LeadsParams(Strict):
    """Prospect follow-up (``70_leads``): the leads table, with events and transactions."""

    within_days: PositiveInt = 30  # conversion window of the funnel (days from the lead)
    late_hours: Annotated[float, Field(gt=0)] = 24.0  # a first response later than this is late
    ready_days: PositiveInt = 90  # a buyer who bought later than this was "not ready yet"
    cohort_days: PositiveInt = 365  # leads at least this old count for the not-ready share
    lost_window_days: PositiveInt = 730  # never followed up and no purchase within: "lost"
    mature_days: PositiveInt = 60  # leads at least this old enter the speed-to-lead analysis
    fast_hours: tuple[float, ...] = (1.0, 24.0)  # response within these hours vs later / never
    curve_hours: tuple[float, ...] = (0.0, 1.0, 6.0, 24.0, 72.0, 168.0, 336.0, 720.0)
    # ^ response times (hours) at which the smooth conversion curve is shown
    km_days: tuple[int, ...] = (7, 30, 90, 180, 365, 730)  # days of the readiness table
    open_days: PositiveInt = 60  # a lead created this recently and not converted is open
    horizon_days: PositiveInt = 60  # the priority model predicts a purchase within this
    train_snapshots: PositiveInt = 12  # training snapshots of the priority model
    snapshot_step_days: PositiveInt = 30  # days between training snapshots
    bootstrap: PositiveInt = 200  # bootstrap replicates of the AUC intervals
    value_weeks: PositiveInt = 52  # horizon of the expected first-year value (CLV, weeks)
    top_n: PositiveInt = 20  # rows of the priority and aging lists
    seed: int = 0  # random seed of the bootstrap


class AnalysisParams(Strict):
    """``params:`` of the run config: one typed section per analysis."""

    data_health: HealthParams = Field(default_factory=HealthParams)
    segments: SegmentsParams = Field(default_factory=SegmentsParams)
    ltv: LtvParams = Field(default_factory=LtvParams)
    churn: ChurnParams = Field(default_factory=ChurnParams)
    journey: JourneyParams = Field(default_factory=JourneyParams)
    campaigns: CampaignsParams = Field(default_factory=CampaignsParams)
    voice: VoiceParams = Field(default_factory=VoiceParams)
    leads: LeadsParams = Field(default_factory=LeadsParams)
    executive: ExecutiveParams = Field(default_factory=ExecutiveParams)

    def of(self, notebook: str) -> Strict:
        """The parameters of one analysis (by notebook name)."""
        return getattr(self, notebook)
