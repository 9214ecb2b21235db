"""The four planted customer groups (personas) and their behavioural parameters.

Rates are per day. The purchase process of a persona is an MBG/NBD process: purchase rate
lambda ~ Gamma(shape r, rate alpha) orders/day, dropout probability after each purchase
p ~ Beta(a, b). Order value follows the Fader-Hardie Gamma-Gamma model: value ~ Gamma(shape
spend_p, rate nu), nu ~ Gamma(shape spend_q, rate spend_gamma), in yen, so the mean order value
of a customer is spend_p / nu and its population mean spend_p * spend_gamma / (spend_q - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AGE_BANDS = ("20代", "30代", "40代", "50代", "60代", "70代以上")
AGE_60_PLUS = (4, 5)  # codes of 60代 and 70代以上
GENDERS = ("女性", "男性")
ORDER_CHANNELS = ("online", "mail_order", "phone", "subscription")
CATEGORIES = ("skincare", "supplement", "makeup", "bodycare")
ACQUISITION_CHANNELS = (
    "web_ad",
    "search",
    "affiliate",
    "tv_infomercial",
    "newspaper",
    "referral",
    "sample_campaign",
)


@dataclass(frozen=True)
class Persona:
    """Parameters of one persona (rates per day, money in yen)."""

    name: str
    share: float  # share of customers
    r: float  # Gamma shape of the purchase rate lambda
    alpha: float  # Gamma rate of lambda (days), mean lambda = r / alpha orders/day
    a: float  # Beta a of the dropout probability p
    b: float  # Beta b of p, mean p = a / (a + b)
    mean_order_value_yen: float  # population mean of spend_p / nu
    subscribe_prob: float  # probability of starting a subscription at the second order
    channel_probs: tuple[float, float, float]  # online, mail_order, phone (non-subscription)
    category_probs: tuple[float, float, float, float]  # CATEGORIES
    age_probs: tuple[float, ...]  # AGE_BANDS
    female_share: float
    acquisition_probs: tuple[float, ...]  # ACQUISITION_CHANNELS, direct customers

    spend_p: float = 10.0  # Gamma-Gamma shape p of order value
    spend_q: float = 40.0  # Gamma-Gamma shape q of nu

    @property
    def spend_gamma(self) -> float:
        """Gamma-Gamma rate gamma (yen) giving the persona's mean order value."""
        return self.mean_order_value_yen * (self.spend_q - 1.0) / self.spend_p

    @property
    def mean_lambda_per_day(self) -> float:
        return self.r / self.alpha

    @property
    def mean_p(self) -> float:
        return self.a / (self.a + self.b)


PERSONAS: tuple[Persona, ...] = (
    Persona(
        name="subscriber",
        share=0.13,
        r=4.0,
        alpha=133.0,
        a=1.0,
        b=60.0,
        mean_order_value_yen=10_000.0,
        subscribe_prob=0.90,
        channel_probs=(0.35, 0.40, 0.25),
        category_probs=(0.25, 0.55, 0.05, 0.15),
        age_probs=(0.03, 0.10, 0.20, 0.27, 0.25, 0.15),
        female_share=0.80,
        acquisition_probs=(0.10, 0.08, 0.04, 0.30, 0.30, 0.08, 0.10),
    ),
    Persona(
        name="premium",
        share=0.13,
        r=4.0,
        alpha=800.0,
        a=2.0,
        b=18.0,
        mean_order_value_yen=22_000.0,
        subscribe_prob=0.05,
        channel_probs=(0.45, 0.35, 0.20),
        category_probs=(0.60, 0.15, 0.20, 0.05),
        age_probs=(0.03, 0.12, 0.25, 0.30, 0.20, 0.10),
        female_share=0.88,
        acquisition_probs=(0.15, 0.30, 0.05, 0.10, 0.15, 0.20, 0.05),
    ),
    Persona(
        name="bargain",
        share=0.14,
        r=8.0,
        alpha=130.0,
        a=1.0,
        b=199.0,
        mean_order_value_yen=2_800.0,
        subscribe_prob=0.03,
        channel_probs=(0.80, 0.15, 0.05),
        category_probs=(0.25, 0.15, 0.30, 0.30),
        age_probs=(0.22, 0.30, 0.22, 0.14, 0.08, 0.04),
        female_share=0.85,
        acquisition_probs=(0.30, 0.20, 0.30, 0.05, 0.02, 0.05, 0.08),
    ),
    Persona(
        name="trial",
        share=0.60,
        r=3.0,
        alpha=1500.0,
        a=8.0,
        b=2.0,
        mean_order_value_yen=1_500.0,
        subscribe_prob=0.02,
        channel_probs=(0.75, 0.20, 0.05),
        category_probs=(0.55, 0.20, 0.10, 0.15),
        age_probs=(0.15, 0.22, 0.22, 0.18, 0.13, 0.10),
        female_share=0.82,
        acquisition_probs=(0.15, 0.08, 0.12, 0.05, 0.05, 0.05, 0.50),
    ),
)

NAMES = tuple(p.name for p in PERSONAS)


def column(attribute: str) -> np.ndarray:
    """One numeric attribute of every persona, indexed by persona code."""
    return np.array([getattr(p, attribute) for p in PERSONAS], dtype=np.float64)


def table(attribute: str) -> np.ndarray:
    """A probability vector attribute of every persona as a (persona x outcome) matrix."""
    return np.array([getattr(p, attribute) for p in PERSONAS], dtype=np.float64)


def draw_categorical(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One draw per row from the distribution ``probs[rows[i]]`` (vectorised inverse CDF)."""
    cdf = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(rows))
    out = np.zeros(len(rows), dtype=np.int8)
    for k in range(probs.shape[1] - 1):
        out += u > cdf[rows, k]
    return out
