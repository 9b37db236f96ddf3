"""Campaigns: one questionnaire version sent to many vendors at once, and chasing the late ones.

``parse_vendor_lines`` reads the "vendor, e-mail" lines a procurement user pastes (one per
vendor; a line-numbered error for each one it cannot use). ``create_campaign`` is all or
nothing: in one transaction it starts (or reuses) each vendor's response and makes one
invitation each; the invitation e-mails go out after the commit, and the raw links come back
once, to be shown on the result page and never stored. ``board_rows`` is the campaign board
(a fixed number of queries however many vendors), ``remind_late`` its "remind all who are
late" action (once per invitation and day).
"""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from evaluator.decisions.guard import frozen_message, is_frozen
from evaluator.models import Campaign, Evaluation, Invitation, InvitationState, Questionnaire, Response
from evaluator.models.questionnaires import ResponseStatus
from evaluator.portal import emails
from evaluator.portal.invitations import FAR_DEADLINE, far_deadline, invite
from evaluator.portal.reminders import CHASED_STATES, remind_once, start_of
from evaluator.responses.lifecycle import start_response
from vendors.models import Vendor

logger = logging.getLogger(__name__)

MAX_VENDORS = 200
LATE_WITHIN_DAYS = 3  # "late": overdue, or due within this many days
# The last separator on the line: vendor names may contain commas ("Acme, Inc., a@acme.example").
LINE = re.compile(r"^(?P<vendor>.+?)\s*[,;\t]\s*(?P<email>[^,;\t\s]+)\s*$")


class CampaignError(ValidationError):
    """The campaign cannot be created as asked; ``message_dict`` holds field or line errors."""


@dataclass(frozen=True)
class LineError:
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line} (“{self.text[:80]}”): {self.reason}"


@dataclass(frozen=True)
class Entry:
    vendor: Vendor
    email: str
    line: int = 0


@dataclass
class Created:
    campaign: Campaign
    links: list[tuple[Invitation, str]] = field(default_factory=list)  # (invitation, raw portal link)


def issuable_versions():
    """Versions a campaign may send: issued ones, and the newest version of each questionnaire
    (sending a draft issues and freezes it, as issuing it to one vendor does)."""
    newest = (
        Questionnaire.objects.filter(family=OuterRef("family"))
        .order_by("-version_number")
        .values("version_number")[:1]
    )
    return Questionnaire.objects.filter(
        Q(issued_at__isnull=False) | Q(version_number=Subquery(newest))
    ).order_by("family", "-version_number")


def visible_campaigns(user):
    """Campaigns ``user`` may see: general ones to every reader, an evaluation's only to those who
    see that evaluation (its owner, members, administrators)."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    visible = Evaluation.objects.visible_to(user).values("pk")
    return Campaign.objects.filter(Q(evaluation__isnull=True) | Q(evaluation__in=visible))


def parse_vendor_lines(text: str) -> tuple[list[Entry], list[LineError]]:
    """Read "vendor, e-mail" lines (vendor by name or slug, any case; comma, semicolon or tab)."""
    lines = [(number, raw.strip()) for number, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    wanted = {}
    errors = []
    for number, raw in lines:
        match = LINE.match(raw)
        if not match:
            reason = (
                "the contact's e-mail is missing after the vendor."
                if raw.rstrip(",;\t ") != raw or "@" not in raw
                else "write the vendor, a comma, then the contact's e-mail."
            )
            errors.append(LineError(number, raw, reason))
            continue
        wanted[number] = (raw, match["vendor"].strip(), match["email"].strip().lower())
    names = {name.casefold() for _, name, _ in wanted.values()}
    by_key = {}
    for vendor in Vendor.objects.only("pk", "name", "slug"):
        for key in (vendor.name.casefold(), vendor.slug.casefold()):
            if key in names:
                by_key[key] = vendor
    entries, seen = [], {}
    for number, (raw, name, email) in wanted.items():
        vendor = by_key.get(name.casefold())
        if vendor is None:
            errors.append(
                LineError(number, raw, f"no vendor is called “{name}”; add it to the register first.")
            )
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(LineError(number, raw, f"“{email}” is not an e-mail address."))
            continue
        if vendor.pk in seen:
            errors.append(LineError(number, raw, f"{vendor.name} is already on line {seen[vendor.pk]}."))
            continue
        seen[vendor.pk] = number
        entries.append(Entry(vendor, email, number))
    if not lines:
        errors.append(LineError(0, "", "list at least one vendor."))
    elif len(entries) > MAX_VENDORS:
        errors.append(LineError(0, "", f"a campaign goes to at most {MAX_VENDORS} vendors."))
    return entries, sorted(errors, key=lambda error: error.line)


def last_contacts(vendor_ids) -> dict[int, str]:
    """Vendor pk -> the address of its most recent invitation (to prefill the next campaign)."""
    latest = (
        Invitation.objects.filter(response__vendor_id__in=vendor_ids)
        .values("response__vendor_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    return dict(Invitation.objects.filter(pk__in=latest).values_list("response__vendor_id", "email"))


def candidate_lines(evaluation: Evaluation) -> str:
    """The vendor lines an evaluation-bound campaign starts from: its candidates, last contacts filled in."""
    candidates = list(evaluation.candidates.order_by("name").only("pk", "name"))
    contacts = last_contacts([vendor.pk for vendor in candidates])
    return "\n".join(f"{vendor.name}, {contacts.get(vendor.pk, '')}" for vendor in candidates)


def _entry_problems(entries: list[Entry], questionnaire: Questionnaire, evaluation) -> list[LineError]:
    """Lines the campaign cannot serve: not a candidate, or a response that can no longer be answered."""
    problems = []
    if evaluation is not None:
        candidates = set(evaluation.candidates.values_list("pk", flat=True))
        problems += [
            LineError(e.line, e.vendor.name, f"{e.vendor.name} is not a candidate in {evaluation}.")
            for e in entries
            if e.vendor.pk not in candidates
        ]
    closed = dict(
        Response.objects.filter(
            vendor__in=[e.vendor.pk for e in entries], questionnaire=questionnaire, evaluation=evaluation
        )
        .exclude(status__in=(ResponseStatus.DRAFT, ResponseStatus.CHANGES_REQUESTED))
        .values_list("vendor_id", "status")
    )
    problems += [
        LineError(
            e.line,
            e.vendor.name,
            f"{e.vendor.name}'s response to this version is {ResponseStatus(closed[e.vendor.pk]).label.lower()}; "
            "it cannot be answered again (send a new version instead).",
        )
        for e in entries
        if e.vendor.pk in closed
    ]
    return problems


def create_campaign(
    *,
    title: str,
    questionnaire: Questionnaire,
    entries: list[Entry],
    deadline: datetime.date,
    user,
    evaluation: Evaluation | None = None,
    grace_days: int = 3,
    message: str = "",
    require_code: bool = False,
) -> Created:
    """Create the campaign, a response and an invitation per vendor, all or nothing.

    Raises CampaignError (``{"vendors": [...line errors], "deadline": [...], ...}``) and saves
    nothing when any vendor cannot be invited. The invitation e-mails are sent once the
    transaction commits; the result carries each raw link, which exists nowhere else.
    """
    if is_frozen(evaluation):
        raise CampaignError({"evaluation": frozen_message(evaluation)})
    if not entries:
        raise CampaignError({"vendors": "List at least one vendor."})
    if far_deadline(deadline):
        raise CampaignError({"deadline": FAR_DEADLINE})
    problems = _entry_problems(entries, questionnaire, evaluation)
    if problems:
        raise CampaignError({"vendors": [str(problem) for problem in problems]})
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            questionnaire=questionnaire,
            evaluation=evaluation,
            deadline=deadline,
            grace_days=grace_days,
            message=message,
            created_by=user,
        )
        existing = {
            response.vendor_id: response
            for response in Response.objects.filter(
                vendor__in=[e.vendor.pk for e in entries], questionnaire=questionnaire, evaluation=evaluation
            )
        }
        tokens = []
        for entry in entries:
            response = existing.get(entry.vendor.pk) or start_response(
                entry.vendor, questionnaire, user, carry_forward=True, evaluation=evaluation
            )
            try:
                invitation, token = invite(
                    response,
                    entry.email,
                    deadline,
                    user,
                    grace_days=grace_days,
                    message=message,
                    require_code=require_code,
                    campaign=campaign,
                )
            except ValidationError as error:
                # The same checks for every vendor: report them once, as the form's fields.
                raise CampaignError(error.message_dict) from None
            tokens.append((invitation, token))
        transaction.on_commit(lambda: _send_invitations(tokens))
    return Created(campaign, [(invitation, emails.portal_link(token)) for invitation, token in tokens])


def _send_invitations(tokens: list[tuple[Invitation, str]]) -> None:
    for invitation, token in tokens:
        try:
            emails.send_invitation(invitation, token)
        except OSError:
            # The links are on the result page: the sender can pass them on by hand.
            logger.exception("invitation %s: the e-mail could not be sent", invitation.pk)


@dataclass
class BoardRow:
    invitation: Invitation
    response: Response
    state: str
    state_label: str
    overdue_days: int
    submitted_at: datetime.datetime | None
    accepted: bool

    @property
    def vendor(self) -> Vendor:
        return self.response.vendor


def board_rows(campaign: Campaign, today: datetime.date | None = None) -> list[BoardRow]:
    """One row per invitation of the campaign (one query, however many vendors)."""
    today = today or timezone.localdate()
    now = timezone.now()
    invitations = (
        Invitation.objects.filter(campaign=campaign)
        .select_related("response__vendor")
        .order_by("response__vendor__name", "pk")
    )
    rows = []
    for invitation in invitations:
        response = invitation.response
        state = invitation.current_state(now)
        submitted_at = invitation.submitted_at or response.submitted_at
        late = (today - invitation.deadline).days
        rows.append(
            BoardRow(
                invitation=invitation,
                response=response,
                state=state,
                state_label=InvitationState(state).label,
                overdue_days=late if late > 0 and submitted_at is None else 0,
                submitted_at=submitted_at,
                accepted=response.status in (ResponseStatus.ACCEPTED, ResponseStatus.LOCKED),
            )
        )
    return rows


def board_counts(rows: list[BoardRow]) -> dict[str, int]:
    return {
        "invited": len(rows),
        "opened": sum(row.invitation.opened_at is not None for row in rows),
        "submitted": sum(row.submitted_at is not None for row in rows),
        "accepted": sum(row.accepted for row in rows),
        "overdue": sum(row.overdue_days > 0 for row in rows),
    }


def is_late(invitation: Invitation, today: datetime.date) -> bool:
    """Usable, not submitted, and overdue or due within LATE_WITHIN_DAYS."""
    return invitation.current_state(start_of(today)) in CHASED_STATES and invitation.deadline <= (
        today + datetime.timedelta(days=LATE_WITHIN_DAYS)
    )


def remind_late(campaign: Campaign, today: datetime.date | None = None) -> int:
    """Remind every late contact of the campaign, at most once per invitation and day; return how many."""
    today = today or timezone.localdate()
    kind = f"manual_{today.isoformat()}"
    invitations = Invitation.objects.filter(
        campaign=campaign, revoked_at__isnull=True, state__in=CHASED_STATES
    ).select_related("response__vendor", "response__questionnaire", "invited_by")
    sent = 0
    for invitation in invitations:
        if not is_late(invitation, today):
            continue
        response = invitation.response
        days = (invitation.deadline - today).days
        when = (
            f"was due on {invitation.deadline:%d %B %Y}"
            if days < 0
            else f"is due on {invitation.deadline:%d %B %Y}"
        )
        message = (
            f"A reminder that the questionnaire “{response.questionnaire.title}” for {response.vendor.name} "
            f"{when}. {response.progress_percent} % of the required questions are answered so far."
        )
        if remind_once(invitation, kind, f"Reminder: {response.vendor.name} questionnaire", message):
            sent += 1
    return sent
