"""No exported spreadsheet cell can start a formula, whatever text people typed."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from common.cells import FORMULA_TRIGGERS, neutralise_cell, restore_cell
from evaluator.models import Answer, Question, Questionnaire, Section
from evaluator.responses.exporting import export_csv, export_xlsx
from tests import factories

# Text biased towards the dangerous first characters, plus anything at all.
dangerous_text = st.one_of(
    st.text(),
    st.builds(
        lambda head, tail: head + tail, st.sampled_from([*FORMULA_TRIGGERS, "'", " ", "\n"]), st.text()
    ),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "'=", "''="]),
        st.text(max_size=5),
    ),
)


@given(dangerous_text)
def test_a_neutralised_text_never_starts_a_formula(value):
    assert not neutralise_cell(value).startswith(FORMULA_TRIGGERS)


@given(dangerous_text)
def test_reading_back_a_neutralised_text_gives_the_original(value):
    assert restore_cell(neutralise_cell(value)) == value


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(), st.dates()))
def test_values_that_are_not_text_pass_unchanged(value):
    assert neutralise_cell(value) == value


def string_cells_of_csv(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def string_cells_of_xlsx(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


@pytest.fixture
def response_with_text(db):
    """A response to a one-question text questionnaire; the test fills in every free-text field."""
    vendor = factories.VendorFactory(name="Formula Vendor")
    questionnaire = Questionnaire.objects.create(family="formula-q", title="Formula questionnaire")
    section = Section.objects.create(questionnaire=questionnaire, position=1, title="S")
    question = Question.objects.create(
        questionnaire=questionnaire, section=section, code="T-01", position=1, text="Q", kind="text"
    )
    from evaluator.responses.lifecycle import start_response

    response = start_response(vendor, questionnaire, None)
    answer, _ = Answer.objects.get_or_create(response=response, question=question)
    return response, answer


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer_text=dangerous_text, comment=dangerous_text, question_text=dangerous_text, title=dangerous_text)
def test_no_exported_cell_starts_a_formula(response_with_text, answer_text, comment, question_text, title):
    response, answer = response_with_text
    # Text the database and the spreadsheet formats can hold (no NUL, no XML control characters).
    clean = {
        name: "".join(ch for ch in value if ch in "\t\r\n" or ord(ch) >= 32)[:200] or "x"
        for name, value in {
            "answer": answer_text,
            "comment": comment,
            "question": question_text,
            "title": title,
        }.items()
    }
    answer.value_text, answer.comment, answer.is_answered = clean["answer"], clean["comment"], True
    answer.save()
    answer.question.text = clean["question"]
    answer.question.save()
    answer.question.section.title = clean["title"]
    answer.question.section.save()

    csv_cells = string_cells_of_csv(export_csv(response, response.questionnaire))
    xlsx_cells = string_cells_of_xlsx(export_xlsx(response, response.questionnaire, response.vendor))
    for cells in (csv_cells, xlsx_cells):
        assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    # The typed text is all there, only prefixed where it had to be (XML turns CR into LF).
    assert neutralise_cell(clean["comment"]) in csv_cells
    assert to_lf(neutralise_cell(clean["comment"])) in xlsx_cells


def to_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
