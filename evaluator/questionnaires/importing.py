"""Importing a standard questionnaire file as a new questionnaire version, all or nothing.

The file is read into a plan first (``vsaq.read_vsaq``; ``spreadsheet.read_sheet_questionnaire``
for CAIQ v4 and column-mapped sheets), which refuses a malformed file naming the item; only a
complete plan without problems is written, in one transaction: the version, its sections, its
questions (ids, conditions, note severities and the original VSAQ conditions kept) and choices.
A preview reads the plan and saves nothing. The pages, the API and ``manage.py
import_questionnaire`` all call ``import_questionnaire``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from evaluator.models.questionnaires import Choice, Question, Questionnaire, Section, UnansweredRule
from evaluator.questionnaires.spreadsheet import CAIQ_V4, Mapping, SheetRefused, read_sheet_questionnaire
from evaluator.questionnaires.vsaq import Plan, VsaqError, read_vsaq

FORMATS = ("vsaq", "caiq", "columns")
FORMAT_NAMES = {"vsaq": "VSAQ file", "caiq": "CAIQ v4 workbook", "columns": "spreadsheet"}
MAX_BYTES = getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
_ZIP_MAGIC = b"PK\x03\x04"


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was saved. The message says why, naming the item."""


@dataclass
class ImportedQuestionnaire:
    questionnaire: Questionnaire | None  # None for a preview
    plan: Plan
    family: str = ""
    problems: list[str] = field(default_factory=list)
    where: str = ""  # a spreadsheet: the sheet and header row that were read

    def summary(self) -> str:
        plan, questionnaire = self.plan, self.questionnaire
        conditional = sum(1 for s in plan.sections for q in s.questions if q.source_condition)
        kept = f"; {len(plan.not_applied)} kept as text only" if plan.not_applied else ""
        counts = f"{len(plan.sections)} section(s), {plan.question_count} item(s), {conditional} condition(s){kept}"
        if questionnaire is None:
            found = f"; {len(self.problems)} problem(s), nothing can be saved" if self.problems else ""
            return f"Preview of “{plan.title}” as the next version of {self.family}: {counts}{found}."
        return f"Imported “{questionnaire.title}” as {questionnaire.family} v{questionnaire.version_number}: {counts}."


def default_family(filename: str, title: str) -> str:
    return slugify(PurePath(filename).stem)[:80] or slugify(title)[:80] or "imported-questionnaire"


def import_questionnaire(
    data: bytes,
    filename: str,
    user,
    fmt: str = "vsaq",
    family: str = "",
    max_bytes: int = MAX_BYTES,
    mapping: Mapping | None = None,
    preview: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportedQuestionnaire:
    """Read ``data`` in ``fmt`` and save it as the next version of ``family`` (default: from the
    file name); raises ImportRefused with a plain reason, having saved nothing. ``mapping`` says
    which columns of a spreadsheet hold what (``caiq``: the CAIQ v4 preset). With ``preview``,
    nothing is saved and the plan's problems are returned instead of refused. ``on_progress(done,
    total)`` hears how many questions are saved (a background job's progress)."""
    if fmt not in FORMATS:
        raise ImportRefused(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    if len(data) > max_bytes:
        raise ImportRefused(f"The file is too large ({len(data):,} bytes); the limit is {max_bytes:,} bytes.")
    if not data.strip():
        raise ImportRefused("The file is empty.")
    family = (family or "").strip()
    if family and (slugify(family) != family or len(family) > 80):
        raise ImportRefused(
            "The questionnaire id may hold lower-case letters, digits and hyphens (80 at most)."
        )
    title = PurePath(filename).stem or "Imported questionnaire"
    problems, where = [], ""
    if fmt == "vsaq":
        if data.startswith(_ZIP_MAGIC) or b"\x00" in data[:4096]:
            raise ImportRefused(
                "This is not a VSAQ questionnaire (.json text); is it a workbook or another file?"
            )
        try:
            plan = read_vsaq(data, title=title)
        except VsaqError as error:
            raise ImportRefused(str(error)) from None
    else:
        try:
            sheet = read_sheet_questionnaire(data, filename, mapping or CAIQ_V4, title)
        except SheetRefused as error:
            raise ImportRefused(str(error)) from None
        plan, problems = sheet.plan, sheet.problems
        where = f"sheet “{sheet.sheet}”, header on row {sheet.header_row}"
    family = family or default_family(filename, plan.title)
    if preview:
        return ImportedQuestionnaire(None, plan, family, problems, where)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise ImportRefused(f"{len(problems)} problem(s) in the {FORMAT_NAMES[fmt]}: {shown}.")
    questionnaire = _save(plan, family, filename, user, FORMAT_NAMES[fmt], on_progress or _quiet)
    return ImportedQuestionnaire(questionnaire, plan, family, problems, where)


def _quiet(done: int, total: int) -> None:
    pass


# Questions are written this many at a time, the progress told after each batch.
SAVE_BATCH = 200


@transaction.atomic
def _save(plan: Plan, family: str, filename: str, user, source: str, on_progress) -> Questionnaire:
    latest = Questionnaire.objects.filter(family=family).aggregate(Max("version_number"))[
        "version_number__max"
    ]
    questionnaire = Questionnaire.objects.create(
        family=family,
        version_number=(latest or 0) + 1,
        title=plan.title[:200],
        description=f"Imported from the {source} {PurePath(filename).name[:100]}. "
        "It gives no points: questions carry weight 0 until you score them in a new version.",
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
    total = len(questions)
    on_progress(0, total)
    saved: list[Question] = []
    for start in range(0, total, SAVE_BATCH):
        saved += bulk_create_with_history(questions[start : start + SAVE_BATCH], Question, default_user=user)
        on_progress(len(saved), total)
    questions = saved
    choices = [
        Choice(question=question, position=index, label=label, code=code, score=0)
        for question, item in zip(questions, planned, strict=True)
        for index, (label, code) in enumerate(item.choices, start=1)
    ]
    bulk_create_with_history(choices, Choice, default_user=user)
    return questionnaire
