"""The ``survey_answers`` table: per-question answers (1-5) of every NPS survey.

The answers are drawn after everything else, from their own generator
(``default_rng([seed, SURVEY_STREAM])``), so no other table or truth value changes. The
survey's overall rating (0-10) and the customer's later behaviour already exist, so the
answers are generated *from* them (a factor model read backwards):

    x_q = a_q * z_rating + g_q * z_repurchase + sqrt(1 - a_q^2 - g_q^2) * e_q,  e_q ~ N(0, 1)
    answer_q = 1 + #(cut points below x_q)                       (cut points: ``CUTS``)

``z_rating``: the survey's rating standardised over all surveys; ``z_repurchase``: whether
the customer bought again in the ``REPURCHASE_DAYS`` after the survey day (a purchase dated
after that day and at most that many days later, as the voice report counts it),
standardised. ``a_q`` plants the key drivers of the overall rating, ``g_q`` the questions
that predict repurchase; ``package_design`` has neither: pure noise. What a regression
recovers with unlimited respondents (the implied standardised coefficients and AUCs) is
computed by simulation on a large resample of the surveys' (rating, repurchase) pairs and
recorded in ``truth["feedback"]["survey_questions"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from crm_lib.demo.feedback import SURVEY, Feedback
from crm_lib.demo.period import HORIZON_DAYS
from crm_lib.demo.transactions import OrderRows

SURVEY_STREAM = 17017  # second word of the answers' seed: [seed, SURVEY_STREAM]
REPURCHASE_DAYS = 90  # days after the survey a purchase counts as a repurchase
CUTS = (-1.6, -0.8, 0.1, 1.0)  # latent cut points of the 1-5 scale (answers lean high)
IMPLIED_DRAWS = 200_000  # resampled respondents behind the implied coefficients
# question -> (label ja, group, rating loading a, repurchase loading g)
QUESTIONS: dict[str, tuple[str, str, float, float]] = {
    "quality": ("品質", "rational", 0.45, 0.05),
    "price": ("価格の納得感", "rational", 0.25, 0.05),
    "delivery_speed": ("配送の速さ", "rational", 0.70, 0.0),
    "support": ("問い合わせ対応", "rational", 0.30, 0.05),
    "attachment": ("ブランドへの愛着・好き", "emotional", 0.65, 0.35),
    "package_design": ("パッケージのデザイン", "none", 0.0, 0.0),
}


def repurchased_after(rows: OrderRows, cust: np.ndarray, day: np.ndarray, days: int) -> np.ndarray:
    """Whether customer ``cust[i]`` made a purchase (amount >= 0) dated after day ``day[i]``
    and at most ``days`` days later (days since the demo's start)."""
    buy = rows.amount >= 0
    width = HORIZON_DAYS + days + 2
    keys = np.sort(rows.cust[buy].astype(np.int64) * width + rows.day[buy].astype(np.int64))
    ref = cust.astype(np.int64) * width + day.astype(np.int64)
    nxt = np.searchsorted(keys, ref, side="right")  # first purchase after that day
    found = nxt < len(keys)
    first = np.where(found, keys[np.minimum(nxt, len(keys) - 1)], -1)
    return found & (first // width == cust) & (first - ref <= days)


def _standardised(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else np.zeros(len(x))


def _answers(rng: np.random.Generator, z_rating: np.ndarray, z_rep: np.ndarray) -> np.ndarray:
    """(respondents, questions) answers 1-5 of the model in the module docstring."""
    out = np.empty((len(z_rating), len(QUESTIONS)), dtype=np.int64)
    for j, (_, _, a, g) in enumerate(QUESTIONS.values()):
        x = (
            a * z_rating
            + g * z_rep
            + np.sqrt(1 - a * a - g * g) * rng.standard_normal(len(z_rating))
        )
        out[:, j] = 1 + np.searchsorted(np.array(CUTS), x)
    return out


def _implied(rng: np.random.Generator, rating: np.ndarray, rep: np.ndarray, known: np.ndarray):
    """Standardised OLS coefficients of the rating on all answers, and each answer's AUC
    of repurchase (known outcomes), in a large resample of the surveys (the values an
    analysis recovers with unlimited respondents)."""
    take = rng.integers(0, len(rating), IMPLIED_DRAWS)
    z_r, z_b = _standardised(rating.astype(float)), _standardised(rep.astype(float))
    answers = _answers(rng, z_r[take], z_b[take]).astype(float)
    x = np.column_stack([np.ones(IMPLIED_DRAWS), (answers - answers.mean(0)) / answers.std(0)])
    y = (rating[take] - rating[take].mean()) / rating[take].std()
    beta = np.linalg.lstsq(x, y, rcond=None)[0][1:]
    kept = known[take]
    yes = rep[take][kept]
    aucs = []
    for j in range(len(QUESTIONS)):
        a = answers[kept, j]
        test = stats.mannwhitneyu(a[yes], a[~yes])
        aucs.append(float(test.statistic) / (yes.sum() * (~yes).sum()))
    return beta, aucs


def build_survey_answers(
    seed: int, fb: Feedback, table: pd.DataFrame, rows: OrderRows
) -> tuple[pd.DataFrame, dict]:
    """The ``survey_answers`` table (one row per survey and question, in feedback order)
    and its truth (``truth["feedback"]["survey_questions"]``)."""
    rng = np.random.default_rng([seed, SURVEY_STREAM])
    survey = np.flatnonzero(fb.channel == SURVEY)
    rating = table["rating"].to_numpy(dtype=float, na_value=np.nan)[survey]
    rep = repurchased_after(rows, fb.cust[survey], fb.day[survey], REPURCHASE_DAYS)
    known = fb.day[survey] <= HORIZON_DAYS - 1 - REPURCHASE_DAYS
    answers = _answers(rng, _standardised(rating), _standardised(rep.astype(float)))
    codes = list(QUESTIONS)
    frame = pd.DataFrame(
        {
            "feedback_id": np.repeat(table["feedback_id"].to_numpy()[survey], len(codes)),
            "question": np.tile(np.array(codes, dtype=object), len(survey)),
            "answer": answers.reshape(-1),
            "answered_at": np.repeat(table["created_at"].to_numpy()[survey], len(codes)),
        }
    )
    frame["feedback_id"] = frame["feedback_id"].astype(table["feedback_id"].dtype)
    frame["question"] = frame["question"].astype(table["feedback_id"].dtype)
    beta, aucs = _implied(rng, rating, rep, known) if len(survey) > 1 else ([0] * 6, [0.5] * 6)
    return frame, _truth(len(survey), rep[known], beta, aucs)


def _truth(n_surveys: int, rep_known: np.ndarray, beta, aucs) -> dict:
    return {
        "model": "answers generated from the survey's overall rating and the later repurchase "
        "(crm_lib/demo/surveys.py): x_q = a_q z_rating + g_q z_repurchase + "
        "sqrt(1 - a_q^2 - g_q^2) e_q, answer = 1 + number of cut points below x_q",
        "cut_points": list(CUTS),
        "repurchase_days": REPURCHASE_DAYS,
        "n_surveys": n_surveys,
        "repurchase_rate_known": float(rep_known.mean()) if len(rep_known) else None,
        "drivers_of_rating": ["delivery_speed", "attachment", "quality"],
        "drivers_of_repurchase": ["attachment"],
        "no_signal": ["package_design"],
        "questions": {
            q: {
                "label_ja": ja,
                "group": group,
                "rating_loading": a,
                "repurchase_loading": g,
                "implied_beta": float(b),
                "implied_auc": float(auc),
            }
            for (q, (ja, group, a, g)), b, auc in zip(QUESTIONS.items(), beta, aucs, strict=True)
        },
    }
