"""The encoded columns of each input (crm_lib.encoded.input_columns), checked against the
column transformer itself: changing one raw input changes exactly its listed columns."""

import numpy as np
import pandas as pd
import pytest

from crm_lib.churn.models import ChurnModel
from crm_lib.encoded import input_columns
from crm_lib.experiments.uplift import UpliftModel


def _frame(n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {"recency_days": rng.choice([5.0, 40.0, 200.0, np.nan], n),  # logged (logit)
         "complaints_recent": rng.poisson(0.5, n).astype(float),  # logged (logit)
         "contractual": rng.integers(0, 2, n).astype(float),  # plain number
         "region": rng.choice(["関東", "九州", "東北", "沖縄", "北海道"], n,
                              p=[0.6, 0.3, 0.092, 0.004, 0.004]),  # two rare: merged
         "age_band": rng.choice(["30代", "40代", np.nan], n)},
    )  # fmt: skip


def _prep_and_x(kind: str):
    x = _frame()
    y = np.random.default_rng(8).random(len(x)) < 0.3
    if kind == "uplift":
        t = np.random.default_rng(9).integers(0, 2, len(x))
        model = UpliftModel(random_state=0).fit(x, t, y.astype(int))
        return model.models_["treatment"][0], model._x(x)
    model = ChurnModel(kind, random_state=0).fit(x, y)
    return model.pipeline_[0], model._x(x)


def _changed(raw: pd.DataFrame, column: str) -> pd.DataFrame:
    """``raw`` with one column altered on every row: numbers shifted or made missing,
    categories rotated (rare ones included)."""
    out = raw.copy()
    col = out[column]
    if pd.api.types.is_numeric_dtype(col):
        out[column] = np.where(col.isna(), 3.0, np.where(np.arange(len(col)) % 5 == 0,
                                                         np.nan, col + 7.0))  # fmt: skip
    else:
        values = list(pd.unique(col.astype(object)))
        out[column] = col.map({v: values[(i + 1) % len(values)] for i, v in enumerate(values)})
    return out


@pytest.mark.parametrize("kind", ["logit", "gbm", "uplift"])
def test_each_input_owns_exactly_the_columns_its_value_moves(kind):
    """Would fail if an input's columns were found at the wrong offset (a transformer's
    start, the log branch read as one-hot, the infrequent categories' merged column
    miscounted) or if two inputs claimed one column."""
    prep, x = _prep_and_x(kind)
    groups = input_columns(prep)
    base = np.asarray(prep.transform(x), dtype=float)
    assert set(groups) == set(x.columns)
    owned = sorted(i for cols in groups.values() for i in cols)
    assert owned == list(range(base.shape[1]))  # every column once
    onehot = prep.named_transformers_["cat"]
    rare = onehot.infrequent_categories_[list(onehot.feature_names_in_).index("region")]
    assert rare is not None and len(rare) == 2  # merged into one column: the width rule
    for column in x.columns:
        after = np.asarray(prep.transform(_changed(x, column)), dtype=float)
        moved = np.flatnonzero(~np.isclose(base, after, equal_nan=True).all(axis=0))
        assert sorted(moved) == sorted(groups[column]), column
