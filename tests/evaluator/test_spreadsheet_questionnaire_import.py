"""Spreadsheet questionnaires: the user's own CAIQ v4 workbook (here one we wrote in its layout,
with made-up questions) and any sheet by a column mapping, previewed before anything is saved."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from evaluator.models import Question, Questionnaire
from evaluator.questionnaires.importing import ImportRefused, import_questionnaire
from evaluator.questionnaires.spreadsheet import Mapping
from tests.api.conftest import token_client
from tests.conftest import client_for

ROWS = [
    ("A&A-01.1", "Is there a written audit plan for the service (test question)?"),
    ("A&A-01.2", "Is the audit plan reviewed every year (test question)?"),
    ("BCR-02.1", "Is recovery tested at least yearly (test question)?"),
]


def caiq_like(rows=ROWS, header=("Question ID", "Question", "CSP CAIQ Answer", "Notes")) -> bytes:
    """A workbook in the CAIQ v4 layout: an introduction sheet, title rows above the header."""
    workbook = Workbook()
    workbook.active.title = "Introduction"
    workbook.active.append(["Written for these tests"])
    sheet = workbook.create_sheet("CAIQv4")
    sheet.append(["Consensus-style assessment (test copy)"])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append([*row, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_caiq_v4_workbook_imports_keyed_by_question_id_with_domains_as_sections(db, procurement):
    imported = import_questionnaire(caiq_like(), "caiq-v4.xlsx", procurement, fmt="caiq")
    questionnaire = imported.questionnaire
    assert imported.where == "sheet “CAIQv4”, header on row 3"
    assert [s.title for s in questionnaire.sections.all()] == ["A&A", "BCR"]
    question = Question.objects.get(questionnaire=questionnaire, code="A&A-01.1")
    assert (question.kind, question.required, question.source_type) == ("single_choice", True, "spreadsheet")
    assert [c.label for c in question.choices.all()] == ["Yes", "No", "NA"]


def test_the_preview_saves_nothing_and_lists_every_problem(db, procurement):
    rows = [*ROWS, ("A&A-01.1", "Again"), ("BCR-03.1", ""), ("=HYPERLINK(1)", "x")]
    preview = import_questionnaire(caiq_like(rows), "caiq.xlsx", procurement, fmt="caiq", preview=True)
    assert preview.questionnaire is None and not Questionnaire.objects.filter(family="caiq").exists()
    assert preview.problems == [
        "row 7 (A&A-01.1): the id appears twice (first on row 4).",
        "row 8 (BCR-03.1): the question text is empty.",
        "row 9 (=HYPERLINK(1)): formulas are not accepted; type the value itself.",
    ]
    with pytest.raises(ImportRefused, match="3 problem\\(s\\) in the CAIQ v4 workbook: row 7"):
        import_questionnaire(caiq_like(rows), "caiq.xlsx", procurement, fmt="caiq")
    assert not Questionnaire.objects.filter(family="caiq").exists()


def test_any_sheet_imports_by_naming_its_columns(db, procurement):
    data = b"Ref;Ask;Area\nS-1;Do you encrypt backups?;Data\nS-2;Do you log admin access?;Ops\n"
    mapping = Mapping(id_column="ref", text_column="ask", section_column="area", kind="yes_no")
    imported = import_questionnaire(data, "sig-lite.csv", procurement, fmt="columns", mapping=mapping)
    questions = {q.code: q for q in imported.questionnaire.questions.select_related("section")}
    assert {code: (q.kind, q.section.title) for code, q in questions.items()} == {
        "S-1": ("yes_no", "Data"),
        "S-2": ("yes_no", "Ops"),
    }


def test_a_sheet_without_the_named_columns_is_refused_naming_them(db, procurement):
    with pytest.raises(ImportRefused, match="“Question ID” and “Question”"):
        import_questionnaire(caiq_like(header=("Id", "Text")), "x.xlsx", procurement, fmt="caiq")
    with pytest.raises(ImportRefused, match="not really an Excel workbook"):
        import_questionnaire(b"Question ID,Question\n", "x.xlsx", procurement, fmt="caiq")


def test_the_page_previews_a_workbook_then_imports_it(db, procurement):
    client = client_for(procurement)
    staged = client.post(
        "/questionnaires/import/",
        {
            "file": SimpleUploadedFile("caiq-v4.xlsx", caiq_like()),
            "format": "caiq",
            "id_column": "Question ID",
            "text_column": "Question",
        },
    )
    assert staged.status_code == 302
    preview = client.get(staged["Location"]).content.decode()
    assert (
        "read from the sheet “CAIQv4”, header on row 3" in preview and "<code>A&amp;A-01.1</code>" in preview
    )
    assert not Questionnaire.objects.filter(family="caiq-v4").exists()
    done = client.post(staged["Location"])
    assert done["Location"] == Questionnaire.objects.get(family="caiq-v4").get_absolute_url()


def test_the_page_shows_the_problems_and_offers_no_import_button(db, procurement):
    client = client_for(procurement)
    rows = [*ROWS, ("A&A-01.1", "Again")]
    staged = client.post(
        "/questionnaires/import/", {"file": SimpleUploadedFile("c.xlsx", caiq_like(rows)), "format": "caiq"}
    )
    page = client.get(staged["Location"]).content.decode()
    assert "1 problem: nothing can be saved." in page and "Import as a new version" not in page
    assert client.post(staged["Location"]).status_code == 302
    assert not Questionnaire.objects.filter(family="c").exists()


def test_the_api_previews_and_imports_a_mapped_sheet(db, procurement):
    client = token_client(procurement)
    body = {"file": SimpleUploadedFile("caiq.xlsx", caiq_like()), "format": "caiq", "preview": "true"}
    preview = client.post("/api/questionnaires/import/", body, format="multipart")
    assert preview.status_code == 200, preview.json()
    assert preview.json()["questionnaire"] is None
    assert [s["title"] for s in preview.json()["sections"]] == ["A&A", "BCR"]
    assert not Questionnaire.objects.filter(family="caiq").exists()
    body = {
        "file": SimpleUploadedFile("caiq.xlsx", caiq_like()),
        "format": "columns",
        "id_column": "Question ID",
    }
    refused = client.post("/api/questionnaires/import/", body, format="multipart")
    assert refused.status_code == 400 and "question text" in json.dumps(refused.json())
    body = {"file": SimpleUploadedFile("caiq.xlsx", caiq_like()), "format": "caiq"}
    created = client.post("/api/questionnaires/import/", body, format="multipart")
    assert created.status_code == 201 and len(created.json()["questionnaire"]["questions"]) == 3


def test_the_command_previews_and_imports(db, tmp_path, capsys):
    path = tmp_path / "caiq.xlsx"
    path.write_bytes(caiq_like())
    call_command("import_questionnaire", str(path), format="caiq", preview=True)
    assert "Preview of “caiq”" in capsys.readouterr().out
    assert not Questionnaire.objects.filter(family="caiq").exists()
    call_command("import_questionnaire", str(path), format="caiq")
    assert Questionnaire.objects.get(family="caiq").questions.count() == 3
    with pytest.raises(CommandError, match="Name the columns"):
        call_command("import_questionnaire", str(path), format="columns")
