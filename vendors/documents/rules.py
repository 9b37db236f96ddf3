"""The vault's rules, stated once: when a document is "expiring soon", and which evidence grades it backs.

docs/scoring.md ("Evidence grade in force") and the README ("Evidence vault") state them for people.
"""

import datetime
from dataclasses import dataclass

from vendors.models import EvidenceGrade

# Owners and vendor contacts are told this many days ahead; pages flag documents this close.
EXPIRY_WINDOW_DAYS = 30
# Grades that stand on a document: once every document backing them has expired they count as
# self-asserted. Demonstrated (seen in a demo) and contractual (in the contract) stand on their own.
DOCUMENT_BACKED_GRADES = frozenset({EvidenceGrade.DOCUMENTED.value, EvidenceGrade.VERIFIED.value})


def grade_in_force(grade: str, backed: bool, any_in_force: bool) -> str:
    """The grade the scoring uses on a day: a document-backed grade whose documents (``backed``)
    are none of them in force on that day counts as self-asserted; anything else is kept."""
    if grade in DOCUMENT_BACKED_GRADES and backed and not any_in_force:
        return EvidenceGrade.SELF_ASSERTED.value
    return grade


@dataclass(frozen=True)
class Status:
    """Where a document stands on a day, in words for a page ("expires in 12 days")."""

    key: str  # "in_force", "expiring", "expired" or "not_yet"
    label: str
    days_left: int | None = None

    @property
    def warns(self) -> bool:
        return self.key in ("expiring", "expired")


def day_label(day: datetime.date) -> str:
    """3 Mar 2026: how the flags and statuses write a date."""
    return f"{day.day} {day:%b %Y}"


def document_status(
    valid_from: datetime.date, valid_until: datetime.date | None, today: datetime.date
) -> Status:
    """In force, expiring within ``EXPIRY_WINDOW_DAYS``, expired, or not yet valid, on ``today``."""
    if valid_from > today:
        return Status("not_yet", f"valid from {day_label(valid_from)}")
    if valid_until is None:
        return Status("in_force", "in force (does not expire)")
    if valid_until < today:
        return Status("expired", f"expired on {day_label(valid_until)}")
    days = (valid_until - today).days
    if days <= EXPIRY_WINDOW_DAYS:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return Status("expiring", f"expires {when}", days)
    return Status("in_force", f"in force until {day_label(valid_until)}", days)
