"""Scorecard risk flags raised by vendor signals, each with the fact behind it.

Pure Python, no database: the caller (``evaluator.results.presentation.scorecard``) passes the
vendor's standing signals (not dismissed) as ``SignalFact``; the flags use ``RiskFlag`` of
``engine.risk_flags`` so the scorecard lists them together.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from engine.risk_flags import RiskFlag

FLAG_WINDOW_DAYS = 365
FAMILIES_NAMED = 3
EXPLOITED = "exploited_vulnerability"
# Other kinds that make a flag of their own: (kind, flag title).
EVENT_FLAGS = (
    ("breach", "Breach or incident reported"),
    ("sanction", "Sanction or banned-equipment listing"),
    ("ownership_change", "Ownership change"),
    ("financial_distress", "Signs of financial distress"),
)


@dataclass(frozen=True)
class SignalFact:
    kind: str
    severity: str
    title: str
    occurred_on: datetime.date
    ransomware: bool = False
    family: str = ""


def _names(families: list[str]) -> str:
    shown = families[:FAMILIES_NAMED]
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    rest = len(families) - len(shown)
    return text + (f" and {rest} other product famil{'y' if rest == 1 else 'ies'}" if rest else "")


def _count(number: int) -> str:
    return "one" if number == 1 else str(number)


def signal_flags(
    signals: Sequence[SignalFact], today: datetime.date, window_days: int = FLAG_WINDOW_DAYS
) -> list[RiskFlag]:
    """The flags of the signals dated within ``window_days`` up to ``today``, most serious first."""
    since = today - datetime.timedelta(days=window_days)
    recent = sorted(
        (s for s in signals if since < s.occurred_on <= today), key=lambda s: (s.occurred_on, s.title)
    )
    flags: list[RiskFlag] = []
    exploited = [s for s in recent if s.kind == EXPLOITED]
    if exploited:
        families = sorted({s.family for s in exploited if s.family}, key=str.casefold)
        where = f" in its {_names(families)}" if families else ""
        noun = "vulnerability" if len(exploited) == 1 else "vulnerabilities"
        fact = f"{len(exploited)} known exploited {noun}{where} added since {since.isoformat()}"
        ransomware = sum(1 for s in exploited if s.ransomware)
        if ransomware:
            fact += f", {_count(ransomware)} used by ransomware"
        flags.append(RiskFlag("exploited_vulnerabilities", "Known exploited vulnerabilities", fact + "."))
    for kind, title in EVENT_FLAGS:
        found = [s for s in recent if s.kind == kind]
        if not found:
            continue
        latest = found[-1]
        fact = f"{latest.occurred_on.isoformat()}: {latest.title} ({latest.severity})"
        if len(found) > 1:
            fact = f"{len(found)} reported since {since.isoformat()}; the latest on {fact}"
        flags.append(RiskFlag(f"signal_{kind}", title, fact + "."))
    return flags
