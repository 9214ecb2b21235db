"""What a CLV amount counts: gross revenue, revenue net of returns, or gross margin.

The spend models predict the gross value of a purchase (returns are not purchases,
:data:`crm_lib.features.RETURN`). Net of returns, CLV is scaled by one minus the share of
gross purchases refunded so far (the same share for every customer: an assumption, cheap
and stable where returns are rare); as margin, net revenue is further multiplied by
``business.gross_margin``.
"""

from __future__ import annotations

import datetime as dt

from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.features import PURCHASE, RETURN, date_literal

BASES = ("revenue", "net_revenue", "margin")


def resolve_basis(basis: str, gross_margin: float) -> str:
    """``auto``: margin when ``gross_margin`` is below 1, else net revenue; any of
    :data:`BASES` as it is."""
    if basis == "auto":
        return "margin" if gross_margin < 1 else "net_revenue"
    if basis not in BASES:
        raise ValueError(f"CLV basis must be auto or one of {BASES}, not {basis!r}")
    return basis


def returns_share_sql(as_of: dt.date, *, table: str = "transactions") -> str:
    """SQL for the refunded share of gross purchases up to ``as_of`` (0 without purchases)."""
    return f"""SELECT coalesce(-sum(amount) FILTER (WHERE {RETURN})
       / nullif(sum(amount) FILTER (WHERE {PURCHASE}), 0), 0) AS returns_share
FROM {table} WHERE order_date <= {date_literal(as_of)}"""


def returns_share(ds: Dataset, as_of: dt.date) -> float:
    """Refunds as a share of gross purchases, over all data to ``as_of``."""
    return float(scalar(ds.con, returns_share_sql(as_of)))


def basis_factor(basis: str, gross_margin: float, refunded: float) -> float:
    """What gross revenue is multiplied by on a resolved ``basis``; ``refunded``: the
    :func:`returns_share`."""
    if basis == "revenue":
        return 1.0
    net = 1.0 - refunded
    return net * gross_margin if basis == "margin" else net
