"""Typed answer values: parse what a person or a spreadsheet wrote, store it, show it again.

Every kind has one canonical Python value (``bool``, ``Decimal``, ``date``,
``str`` or a tuple of choice labels); ``None`` means "not answered". Parsing
never raises: it returns the value or a reason in plain words.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from evaluator.models.questionnaires import MAX_POINTS, QuestionKind

MAX_TEXT_LENGTH = 10_000
MAX_NUMBER = Decimal("1e15")
MULTIPLE_SEPARATOR = "; "
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Parsed:
    value: object = None
    error: str = ""


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_value(kind: str, raw, choice_labels: tuple[str, ...] = ()) -> Parsed:
    """Turn a cell or form value into the canonical value for ``kind``.

    ``choice_labels`` are the question's allowed values, in order; matching is
    case-insensitive and returns the label as written in the questionnaire.
    """
    if is_blank(raw):
        return Parsed(None)
    parser = _PARSERS[kind]
    return parser(raw, choice_labels)


def _parse_yes_no(raw, _labels) -> Parsed:
    if isinstance(raw, bool):
        return Parsed(raw)
    text = str(raw).strip().lower()
    if text in _YES:
        return Parsed(True)
    if text in _NO:
        return Parsed(False)
    return Parsed(error="Answer Yes or No.")


def _match_choice(text: str, labels: tuple[str, ...]) -> str | None:
    wanted = text.strip().casefold()
    for label in labels:
        if label.casefold() == wanted:
            return label
    return None


def _parse_single(raw, labels) -> Parsed:
    label = _match_choice(str(raw), labels)
    if label is None:
        return Parsed(error=f"Not one of the allowed values: {', '.join(labels)}.")
    return Parsed((label,))


def _parse_multiple(raw, labels) -> Parsed:
    picked = []
    for part in re.split(r"[;\n]", str(raw)):
        if not part.strip():
            continue
        label = _match_choice(part, labels)
        if label is None:
            return Parsed(error=f"'{part.strip()}' is not one of the allowed values: {', '.join(labels)}.")
        if label not in picked:
            picked.append(label)
    # Stored in the questionnaire's order so that the same picks compare equal.
    return Parsed(tuple(label for label in labels if label in picked))


def _to_decimal(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(" ", "").replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_number(raw, _labels) -> Parsed:
    number = _to_decimal(raw)
    if number is None:
        return Parsed(error="Not a number; write digits with a dot for decimals, e.g. 1250.5.")
    if abs(number) >= MAX_NUMBER:
        return Parsed(error="This number is too large.")
    return Parsed(number.quantize(Decimal("0.0001")).normalize() + 0)


def _parse_currency(raw, labels) -> Parsed:
    parsed = _parse_number(raw, labels)
    if parsed.error:
        return Parsed(error="Not an amount; write digits only, e.g. 1250000, without the currency.")
    if parsed.value < 0:
        return Parsed(error="An amount cannot be negative.")
    return parsed


def _parse_date(raw, _labels) -> Parsed:
    if isinstance(raw, datetime.datetime):
        return Parsed(raw.date())
    if isinstance(raw, datetime.date):
        return Parsed(raw)
    text = str(raw).strip()
    if _ISO_DATE.match(text[:10]) and (len(text) == 10 or text[10:].strip(" T0:") == ""):
        try:
            return Parsed(datetime.date.fromisoformat(text[:10]))
        except ValueError:
            pass
    return Parsed(error="Not a date; write it as YYYY-MM-DD, e.g. 2027-03-31.")


def _parse_text(raw, _labels) -> Parsed:
    if isinstance(raw, datetime.date | datetime.datetime):
        raw = raw.isoformat()
    text = str(raw).strip()
    if len(text) > MAX_TEXT_LENGTH:
        return Parsed(error=f"Too long: at most {MAX_TEXT_LENGTH:,} characters.")
    return Parsed(text)


def _parse_scale(raw, _labels) -> Parsed:
    number = _to_decimal(raw)
    if number is None or number != number.to_integral_value() or not 0 <= number <= MAX_POINTS:
        return Parsed(error=f"Give a whole number from 0 to {MAX_POINTS}.")
    return Parsed(Decimal(int(number)))


def _parse_note(_raw, _labels) -> Parsed:
    return Parsed(error="This row is a note; it takes no answer. Leave the Answer cell blank.")


_PARSERS = {
    QuestionKind.NOTE: _parse_note,
    QuestionKind.YES_NO: _parse_yes_no,
    QuestionKind.SINGLE_CHOICE: _parse_single,
    QuestionKind.MULTIPLE_CHOICE: _parse_multiple,
    QuestionKind.NUMBER: _parse_number,
    QuestionKind.CURRENCY: _parse_currency,
    QuestionKind.DATE: _parse_date,
    QuestionKind.TEXT: _parse_text,
    QuestionKind.SCALE: _parse_scale,
}

_NUMERIC = (QuestionKind.NUMBER, QuestionKind.CURRENCY, QuestionKind.SCALE)
_CHOICES = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


def stored_value(answer, kind: str):
    """The canonical value an answer holds, or None when it is not answered."""
    if answer is None or not answer.is_answered:
        return None
    if kind == QuestionKind.YES_NO:
        return answer.value_bool
    if kind in _CHOICES:
        return tuple(answer.value_choices)
    if kind in _NUMERIC:
        return None if answer.value_number is None else answer.value_number.normalize() + 0
    if kind == QuestionKind.DATE:
        return answer.value_date
    return answer.value_text


def store_value(answer, kind: str, value) -> None:
    """Write ``value`` (canonical, or None to clear) into the answer's typed columns."""
    answer.value_bool = value if kind == QuestionKind.YES_NO else None
    answer.value_choices = list(value) if kind in _CHOICES and value else []
    answer.value_number = value if kind in _NUMERIC else None
    answer.value_date = value if kind == QuestionKind.DATE else None
    answer.value_text = value if kind == QuestionKind.TEXT and value else ""
    answer.is_answered = value is not None and value != () and value != ""


def format_value(kind: str, value) -> str:
    """The value as a person would write it in a form or a spreadsheet cell."""
    if value is None:
        return ""
    if kind == QuestionKind.YES_NO:
        return "Yes" if value else "No"
    if kind in _CHOICES:
        return MULTIPLE_SEPARATOR.join(value)
    if kind in _NUMERIC:
        return format(value, "f")
    if kind == QuestionKind.DATE:
        return value.isoformat()
    return str(value)


def allowed_values(kind: str, choice_labels: tuple[str, ...], currency: str = "") -> str:
    """A plain description of what may be written, for the spreadsheet and the form."""
    descriptions = {
        QuestionKind.YES_NO: "Yes or No",
        QuestionKind.SINGLE_CHOICE: " | ".join(choice_labels),
        QuestionKind.MULTIPLE_CHOICE: "Any of, separated by ';': " + " | ".join(choice_labels),
        QuestionKind.NUMBER: "A number",
        QuestionKind.CURRENCY: f"An amount{f' in {currency}' if currency else ''}, digits only",
        QuestionKind.DATE: "A date, YYYY-MM-DD",
        QuestionKind.TEXT: "Free text",
        QuestionKind.SCALE: f"A whole number 0–{MAX_POINTS}",
        QuestionKind.NOTE: "No answer (a note)",
    }
    return descriptions[kind]
