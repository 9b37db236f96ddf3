"""VSAQ's ``cond`` expressions, read by VSAQ's own rules (``vsaq/static/questionnaire/utils.js``)
into our condition trees (``conditions.py``).

Identifiers, ``!``, ``&&`` and ``||`` evaluated left to right without precedence (as VSAQ does),
and parentheses. ``atoms`` maps each VSAQ id to the tree of "that answer is given" and
``shown`` each earlier item's id to the tree of "it is shown" (for ``^id``). What cannot be
expressed (text comparisons, functions, ``/value``, ``,``, ids that are not earlier) raises
NotApplied: the import keeps the original text and applies nothing.
"""

import re


class NotApplied(Exception):
    """A condition that stays as text only (the reason is the message)."""


_VSAQ_TOKEN = re.compile(r'\s*(?:(&&|\|\||[!(),])|("(?:[^"\\]|\\.)*")|([^\s()!&|,"]+))')


def translate(text: str, atoms: dict, shown: dict) -> tuple:
    """VSAQ's ``cond`` as our condition tree, by VSAQ's rules (left to right, no precedence)."""
    tokens, position = [], 0
    while position < len(text.rstrip()):
        match = _VSAQ_TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise NotApplied(f"cannot read the condition {text!r}")
        position = match.end()
        if match[2]:
            raise NotApplied("the condition compares text, which is kept but not applied")
        tokens.append(match[1] or match[3])
    if not tokens:
        raise NotApplied("the condition is empty")
    tree, rest = _sequence(tokens, atoms, shown)
    if rest:
        raise NotApplied(f"unexpected {rest[0]!r} in the condition")
    return tree


def _sequence(tokens: list[str], atoms: dict, shown: dict) -> tuple[tuple, list[str]]:
    tree, tokens = _operand(tokens, atoms, shown)
    while tokens and tokens[0] in ("&&", "||"):
        operator, (right, tokens) = tokens[0], _operand(tokens[1:], atoms, shown)
        tree = ("and" if operator == "&&" else "or", tree, right)
    return tree, tokens


def _operand(tokens: list[str], atoms: dict, shown: dict) -> tuple[tuple, list[str]]:
    if not tokens:
        raise NotApplied("the condition ends too early")
    head, rest = tokens[0], tokens[1:]
    if head == "!":
        inner, rest = _operand(rest, atoms, shown)
        return ("not", inner), rest
    if head == "(":
        inner, rest = _sequence(rest, atoms, shown)
        if not rest or rest[0] != ")":
            raise NotApplied("a parenthesis is not closed")
        return inner, rest[1:]
    if head in (")", ",", "&&", "||"):
        raise NotApplied(f"unexpected {head!r} in the condition")
    if head in ("matches", "contains") or head.endswith("/value"):
        raise NotApplied(f"{head!r} compares text, which is kept but not applied")
    if head.startswith("^"):
        target = head[1:]
        if target not in shown:
            raise NotApplied(f"{head!r} refers to an item that is not earlier in the file")
        if shown[target] is None:
            raise NotApplied(f"{head!r}: that item is always shown (or its own condition is not applied)")
        return shown[target], rest
    if head not in atoms:
        raise NotApplied(f"{head!r} is not an earlier answer in the file")
    return atoms[head], rest
