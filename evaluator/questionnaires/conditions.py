"""Conditional questions: "shown only when" an earlier answer holds.

A condition is a small expression over earlier questions of the same version, by question id:

    RD-01                      RD-01 is answered Yes (yes/no), has a pick (multiple choice), is answered (others)
    RD-01 = "No"               the answer equals the value (yes/no, single choice, number, 0–5, date, text)
    SEC-03 has "SSO"           a multiple-choice answer includes the value
    not …, … and …, … or …     also written !, &&, ||; parentheses group; not > and > or

It is parsed here, never evaluated by ``eval``; a question whose condition does not hold is not
asked: the entry page hides it, it is not required, its answer is not scored, and the answers
file's import ignores an answer given to it (docs: README "Conditional questions"). A hidden
question counts as unanswered in the conditions of later questions, so chains hide together.
"""

import datetime
import functools
import json
import re
from decimal import Decimal, InvalidOperation

from evaluator.models.questionnaires import QuestionKind

MAX_LENGTH = 20_000  # long enough for an imported condition quoting long choice labels
_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<op>&&|\|\||[!()=])|(?P<word>(?:[^\s()!="&|]|&(?!&)|\|(?!\|))+))'
)
_KEYWORDS = {"and": "&&", "or": "||", "not": "!", "has": "has"}


class ConditionError(ValueError):
    """The condition cannot be read or does not fit the questions; the message says why."""


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ConditionError(f"Cannot read the condition at “{text[position:].strip()[:20]}”.")
        position = match.end()
        if match["string"] is not None:
            tokens.append(("value", re.sub(r"\\(.)", r"\1", match["string"][1:-1])))
        elif match["op"] is not None:
            tokens.append(("op", match["op"]))
        else:
            word = match["word"]
            keyword = _KEYWORDS.get(word.casefold())
            tokens.append(("op", keyword) if keyword else ("word", word))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self, *ops) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at] in [("op", op) for op in ops]

    def take(self):
        if self.at >= len(self.tokens):
            raise ConditionError("The condition ends too early.")
        self.at += 1
        return self.tokens[self.at - 1]

    def expression(self):
        parts = [self.conjunction()]
        while self.peek("||"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else ("or", *parts)

    def conjunction(self):
        parts = [self.negation()]
        while self.peek("&&"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else ("and", *parts)

    def negation(self):
        if self.peek("!"):
            self.take()
            return ("not", self.negation())
        if self.peek("("):
            self.take()
            inner = self.expression()
            if not self.peek(")"):
                raise ConditionError("A parenthesis is not closed.")
            self.take()
            return inner
        kind, code = self.take()
        if kind != "word":
            raise ConditionError(f"Expected a question id, found “{code}”.")
        if self.peek("=", "has"):
            operator = self.take()[1]
            kind, value = self.take()
            if kind == "op":
                raise ConditionError(f"Expected a value after “{code} {operator}”.")
            return ("atom", code, operator, value)
        return ("atom", code, "", "")


@functools.lru_cache(maxsize=2048)
def parse(text: str) -> tuple:
    """The condition as a tree of tuples: ("atom", code, "" | "=" | "has", value), ("not", x),
    ("and", x, y, …), ("or", x, y, …). Raises ConditionError."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"A condition has at most {MAX_LENGTH} characters.")
    parser = _Parser(text)
    if not parser.tokens:
        raise ConditionError("The condition is empty.")
    tree = parser.expression()
    if parser.at != len(parser.tokens):
        raise ConditionError(f"Unexpected “{parser.tokens[parser.at][1]}” in the condition.")
    return tree


def render(tree: tuple) -> str:
    """The canonical text of a tree (``parse(render(t)) == t``)."""
    head = tree[0]
    if head == "atom":
        _, code, operator, value = tree
        if not operator:
            return code
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{code} {operator} "{quoted}"'
    if head == "not":
        inner = tree[1]
        return f"not {render(inner) if inner[0] in ('atom', 'not') else f'({render(inner)})'}"
    joiner = f" {head} "
    return joiner.join(
        f"({render(part)})" if part[0] in ("and", "or") and part[0] != head else render(part)
        for part in tree[1:]
    )


def atoms(tree: tuple):
    if tree[0] == "atom":
        yield tree
    else:
        for part in tree[1:]:
            yield from atoms(part)


def as_json(text: str) -> str:
    """The parsed condition as JSON, for the entry page's script (static/js/conditions.js)."""
    return json.dumps(parse(text))


_YES, _NO = {"yes", "y", "true"}, {"no", "n", "false"}


def check(text: str, earlier: dict) -> str:
    """Validate ``text`` against ``earlier`` (case-folded question id -> (code, kind, labels)) and
    return its canonical text; raises ConditionError naming the problem."""
    tree = parse(text.strip())
    fixed = {}
    for _, code, operator, value in atoms(tree):
        known = earlier.get(code.casefold())
        if known is None:
            raise ConditionError(
                f"“{code}” is not an earlier question of this version; a condition refers to a "
                "question that comes before this one."
            )
        real_code, kind, labels = known
        fixed[(code, operator, value)] = (
            "atom",
            real_code,
            operator,
            _checked_value(kind, labels, operator, value),
        )
    return render(_replace(tree, fixed))


def _replace(tree, fixed):
    if tree[0] == "atom":
        return fixed[tree[1:]]
    return (tree[0], *(_replace(part, fixed) for part in tree[1:]))


def _checked_value(kind: str, labels, operator: str, value: str) -> str:
    if kind == QuestionKind.NOTE:
        raise ConditionError("A note takes no answer; a condition cannot refer to it.")
    if operator == "has":
        if kind != QuestionKind.MULTIPLE_CHOICE:
            raise ConditionError("“has” is for multiple-choice questions; use “=” for the others.")
        return _label(labels, value)
    if operator == "":
        return ""
    if kind == QuestionKind.MULTIPLE_CHOICE:
        raise ConditionError('For a multiple-choice question write “has”, e.g. Q-03 has "A".')
    if kind == QuestionKind.YES_NO:
        if value.casefold() not in _YES | _NO:
            raise ConditionError("A yes/no question is compared with “Yes” or “No”.")
        return "Yes" if value.casefold() in _YES else "No"
    if kind == QuestionKind.SINGLE_CHOICE:
        return _label(labels, value)
    if kind in (QuestionKind.NUMBER, QuestionKind.CURRENCY, QuestionKind.SCALE):
        number = _number(value)
        if number is None or (kind == QuestionKind.SCALE and number not in range(6)):
            raise ConditionError(
                f"“{value}” is not a {'whole number 0–5' if kind == QuestionKind.SCALE else 'number'}."
            )
        return format(number.normalize(), "f")
    if kind == QuestionKind.DATE:
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ConditionError(f"“{value}” is not a date written YYYY-MM-DD.") from None
    return value


def _label(labels, value: str) -> str:
    for label in labels:
        if label.casefold() == value.strip().casefold():
            return label
    raise ConditionError(f"“{value}” is not one of the choices: {', '.join(labels)}.")


def _number(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def holds(tree: tuple, values: dict) -> bool:
    """Whether the condition holds for ``values`` (case-folded question id -> canonical value or None)."""
    head = tree[0]
    if head == "not":
        return not holds(tree[1], values)
    if head == "and":
        return all(holds(part, values) for part in tree[1:])
    if head == "or":
        return any(holds(part, values) for part in tree[1:])
    _, code, operator, wanted = tree
    value = values.get(code.casefold())
    if value is None:
        return False
    if operator == "":
        return value if isinstance(value, bool) else value not in ((), "")
    if isinstance(value, tuple):
        return wanted.casefold() in {label.casefold() for label in value}
    if isinstance(value, bool):
        return value == (wanted.casefold() in _YES)
    if isinstance(value, Decimal):
        return _number(wanted) == value
    if isinstance(value, datetime.date):
        return value.isoformat() == wanted
    return str(value).strip().casefold() == wanted.strip().casefold()


def shown_ids(questions, value_of) -> set:
    """The pks of ``questions`` that are asked, given ``value_of(question)`` (canonical or None).

    A question referred to by a condition counts only when it is itself asked; a condition that
    cannot be read (never stored by the forms) shows its question. No query.
    """
    by_code = {question.code.casefold(): question for question in questions}
    state: dict = {}

    def asked(question) -> bool:
        if question.pk in state:
            return bool(state[question.pk])  # None while in progress: a cycle hides
        state[question.pk] = None
        result = True
        if question.shown_when:
            try:
                tree = parse(question.shown_when)
            except ConditionError:
                tree = None
            if tree is not None:
                values = {}
                for _, code, _, _ in atoms(tree):
                    other = by_code.get(code.casefold())
                    if other is not None and other.pk != question.pk and asked(other):
                        values[code.casefold()] = value_of(other)
                result = holds(tree, values)
        state[question.pk] = result
        return result

    return {question.pk for question in questions if asked(question)}
