"""Reading an uploaded answers file (.xlsx or .csv) into plain rows, refusing what is not one.

The file's kind is decided by its content, and must agree with its name: a
renamed text file is "not really a spreadsheet", an old binary .xls is
refused with a hint, a CSV must be UTF-8.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from common.uploads import UnsafeArchive, check_xml_parts, check_zip_upload

MAX_ROWS = getattr(settings, "QUESTIONNAIRE_IMPORT_MAX_ROWS", 5_000)
MAX_BYTES = getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
SHEET_NAME = "Answers"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, the header being row 1; 0 for the file as a whole
    column: str
    value: str
    reason: str
    question: str = ""  # the question id the row names, when it names one


class FileRejected(Exception):
    def __init__(self, reason: str, row: int = 0, column: str = "", value: str = ""):
        super().__init__(reason)
        self.error = RowError(row, column, value, reason)


@dataclass
class Sheet:
    header: list[str]
    # (row number, cell values, positions of cells holding a formula); blank rows dropped.
    # Plain tuples and lists: a 50,000-row import must not build an object per cell.
    rows: list[tuple[int, list, tuple[int, ...]]]


def read_sheet(data: bytes, filename: str, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Sheet:
    """Parse ``data`` into a header and rows; raises FileRejected with a plain reason."""
    if len(data) > max_bytes:
        raise FileRejected(f"The file is too large ({len(data):,} bytes); the limit is {max_bytes:,} bytes.")
    if not data.strip():
        raise FileRejected("The file is empty.")
    name = filename.lower()
    if data.startswith(_OLE_MAGIC):
        raise FileRejected("This is an old binary Excel file (.xls); save it as .xlsx or as CSV UTF-8.")
    is_zip = data.startswith(_ZIP_MAGIC)
    if name.endswith(".xlsx"):
        if not is_zip:
            raise FileRejected("The file is named .xlsx but is not really an Excel workbook.")
        return _read_xlsx(data, max_rows)
    if name.endswith(".csv"):
        if is_zip or b"\x00" in data[:4096]:
            raise FileRejected("The file is named .csv but is not a text file; is it a workbook renamed?")
        return _read_csv(data, max_rows)
    raise FileRejected("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")


def _too_many(max_rows: int) -> FileRejected:
    return FileRejected(f"Too many rows: at most {max_rows:,} answer rows in one file.")


def _read_xlsx(data: bytes, max_rows: int) -> Sheet:
    from openpyxl import load_workbook

    try:
        check_zip_upload(io.BytesIO(data))
        check_xml_parts(io.BytesIO(data))
    except UnsafeArchive as exc:
        raise FileRejected(str(exc)) from None
    # openpyxl fails lazily: a cell whose content does not match its type only fails when its row is read.
    # Whatever it raises while opening or reading means the same to the user: the workbook is not readable.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return _sheet_rows(workbook, max_rows)
        finally:
            workbook.close()
    except _UNREADABLE as exc:
        raise FileRejected(
            f"The workbook cannot be read ({type(exc).__name__}); is it really an .xlsx file?"
        ) from None


# SyntaxError covers the XML parsers' errors (ElementTree's ParseError is one).
_UNREADABLE = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
)


def _sheet_rows(workbook, max_rows: int) -> Sheet:
    sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    rows_iter = sheet.iter_rows()
    header_cells = next(rows_iter, None)
    if header_cells is None:
        raise FileRejected("The workbook's first sheet is empty.")
    header = ["" if cell.value is None else str(cell.value).strip() for cell in header_cells]
    rows = []
    for number, cells in enumerate(rows_iter, start=2):
        values = [cell.value for cell in cells]
        if all(_blank(value) for value in values):
            continue
        if len(rows) >= max_rows:
            raise _too_many(max_rows)
        formulas = tuple(i for i, cell in enumerate(cells) if cell.data_type == "f")
        rows.append((number, values, formulas))
    return Sheet(header, rows)


def _read_csv(data: bytes, max_rows: int) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            "The file is not UTF-8 encoded; in Excel use 'Save as → CSV UTF-8'.",
            row=line,
            value=repr(data[exc.start : exc.start + 4]),
        ) from None
    first_line = text.split("\n", 1)[0]
    # Excel in many European locales writes ';'-separated "CSV".
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [value.strip() for value in next(reader, [])]
        rows = []
        for number, values in enumerate(reader, start=2):
            if all(_blank(value) for value in values):
                continue
            if len(rows) >= max_rows:
                raise _too_many(max_rows)
            # A CSV has no formulas, but a spreadsheet program would run a cell starting with '='.
            formulas = tuple(i for i, value in enumerate(values) if value.lstrip().startswith("="))
            rows.append((number, values, formulas))
    except csv.Error as exc:
        raise FileRejected(f"The CSV file is malformed: {exc}.", row=reader.line_num) from None
    return Sheet(header, rows)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
