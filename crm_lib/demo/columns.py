"""Cheap pandas string columns built from numpy arrays through pyarrow.

Millions of identifiers and labels are built in C++ (pyarrow compute) instead of Python
strings; the result uses pandas' default ``str`` dtype (pyarrow storage, NaN as missing).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

STR = pd.StringDtype("pyarrow", na_value=np.nan)


def to_str(values: pa.Array | pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """A pyarrow string array as a pandas ``str`` array."""
    return pd.array(values, dtype=STR)


def id_strings(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Identifiers ``prefix + zero-padded number``, e.g. ``id_strings("C", [1], 7) -> C0000001``."""
    digits = pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(digits, width, "0"), "")


def id_width(count: int, minimum: int) -> int:
    """Digits needed to number ``count`` items, at least ``minimum``."""
    return max(minimum, len(str(max(count, 1))))


def id_column(prefix: str, numbers: np.ndarray, width: int) -> pd.api.extensions.ExtensionArray:
    """Identifier column as a pandas ``str`` array (see :func:`id_strings`)."""
    return to_str(id_strings(prefix, numbers, width))


def labels(codes: np.ndarray, vocabulary: Sequence[str]) -> pa.Array:
    """Strings ``vocabulary[code]``; a negative code gives a missing value."""
    codes = np.asarray(codes)
    vocab = pa.array(list(vocabulary), type=pa.string())
    index = pa.array(codes.astype(np.int32), mask=codes < 0)
    return vocab.take(index)


def label_column(codes: np.ndarray, vocabulary: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    """Label column as a pandas ``str`` array (see :func:`labels`)."""
    return to_str(labels(codes, vocabulary))


def join_strings(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and scalar strings."""
    return pc.binary_join_element_wise(*parts, "")


def gather(ids: pa.Array, index: np.ndarray) -> pa.Array:
    """``ids[index]``; a negative index gives a missing value."""
    index = np.asarray(index)
    return ids.take(pa.array(index, mask=index < 0))
