"""Predictions with one input changed, on rows encoded once: what churn's main reasons and
the do-not-disturb list's reasons ask of a fitted scikit-learn pipeline.

A pipeline here is a :class:`~sklearn.compose.ColumnTransformer` (its steps work column by
column: imputation with missing-value indicators, log, scaling, one-hot encoding) followed
by a classifier. Setting an input to another value changes only that input's encoded
columns, so the rows are encoded once, the input's columns replaced by the encoding of the
new value, and only the rows whose encoding changes are predicted again (the others keep
their prediction, exactly).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from crm_lib import blocks


def input_columns(prep: ColumnTransformer) -> dict[str, list[int]]:
    """The encoded column positions of each input of a fitted column transformer: a
    number's value and missing-value indicator, a category's one-hot columns (no drop; its
    infrequent categories merged into one)."""
    groups: dict[str, list[int]] = {}
    for name, transformer, cols in prep.transformers_:
        span = prep.output_indices_.get(name)
        if span is None or span.start == span.stop or not len(cols):
            continue
        start = span.start
        if isinstance(transformer, OneHotEncoder):
            for f, categories, rare in zip(
                cols, transformer.categories_, transformer.infrequent_categories_, strict=True
            ):
                width = len(categories) - (0 if rare is None else len(rare) - 1)
                groups[f] = list(range(start, start + width))
                start += width
        else:
            names = list(transformer.get_feature_names_out(cols))
            for f in cols:
                keys = (f, f"missingindicator_{f}")
                groups[f] = [start + i for i, n in enumerate(names) if n in keys]
    return groups


def with_each_input_set(
    pipeline: Pipeline, x: pd.DataFrame, values: pd.DataFrame, inputs: list[str]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """P(class 1) of each row of ``x`` (the pipeline's raw input frame), and per input of
    ``inputs`` the same with that input set to its value in ``values`` (one row, the
    columns of ``x``). Costs one encoding of ``x`` and, per input, one prediction of the
    rows that input's new value changes."""
    prep, final = pipeline[0], pipeline[-1]
    encoded = np.asarray(prep.transform(x), dtype=float)
    target = np.asarray(prep.transform(values), dtype=float)[0]
    base = blocks.predict_proba(final, encoded)[:, 1]
    groups = input_columns(prep)
    changed: dict[str, np.ndarray] = {}
    for f in inputs:
        cols = groups.get(f, [])
        moved = ~(encoded[:, cols] == target[cols]).all(axis=1)  # NaN: its indicator moves
        p = base.copy()
        if moved.any():
            rows = encoded[moved]
            rows[:, cols] = target[cols]
            p[moved] = blocks.predict_proba(final, rows)[:, 1]
        changed[f] = p
    return base, changed
