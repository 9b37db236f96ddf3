"""A response (or a blank questionnaire) as an .xlsx workbook or a CSV file, ready to fill and re-import."""

import csv
import datetime
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from common.cells import neutralise_cell
from evaluator.models.questionnaires import MAX_POINTS, QuestionKind, Questionnaire, Response
from evaluator.responses.reading import SHEET_NAME
from evaluator.responses.selectors import QuestionRow, question_rows
from evaluator.responses.values import allowed_values, format_value
from vendors.models import EvidenceGrade

HEADER = [
    "Question id",
    "Section",
    "Question",
    "Type",
    "Allowed values",
    "Answer",
    "Evidence grade",
    "Comment",
    # For the respondent only (the import reads the columns above): what submission needs.
    "Required",
    "Evidence needed",
    # The question is asked only when this holds (questionnaires/conditions.py); blank: always.
    "Shown when",
]
ANSWER_COLUMN, GRADE_COLUMN = "F", "G"
WIDTHS = [11, 28, 60, 16, 40, 40, 18, 40, 10, 16, 30]
_LISTABLE = (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.SCALE)


def export_filename(vendor, questionnaire: Questionnaire, extension: str) -> str:
    return f"{vendor.slug}-{questionnaire.family}-v{questionnaire.version_number}.{extension}"


def _cells(row: QuestionRow) -> list:
    question, answer = row.question, row.answer
    return [
        question.code,
        question.section.title,
        question.text,
        question.get_kind_display(),
        _allowed(row),
        format_value(question.kind, row.value),
        answer.get_evidence_grade_display() if answer and answer.evidence_grade else "",
        answer.comment if answer else "",
        ("yes, when shown" if question.shown_when else "yes") if question.required else "no",
        "yes (attach it in the app)" if question.evidence_required else "no",
        question.shown_when,
    ]


def _allowed(row: QuestionRow) -> str:
    question = row.question
    if question.kind == QuestionKind.NOTE and question.severity:
        return f"No answer (a note; severity: {question.get_severity_display()})"
    return allowed_values(question.kind, row.choice_labels, question.currency)


def export_csv(response: Response | None, questionnaire: Questionnaire) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in question_rows(response, questionnaire):
        writer.writerow([neutralise_cell(value) for value in _cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def _typed_answer(row: QuestionRow):
    # Numbers and dates go in as such, so the spreadsheet sorts and checks them.
    if row.value is None:
        return None
    if row.question.kind in (QuestionKind.NUMBER, QuestionKind.CURRENCY, QuestionKind.SCALE):
        return row.value
    if row.question.kind == QuestionKind.DATE:
        return datetime.datetime.combine(row.value, datetime.time())
    return format_value(row.question.kind, row.value)


def export_xlsx(response: Response | None, questionnaire: Questionnaire, vendor=None) -> bytes:
    """The Answers sheet with drop-downs on choice, yes/no, scale and evidence grade cells,
    a hidden Lists sheet that feeds the drop-downs, and an About sheet."""
    rows = question_rows(response, questionnaire)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"

    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    grade_labels = list(EvidenceGrade.labels)
    for index, label in enumerate(grade_labels, start=1):
        lists.cell(row=index, column=1, value=label)
    _validate(sheet, f"$A$1:$A${len(grade_labels)}", f"{GRADE_COLUMN}2:{GRADE_COLUMN}{len(rows) + 1}", lists)

    list_column = 1
    for number, row in enumerate(rows, start=2):
        cells = _cells(row)
        cells[5] = _typed_answer(row)
        sheet.append([neutralise_cell(value) for value in cells])
        sheet.cell(row=number, column=3).alignment = Alignment(wrap_text=True, vertical="top")
        if row.question.kind == QuestionKind.DATE and row.value is not None:
            sheet.cell(row=number, column=6).number_format = "yyyy-mm-dd"
        if row.question.kind in _LISTABLE:
            options = _options(row)
            list_column += 1
            letter = get_column_letter(list_column)
            for index, option in enumerate(options, start=1):
                lists.cell(row=index, column=list_column, value=neutralise_cell(option))
            _validate(sheet, f"${letter}$1:${letter}${len(options)}", f"{ANSWER_COLUMN}{number}", lists)
        elif row.question.kind == QuestionKind.MULTIPLE_CHOICE:
            hint = DataValidation(type=None, allow_blank=True, showInputMessage=True)
            hint.promptTitle, hint.prompt = "Several answers", "Separate the chosen values with ';'"
            hint.add(f"{ANSWER_COLUMN}{number}")
            sheet.add_data_validation(hint)

    about = workbook.create_sheet("About")
    for pair in _about(response, questionnaire, vendor):
        about.append([neutralise_cell(value) for value in pair])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _options(row: QuestionRow) -> list[str]:
    if row.question.kind == QuestionKind.SCALE:
        return [str(points) for points in range(MAX_POINTS + 1)]
    if row.question.kind == QuestionKind.YES_NO:
        return ["Yes", "No"]
    return list(row.choice_labels)


def _validate(sheet, source_range: str, target: str, lists) -> None:
    validation = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(lists.title)}!{source_range}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not an allowed value",
        error="Pick a value from the list.",
    )
    validation.add(target)
    sheet.add_data_validation(validation)


def _about(response, questionnaire, vendor):
    return [
        ("Questionnaire", questionnaire.title),
        ("Version", questionnaire.version_number),
        ("Vendor", str(vendor or (response.vendor if response else ""))),
        ("Status", response.get_status_display() if response else "Not issued yet (blank)"),
        ("Exported at", timezone.now().strftime("%Y-%m-%d %H:%M %Z")),
        (
            "How to fill",
            "Fill the Answer column (and optionally Evidence grade and Comment) on the Answers sheet. "
            "Do not change the Question id column. Type values, not formulas. Blank answers are allowed "
            "and leave the answer as it was.",
        ),
    ]
