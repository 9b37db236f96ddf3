"""Exports, the formula-neutralising helper, attachment checks and the two commands."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from common.cells import neutralise_cell, restore_cell
from evaluator.models import Answer, Response
from evaluator.responses.attachments import validate_attachment
from evaluator.responses.exporting import export_csv, export_xlsx
from evaluator.responses.importing import import_answers
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, builtin, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.mark.parametrize("text", ["=1+1", "+31 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_cell_quotes_text_a_spreadsheet_would_run(text):
    assert neutralise_cell(text) == "'" + text
    assert restore_cell(neutralise_cell(text)) == text


def test_neutralise_cell_leaves_plain_text_and_numbers_alone():
    assert neutralise_cell("plain") == "plain"
    assert neutralise_cell(-2) == -2
    assert restore_cell("'quoted on purpose") == "'quoted on purpose"


@pytest.fixture
def answered(db):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard")
    questionnaire = small_questionnaire()
    rows = [*GOOD_ROWS[:6], {"Question id": "Q-07", "Answer": "'=cmd|' /C calc'!A0", "Comment": "-risky"}]
    response = import_answers(csv_bytes(rows), "a.csv", vendor, questionnaire, None).response
    return response


def test_the_workbook_has_drop_downs_and_neutralised_text_and_round_trips(answered):
    data = export_xlsx(answered, answered.questionnaire)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Answers"]
    assert [c.value for c in sheet[1]][:6] == [
        "Question id",
        "Section",
        "Question",
        "Type",
        "Allowed values",
        "Answer",
    ]
    by_code = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert by_code["Q-07"][5].value == "'=cmd|' /C calc'!A0" and by_code["Q-07"][5].data_type == "s"
    assert by_code["Q-07"][7].value == "'-risky"
    targets = {
        str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"
    }
    assert "F3" in targets and "F2" in targets  # single choice and yes/no answers get drop-downs
    assert workbook["Lists"].sheet_state == "hidden"
    again = import_answers(data, "a.xlsx", answered.vendor, answered.questionnaire, None)
    assert again.ok and again.created == again.updated == 0, again.errors


def test_the_answers_file_says_which_questions_are_required_and_need_evidence(answered):
    answered.questionnaire.questions.filter(code="Q-04").update(evidence_required=True)
    sheet = load_workbook(io.BytesIO(export_xlsx(answered, answered.questionnaire)))["Answers"]
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["Required", "Evidence needed", "Shown when"]
    by_code = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert by_code["Q-04"][-3:-1] == ["yes", "yes (attach it in the app)"]
    assert by_code["Q-03"][-3:-1] == ["no", "no"]  # optional, no evidence asked
    # A file in the new layout imports like one in the old (the extra columns are not read back).
    again = import_answers(export_csv(answered, answered.questionnaire), "a.csv", answered.vendor,
                           answered.questionnaire, None)  # fmt: skip
    assert again.ok and again.updated == 0, again.errors


def test_the_csv_export_round_trips_unchanged(answered):
    data = export_csv(answered, answered.questionnaire)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b",'=cmd|" in data
    again = import_answers(data, "a.csv", answered.vendor, answered.questionnaire, None)
    assert again.ok and again.updated == 0, again.errors
    assert Answer.objects.get(question__code="Q-07").value_text == "=cmd|' /C calc'!A0"


def test_exporting_for_a_vendor_without_a_response_gives_the_blank_workbook(db, tmp_path):
    VendorFactory(slug="fresh")
    questionnaire = builtin()
    out = tmp_path / "blank.xlsx"
    call_command("export_answers", vendor="fresh", questionnaire=questionnaire.pk, output=str(out))
    sheet = load_workbook(out)["Answers"]
    assert sheet.max_row == questionnaire.questions.count() + 1
    assert all(row[5].value is None for row in sheet.iter_rows(min_row=2))
    assert not Response.objects.exists()


def test_the_import_command_saves_a_good_file(db, tmp_path, capsys):
    VendorFactory(slug="acme")
    questionnaire = small_questionnaire()
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    call_command("import_answers", str(path), vendor="acme", questionnaire=questionnaire.pk)
    assert "8 answer(s) added" in capsys.readouterr().out
    assert Answer.objects.count() == 8


def test_the_import_command_prints_the_report_writes_it_and_fails_on_a_bad_file(db, tmp_path, capsys):
    VendorFactory(slug="acme")
    questionnaire = small_questionnaire()
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([*GOOD_ROWS, ("Q-99", "1")]))
    report = tmp_path / "report.csv"
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command(
            "import_answers", str(path), vendor="acme", questionnaire=questionnaire.pk, report=str(report)
        )
    assert "No question with this id" in capsys.readouterr().err
    assert report.read_text().splitlines()[1].startswith("10,Q-99,Question id,Q-99,")
    assert Answer.objects.count() == 0


def test_the_import_command_exits_non_zero(db, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "in.csv"
    path.write_bytes(b"nothing")
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_answers",
            str(path),
            "--vendor",
            "nobody",
            "--questionnaire",
            "1",
        ],
        capture_output=True,
        check=False,
    )
    assert completed.returncode != 0


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("proof.pdf", b"%PDF-1.7 ..."),
        ("shot.png", b"\x89PNG\r\n\x1a\n...."),
        ("notes.txt", "café".encode()),
        ("sheet.xlsx", _xlsx()),
    ],
)
def test_attachments_of_allowed_types_pass(name, content):
    validate_attachment(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script>", "content is not a PDF"),
        ("page.html", b"<html>", "not accepted"),
        ("fake.xlsx", b"PK\x03\x04 not really", "not a XLSX"),
        ("binary.txt", b"\x00\x01\x02", "not a TXT"),
    ],
)
def test_attachments_are_checked_on_content_not_only_the_name(name, content, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_attachment(SimpleUploadedFile(name, content))


def test_attachments_over_the_size_limit_are_refused(monkeypatch):
    from common import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="too large"):
        validate_attachment(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))


def test_the_import_command_draws_a_progress_bar_on_long_files(db, tmp_path):
    from tests.evaluator.questionnaire_helpers import many_questions

    VendorFactory(slug="acme")
    big = many_questions(1200)
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([(f"N-{i:05d}", str(i)) for i in range(1200)]))
    err = io.StringIO()
    call_command(
        "import_answers",
        str(path),
        vendor="acme",
        questionnaire=big.pk,
        verbosity=2,
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "Checking rows [" in err.getvalue() and "1200/1200" in err.getvalue()
