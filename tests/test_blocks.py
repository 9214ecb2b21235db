"""Block-by-block prediction gives what one prediction of every row gives."""

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from crm_lib import blocks


def test_a_pipeline_predicted_in_blocks_matches_one_whole_prediction(monkeypatch):
    """A boosting pipeline with a one-hot step on 1,000 rows, blocks of 64 rows (the last
    one short): every probability equal to scikit-learn's whole prediction, bit for bit."""
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 64)
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.normal(size=1000), "c": rng.choice(list("xyz"), 1000)})
    y = (x["a"] + (x["c"] == "x") + rng.normal(size=1000)) > 0.5
    prep = ColumnTransformer([("cat", OneHotEncoder(sparse_output=False), ["c"])],
                             remainder="passthrough")  # fmt: skip
    model = make_pipeline(prep, HistGradientBoostingClassifier(max_iter=30)).fit(x, y)
    whole = model.predict_proba(x)
    assert np.array_equal(blocks.predict_proba(model, x), whole)
    encoded = model[:-1].transform(x)
    assert np.array_equal(blocks.predict_proba(model[-1], encoded), whole)
    assert np.array_equal(blocks.predict_proba(model, x.head(10)), whole[:10])
