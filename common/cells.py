"""Spreadsheet cell safety, for every export in the project (CSV and Excel).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can be run as a formula by a spreadsheet program (CSV/formula
injection). ``neutralise_cell`` prefixes such text with a single quote, which
spreadsheets show as plain text; ``restore_cell`` undoes that on import so a
round trip gives back the original text (a text that itself starts with a
quote before a trigger or another quote gets one more, for the same reason). Use them on every text cell you write::

    from common.cells import neutralise_cell
    writer.writerow([neutralise_cell(value) for value in row])
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Return ``value`` safe to put in a spreadsheet cell; non-text values pass unchanged."""
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or _quoted(value)):
        # A text that already looks quoted gets a second quote, so restore_cell gives it back intact.
        return "'" + value
    return value


def restore_cell(value):
    """Undo ``neutralise_cell`` on a value read back from a file we exported."""
    if isinstance(value, str) and _quoted(value):
        return value[1:]
    return value


def _quoted(value: str) -> bool:
    """Starts with the quote neutralise_cell adds: before a formula trigger or another quote."""
    return value.startswith("'") and value[1:2] != "" and value[1] in (*FORMULA_TRIGGERS, "'")
