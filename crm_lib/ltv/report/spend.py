"""Spend per purchase: Gamma-Gamma's independence assumption tested, the spend models compared
on holdout spend, and what a CLV amount counts (its basis)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.ltv import clv_basis as _basis
from crm_lib.ltv import spend_choice as _spend_choice
from crm_lib.ltv.report.models import CalibrationSection
from crm_lib.ltv.spend import spend_inputs as _spend_inputs
from crm_lib.metrics import ltv as m
from crm_lib.money import Amount
from crm_lib.params import Business, LtvParams
from crm_lib.section import Code, Column, Section, Table

# Spend per purchase: Gamma-Gamma's independence assumption tested, the spend models
# compared on the holdout, the chosen one named; what a CLV amount counts (clv_basis).


SPEND_LABELS = "ltv_model_"  # label prefix of the spend models (as for the count models)


@dataclass(kw_only=True)
class SpendSection(Section):
    choice: _spend_choice.SpendChoice  # errors, by_band, test, fitted candidates
    chosen: str  # the spend model CLV uses (params.ltv.spend_model, or chosen on the holdout)
    by_band: pd.DataFrame  # band, customers, actual, one column per candidate (holdout)
    models: tuple[str, ...]  # the candidates compared: columns of by_band


def _say_independence(sec: Section, test) -> None:
    if test is None:
        sec.say("ltv_spend_untested")
        return
    p = "< 0.001" if test.p_value < 0.001 else f"= {test.p_value:.3f}"  # "p < 0.001"
    values = {"customers": test.customers, "statistic": test.statistic, "p": p,
              "ratio": test.ratio_per_doubling, "beta": test.elasticity,
              "se": test.elasticity_se}  # fmt: skip
    sec.say("ltv_spend_dependent" if test.rejected else "ltv_spend_independent", **values)


def _say_choice(sec: Section, choice, chosen: str, forced: bool) -> None:
    errors = choice.errors.set_index("model")
    base = _spend_choice.BASELINE
    if forced:
        sec.say("ltv_spend_set", model=Code(SPEND_LABELS, chosen))
    elif choice.reason == "few_holdout_customers":
        sec.say("ltv_spend_few_holdout", customers=choice.holdout_customers)
    elif len(errors) < 2:
        sec.say("ltv_spend_baseline_only")
    elif choice.reason == "baseline_best":
        other = errors.drop(index=base)["rmse"]
        sec.say("ltv_spend_baseline_best", rmse=Amount(errors.loc[base, "rmse"]),
                other=Code(SPEND_LABELS, other.idxmin()),
                other_rmse=Amount(other.min()))  # fmt: skip
    else:
        sec.say("ltv_spend_chosen", model=Code(SPEND_LABELS, chosen),
                rmse=Amount(errors.loc[chosen, "rmse"]),
                baseline_rmse=Amount(errors.loc[base, "rmse"]))  # fmt: skip
        sec.say("ltv_spend_bias", bias=errors.loc[chosen, "bias_pct"],
                baseline_bias=errors.loc[base, "bias_pct"])  # fmt: skip
    if chosen != base and chosen in errors.index and base in errors.index:
        sec.say("ltv_spend_one_time", model=Code(SPEND_LABELS, chosen),
                value=Amount(errors.loc[chosen, "one_time_expected"]),
                baseline=Amount(errors.loc[base, "one_time_expected"]))  # fmt: skip


def spend(ds: Dataset, cal: CalibrationSection, params: LtvParams) -> SpendSection:
    """Spend per purchase: the likelihood-ratio test of Gamma-Gamma's assumption that
    spend does not depend on frequency, every spend model fitted on the calibration period
    and scored on holdout spend (:mod:`crm_lib.ltv.spend_choice`: lowest weighted RMSE,
    Gamma-Gamma kept unless beaten), and the model CLV uses (``params.spend_model``; auto:
    the chosen one)."""
    data = _spend_inputs(cal.purchases, cal.summary, cal.calibration_end)
    choice = _spend_choice.choose_spend_model(data)
    forced = params.spend_model != "auto"
    chosen = params.spend_model if forced else choice.chosen
    models = tuple(choice.models)
    sec = SpendSection(heading="ltv_spend", choice=choice, chosen=chosen,
                       by_band=choice.by_band, models=models)  # fmt: skip
    _say_independence(sec, choice.test)
    _say_choice(sec, choice, chosen, forced)
    sec.say("ltv_spend_models_note")
    sec.tables["spend_models"] = Table(
        choice.errors,
        {
            "model": Column("ltv_model", f"code:{SPEND_LABELS}"),
            "customers": Column("ltv_spend_holdout_customers", "count"),
            "rmse": Column("ltv_spend_rmse", "money"),
            "mae": Column("ltv_spend_mae", "money"),
            "bias_pct": Column("ltv_spend_bias_pct", "signed1"),
            "one_time_rmse": Column("ltv_spend_one_time_rmse", "money"),
            "one_time_expected": Column("ltv_spend_one_time_expected", "money"),
        },
    )
    errors = choice.errors.set_index("model")
    sec.metrics = {
        m.SPEND_CHOSEN: chosen,
        m.SPEND_HOLDOUT_RMSE: errors["rmse"].to_dict(),
        m.SPEND_HOLDOUT_BIAS: (errors["bias_pct"] / 100).to_dict(),
        m.SPEND_ONE_TIME_EXPECTED: errors["one_time_expected"].to_dict(),
    }
    if choice.test is not None:
        sec.metrics |= {
            m.SPEND_INDEPENDENCE_STATISTIC: choice.test.statistic,
            m.SPEND_INDEPENDENCE_P_VALUE: choice.test.p_value,
            m.SPEND_ELASTICITY: choice.test.elasticity,
        }
    return sec


def clv_basis(ds: Dataset, params: LtvParams, business: Business) -> tuple[str, float]:
    """The resolved CLV basis (``params.clv_basis``; auto: margin when
    ``business.gross_margin`` < 1, else net revenue) and the refunded share of gross
    purchases to the observation end, for :func:`value` and its sentences."""
    basis = _basis.resolve_basis(params.clv_basis, business.gross_margin)
    return basis, _basis.returns_share(ds, ds.observation_end)


def say_clv_basis(sec: Section, basis: str, refunded: float, business: Business) -> None:
    """Sentences saying what the CLV amounts count (in place of the revenue/margin sentence
    of :func:`value`); record the basis and the share with :func:`clv_basis_metrics`."""
    if basis == "margin":
        sec.say("ltv_clv_is_margin", margin=business.gross_margin)
    else:
        sec.say("ltv_clv_is_revenue")
    if refunded == 0:
        sec.say("ltv_clv_no_returns")
    elif basis == "revenue":
        sec.say("ltv_clv_returns_not_deducted", share=refunded)
    else:
        sec.say("ltv_clv_net_of_returns", share=refunded)


def clv_basis_metrics(basis: str, refunded: float) -> dict:
    """The metrics of :func:`clv_basis`'s result, for :func:`value`'s metrics."""
    return {m.CLV_BASIS: basis, m.CLV_RETURNS_SHARE: refunded}
