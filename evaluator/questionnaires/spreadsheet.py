"""Reading a spreadsheet questionnaire (CSA CAIQ v4, or any sheet by a column mapping) into a plan.

The workbook stays the user's: nothing of CAIQ ships with the product, only the names of the
columns its v4 workbook uses (the preset below). The header row is found on whichever sheet
has the question-id column within its first rows; every row with an id becomes a question.
The plan lists its problems (duplicate ids, missing text, formulas); a plan with problems is
never saved. Nothing here touches the database.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from common.uploads import UnsafeArchive, check_xml_parts, check_zip_upload
from evaluator.models.questionnaires import QuestionKind
from evaluator.questionnaires.vsaq import CODE_LENGTH, LABEL_LENGTH, Plan, PlannedQuestion, PlannedSection

HEADER_SEARCH_ROWS = 30
MAX_ROWS = 5_000
_ZIP_MAGIC = b"PK\x03\x04"
_CODE = re.compile(r"^[A-Za-z0-9_.:&/-]+$")
KINDS = (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.TEXT)


class SheetRefused(ValueError):
    """The file or the mapping cannot be used at all; the message says why."""


@dataclass(frozen=True)
class Mapping:
    """Which columns (by header text, any case) hold what, and the kind the questions get."""

    id_column: str
    text_column: str
    section_column: str = ""  # blank: the id's prefix before the first "-" (CAIQ: A&A-01.1 -> A&A)
    help_column: str = ""
    kind: str = QuestionKind.TEXT
    choices: tuple[str, ...] = ()


def mapping_from(fmt: str, values: dict) -> Mapping | None:
    """The mapping for ``fmt`` from plain values (form, API, command): ``caiq`` starts from the
    CAIQ v4 preset, ``columns`` needs at least the id and text columns; None for other formats."""
    if fmt not in ("caiq", "columns"):
        return None
    base = CAIQ_V4 if fmt == "caiq" else Mapping(id_column="", text_column="")
    given = {
        key: values.get(key) for key in ("id_column", "text_column", "section_column", "help_column", "kind")
    }
    changes = {key: str(value).strip() for key, value in given.items() if value}
    choices = values.get("choices")
    if choices:
        changes["choices"] = tuple(part.strip() for part in re.split(r"[;\n]", str(choices)) if part.strip())
    mapping = Mapping(**{**base.__dict__, **changes})
    if not mapping.id_column or not mapping.text_column:
        raise SheetRefused("Name the columns that hold the question id and the question text.")
    return mapping


CAIQ_V4 = Mapping(
    id_column="Question ID",
    text_column="Question",
    kind=QuestionKind.SINGLE_CHOICE,
    choices=("Yes", "No", "NA"),
)


@dataclass
class SheetPlan:
    plan: Plan
    sheet: str
    header_row: int
    columns: list[str]
    problems: list[str] = field(default_factory=list)  # "row 12: …"


def _rows_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        check_zip_upload(io.BytesIO(data))
        check_xml_parts(io.BytesIO(data))
    except UnsafeArchive as exc:
        raise SheetRefused(str(exc)) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        raise SheetRefused(f"The workbook cannot be read ({type(exc).__name__}).") from None
    try:
        for sheet in workbook.worksheets:
            rows = []
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise SheetRefused(f"Too many rows: at most {MAX_ROWS:,} questions in one sheet.")
                rows.append([(cell.value, cell.data_type == "f") for cell in cells])
            yield sheet.title, rows
    finally:
        workbook.close()


def _rows_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetRefused("The file is not UTF-8 encoded; in Excel use 'Save as → CSV UTF-8'.") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = [
            [(value, value.lstrip().startswith("=")) for value in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise SheetRefused(f"The CSV file is malformed: {exc}.") from None
    if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise SheetRefused(f"Too many rows: at most {MAX_ROWS:,} questions in one file.")
    yield "CSV", rows


def _text(value) -> str:
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()


def read_sheet_questionnaire(data: bytes, filename: str, mapping: Mapping, title: str) -> SheetPlan:
    """The plan of the spreadsheet in ``data`` under ``mapping``; raises SheetRefused when no sheet
    has the id and text columns (naming what was looked for)."""
    name = filename.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetRefused("This is an old binary Excel file (.xls); save it as .xlsx.")
    if name.endswith(".xlsx"):
        if not data.startswith(_ZIP_MAGIC):
            raise SheetRefused("The file is named .xlsx but is not really an Excel workbook.")
        sheets = _rows_xlsx(data)
    elif name.endswith(".csv"):
        if data.startswith(_ZIP_MAGIC) or b"\x00" in data[:4096]:
            raise SheetRefused("The file is named .csv but is not a text file.")
        sheets = _rows_csv(data)
    else:
        raise SheetRefused("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
    if mapping.kind not in KINDS:
        raise SheetRefused(f"Unknown question type {mapping.kind!r}.")
    if (
        mapping.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
        and len(mapping.choices) < 2
    ):
        raise SheetRefused("A choice question needs at least two choices.")
    for sheet_name, rows in sheets:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            header = [_text(value).casefold() for value, _ in row]
            if mapping.id_column.casefold() in header and mapping.text_column.casefold() in header:
                return _plan(
                    sheet_name, index + 1, [_text(v) for v, _ in row], rows[index + 1 :], mapping, title
                )
    raise SheetRefused(
        f"No sheet has a header row with the columns “{mapping.id_column}” and “{mapping.text_column}” "
        f"in its first {HEADER_SEARCH_ROWS} rows; name the columns that hold the question id and text."
    )


def _plan(sheet: str, header_row: int, header: list[str], rows, mapping: Mapping, title: str) -> SheetPlan:
    folded = [name.casefold() for name in header]

    def position(column: str) -> int | None:
        if not column:
            return None
        if column.casefold() not in folded:
            raise SheetRefused(f"The sheet “{sheet}” has no column “{column}” (row {header_row}).")
        return folded.index(column.casefold())

    at_id, at_text = position(mapping.id_column), position(mapping.text_column)
    at_section, at_help = position(mapping.section_column), position(mapping.help_column)
    result = SheetPlan(Plan(title=title), sheet, header_row, [name for name in header if name])
    sections: dict[str, PlannedSection] = {}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=header_row + 1):

        def cell(at, row=row):
            return row[at] if at is not None and at < len(row) else (None, False)

        code, text = _text(cell(at_id)[0]), _text(cell(at_text)[0])
        if not code:
            continue
        where = f"row {number} ({code[:40]})"
        if any(cell(at)[1] for at in (at_id, at_text, at_section, at_help)):
            result.problems.append(f"{where}: formulas are not accepted; type the value itself.")
            continue
        if len(code) > CODE_LENGTH or not _CODE.match(code):
            result.problems.append(
                f"{where}: a question id has at most {CODE_LENGTH} letters, digits and _ . : & / -."
            )
            continue
        if code.casefold() in seen:
            result.problems.append(f"{where}: the id appears twice (first on row {seen[code.casefold()]}).")
            continue
        seen[code.casefold()] = number
        if not text:
            result.problems.append(f"{where}: the question text is empty.")
            continue
        section_title = _text(cell(at_section)[0]) if at_section is not None else code.split("-", 1)[0]
        section = sections.get(section_title or "Questions")
        if section is None:
            section = sections[section_title or "Questions"] = PlannedSection(
                title=(section_title or "Questions")[:200]
            )
            result.plan.sections.append(section)
        question = PlannedQuestion(
            code=code,
            kind=mapping.kind,
            text=text,
            source_type="spreadsheet",
            help_text=_text(cell(at_help)[0]),
            required=True,
        )
        if mapping.kind == QuestionKind.YES_NO:
            question.choices = [("Yes", ""), ("No", "")]
        elif mapping.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            question.choices = [(label[:LABEL_LENGTH], "") for label in mapping.choices]
        section.questions.append(question)
    if not result.plan.question_count and not result.problems:
        result.problems.append(f"The sheet “{sheet}” has no rows with a question id under row {header_row}.")
    return result
