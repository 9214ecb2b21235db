"""Where each table came from, as the data-health page writes it in its language.

A table's :attr:`~crm_lib.dataset.TableLoad.origin` names the kind of source (the demo
company, CDNOW, files, a DuckDB table or query) and what identifies it; the page writes
it from the ``health_source_<kind>`` labels. A path is data: cited as text, so the page
masks and escapes it like any value from the data.
"""

from __future__ import annotations

from crm_lib.dataset import TableLoad
from crm_lib.section import Code, Sentence

KINDS = ("demo", "cdnow", "files", "duckdb", "query")  # a label health_source_<kind> each
CDNOW_PREFIX = "health_cdnow_"  # labels of the CDNOW datasets (sample, master)


def source_sentence(load: TableLoad) -> Sentence | str:
    """The source of one table in words (a :class:`Sentence` the page translates); the
    loader's own description when the load names no known kind (a dataset written by an
    older version, or made by hand)."""
    origin = dict(load.origin)
    kind = origin.pop("kind", None)
    if kind not in KINDS:
        return load.source
    if kind == "cdnow":
        origin["dataset"] = Code(CDNOW_PREFIX, origin.get("dataset", ""))
    return Sentence(f"health_source_{kind}", origin)
