"""Small questionnaires built for tests, and files to import into them."""

import csv
import io

from openpyxl import Workbook

from evaluator.models import Choice, Question, Questionnaire, Section
from evaluator.questionnaires.builtin import BUILTIN_FAMILY

HEADER = [
    "Question id",
    "Section",
    "Question",
    "Type",
    "Allowed values",
    "Answer",
    "Evidence grade",
    "Comment",
]


def builtin() -> Questionnaire:
    return Questionnaire.objects.get(family=BUILTIN_FAMILY, version_number=1)


def small_questionnaire(family="test-q", rule="zero") -> Questionnaire:
    """One question of every kind in two sections."""
    questionnaire = Questionnaire.objects.create(
        family=family, title="Test questionnaire", unanswered_rule=rule
    )
    first = Section.objects.create(questionnaire=questionnaire, position=1, title="Basics")
    second = Section.objects.create(questionnaire=questionnaire, position=2, title="Depth")

    def question(section, code, kind, required=True, weight=1, choices=(), **extra):
        created = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            code=code,
            position=int(code[-2:]),
            text=f"Question {code}",
            kind=kind,
            required=required,
            weight=weight,
            **extra,
        )
        Choice.objects.bulk_create(
            Choice(question=created, position=i, label=label, score=score)
            for i, (label, score) in enumerate(choices, start=1)
        )
        return created

    question(first, "Q-01", "yes_no", choices=[("Yes", 5), ("No", 0)])
    question(first, "Q-02", "single_choice", choices=[("Low", 1), ("Medium", 3), ("High", 5)], weight=2)
    question(first, "Q-03", "multiple_choice", choices=[("A", 2), ("B", 2), ("C", 2)], required=False)
    question(first, "Q-04", "number")
    question(first, "Q-05", "currency", currency="EUR", required=False)
    question(second, "Q-06", "date")
    question(second, "Q-07", "text")
    question(second, "Q-08", "scale")
    return questionnaire


def many_questions(count: int, family="big-q") -> Questionnaire:
    """A questionnaire with ``count`` number questions in one section (for row-count tests)."""
    questionnaire = Questionnaire.objects.create(family=family, title="Big questionnaire")
    section = Section.objects.create(questionnaire=questionnaire, position=1, title="All")
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            section=section,
            code=f"N-{i:05d}",
            position=i % 30000,
            text="n",
            kind="number",
        )
        for i in range(count)
    )
    return questionnaire


def csv_bytes(rows, header=HEADER) -> bytes:
    """Rows are dicts of column -> value, or (question id, answer) pairs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        if not isinstance(row, dict):
            row = {"Question id": row[0], "Answer": row[1]}
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Answers"
    sheet.append(header)
    for row in rows:
        if not isinstance(row, dict):
            row = {"Question id": row[0], "Answer": row[1]}
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ("Q-01", "yes"),
    ("Q-02", "medium"),
    ("Q-03", "A; C"),
    ("Q-04", "42.5"),
    ("Q-05", "1250000"),
    ("Q-06", "2027-03-31"),
    ("Q-07", "'=kept as text, neutralised"),
    ("Q-08", "4"),
]
