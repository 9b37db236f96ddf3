"""Importing answers files: all or nothing, a row-level report, a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from evaluator.models import Answer, Response, ResponseStatus
from evaluator.responses.importing import import_answers, report_csv
from evaluator.responses.lifecycle import start_response
from tests.evaluator.questionnaire_helpers import (
    GOOD_ROWS,
    csv_bytes,
    many_questions,
    small_questionnaire,
    xlsx_bytes,
)
from tests.factories import VendorFactory


@pytest.fixture
def vendor(db):
    return VendorFactory(name="Acme Guard", slug="acme-guard")


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


def run(data, vendor, questionnaire, filename="answers.csv", **kwargs):
    return import_answers(data, filename, vendor, questionnaire, None, **kwargs)


def reasons(result):
    return [(e.row, e.column, e.reason) for e in result.errors]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_saves_every_typed_answer_from_a_clean_file(vendor, questionnaire, kind):
    data = csv_bytes(GOOD_ROWS) if kind == "csv" else xlsx_bytes(GOOD_ROWS)
    result = run(data, vendor, questionnaire, filename=f"answers.{kind}")
    assert result.ok, reasons(result)
    assert result.created == 8
    answers = {a.question.code: a for a in Answer.objects.select_related("question")}
    assert answers["Q-01"].value_bool is True
    assert answers["Q-02"].value_choices == ["Medium"]
    assert answers["Q-03"].value_choices == ["A", "C"]
    assert answers["Q-04"].value_number == Decimal("42.5")
    assert answers["Q-06"].value_date == datetime.date(2027, 3, 31)
    assert answers["Q-07"].value_text == "=kept as text, neutralised"
    assert answers["Q-08"].value_number == 4
    response = Response.objects.get()
    assert (response.required_answered, response.required_total) == (6, 6)
    assert response.status == ResponseStatus.DRAFT


def test_it_changes_nothing_when_the_same_file_is_imported_again(vendor, questionnaire):
    data = csv_bytes(GOOD_ROWS)
    run(data, vendor, questionnaire)
    before = list(Answer.objects.values_list("pk", "updated_at").order_by("pk"))
    version = Response.objects.get().version
    again = run(data, vendor, questionnaire)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert list(Answer.objects.values_list("pk", "updated_at").order_by("pk")) == before
    assert Response.objects.get().version == version + 1  # the import itself is stamped, not the answers


def test_it_treats_blank_answers_as_missing_not_as_errors_and_never_erases(vendor, questionnaire):
    run(csv_bytes([("Q-04", "7")]), vendor, questionnaire)
    result = run(csv_bytes([("Q-01", "no"), ("Q-04", ""), ("Q-06", "  ")]), vendor, questionnaire)
    assert result.ok
    assert result.blank == 2
    assert Answer.objects.get(question__code="Q-04").value_number == 7
    response = Response.objects.get()
    assert (response.required_answered, response.required_total) == (2, 6)


BAD_ROWS = {
    "unknown question id": (
        {"Question id": "Q-99", "Answer": "1"},
        "Question id",
        "No question with this id",
    ),
    "wrong type": ({"Question id": "Q-04", "Answer": "forty"}, "Answer", "Not a number"),
    "bad date": ({"Question id": "Q-06", "Answer": "31/02/2027"}, "Answer", "Not a date"),
    "scale out of range": ({"Question id": "Q-08", "Answer": "7"}, "Answer", "whole number from 0 to 5"),
    "not among choices": (
        {"Question id": "Q-02", "Answer": "Huge"},
        "Answer",
        "Not one of the allowed values",
    ),
    "one of several not among choices": (
        {"Question id": "Q-03", "Answer": "A; Z"},
        "Answer",
        "'Z' is not one",
    ),
    "yes/no": ({"Question id": "Q-01", "Answer": "maybe"}, "Answer", "Answer Yes or No"),
    "negative amount": ({"Question id": "Q-05", "Answer": "-5"}, "Answer", "cannot be negative"),
    "bad evidence grade": (
        {"Question id": "Q-04", "Answer": "1", "Evidence grade": "rumour"},
        "Evidence grade",
        "Not an evidence grade",
    ),
    "formula in a CSV cell": (
        {"Question id": "Q-07", "Answer": "=HYPERLINK(1)"},
        "Answer",
        "Formulas are not",
    ),
    "missing question id": ({"Question id": "", "Answer": "5"}, "Question id", "question id is missing"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_it_saves_nothing_and_names_the_row_when_one_row_is_bad(vendor, questionnaire, case):
    bad, column, reason = BAD_ROWS[case]
    rows = [row for row in GOOD_ROWS if row[0] != bad["Question id"]][:7]
    rows.insert(3, bad)
    result = run(csv_bytes(rows), vendor, questionnaire)
    assert not result.ok
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (5, column)
    assert reason in error.reason
    assert Answer.objects.count() == 0
    assert Response.objects.count() == 0


def test_it_reports_a_duplicate_row_with_the_row_it_repeats(vendor, questionnaire):
    result = run(csv_bytes([*GOOD_ROWS, ("Q-02", "High")]), vendor, questionnaire)
    assert reasons(result) == [(10, "Question id", "This question appears twice (first on row 3).")]
    assert Answer.objects.count() == 0


def test_it_rejects_a_formula_cell_in_a_workbook(vendor, questionnaire):
    rows = [("Q-04", "=1+1"), ("Q-01", "Yes")]  # openpyxl stores a string starting with '=' as a formula
    result = run(xlsx_bytes(rows), vendor, questionnaire, filename="answers.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Answer")]
    assert "Formulas are not accepted" in result.errors[0].reason
    assert Answer.objects.count() == 0


def test_it_finds_the_one_bad_row_among_thousands_and_saves_nothing(vendor):
    big = many_questions(3000)
    rows = [(f"N-{i:05d}", str(i)) for i in range(3000)]
    rows[2345] = ("N-02345", "not a number")
    result = run(csv_bytes(rows), vendor, big)
    assert [(e.row, e.value) for e in result.errors] == [(2347, "not a number")]
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        ("Question id,Answer\nQ-04,café\n".encode("latin-1"), "a.csv", "not UTF-8 encoded"),
        (b"just some notes, not a workbook\n", "a.xlsx", "not really an Excel workbook"),
        (b"PK\x03\x04garbage that is no zip", "a.xlsx", "cannot be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xls", "old binary Excel file"),
        (b"Question id,Answer\n", "a.pdf", "Upload an Excel workbook"),
        (b"", "a.csv", "empty"),
        (b"Question,Reply\nQ-04,1\n", "a.csv", "header row lacks"),
    ],
)
def test_it_refuses_files_that_are_not_a_usable_spreadsheet(vendor, questionnaire, data, filename, reason):
    result = run(data, vendor, questionnaire, filename=filename)
    assert not result.ok
    assert reason in result.errors[0].reason
    assert Response.objects.count() == 0


def test_it_refuses_a_renamed_workbook_posing_as_csv(vendor, questionnaire):
    result = run(xlsx_bytes(GOOD_ROWS), vendor, questionnaire, filename="answers.csv")
    assert "not a text file" in result.errors[0].reason


def test_it_refuses_too_many_rows(vendor, questionnaire):
    rows = [("Q-04", "1")] * 11
    result = run(csv_bytes(rows), vendor, questionnaire, max_rows=10)
    assert [e.reason for e in result.errors] == ["Too many rows: at most 10 answer rows in one file."]


def test_it_refuses_a_file_that_is_too_large(vendor, questionnaire, settings):
    from evaluator.responses import reading

    with pytest.raises(reading.FileRejected, match="too large"):
        reading.read_sheet(b"x" * 101, "a.csv", max_bytes=100)


@pytest.mark.parametrize("status", [ResponseStatus.LOCKED, ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED])
def test_it_refuses_to_import_into_a_response_that_is_not_being_edited(vendor, questionnaire, status):
    response = start_response(vendor, questionnaire, None)
    Response.objects.filter(pk=response.pk).update(status=status)
    result = run(csv_bytes(GOOD_ROWS), vendor, questionnaire)
    assert not result.ok
    if status == ResponseStatus.LOCKED:
        assert "locked" in result.errors[0].reason
    assert Answer.objects.count() == 0


def test_it_reads_semicolon_separated_csv_from_european_excel(vendor, questionnaire):
    data = b"Question id;Answer\nQ-04;12\nQ-02;High\n"
    result = run(data, vendor, questionnaire)
    assert result.ok and result.created == 2


def test_it_imports_into_an_existing_draft_and_marks_changed_answers_for_review(vendor, questionnaire):
    run(csv_bytes(GOOD_ROWS), vendor, questionnaire)
    Answer.objects.update(review_state="accepted")
    result = run(csv_bytes([("Q-04", "43"), ("Q-08", "4")]), vendor, questionnaire)
    assert (result.updated, result.unchanged) == (1, 1)
    changed = Answer.objects.get(question__code="Q-04")
    assert changed.value_number == 43 and changed.review_state == "pending"
    assert Answer.objects.get(question__code="Q-08").review_state == "accepted"


def test_the_report_is_csv_with_neutralised_values(vendor, questionnaire):
    result = run(csv_bytes([("Q-99", "x"), ("=cmd", "1")]), vendor, questionnaire)
    report = report_csv(result.errors)
    assert report.splitlines()[0] == "row,question,column,value,reason"
    assert "2,Q-99,Question id,Q-99," in report
    assert ",'=cmd," in report or "Formulas" in report


@pytest.mark.parametrize("rows", [10, 1000])
def test_validation_runs_the_same_queries_whatever_the_row_count(vendor, rows, django_assert_num_queries):
    big = many_questions(1000)
    bad = [(f"N-{i:05d}", "x" if i == 0 else str(i)) for i in range(rows)]
    # 1 response, 2 questions + choices, no answers query (no response yet): nothing grows with rows.
    with django_assert_num_queries(3):
        result = run(csv_bytes(bad), vendor, big)
    assert len(result.errors) == 1


@pytest.mark.parametrize("rows", [10, 1000])
def test_a_successful_import_runs_a_fixed_number_of_queries(vendor, rows, django_assert_num_queries):
    big = many_questions(1000)
    start_response(vendor, big, None)
    good = [(f"N-{i:05d}", str(i)) for i in range(rows)]
    # response, choices, questions, existing answers; savepoint, stamp + progress UPDATE,
    # one executemany INSERT of every new answer, one INSERT of the response's history row (one
    # per import, not per answer), release savepoint. On PostgreSQL the rows go in with COPY on
    # the driver's cursor, which Django's query log does not see.
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 9):
        result = run(csv_bytes(good), vendor, big)
    assert result.ok and result.created == rows
    response = Response.objects.get()
    assert (response.required_answered, response.required_total) == (rows, 1000)


def test_each_row_error_names_the_question_id_of_its_row(vendor, questionnaire):
    result = run(csv_bytes([("Q-01", "maybe"), ("Q-04", "about 40"), ("", "orphan")]), vendor, questionnaire)
    assert [(e.row, e.question, e.column) for e in result.errors] == [
        (2, "Q-01", "Answer"),
        (3, "Q-04", "Answer"),
        (4, "", "Question id"),
    ]


def test_progress_after_an_import_counts_an_answer_needing_evidence_only_with_its_file(vendor, questionnaire):
    questionnaire.questions.filter(code="Q-04").update(evidence_required=True)
    result = run(csv_bytes(GOOD_ROWS), vendor, questionnaire)
    assert result.ok, reasons(result)
    response = Response.objects.get()
    # Q-04 is answered but its evidence file is not there: submission would fail, so 5/6.
    assert (response.required_answered, response.required_total) == (5, 6)
