"""One number format per quantity, for pages, tables, exports and charts alike.

Built on ``engine.charts.base.fmt_percent`` and ``fmt_number`` (the charts' own formatters), so a
share reads "20.0 %" on a card, in a table, in a chart's hover text and in the scorecard. A missing
value reads "–" here; ``evaluator.results.presentation.display`` says "missing" instead.

| quantity | format | example |
|---|---|---|
| share (0–1): R&D intensity, rates, weights, rank probabilities | percent, one decimal | 20.0 % |
| score (0–1): totals, contributions | three decimals | 0.932 |
| money | thousands separators and the currency | 12,500,000 EUR |
| trend of a share | signed percentage points a year, one decimal | +1.2 pp/yr |
"""

from engine.charts.base import fmt_number, fmt_percent

SCORE_DECIMALS = 3


def as_float(value) -> float | None:
    """``value`` as a float, or None when it is missing or not a number (NaN included)."""
    if value is None or value == "":
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value or value in (float("inf"), float("-inf")) else value


def percent(share) -> str:
    """A 0–1 share as a percentage with one decimal: 0.2 → "20.0 %"."""
    return fmt_percent(as_float(share))


def score(value) -> str:
    """A 0–1 score (a total, a contribution) with three decimals: "0.932"."""
    return fmt_number(as_float(value), SCORE_DECIMALS)


def money(value, currency: str | None = None) -> str:
    """An amount with thousands separators and its currency: "12,500,000 EUR"."""
    return fmt_number(as_float(value), 0, f" {currency}" if currency else "")


def points(value) -> str:
    """A change of a share in percentage points a year, signed: "+1.2 pp/yr"."""
    value = as_float(value)
    if value is None:
        return fmt_number(None)
    text = fmt_number(value, 1)
    return f"+{text} pp/yr" if value > 0 and text != "0.0" else f"{text.replace('-0.0', '0.0')} pp/yr"
