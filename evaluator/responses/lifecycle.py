"""Writing responses: start (with carry-forward), save answers, progress, and the review lifecycle.

draft → submitted → (changes requested → submitted …) → accepted → locked.
Every transition is a conditional UPDATE on the expected status, so two
reviewers clicking at once cannot both win (``select_for_update`` would do
nothing on SQLite).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from engine.questionnaire_scoring import SCORED, question_points
from evaluator.models.questionnaires import (
    EDITABLE_STATUSES,
    Answer,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
    ReviewState,
)
from evaluator.portal import notify as portal_notify
from evaluator.questionnaires.conditions import shown_ids
from evaluator.responses.completeness import completeness
from evaluator.responses.values import store_value, stored_value
from vendors.models import CapabilityAssessment, EvidenceGrade


class TransitionError(ValidationError):
    """A lifecycle step that is not allowed now; the message says why in plain words."""


@dataclass
class AnswerChange:
    """What a person entered for one question; ``None`` fields are left as they are."""

    value: object = None
    clear: bool = False
    evidence_grade: str | None = None
    comment: str | None = None
    attachment: object = None
    extras: dict = field(default_factory=dict)


@transaction.atomic
def start_response(
    vendor,
    questionnaire: Questionnaire,
    user,
    carry_forward: bool = False,
    count_progress: bool = True,
    evaluation=None,
) -> Response:
    """Issue ``questionnaire`` to ``vendor``: freeze the version and create a draft response.

    With ``evaluation``, the response belongs to that selection (the vendor must be
    one of its candidates); without, it is the vendor's general response.

    With ``carry_forward``, answers from the vendor's last accepted (or locked)
    response to any version of the same questionnaire are copied by question
    id, flagged as carried forward and left for review.
    """
    if evaluation is not None and not evaluation.candidates.filter(pk=vendor.pk).exists():
        raise TransitionError(f"{vendor} is not a candidate in {evaluation}.")
    if Response.objects.filter(vendor=vendor, questionnaire=questionnaire, evaluation=evaluation).exists():
        where = f" for {evaluation}" if evaluation is not None else ""
        raise TransitionError(f"{vendor} already has a response to {questionnaire}{where}.")
    if questionnaire.issued_at is None:
        Questionnaire.objects.filter(pk=questionnaire.pk, issued_at__isnull=True).update(
            issued_at=timezone.now()
        )
        questionnaire.refresh_from_db(fields=["issued_at"])
    response = Response.objects.create(
        vendor=vendor, questionnaire=questionnaire, evaluation=evaluation, entered_by=user
    )
    if carry_forward:
        source = last_accepted_response(vendor, questionnaire.family)
        if source is not None:
            _carry_answers(source, response, user)
            response.carried_from = source
            response.save(update_fields=["carried_from"])
    if count_progress:  # an import that writes answers next counts once, afterwards
        update_progress(response)
    return response


def last_accepted_response(vendor, family: str) -> Response | None:
    return (
        Response.objects.filter(
            vendor=vendor,
            questionnaire__family=family,
            status__in=(ResponseStatus.ACCEPTED, ResponseStatus.LOCKED),
        )
        .order_by("-questionnaire__version_number", "-pk")
        .first()
    )


def _carry_answers(source: Response, target: Response, user) -> None:
    """Copy the answered answers by question code and kind, flagged as carried forward (pending
    review), with the vault documents backing them. Four queries and two inserts, however many."""
    targets = {
        (question.code, question.kind): question
        for question in Question.objects.filter(questionnaire=target.questionnaire)
    }
    copies, sources = [], []
    for old in (
        source.answers.select_related("question").filter(is_answered=True).prefetch_related("documents")
    ):
        question = targets.get((old.question.code, old.question.kind))
        if question is None:
            continue
        copy = Answer(
            response=target,
            question=question,
            evidence_grade=old.evidence_grade,
            attachment=old.attachment.name,
            comment=old.comment,
            # Pending review like every carried answer; one whose documents have all expired is
            # flagged "supporting document expired" on the response page (responses/documents.py).
            review_state=ReviewState.PENDING,
            carried_forward=True,
            updated_by=user,
        )
        store_value(copy, question.kind, stored_value(old, old.question.kind))
        copies.append(copy)
        sources.append(old)
    Answer.objects.bulk_create(copies)
    links = Answer.documents.through
    links.objects.bulk_create(
        [
            links(answer_id=copy.pk, vendordocument_id=document.pk)
            for copy, old in zip(copies, sources, strict=True)
            for document in old.documents.all()
        ]
    )


def update_progress(response: Response) -> None:
    """Recount what submission needs and how much of it is there (two queries, one update);
    the rule is ``completeness.completeness``."""
    checked = completeness(*_questions_and_answers(response))
    total, done = checked.total, checked.complete
    Response.objects.filter(pk=response.pk).update(required_total=total, required_answered=done)
    response.required_total, response.required_answered = total, done


def _questions_and_answers(response: Response) -> tuple[list[Question], dict[int, Answer]]:
    questions = list(response.questionnaire.questions.select_related("section"))
    answers = {answer.question_id: answer for answer in Answer.objects.filter(response=response)}
    return questions, answers


def missing_items(response: Response) -> list[tuple[Question, str]]:
    """Required questions still unanswered, and answers whose required evidence is missing."""
    return completeness(*_questions_and_answers(response)).missing


def _require_editable(response: Response) -> None:
    if response.status == ResponseStatus.LOCKED:
        raise TransitionError("This response is locked; nothing in it can change.")
    if response.status not in EDITABLE_STATUSES:
        raise TransitionError(
            f"This response is {response.get_status_display().lower()}; answers can be changed only "
            "in a draft or after changes were requested."
        )


def lock_response(response: Response) -> None:
    """Hold the response's row until the transaction ends (PostgreSQL: row lock; SQLite: write lock).

    Call it inside the caller's transaction, before touching the response's answers: every
    writer takes the response first, then answers, so two writers never deadlock.
    """
    Response.objects.filter(pk=response.pk).update(updated_at=models.F("updated_at"))


@transaction.atomic
def save_answers(
    response: Response, user, changes: dict[Question, AnswerChange], *, change_reason: str = ""
) -> int:
    """Save what was entered for some questions; returns how many answers changed.

    ``change_reason`` goes on each answer's history row (the portal names the vendor contact)."""
    _require_editable(response)
    changes = _asked_only(response, changes)
    existing = {a.question_id: a for a in Answer.objects.filter(response=response, question__in=changes)}
    changed = 0
    for question, change in changes.items():
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        before = (
            stored_value(answer, question.kind),
            answer.evidence_grade,
            answer.comment,
            answer.attachment.name,
        )
        if change.clear:
            store_value(answer, question.kind, None)
        elif change.value is not None:
            store_value(answer, question.kind, change.value)
        if change.evidence_grade is not None:
            answer.evidence_grade = change.evidence_grade
        if change.comment is not None:
            answer.comment = change.comment
        if change.attachment is not None:
            answer.attachment = change.attachment
        after = (
            stored_value(answer, question.kind),
            answer.evidence_grade,
            answer.comment,
            answer.attachment.name,
        )
        if before == after:
            continue  # nothing new, or an empty answer that need not exist
        # A changed answer is fresh data: it needs a new review.
        answer.carried_forward = False
        answer.review_state = ReviewState.PENDING
        answer.updated_by = user
        if change_reason:
            answer._change_reason = change_reason
        answer.save()
        changed += 1
    update_progress(response)
    return changed


def _asked_only(response: Response, changes: dict[Question, AnswerChange]) -> dict[Question, AnswerChange]:
    """``changes`` without those to questions whose condition does not hold once the changes are
    in: a question that is not asked keeps whatever it holds (the entry page hides it, and a
    later change of the earlier answer may ask it again). Two queries, only with conditions."""
    questions = list(Question.objects.filter(questionnaire_id=response.questionnaire_id))
    if not any(question.shown_when for question in questions):
        return changes
    values = {
        answer.question_id: stored_value(answer, kind)
        for answer in Answer.objects.filter(response=response).select_related("question")
        if (kind := answer.question.kind)
    }
    for question, change in changes.items():
        if change.clear:
            values[question.pk] = None
        elif change.value is not None:
            values[question.pk] = change.value
    asked = shown_ids(questions, lambda question: values.get(question.pk))
    return {question: change for question, change in changes.items() if question.pk in asked}


def not_asked(response: Response, changes: dict[Question, AnswerChange]) -> list[Question]:
    """The questions among ``changes`` whose condition would not hold with the changes in (the
    API refuses to write those, where the entry page quietly keeps them as they are)."""
    kept = _asked_only(response, changes)
    return [question for question in changes if question not in kept]


@transaction.atomic
def _transition(
    response: Response, user, allowed: tuple[str, ...], new_status: str, reason: str, **stamps
) -> None:
    """Move ``response`` to ``new_status`` if it is still in ``allowed``, with a history row that
    says who, when and ``reason`` (the conditional UPDATE itself writes none)."""
    now = timezone.now()
    values = {key: (now if value == "now" else user) for key, value in stamps.items()}
    updated = Response.objects.filter(pk=response.pk, status__in=allowed).update(
        status=new_status, version=models.F("version") + 1, updated_at=now, **values
    )
    if not updated:
        raise TransitionError("Someone changed this response meanwhile; reload the page and try again.")
    response.refresh_from_db()
    Response.history.bulk_history_create(
        [response], update=True, default_user=user, default_change_reason=reason, default_date=now
    )


def submit(response: Response, user, *, change_reason: str = "") -> None:
    """Hand the response to review; refused while required answers or evidence are missing.

    ``change_reason`` (who submitted when there is no user: the portal) prefixes the history reason."""
    _require_editable(response)
    missing = missing_items(response)
    if missing:
        raise TransitionError(
            f"{len(missing)} item(s) still missing, e.g. {missing[0][0].code}: {missing[0][1]}."
        )
    reason = (
        f"Submitted for review ({response.required_answered} of {response.required_total} required answered)"
    )
    _transition(
        response,
        user,
        EDITABLE_STATUSES,
        ResponseStatus.SUBMITTED,
        f"{change_reason}: {reason}" if change_reason else reason,
        submitted_by="user",
        submitted_at="now",
    )


def review_answer(answer: Answer, user, state: str, note: str = "") -> None:
    """A reviewer accepts an answer or asks for it to be changed, with a note."""
    if answer.response.status != ResponseStatus.SUBMITTED:
        raise TransitionError("Answers are reviewed once the response has been submitted.")
    if state == ReviewState.CHANGES_REQUESTED and not note.strip():
        raise TransitionError("Say what needs to change in the reviewer note.")
    answer.review_state = state
    answer.reviewer_note = note.strip()
    if state == ReviewState.ACCEPTED:
        answer.carried_forward = False
    answer.save(update_fields=["review_state", "reviewer_note", "carried_forward", "updated_at"])


@transaction.atomic
def request_changes(response: Response, user) -> None:
    if response.status != ResponseStatus.SUBMITTED:
        raise TransitionError("Changes can be requested only on a submitted response.")
    flagged = response.answers.filter(review_state=ReviewState.CHANGES_REQUESTED).count()
    if not flagged:
        raise TransitionError("Mark the answers that need changes, with a note, before sending it back.")
    _transition(
        response,
        user,
        (ResponseStatus.SUBMITTED,),
        ResponseStatus.CHANGES_REQUESTED,
        f"Changes requested on {flagged} answer(s)",
        reviewed_by="user",
        reviewed_at="now",
    )
    # The vendor contacts who submitted through the portal get it back, with the notes (e-mailed on commit).
    portal_notify.changes_requested(response)


@transaction.atomic
def accept(response: Response, user, feed_capabilities: bool = True) -> None:
    """Accept a submitted response: every answer not sent back is accepted, and 0–5 answers
    to questions linked to a capability become that capability's assessment for today
    (unless ``feed_capabilities`` is False, as for demo data that must not rewrite history)."""
    if response.status != ResponseStatus.SUBMITTED:
        raise TransitionError("Only a submitted response can be accepted.")
    lock_response(response)  # the response before its answers, as every other writer
    if response.answers.filter(review_state=ReviewState.CHANGES_REQUESTED).exists():
        raise TransitionError("Some answers are marked for changes; request changes instead, or accept them.")
    now = timezone.now()
    pending = list(response.answers.filter(review_state=ReviewState.PENDING).values_list("pk", flat=True))
    Answer.objects.filter(pk__in=pending).update(
        review_state=ReviewState.ACCEPTED,
        carried_forward=False,
        updated_at=now,
        version=models.F("version") + 1,
    )
    # The bulk UPDATE writes no history: one row per answer it accepted, naming who accepted it.
    Answer.history.bulk_history_create(
        list(Answer.objects.filter(pk__in=pending)),
        update=True,
        default_user=user,
        default_change_reason="Accepted with the response",
        default_date=now,
    )
    _transition(
        response,
        user,
        (ResponseStatus.SUBMITTED,),
        ResponseStatus.ACCEPTED,
        f"Accepted ({len(pending)} answer(s) accepted with it)",
        reviewed_by="user",
        reviewed_at="now",
    )
    if feed_capabilities:
        feed_capability_assessments(response, user)


def lock(response: Response, user) -> None:
    if response.status != ResponseStatus.ACCEPTED:
        raise TransitionError("Only an accepted response can be locked.")
    _transition(
        response,
        user,
        (ResponseStatus.ACCEPTED,),
        ResponseStatus.LOCKED,
        "Locked: nothing in it can change any more",
        locked_by="user",
        locked_at="now",
    )


def feed_capability_assessments(response: Response, user) -> int:
    """Record today's maturity for each answered scored question linked to a capability: its
    0–5 points (a 0–5 answer itself, the picked choices' scores, yes/no by its choices' scores
    or 5 and 0), rounded to a whole level. A question whose choices carry no points at all (as
    imported ones arrive) says nothing about maturity and is skipped until they are given."""
    answers = (
        response.answers.select_related("question")
        .prefetch_related("question__choices")
        .filter(is_answered=True, question__capability__isnull=False, question__kind__in=SCORED)
    )
    today = timezone.localdate()
    fed = 0
    for answer in answers:
        question = answer.question
        scores = {choice.label: choice.score for choice in question.choices.all()}
        if scores and not any(scores.values()):
            continue
        points = question_points(question.kind, stored_value(answer, question.kind), scores)
        if points is None:
            continue
        CapabilityAssessment.objects.update_or_create(
            vendor_id=response.vendor_id,
            capability_id=question.capability_id,
            assessed_on=today,
            defaults={
                "maturity": int(points.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                "evidence_grade": answer.evidence_grade or EvidenceGrade.SELF_ASSERTED,
                "note": f"From questionnaire answer {answer.question.code} ({response.questionnaire}).",
                "assessed_by": user,
            },
        )
        fed += 1
    return fed
