"""Whom to contact: the target share that maximises expected incremental profit under a
budget, and the "do not disturb" list of customers a send is predicted to put off.

**Best target share.** The uplift curve of a held-out experiment (:func:`qini.curves`,
customers ranked by predicted uplift) says how many incremental outcomes the top share s
brings had they all been contacted: u(s N) / N per customer. For a campaign to a population
of P customers, contacting the top share s costs ``cost_per_contact`` x s P and brings
``value_per_outcome`` x P u(s N) / N; the profit is the difference. ``value_per_outcome``
is the value of one unit of the outcome: per incremental order when the outcome is
``responded`` (for instance the margin of an average order), or the margin share of a unit
of revenue when it is ``revenue``. The shares considered are a regular grid (``step``,
default 5 %; the curve is linear between its points), the share the budget allows
(contacts x cost <= ``budget``) and 0 (contact nobody); the best is the one with the
highest profit within the budget, the smallest share among equals. A coarse grid keeps the
choice from chasing the noise of the first few customers of the curve.

**Do not disturb.** Customers whose predicted uplift is below ``threshold`` (default 0:
the send is expected to lower their response), most harmed first, with their main reasons:
for each model input, the predicted uplift when that one input is set to its typical value
(median, or most common category, of the scored customers) minus the predicted uplift; the
inputs whose own value lowers the customer's uplift most are the reasons, as feature codes
(the input names of :mod:`crm_lib.experiments.uplift`), with the customer's own value and
the points it costs. Names, e-mail addresses and phone numbers are masked with
:mod:`crm_lib.privacy`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.experiments import qini
from crm_lib.experiments.uplift import UpliftModel, typical_values
from crm_lib.privacy import Masker

PII = ("name", "email", "phone")


@dataclass
class TargetPlan:
    """The chosen target share and what it brings (amounts in the data's currency):
    ``share``, ``contacts``, ``cost``, ``incremental`` (outcomes), ``value``, ``profit``;
    ``budget_share`` (the largest share the budget pays for, None without a budget),
    ``profit_everyone`` (contacting all P), ``curve`` (every share considered: ``share``,
    ``contacts``, ``cost``, ``incremental``, ``value``, ``profit``, ``within_budget``);
    ``profit_low``/``profit_high``: the 95 % bootstrap interval of the profit at the chosen
    share (:func:`crm_lib.experiments.qini.gain_at_share`; NaN without resamples)."""

    share: float
    contacts: int
    cost: float
    incremental: float
    value: float
    profit: float
    budget_share: float | None
    profit_everyone: float
    curve: pd.DataFrame
    profit_low: float = float("nan")
    profit_high: float = float("nan")


def _cost(cost_per_contact: float | dict[str, float], channel: str | None) -> float:
    if isinstance(cost_per_contact, dict):
        if channel not in cost_per_contact:
            raise ValueError(f"no cost per contact for channel {channel!r}")
        return float(cost_per_contact[channel])
    return float(cost_per_contact)


def target_plan(
    y,
    treatment,
    score,
    *,
    cost_per_contact: float | dict[str, float],
    value_per_outcome: float,
    channel: str | None = None,
    population: int | None = None,
    budget: float | None = None,
    step: float | None = 0.05,
    n_boot: int = 0,
    seed: int = 0,
) -> TargetPlan:
    """The profit-maximising share of customers to contact, ranked by ``score``, from the
    uplift curve of the evaluation rows (``y``, ``treatment``, ``score``; see the module
    notes). ``cost_per_contact``: one cost, or a cost per channel with ``channel`` naming
    the campaign's. ``population``: customers the campaign would go to (default: the
    evaluation rows). ``step``: grid of shares (None: the curve's own points). ``n_boot``
    resamples (``seed``) give the profit's interval at the chosen share; the share itself is
    chosen on the same rows, so the interval is somewhat optimistic, and it says nothing of
    other shares."""
    cost = _cost(cost_per_contact, channel)
    c = qini.curves(y, treatment, score)
    n = int(c["n"].iloc[-1])
    population = n if population is None else int(population)
    per_customer = c["uplift"].to_numpy() / n
    shares = c["share"].to_numpy() if step is None else np.arange(0, 1 + 1e-9, step)
    budget_share = None
    if budget is not None:
        affordable = np.floor(float(budget) / cost + 1e-9) if cost > 0 else population
        budget_share = min(1.0, affordable / population)
        shares = np.append(shares, budget_share)
    shares = np.unique(np.clip(np.append(shares, [0.0, 1.0]), 0, 1))
    incremental = population * np.interp(shares, c["share"].to_numpy(), per_customer)
    contacts = np.round(shares * population).astype(np.int64)
    curve = pd.DataFrame(
        {"share": shares, "contacts": contacts, "cost": contacts * cost,
         "incremental": incremental, "value": incremental * value_per_outcome}
    )  # fmt: skip
    curve["profit"] = curve["value"] - curve["cost"]
    curve["within_budget"] = curve["cost"] <= float(budget) + 1e-9 if budget is not None else True
    allowed = curve[curve["within_budget"]]
    best = allowed.loc[allowed["profit"].idxmax()]
    low = high = float("nan")
    if n_boot:
        gain = qini.gain_at_share(y, treatment, score, float(best["share"]), n_boot=n_boot,
                                  seed=seed)  # fmt: skip
        low, high = (population * gain[k] * value_per_outcome - float(best["cost"])
                     for k in ("ci_low", "ci_high"))  # fmt: skip
    return TargetPlan(
        share=float(best["share"]),
        contacts=int(best["contacts"]),
        cost=float(best["cost"]),
        incremental=float(best["incremental"]),
        value=float(best["value"]),
        profit=float(best["profit"]),
        budget_share=budget_share,
        profit_everyone=float(curve["profit"].iloc[-1]),
        curve=curve,
        profit_low=low,
        profit_high=high,
    )


def main_reasons(
    model: UpliftModel,
    features: pd.DataFrame,
    rows: np.ndarray | None = None,
    *,
    top: int = 2,
    min_effect: float = 0.005,
) -> pd.DataFrame:
    """For the ``rows`` (bool mask; default all) of ``features``: ``reason_1`` ... (feature
    codes, empty when no input lowers the uplift by ``min_effect``), ``value_1`` ... (the
    customer's own value, empty without a reason) and ``effect_1`` ... (points of uplift the
    value costs, 0-1). The typical values come from all of ``features``
    (:func:`~crm_lib.experiments.uplift.typical_values`)."""
    rows = np.ones(len(features), dtype=bool) if rows is None else np.asarray(rows)
    part = features[rows]
    base = model.predict_uplift(part)
    typical = typical_values(features, model.features_)
    table = model.what_if(part, typical).sub(base, axis=0)
    values = table.to_numpy()
    order = np.argsort(-values, axis=1, kind="stable")[:, :top]
    names = np.asarray(table.columns)
    out = pd.DataFrame(index=part.index)
    for k in range(min(top, len(names))):
        effect = np.take_along_axis(values, order[:, [k]], axis=1)[:, 0]
        name = names[order[:, k]]
        keep = effect >= min_effect
        own = pd.Series(
            [part.at[i, f] for i, f in zip(part.index, name, strict=True)],
            index=part.index, dtype=object,
        )  # fmt: skip
        out[f"reason_{k + 1}"] = np.where(keep, name, "")
        out[f"value_{k + 1}"] = own.where(keep, None)
        out[f"effect_{k + 1}"] = np.where(keep, effect, 0.0)
    return out


def do_not_disturb(
    model: UpliftModel,
    features: pd.DataFrame,
    ds: Dataset | None = None,
    *,
    threshold: float = 0.0,
    top: int = 2,
    min_effect: float = 0.005,
    masker: Masker | None = None,
) -> pd.DataFrame:
    """Customers of ``features`` (one row per customer, e.g. from
    :func:`~crm_lib.experiments.uplift.send_features`) with predicted uplift below
    ``threshold``, lowest first: ``customer_id``, ``predicted_uplift`` and the reasons of
    :func:`main_reasons`; with ``ds`` also the ``name``, ``email``, ``phone`` the customers
    table has, masked by ``masker`` (the run's :class:`~crm_lib.privacy.Masker` and its
    policy; default: a Masker that masks all three)."""
    uplift = model.predict_uplift(features)
    harmed = uplift < threshold
    out = pd.DataFrame(
        {"customer_id": features["customer_id"].to_numpy()[harmed],
         "predicted_uplift": uplift[harmed]},
        index=features.index[harmed],
    )  # fmt: skip
    if harmed.any():
        out = out.join(main_reasons(model, features, harmed, top=top, min_effect=min_effect))
    out = out.sort_values(["predicted_uplift", "customer_id"], kind="stable")
    out = out.reset_index(drop=True)
    if ds is not None and ds.has("customers"):
        cols = [c for c in PII if c in ds.loads["customers"].columns]
        if cols:
            people = ds.con.execute(
                f"SELECT customer_id, {', '.join(cols)} FROM customers "
                "WHERE customer_id IN (SELECT unnest($ids))",
                {"ids": out["customer_id"].astype(str).tolist()},
            ).df()
            masker = masker or Masker()
            mask = {"name": masker.names, "email": masker.emails, "phone": masker.phones}
            for c in cols:
                people[c] = mask[c](people[c])
            out = out.merge(people, on="customer_id", how="left")
    return out
