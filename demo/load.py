"""Read the demo data files in ``demo/data`` and check them, naming the file and key of any mistake.

The files are plain JSON, read with the standard library; numbers with a decimal point become
``Decimal`` so money keeps the digits written in the file. The checks here are the generic ones
(keys, types, dates, codes); what each file holds is described in ``demo/data/README.md``.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoDataError(ValueError):
    """A demo data file is malformed; the message names the file and the key."""


class Where:
    """A place in a data file, ``demo/data/<file>: key[3].key``, for error messages."""

    def __init__(self, file: str, path: str = ""):
        self.file, self.path = file, path

    def __truediv__(self, key) -> "Where":
        if isinstance(key, int):
            return Where(self.file, f"{self.path}[{key}]")
        return Where(self.file, f"{self.path}.{key}" if self.path else str(key))

    def __str__(self) -> str:
        return f"demo/data/{self.file}" + (f": {self.path}" if self.path else "")

    def fail(self, message: str):
        raise DemoDataError(f"{self}: {message}")


def read(name: str):
    """The parsed content of ``demo/data/<name>``."""
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        Where(name).fail("no such file")
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        Where(name).fail(f"not valid JSON: {exc}")


def files(folder: str) -> list[str]:
    """The JSON files in ``demo/data/<folder>``, in name order (the order they are seeded in)."""
    return [f"{folder}/{path.name}" for path in sorted((DATA_DIR / folder).glob("*.json"))]


def record(value, where: Where, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """``value`` as a dict with every required key and no key outside ``required + optional``."""
    if not isinstance(value, dict):
        where.fail(f"expected an object with the keys {', '.join(required)}")
    missing = [key for key in required if key not in value]
    if missing:
        where.fail(f"missing key {', '.join(missing)}")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        allowed = ", ".join(required + optional)
        where.fail(f"unknown key {', '.join(unknown)} (allowed: {allowed})")
    return value


def of_type(value, kind, where: Where, *, null: bool = False):
    """``value`` if it is a ``kind`` (or None when ``null``); ``kind`` may be a tuple of types."""
    if value is None and null:
        return None
    if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        where.fail(f"expected {names}{' or null' if null else ''}, got {value!r}")
    return value


def items(value, where: Where) -> list[tuple]:
    """The ``(item, where)`` pairs of a JSON list."""
    return [(item, where / n) for n, item in enumerate(of_type(value, list, where))]


def unique(rows: list[dict], key: str, where: Where) -> None:
    """Fail on a second row with the same ``key``: the seed finds an existing row by it."""
    seen = set()
    for n, row in enumerate(rows):
        if row[key] in seen:
            (where / n / key).fail(f"{row[key]} appears twice; the seed tells rows apart by {key}")
        seen.add(row[key])


def date(value, where: Where, *, null: bool = False) -> datetime.date | None:
    """An ISO date string (``2026-11-01``) as a date."""
    if value is None and null:
        return None
    try:
        return datetime.date.fromisoformat(of_type(value, str, where))
    except ValueError:
        where.fail(f"not an ISO date (YYYY-MM-DD): {value!r}")


def moment(value, where: Where) -> datetime.datetime:
    """An ISO date and time with its UTC offset (``2026-11-01T16:00:00+00:00``)."""
    try:
        when = datetime.datetime.fromisoformat(of_type(value, str, where))
    except ValueError:
        where.fail(f"not an ISO date and time: {value!r}")
    if when.tzinfo is None:
        where.fail(f"give the UTC offset, e.g. +00:00: {value!r}")
    return when


def number(value, where: Where, *, null: bool = False) -> Decimal | None:
    """A JSON number as a Decimal (as written: 60000.00 stays 60000.00)."""
    if value is None and null:
        return None
    return Decimal(str(of_type(value, (int, Decimal), where)))


def code(value, known, where: Where):
    """``value`` if it is one of ``known`` (a model's choices, a table's keys, a set of slugs)."""
    known = sorted(known)
    if value not in known:
        where.fail(f"unknown code {value!r} (known: {', '.join(map(str, known))})")
    return value


def choice(value, field, where: Where):
    """``value`` if it is one of the choices of the model field ``field``."""
    return code(value, [key for key, _ in field.choices], where)
