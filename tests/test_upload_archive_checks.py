"""Uploads that are zips (.xlsx, .docx) are refused when they would unpack to too much."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import UnsafeArchive, ZipLimits, check_zip_upload
from evaluator.models import Answer
from evaluator.responses.attachments import validate_attachment
from evaluator.responses.lifecycle import start_response
from evaluator.responses.reading import FileRejected, read_sheet
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, small_questionnaire, xlsx_bytes
from tests.factories import VendorFactory


def with_extra_member(workbook: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one more part inside, as a crafted bomb would carry."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as old,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(name, content)
    return buffer.getvalue()


def bomb_workbook() -> bytes:
    # 60 MB of one repeated byte compresses to about 60 KB: 1000:1.
    return with_extra_member(xlsx_bytes(GOOD_ROWS), "xl/sharedStrings2.xml", b"A" * (60 * 1024 * 1024))


def test_an_honest_workbook_passes():
    check_zip_upload(io.BytesIO(xlsx_bytes(GOOD_ROWS)))
    check_zip_upload(io.BytesIO(b"not a zip at all"))


def test_it_refuses_a_part_compressed_far_beyond_a_real_document():
    with pytest.raises(UnsafeArchive, match="archive bomb"):
        check_zip_upload(io.BytesIO(bomb_workbook()))


def test_it_refuses_too_many_parts_and_too_much_in_all():
    workbook = xlsx_bytes(GOOD_ROWS)
    with pytest.raises(UnsafeArchive, match="at most 3 are accepted"):
        check_zip_upload(io.BytesIO(workbook), ZipLimits(max_members=3))
    with pytest.raises(UnsafeArchive, match="unpacks to .* at most 1,000 are accepted"):
        check_zip_upload(io.BytesIO(workbook), ZipLimits(max_total_bytes=1_000))
    with pytest.raises(UnsafeArchive, match="A part of the file .* at most 100 are accepted"):
        check_zip_upload(io.BytesIO(workbook), ZipLimits(max_member_bytes=100))


def test_the_answers_import_refuses_a_bomb_with_a_plain_reason():
    with pytest.raises(FileRejected, match="archive bomb"):
        read_sheet(bomb_workbook(), "answers.xlsx")


def test_an_evidence_attachment_that_is_a_bomb_is_refused():
    upload = SimpleUploadedFile("evidence.xlsx", bomb_workbook())
    with pytest.raises(ValidationError, match="archive bomb"):
        validate_attachment(upload)
    validate_attachment(SimpleUploadedFile("evidence.xlsx", xlsx_bytes(GOOD_ROWS)))


def test_the_import_page_answers_a_bomb_with_a_report_and_saves_nothing(db, procurement):
    draft = start_response(VendorFactory(name="Bomb Vendor"), small_questionnaire(), procurement)
    client = client_for(procurement)
    upload = SimpleUploadedFile("answers.xlsx", bomb_workbook())
    page = client.post(f"/questionnaires/responses/{draft.pk}/import/", {"file": upload})
    assert page.status_code == 200
    assert "archive bomb" in page.text
    assert not Answer.objects.filter(response=draft).exists()
