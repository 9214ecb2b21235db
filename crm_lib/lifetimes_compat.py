"""Every workaround for the lifetimes package lives here, each with the reason.

lifetimes is archived upstream and partly broken on current pandas and setuptools. The
project uses its fitters and its data files; it never calls its broken helpers.
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import ModuleType


@cache
def lifetimes() -> ModuleType:
    """The lifetimes package, imported once.

    Its ``utils`` module sets ``pd.options.mode.chained_assignment`` on import, an option
    pandas 3 deprecated (it has no effect any more): the warning is silenced here only.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*mode.chained_assignment.*")
        import lifetimes as module
    return module


def dataset_file(name: str) -> Traversable:
    """A data file shipped inside lifetimes (e.g. ``CDNOW_sample.txt``).

    Read with importlib.resources: ``lifetimes.datasets`` itself imports pkg_resources,
    which current setuptools no longer provides.
    """
    return files(lifetimes()) / "datasets" / name
