"""Demo questionnaire responses: the built-in questionnaire issued to demo vendors, in every state.

Which vendor answers how, and the fixed answers, are in ``demo/data/questionnaires.json``.
Deterministic and idempotent: a vendor that already has a response is left
alone. Answers follow each vendor's demo record (its current maturity per
capability, its latest R&D spend) plus a fixed "diligence" level, so the
scores differ in a believable way. Accepting here does not feed capability
assessments: the demo's assessment history is curated by demo.vendors.
"""

import datetime
import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from demo import load
from evaluator.models import QuestionKind, Questionnaire, Response, ReviewState
from evaluator.questionnaires.builtin import BUILTIN_FAMILY
from evaluator.responses import lifecycle
from evaluator.responses.selectors import questions_with_choices
from vendors.models import CapabilityAssessment, FinancialFact, Vendor

FILE = "questionnaires.json"
# The state each response is walked to; draft_half: a draft with the first half of the questions answered.
STATES = ("draft_half", "submitted", "changes_requested", "accepted", "locked")


def _load() -> dict:
    where = load.Where(FILE)
    data = load.record(load.read(FILE), where, ("responses", "numbers", "dates", "changes_requested"))
    responses = {}
    for slug, row in load.of_type(data["responses"], dict, where / "responses").items():
        at = where / "responses" / slug
        load.record(row, at, ("state", "diligence"))
        diligence = float(load.number(row["diligence"], at / "diligence"))
        if not 0 <= diligence <= 1:
            (at / "diligence").fail("give a number from 0 to 1")
        responses[slug] = (load.code(row["state"], STATES, at / "state"), diligence)
    numbers = {code: load.of_type(n, int, where / "numbers" / code) for code, n in data["numbers"].items()}
    dates = {code: load.date(day, where / "dates" / code) for code, day in data["dates"].items()}
    review = load.record(data["changes_requested"], where / "changes_requested", ("question", "note"))
    return {"responses": responses, "numbers": numbers, "dates": dates, "review": review}


_DATA = _load()
# vendor slug -> (final state, diligence 0–1: how complete and strong the answers are)
DEMO_RESPONSES = _DATA["responses"]
NUMBERS = _DATA["numbers"]
DATES = _DATA["dates"]


def _roll(vendor_slug: str, code: str) -> float:
    """A stable pseudo-random number in [0, 1) per vendor and question."""
    digest = hashlib.sha256(f"{vendor_slug}:{code}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _value(question, vendor, diligence: float, maturity: dict, rd_spend):
    roll = _roll(vendor.slug, question.code)
    kind = question.kind
    choices = sorted(question.choices.all(), key=lambda c: -c.score)
    if kind == QuestionKind.YES_NO:
        good = next((c.label for c in choices), "Yes")
        return (good == "Yes") == (roll < diligence)
    if kind == QuestionKind.SINGLE_CHOICE:
        index = min(len(choices) - 1, int((1 - diligence) * len(choices) + roll * 1.5))
        return (choices[index].label,)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        count = max(1, round(diligence * len(choices)))
        picked = {c.label for c in choices[:count]}
        return tuple(c.label for c in question.choices.all() if c.label in picked)
    if kind == QuestionKind.SCALE:
        if question.capability_id:
            return Decimal(maturity.get(question.capability_id, 0))
        return Decimal(round(diligence * 5))
    if kind == QuestionKind.CURRENCY:
        if question.code == "RD-01" and rd_spend is not None:
            return rd_spend
        return Decimal(int(250_000 * (1 + roll)))
    if kind == QuestionKind.NUMBER:
        return Decimal(round(NUMBERS.get(question.code, 10) * (0.5 + diligence)))
    if kind == QuestionKind.DATE:
        return DATES.get(question.code, datetime.date(2027, 6, 30))
    return (
        f"{vendor.name}: {question.text.rstrip('?.').lower()} — summarised from the vendor's written answer."
    )


def _answers_for(vendor, questions, diligence: float, half: bool) -> dict:
    maturity = {}
    for assessment in CapabilityAssessment.objects.filter(vendor=vendor).latest_per_capability():
        maturity[assessment.capability_id] = assessment.maturity
    latest = (
        FinancialFact.objects.filter(vendor=vendor, rd_spend__isnull=False).order_by("-fiscal_year").first()
    )
    rd_spend = latest.rd_spend if latest else None
    chosen = questions[: len(questions) // 2] if half else questions
    changes = {}
    for question in chosen:
        value = _value(question, vendor, diligence, maturity, rd_spend)
        grade = "demonstrated" if question.capability_id and value and value >= 3 else "documented"
        attachment = None
        if question.evidence_required:
            # A fixed name, written once: seeding again (or in tests) never piles up files.
            attachment = f"questionnaires/demo/{vendor.slug}-{question.code.lower()}.txt"
            if not default_storage.exists(attachment):
                default_storage.save(
                    attachment, ContentFile(f"Evidence from {vendor.name} for {question.code}.\n")
                )
        changes[question] = lifecycle.AnswerChange(value=value, evidence_grade=grade, attachment=attachment)
    return changes


def seed(stdout) -> None:
    """Issue the built-in questionnaire to the demo vendors and walk each response to its state."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["procurement", "risk"])}
    entry, reviewer = users.get("procurement"), users.get("risk")
    questionnaire = Questionnaire.objects.get(family=BUILTIN_FAMILY, version_number=1)
    questions = questions_with_choices(questionnaire)
    for slug, (state, diligence) in DEMO_RESPONSES.items():
        vendor = Vendor.objects.filter(slug=slug).first()
        if vendor is None:
            stdout.write(f"  {slug}: no such demo vendor, skipped")
            continue
        if Response.objects.filter(vendor=vendor, questionnaire=questionnaire).exists():
            stdout.write(f"  response of {vendor.name}: already there")
            continue
        response = lifecycle.start_response(vendor, questionnaire, entry)
        lifecycle.save_answers(
            response, entry, _answers_for(vendor, questions, diligence, state == "draft_half")
        )
        if state != "draft_half":
            lifecycle.submit(response, entry)
        if state == "changes_requested":
            answer = response.answers.get(question__code=_DATA["review"]["question"])
            lifecycle.review_answer(answer, reviewer, ReviewState.CHANGES_REQUESTED, _DATA["review"]["note"])
            lifecycle.request_changes(response, reviewer)
        if state in ("accepted", "locked"):
            lifecycle.accept(response, reviewer, feed_capabilities=False)
        if state == "locked":
            lifecycle.lock(response, reviewer)
        stdout.write(
            f"  response of {vendor.name}: {response.get_status_display().lower()}, "
            f"{response.required_answered}/{response.required_total} required answered"
        )
