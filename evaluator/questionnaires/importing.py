"""Importing a standard questionnaire file as a new questionnaire version, all or nothing.

The file is read into a plan first (``vsaq.read_vsaq``), which refuses a malformed file naming
the item; only a complete plan is written, in one transaction: the version, its sections, its
questions (ids, conditions, note severities and the original VSAQ conditions kept) and choices.
The page, the API and ``manage.py import_questionnaire`` all call ``import_questionnaire``.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from evaluator.models.questionnaires import Choice, Question, Questionnaire, Section, UnansweredRule
from evaluator.questionnaires.vsaq import Plan, VsaqError, read_vsaq

FORMATS = ("vsaq",)
MAX_BYTES = getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
_ZIP_MAGIC = b"PK\x03\x04"


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was saved. The message says why, naming the item."""


@dataclass
class ImportedQuestionnaire:
    questionnaire: Questionnaire
    plan: Plan

    def summary(self) -> str:
        plan, questionnaire = self.plan, self.questionnaire
        conditional = sum(1 for s in plan.sections for q in s.questions if q.source_condition)
        kept = f"; {len(plan.not_applied)} kept as text only" if plan.not_applied else ""
        return (
            f"Imported “{questionnaire.title}” as {questionnaire.family} v{questionnaire.version_number}: "
            f"{len(plan.sections)} section(s), {plan.question_count} item(s), "
            f"{conditional} condition(s){kept}."
        )


def default_family(filename: str, title: str) -> str:
    return slugify(PurePath(filename).stem)[:80] or slugify(title)[:80] or "imported-questionnaire"


def import_questionnaire(
    data: bytes, filename: str, user, fmt: str = "vsaq", family: str = "", max_bytes: int = MAX_BYTES
) -> ImportedQuestionnaire:
    """Read ``data`` in ``fmt`` and save it as the next version of ``family`` (default: from the
    file name); raises ImportRefused with a plain reason, having saved nothing."""
    if fmt not in FORMATS:
        raise ImportRefused(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    if len(data) > max_bytes:
        raise ImportRefused(f"The file is too large ({len(data):,} bytes); the limit is {max_bytes:,} bytes.")
    if not data.strip():
        raise ImportRefused("The file is empty.")
    if data.startswith(_ZIP_MAGIC) or b"\x00" in data[:4096]:
        raise ImportRefused(
            "This is not a VSAQ questionnaire (.json text); is it a workbook or another file?"
        )
    family = (family or "").strip()
    if family and (slugify(family) != family or len(family) > 80):
        raise ImportRefused(
            "The questionnaire id may hold lower-case letters, digits and hyphens (80 at most)."
        )
    try:
        plan = read_vsaq(data, title=PurePath(filename).stem or "Imported questionnaire")
    except VsaqError as error:
        raise ImportRefused(str(error)) from None
    return ImportedQuestionnaire(
        _save(plan, family or default_family(filename, plan.title), filename, user), plan
    )


@transaction.atomic
def _save(plan: Plan, family: str, filename: str, user) -> Questionnaire:
    latest = Questionnaire.objects.filter(family=family).aggregate(Max("version_number"))[
        "version_number__max"
    ]
    questionnaire = Questionnaire.objects.create(
        family=family,
        version_number=(latest or 0) + 1,
        title=plan.title[:200],
        description=f"Imported from the VSAQ file {PurePath(filename).name[:100]}. "
        "VSAQ gives no points: questions carry weight 0 until you score them in a new version.",
        unanswered_rule=UnansweredRule.LEAVE_OUT,
        created_by=user,
    )
    sections = bulk_create_with_history(
        [
            Section(questionnaire=questionnaire, position=index, title=section.title[:200])
            for index, section in enumerate(plan.sections, start=1)
        ],
        Section,
        default_user=user,
    )
    questions, planned = [], []
    for section, planned_section in zip(sections, plan.sections, strict=True):
        for position, item in enumerate(planned_section.questions, start=1):
            planned.append(item)
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    section=section,
                    code=item.code,
                    position=position,
                    text=item.text,
                    help_text=item.help_text,
                    kind=item.kind,
                    required=item.required,
                    weight=0,
                    evidence_required=item.evidence_required,
                    shown_when=item.shown_when,
                    severity=item.severity,
                    source_type=item.source_type,
                    source_condition=item.source_condition,
                )
            )
    questions = bulk_create_with_history(questions, Question, default_user=user)
    choices = [
        Choice(question=question, position=index, label=label, code=code, score=0)
        for question, item in zip(questions, planned, strict=True)
        for index, (label, code) in enumerate(item.choices, start=1)
    ]
    bulk_create_with_history(choices, Choice, default_user=user)
    return questionnaire
