"""The canonical form of a decision snapshot, and its SHA-256 (docs/scoring.md §6.2).

An auditor recomputes the hash with nothing but the standard library::

    import hashlib, json
    text = snapshot_content                     # the stored text, as it is
    assert canonical_text(json.loads(text)) == text   # i.e. json.dumps(..., see below)
    hashlib.sha256(text.encode("utf-8")).hexdigest()

Rules: JSON, keys sorted, no whitespace (separators "," and ":"), non-ASCII written as itself and
encoded UTF-8, floats rounded to ``FLOAT_DECIMALS`` decimals and written as Python's shortest
round-trip form (``repr``), NaN and infinities written as null, -0.0 as 0.0. Dates and datetimes
are ISO 8601 strings, decimals are floats, tuples are lists. Rounding first means a value
recomputed on another machine (a different BLAS, PostgreSQL instead of SQLite) gives the same text.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import math

FLOAT_DECIMALS = 10


def _plain(value):
    """``value`` as JSON-ready data in canonical form (floats rounded, NaN as None)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float | decimal.Decimal) or hasattr(value, "dtype"):
        # numpy scalars carry a dtype; bools and ints among them stay what they are.
        if hasattr(value, "dtype") and value.dtype.kind == "b":
            return bool(value)
        if hasattr(value, "dtype") and value.dtype.kind in "iu":
            return int(value)
        number = float(value)
        if not math.isfinite(number):
            return None
        return round(number, FLOAT_DECIMALS) + 0.0
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=json.dumps) if isinstance(value, set | frozenset) else items
    raise TypeError(f"{type(value).__name__} has no canonical form")


def canonical_text(data) -> str:
    """The canonical JSON text of ``data`` (see the module docstring for the rules)."""
    return json.dumps(
        _plain(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def digest(text: str) -> str:
    """SHA-256 (hex) of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_canonical(text: str) -> bool:
    """Whether ``text`` is JSON already in canonical form (parsing and writing it again changes nothing)."""
    try:
        return canonical_text(json.loads(text)) == text
    except (ValueError, TypeError):
        return False
