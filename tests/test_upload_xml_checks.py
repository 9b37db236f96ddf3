"""A workbook whose XML is broken, or carries a DTD or an entity, is refused with a reason, never a 500.

An .xlsx is a zip of XML parts; every part is checked before the spreadsheet
reader sees it: a part that is not well-formed, or that declares a DTD or an
entity (billion laughs, external entities), refuses the whole upload.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import UnsafeArchive, check_xml_parts
from evaluator.models import Answer
from evaluator.responses.importing import import_answers
from evaluator.responses.lifecycle import start_response
from evaluator.responses.reading import FileRejected, read_sheet
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, small_questionnaire, xlsx_bytes
from tests.factories import VendorFactory

SHEET = "xl/worksheets/sheet1.xml"
DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY x "EVIL">]>'
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def with_part(workbook: bytes, name: str, change) -> bytes:
    """The workbook with the part ``name`` replaced by ``change(old content)``."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as old,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == name else data)
    return buffer.getvalue()


def after_prolog(declaration: bytes):
    """Insert ``declaration`` after the part's XML declaration (or at its start)."""

    def change(data: bytes) -> bytes:
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            return data[:end] + declaration + data[end:]
        return declaration + data

    return change


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def entity_in_a_cell(data: bytes) -> bytes:
    # The answer to Q-01 becomes the entity.
    return after_prolog(DOCTYPE)(data).replace(b"<t>yes</t>", b"<t>&x;</t>", 1)


def laughs_in_a_cell(data: bytes) -> bytes:
    return after_prolog(LAUGHS)(data).replace(b"<t>yes</t>", b"<t>&lol9;</t>", 1)


BROKEN = {
    "truncated sheet": (with_part(xlsx_bytes(GOOD_ROWS), SHEET, truncated), "not well-formed"),
    "garbage content types": (
        with_part(xlsx_bytes(GOOD_ROWS), "[Content_Types].xml", lambda _: b"<Types><oops"),
        "not well-formed",
    ),
    "garbage styles": (
        with_part(xlsx_bytes(GOOD_ROWS), "xl/styles.xml", lambda _: b"\x00\xff"),
        "not well-formed",
    ),
    "DTD in the sheet": (
        with_part(xlsx_bytes(GOOD_ROWS), SHEET, after_prolog(b"<!DOCTYPE worksheet>")),
        "DTD",
    ),
    "entity in the sheet": (with_part(xlsx_bytes(GOOD_ROWS), SHEET, entity_in_a_cell), "DTD"),
    "billion laughs in the sheet": (
        with_part(xlsx_bytes(GOOD_ROWS), SHEET, laughs_in_a_cell),
        "DTD",
    ),
    "entity in the workbook part": (
        with_part(xlsx_bytes(GOOD_ROWS), "xl/workbook.xml", after_prolog(DOCTYPE)),
        "DTD",
    ),
    "external entity in the relationships": (
        with_part(
            xlsx_bytes(GOOD_ROWS),
            "_rels/.rels",
            after_prolog(b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        ),
        "DTD",
    ),
}


def test_the_test_workbooks_really_carry_what_they_claim():
    parts = zipfile.ZipFile(io.BytesIO(BROKEN["entity in the sheet"][0]))
    assert b"&x;" in parts.read(SHEET) and b"<!ENTITY" in parts.read(SHEET)
    assert b"&lol9;" in zipfile.ZipFile(io.BytesIO(BROKEN["billion laughs in the sheet"][0])).read(SHEET)


def test_an_honest_workbook_and_a_non_zip_pass_the_check():
    check_xml_parts(io.BytesIO(xlsx_bytes(GOOD_ROWS)))
    check_xml_parts(io.BytesIO(b"not a zip at all"))


@pytest.mark.parametrize("case", BROKEN)
def test_the_check_refuses_the_part_and_names_it(case):
    data, reason = BROKEN[case]
    with pytest.raises(UnsafeArchive, match=reason):
        check_xml_parts(io.BytesIO(data))


def test_the_check_leaves_the_file_where_it_was():
    source = io.BytesIO(xlsx_bytes(GOOD_ROWS))
    source.seek(3)
    check_xml_parts(source)
    assert source.tell() == 3


@pytest.mark.parametrize("case", BROKEN)
def test_the_answers_reader_refuses_with_a_plain_reason(case):
    data, reason = BROKEN[case]
    with pytest.raises(FileRejected, match=reason):
        read_sheet(data, "answers.xlsx")


def test_a_cell_whose_value_is_not_what_its_type_says_is_refused_not_a_crash():
    # Well-formed XML, but a number cell holding text: openpyxl fails while reading the rows.
    data = with_part(
        xlsx_bytes(GOOD_ROWS),
        SHEET,
        lambda part: part.replace(
            b'<c r="F2" t="inlineStr"><is><t>yes</t></is></c>', b'<c r="F2"><v>yes</v></c>'
        ),
    )
    with pytest.raises(FileRejected, match="cannot be read"):
        read_sheet(data, "answers.xlsx")


def test_an_entity_is_never_expanded_into_an_answer(procurement):
    vendor, questionnaire = VendorFactory(), small_questionnaire()
    result = import_answers(BROKEN["entity in the sheet"][0], "a.xlsx", vendor, questionnaire, procurement)
    assert not result.ok
    assert not Answer.objects.exists()
    assert not Answer.objects.filter(value_text__contains="EVIL").exists()


@pytest.mark.parametrize("case", ["truncated sheet", "entity in the sheet", "billion laughs in the sheet"])
def test_the_import_page_answers_with_the_reason_and_saves_nothing(procurement, case):
    data, reason = BROKEN[case]
    draft = start_response(VendorFactory(), small_questionnaire(), procurement)
    page = client_for(procurement).post(
        f"/questionnaires/responses/{draft.pk}/import/", {"file": SimpleUploadedFile("answers.xlsx", data)}
    )
    assert page.status_code == 200
    assert reason in page.text
    assert "nothing was saved" in page.text
    assert not Answer.objects.filter(response=draft).exists()


@pytest.mark.parametrize("case", ["truncated sheet", "entity in the sheet", "garbage content types"])
def test_the_api_answers_400_with_the_reason_and_saves_nothing(procurement, case):
    data, reason = BROKEN[case]
    draft = start_response(VendorFactory(), small_questionnaire(), procurement)
    refused = token_client(procurement).post(
        f"/api/responses/{draft.pk}/import/",
        {"file": SimpleUploadedFile("answers.xlsx", data)},
        format="multipart",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/json")
    assert reason in refused.json()["errors"][0]["message"]
    assert not Answer.objects.filter(response=draft).exists()
