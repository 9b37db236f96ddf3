"""All-or-nothing import of a filled answers file into a vendor's response.

Every row is validated against preloaded questions, choices and answers (a
fixed number of queries whatever the row count); only when no row has an
error are the answers written, new ones with one executemany (bulk.py), changed ones with one bulk_update,
inside a single transaction. Blank answers are not errors and never erase an
answer already given. Importing the same file twice changes nothing.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import NamedTuple

from django.db import models, transaction
from django.utils import timezone

from common.cells import neutralise_cell, restore_cell
from evaluator.models.questionnaires import (
    EDITABLE_STATUSES,
    Answer,
    Choice,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
    ReviewState,
)
from evaluator.responses.bulk import insert_answers
from evaluator.responses.completeness import completeness, shown_questions
from evaluator.responses.lifecycle import TransitionError, start_response
from evaluator.responses.reading import MAX_ROWS, FileRejected, RowError, Sheet, read_sheet
from evaluator.responses.values import MAX_TEXT_LENGTH, is_blank, parse_value, store_value, stored_value
from vendors.models import EvidenceGrade

ID, ANSWER, GRADE, COMMENT = "Question id", "Answer", "Evidence grade", "Comment"
REQUIRED_COLUMNS = (ID, ANSWER)
WRITE_FIELDS = [
    "value_text",
    "value_number",
    "value_date",
    "value_bool",
    "value_choices",
    "is_answered",
    "evidence_grade",
    "comment",
    "review_state",
    "carried_forward",
    "updated_at",
    "updated_by",
    "version",
]
_GRADES = {key.casefold(): value for value, label in EvidenceGrade.choices for key in (value, label)}


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    blank: int = 0
    ignored: int = 0  # rows answering a question whose condition does not hold: not saved
    rows_read: int = 0
    response: Response | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return f"{len(self.errors)} problem(s) found; nothing was saved."
        ignored = (
            f" {self.ignored} answer(s) to questions not asked (their condition does not hold) were ignored."
            if self.ignored
            else ""
        )
        return (
            f"{self.created} answer(s) added, {self.updated} changed, {self.unchanged} unchanged, "
            f"{self.blank} blank answer(s) left as they were.{ignored}"
        )


@dataclass
class _Planned:
    answer: SimpleNamespace
    is_new: bool


def import_answers(
    data: bytes,
    filename: str,
    vendor,
    questionnaire: Questionnaire,
    user,
    max_rows: int = MAX_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
    evaluation=None,
    change_reason: str = "",
) -> ImportResult:
    """Validate the whole file, then save all of it or nothing.

    ``change_reason`` prefixes the history row's reason (the portal names the vendor contact).

    Queries: one for the response, two for questions and choices, one for the
    existing answers; then, only if there is no error, the writes: new answers
    in one executemany (see bulk.py), changed ones with bulk_update, all in one
    transaction.
    """
    try:
        sheet = read_sheet(data, filename, max_rows=max_rows)
    except FileRejected as rejected:
        return ImportResult(errors=[rejected.error])
    response = Response.objects.filter(
        vendor=vendor, questionnaire=questionnaire, evaluation=evaluation
    ).first()
    result = ImportResult(response=response, rows_read=len(sheet.rows))
    if response is not None and response.status == ResponseStatus.LOCKED:
        result.errors.append(RowError(0, "", "", "This response is locked; nothing in it can change."))
        return result
    if response is not None and response.status not in EDITABLE_STATUSES:
        result.errors.append(
            RowError(
                0,
                "",
                response.get_status_display(),
                "This response is under review or accepted; answers can be imported only into a draft "
                "or after changes were requested.",
            )
        )
        return result
    planned, progress = _validate(sheet, response, questionnaire, result, on_progress)
    if result.errors:
        return result
    _write(planned, progress, response, vendor, questionnaire, user, result, evaluation, change_reason)
    return result


def _validate(
    sheet: Sheet, response, questionnaire, result: ImportResult, on_progress
) -> tuple[list[_Planned], tuple[int, int]]:
    """Check every row; return the answers to write and the progress they will give."""
    columns = {name.casefold(): index for index, name in enumerate(sheet.header) if name}
    missing = [name for name in REQUIRED_COLUMNS if name.casefold() not in columns]
    if missing:
        result.errors.append(
            RowError(
                1, ", ".join(missing), "", "The header row lacks these columns; keep the exported header."
            )
        )
        return [], (0, 0)
    questions = _load_questions(questionnaire)
    existing = _existing_answers(response)
    seen: dict[str, int] = {}
    planned: list[_Planned] = []
    total = len(sheet.rows)
    positions = [columns.get(name.casefold()) for name in (ID, ANSWER, GRADE, COMMENT)]
    for index, (row_number, cells, formulas) in enumerate(sheet.rows, start=1):
        if on_progress and (index % 500 == 0 or index == total):
            on_progress(index, total)
        if formulas:
            result.errors.extend(
                _with_question(_formula_errors(sheet, row_number, cells, formulas), cells, positions)
            )
            continue
        before = len(result.errors)
        checked = _check_row(row_number, cells, positions, questions, questionnaire, seen, result.errors)
        result.errors[before:] = _with_question(result.errors[before:], cells, positions)
        if checked is None or result.errors:
            continue  # keep checking rows for the report, but plan nothing more
        question, value, grade, comment = checked
        if value is None:
            result.blank += 1
        planned_answer = _plan(existing.get(question.pk), question, value, grade, comment)
        if planned_answer is None:
            result.unchanged += 1
        else:
            planned.append(planned_answer)
    planned, result.ignored = _drop_not_asked(questions, existing, planned)
    return planned, _progress_after(questions, existing, planned)


def _existing_answers(response) -> dict:
    """Question id → the answer's state, as plain values: tens of thousands of rows must stay cheap."""
    if response is None:
        return {}
    return {
        row["question_id"]: SimpleNamespace(**row)
        for row in Answer.objects.filter(response=response).order_by().values("pk", "attachment", *_STATE)
    }


def _with_question(errors: list[RowError], cells, positions) -> list[RowError]:
    """The row's errors with the question id the row names (as written), for the report."""
    at = positions[0]
    code = restore_cell(cells[at]) if at is not None and at < len(cells) else None
    code = "" if code is None else str(code).strip()[:100]
    return [replace(error, question=code) for error in errors]


def _formula_errors(sheet: Sheet, row_number: int, cells, formulas) -> list[RowError]:
    errors = []
    for i in formulas:
        column = sheet.header[i] if i < len(sheet.header) and sheet.header[i] else f"column {i + 1}"
        errors.append(
            RowError(row_number, column, str(cells[i]), "Formulas are not accepted; type the value itself.")
        )
    return errors


def _check_row(row_number: int, cells, positions, questions, questionnaire, seen: dict, errors: list):
    """(question, value, grade, comment) of one row, or None; every problem goes into ``errors``."""
    width = len(cells)
    code, answer_raw, grade_raw, comment_raw = (
        restore_cell(cells[p]) if p is not None and p < width else None for p in positions
    )
    code = "" if code is None else str(code).strip()
    if not code:
        if not (is_blank(answer_raw) and is_blank(grade_raw) and is_blank(comment_raw)):
            errors.append(RowError(row_number, ID, "", "The question id is missing."))
        return None
    question = questions.get(code.casefold())
    if question is None:
        errors.append(RowError(row_number, ID, code, f"No question with this id in {questionnaire}."))
        return None
    if code.casefold() in seen:
        first = seen[code.casefold()]
        errors.append(RowError(row_number, ID, code, f"This question appears twice (first on row {first})."))
        return None
    seen[code.casefold()] = row_number
    parsed = parse_value(question.kind, answer_raw, question.labels)
    if parsed.error:
        errors.append(RowError(row_number, ANSWER, _show(answer_raw), parsed.error))
    grade = _grade(row_number, grade_raw, errors)
    comment = None if is_blank(comment_raw) else str(comment_raw).strip()
    if comment is not None and len(comment) > MAX_TEXT_LENGTH:
        errors.append(RowError(row_number, COMMENT, comment[:40] + "…", "The comment is too long."))
    return question, parsed.value, grade, comment


def _grade(row_number: int, raw, errors: list):
    """The evidence grade a cell names (by label, any case), None when blank; a wrong one is an error."""
    if is_blank(raw):
        return None
    grade = _GRADES.get(str(raw).strip().casefold())
    if grade is None:
        errors.append(
            RowError(
                row_number,
                GRADE,
                _show(raw),
                f"Not an evidence grade; use one of: {', '.join(EvidenceGrade.labels)}.",
            )
        )
    return grade


def _drop_not_asked(questions, existing: dict, planned: list[_Planned]) -> tuple[list[_Planned], int]:
    """The planned answers without those to questions whose condition does not hold once the
    file's answers are in (such an answer is ignored, not an error: an exported file carries
    every stored answer, even one whose question a later change has hidden), and how many."""
    if not any(question.shown_when for question in questions.values()):
        return planned, 0
    answers = dict(existing)
    answers.update((item.answer.question_id, item.answer) for item in planned)
    shown = shown_questions(list(questions.values()), answers)
    kept = [item for item in planned if item.answer.question_id in shown]
    return kept, len(planned) - len(kept)


def _progress_after(questions, existing: dict, planned: list[_Planned]) -> tuple[int, int]:
    """(items submission needs, items complete) after the import, from what is in memory
    (blanks never un-answer); the rule is ``completeness.completeness``."""
    answers = dict(existing)
    answers.update((item.answer.question_id, item.answer) for item in planned)
    checked = completeness(list(questions.values()), answers)
    return checked.total, checked.complete


class _QuestionInfo(NamedTuple):
    pk: int
    code: str
    kind: str
    required: bool
    evidence_required: bool
    shown_when: str
    labels: tuple[str, ...]


def _load_questions(questionnaire) -> dict[str, _QuestionInfo]:
    """Question id (case-folded) -> what validation needs: two queries, no model instances."""
    labels: dict[int, list[str]] = {}
    choices = Choice.objects.filter(question__questionnaire=questionnaire).order_by(
        "question_id", "position", "pk"
    )
    for question_id, label in choices.values_list("question_id", "label"):
        labels.setdefault(question_id, []).append(label)
    rows = Question.objects.filter(questionnaire=questionnaire).values_list(
        "pk", "code", "kind", "required", "evidence_required", "shown_when"
    )
    return {row[1].casefold(): _QuestionInfo(*row, tuple(labels.get(row[0], ()))) for row in rows}


_STATE = (
    "question_id",
    "is_answered",
    "value_text",
    "value_number",
    "value_date",
    "value_bool",
    "value_choices",
    "evidence_grade",
    "comment",
)
_BLANK = {
    "pk": None,
    "attachment": "",
    "is_answered": False,
    "value_text": "",
    "value_number": None,
    "value_date": None,
    "value_bool": None,
    "value_choices": [],
    "evidence_grade": "",
    "comment": "",
}


def _plan(answer, question: _QuestionInfo, value, grade, comment):
    """The answer to write for one row, or None when the row changes nothing."""
    if answer is None and value is None and grade is None and comment is None:
        return None
    is_new = answer is None
    if is_new:
        answer = SimpleNamespace(**_BLANK, question_id=question.pk)
    before = (stored_value(answer, question.kind), answer.evidence_grade, answer.comment)
    after = (
        before[0] if value is None else value,
        before[1] if grade is None else grade,
        before[2] if comment is None else comment,
    )
    if not is_new and before == after:
        return None
    if value is not None:
        store_value(answer, question.kind, value)
    answer.evidence_grade, answer.comment = after[1], after[2]
    return _Planned(answer, is_new)


def _answer_rows(planned: list[_Planned], response, user, now) -> tuple[list[dict], list[Answer]]:
    """The rows to insert (new answers, as plain dicts for bulk.py) and the answers to update."""
    new, changed = [], []
    for item in planned:
        fields = {name: getattr(item.answer, name) for name in _STATE}
        fields.update(
            response_id=response.pk,
            review_state=ReviewState.PENDING,
            carried_forward=False,
            updated_at=now,
            updated_by_id=user.pk if user else None,
        )
        if item.is_new:
            new.append({**fields, "attachment": "", "reviewer_note": "", "created_at": now, "version": 1})
        else:
            # Bumped in the same UPDATE, so an API client holding the old version gets 412.
            changed.append(Answer(pk=item.answer.pk, **fields, version=models.F("version") + 1))
    return new, changed


def _write(
    planned: list[_Planned],
    progress,
    response,
    vendor,
    questionnaire,
    user,
    result: ImportResult,
    evaluation,
    change_reason: str = "",
) -> None:
    now = timezone.now()
    required_total, required_answered = progress
    with transaction.atomic():
        if response is None:
            try:
                response = start_response(
                    vendor, questionnaire, user, count_progress=False, evaluation=evaluation
                )
            except TransitionError:
                result.errors.append(
                    RowError(0, "", "", "Someone started this response meanwhile; import again.")
                )
                transaction.set_rollback(True)
                return
            result.response = response
        # One UPDATE stamps the import and stores the progress, and refuses if the response was
        # submitted or locked since we read it.
        if not Response.objects.filter(pk=response.pk, status__in=EDITABLE_STATUSES).update(
            version=models.F("version") + 1,
            updated_at=now,
            required_total=required_total,
            required_answered=required_answered,
        ):
            result.errors.append(
                RowError(0, "", "", "The response changed status meanwhile; nothing was saved.")
            )
            transaction.set_rollback(True)
            return
        new, changed = _answer_rows(planned, response, user, now)
        insert_answers(new)
        Answer.objects.bulk_update(changed, WRITE_FIELDS, batch_size=500)
        response.required_total, response.required_answered = required_total, required_answered
        response.version, response.updated_at = response.version + 1, now
        # One history row for the whole import, on the response, instead of one per answer: the
        # raw executemany/COPY above writes no per-row history, and per-answer rows would double
        # the import's writes (the benchmark's bound is 10x raw). The reason says what changed.
        reason = f"Import: {len(new)} answer(s) added, {len(changed)} changed"
        Response.history.bulk_history_create(
            [response],
            update=True,
            default_user=user,
            default_change_reason=f"{change_reason}: {reason}" if change_reason else reason,
            default_date=now,
        )
    result.created, result.updated = len(new), len(changed)


def _show(value) -> str:
    return "" if value is None else str(value)[:200]


def report_csv(errors: list[RowError]) -> str:
    """The row-level report as CSV text, every cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "question", "column", "value", "reason"])
    for error in errors:
        writer.writerow(
            [
                error.row or "file",
                neutralise_cell(error.question),
                neutralise_cell(error.column),
                neutralise_cell(error.value),
                error.reason,
            ]
        )
    return buffer.getvalue()
