"""Importing Google's VSAQ questionnaire format: a new version with ids, conditions and tip
severities kept; a malformed file refused naming the item, saving nothing; and the conditions
and tips surviving a round trip through the Excel answers file."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from evaluator.models import Answer, Question, Questionnaire
from evaluator.questionnaires.importing import ImportRefused, import_questionnaire
from evaluator.questionnaires.vsaq import vsaqon_to_json
from evaluator.responses import lifecycle as svc
from evaluator.responses.exporting import export_xlsx
from evaluator.responses.importing import import_answers
from evaluator.responses.selectors import mark_asked, question_rows
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.factories import VendorFactory

SMALL = Path(__file__).parent / "data" / "vsaq_small.json"


def small_bytes() -> bytes:
    return SMALL.read_bytes()


@pytest.fixture
def imported(db, procurement):
    return import_questionnaire(small_bytes(), "vsaq_small.json", procurement)


def by_code(questionnaire) -> dict[str, Question]:
    return {q.code: q for q in questionnaire.questions.prefetch_related("choices")}


def test_vsaqon_comments_and_string_concatenations_are_read_as_vsaq_reads_them():
    text = '// a comment\n{"a": "one, " +\n   "two", // not a comment inside a line\n "b": "\\x41"}'
    assert json.loads(vsaqon_to_json(text.replace(" // not a comment inside a line", ""))) == {
        "a": "one, two",
        "b": "A",
    }


def test_a_vsaq_file_becomes_a_new_version_keeping_ids_types_and_severities(imported):
    questionnaire = imported.questionnaire
    assert (questionnaire.family, questionnaire.version_number) == ("vsaq_small", 1)
    assert questionnaire.title == "Converged SOC vendor check"
    assert [s.title for s in questionnaire.sections.all()] == ["Hosting", "Access control"]
    questions = by_code(questionnaire)
    kinds = {code: (q.kind, q.source_type) for code, q in questions.items()}
    assert kinds["hosting_provider"] == ("text", "line")
    assert kinds["hosting_region"] == ("single_choice", "radiogroup")  # no id: the choices' common prefix
    assert kinds["hosting_dr"] == ("yes_no", "yesno")
    assert kinds["block_dr"] == ("note", "block")  # a nested block: a heading note
    assert kinds["hosting_dr_plan"] == ("text", "box")
    assert (
        kinds["hosting_dr_report"] == ("text", "upload") and questions["hosting_dr_report"].evidence_required
    )
    assert kinds["access_methods"] == ("multiple_choice", "checkgroup")
    assert kinds["access_declaration"] == ("yes_no", "check")
    assert kinds["info-1"] == ("note", "info")
    assert "spacer" not in {q.source_type for q in questions.values()}
    assert questions["hosting_provider"].required and not questions["hosting_dr_plan"].required
    # Choices keep their VSAQ ids; defaultChoice adds VSAQ's "None of the above.".
    assert [(c.code, c.label) for c in questions["access_methods"].choices.all()] == [
        ("access_sso", "Single sign-on (SAML or OIDC)"),
        ("access_mfa", "Multi-factor authentication"),
        ("access_pwd", "Passwords only"),
        ("", "None of the above."),
    ]
    assert (
        questions["hosting_region"].choices.all()[2].label == "In several regions, depending on the customer"
    )
    tip = questions["warn_hosting_region"]
    assert (tip.severity, tip.text) == (
        "high",
        "Data outside the EU: Storing data outside the EU needs a transfer assessment.",
    )
    assert tip.help_text == "Explain the safeguards you apply:"
    assert questions["warn_access_pwd"].severity == "critical"
    assert questions["tip_access_followup"].severity == "info"  # a tip without warn
    assert questions["info-1"].text == "Tell us where the alerting platform runs."  # HTML tags dropped
    assert all(q.weight == 0 for q in questions.values())  # VSAQ gives no points


def test_conditions_are_translated_and_the_original_is_always_kept(imported):
    questions = by_code(imported.questionnaire)
    tip = questions["warn_hosting_region"]
    assert tip.source_condition == "hosting_region_us || hosting_region_mixed"
    assert tip.shown_when == (
        'hosting_region = "In the US only" or hosting_region = "In several regions, depending on the customer"'
    )
    # A block's condition applies to everything inside it.
    assert questions["hosting_dr_report"].shown_when == 'hosting_dr = "Yes"'
    assert questions["hosting_dr_report"].source_condition == "hosting_dr/yes"
    assert questions["warn_access_pwd"].shown_when == (
        'access_methods has "Passwords only" and not (access_methods has "Single sign-on (SAML or OIDC)" '
        'or access_methods has "Multi-factor authentication")'
    )
    # ^id (the item is shown) becomes that item's own condition.
    assert questions["tip_access_followup"].shown_when == questions["warn_access_pwd"].shown_when
    # A text comparison is kept, not applied: the question is always asked.
    ticket = questions["access_ticket"]
    assert (ticket.shown_when, ticket.source_condition) == ("", 'matches(access_ticket/value, "^T-[0-9]+$")')
    assert imported.plan.not_applied == [
        "access_ticket: the condition compares text, which is kept but not applied"
    ]
    assert "1 kept as text only" in imported.summary()


def test_importing_the_same_file_again_adds_the_next_version(imported, procurement):
    again = import_questionnaire(small_bytes(), "vsaq_small.json", procurement)
    assert again.questionnaire.version_number == 2
    named = import_questionnaire(small_bytes(), "x.json", procurement, family="vendor-check")
    assert (named.questionnaire.family, named.questionnaire.version_number) == ("vendor-check", 1)


def _with(document_change) -> bytes:
    document = json.loads(vsaqon_to_json(SMALL.read_text()))
    document_change(document)
    return json.dumps(document).encode()


def _hosting(document) -> list:
    return document["questionnaire"][0]["items"][0]["items"]


MALFORMED = {
    "not json": (b'{"questionnaire": [', "not valid VSAQ JSON"),
    "unknown type": (
        _with(lambda d: _hosting(d).append({"type": "slider", "id": "s1"})),
        "questionnaire[0].items[0].items[7] (id 's1') has an unknown type 'slider'",
    ),
    "choices not a list": (
        _with(lambda d: _hosting(d).append({"type": "radiogroup", "id": "r1", "choices": "yes"})),
        "(id 'r1'): a radiogroup needs a list of choices",
    ),
    "duplicate id": (
        _with(lambda d: _hosting(d).append({"type": "line", "id": "hosting_provider"})),
        "the id 'hosting_provider' is used twice (first at questionnaire[0].items[0].items[1])",
    ),
    "bad choice": (
        _with(
            lambda d: _hosting(d).append(
                {"type": "checkgroup", "id": "c1", "choices": [{"a": "A", "b": "B"}]}
            )
        ),
        "(id 'c1'), choice 1: write each choice as",
    ),
    "extension": (b'{"extensions": [], "namespace": "x"}', "extension file"),
    "workbook": (b"PK\x03\x04rest of a zip", "not a VSAQ questionnaire"),
    "no questionnaire": (b'{"version": 1}', 'no "questionnaire" list'),
    "latin-1": ('{"questionnaire": "é"}'.encode("latin-1"), "not UTF-8"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_is_refused_naming_the_item_and_nothing_is_saved(db, procurement, case):
    data, message = MALFORMED[case]
    before = Questionnaire.objects.count(), Question.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_questionnaire(data, "bad.json", procurement)
    assert message in str(refused.value)
    assert (Questionnaire.objects.count(), Question.objects.count()) == before


def test_a_file_over_the_upload_limit_is_refused(db, procurement):
    with pytest.raises(ImportRefused, match="too large"):
        import_questionnaire(small_bytes(), "vsaq_small.json", procurement, max_bytes=100)


def test_a_failure_while_saving_leaves_nothing_behind(db, procurement, monkeypatch):
    from evaluator.questionnaires import importing

    real = importing.bulk_create_with_history

    def fail_on_choices(objects, model, **kwargs):
        if model.__name__ == "Choice":
            raise RuntimeError("disk full")
        return real(objects, model, **kwargs)

    monkeypatch.setattr(importing, "bulk_create_with_history", fail_on_choices)
    with pytest.raises(RuntimeError):
        import_questionnaire(small_bytes(), "vsaq_small.json", procurement)
    assert not Questionnaire.objects.filter(family="vsaq_small").exists()


# --- the conditions at work, and the round trip through the answers file ---


def _sheet_rows(data: bytes) -> dict[str, dict]:
    sheet = load_workbook(io.BytesIO(data))["Answers"]
    header = [cell.value for cell in sheet[1]]
    return {
        row[0].value: dict(zip(header, (c.value for c in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
    }


def test_conditions_and_tips_survive_a_round_trip_through_the_answers_workbook(imported, procurement):
    questionnaire = imported.questionnaire
    vendor = VendorFactory(slug="round-trip")
    blank = export_xlsx(None, questionnaire)
    rows = _sheet_rows(blank)
    assert rows["warn_hosting_region"]["Type"] == "Note (no answer)"
    assert rows["warn_hosting_region"]["Allowed values"] == "No answer (a note; severity: High)"
    assert rows["warn_access_pwd"]["Allowed values"] == "No answer (a note; severity: Critical)"
    assert rows["hosting_dr_report"]["Shown when"] == 'hosting_dr = "Yes"'
    assert rows["hosting_provider"]["Shown when"] is None
    # Fill the workbook as a vendor would: DR answered No, so the DR block's answers are not asked.
    workbook = load_workbook(io.BytesIO(blank))
    sheet = workbook["Answers"]
    fills = {
        "hosting_provider": "Example Cloud",
        "hosting_region": "In the US only",
        "hosting_dr": "No",
        "hosting_dr_plan": "We would restore from backups.",
        "access_methods": "Passwords only",
    }
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in fills:
            row[5].value = fills[row[0].value]
    filled = io.BytesIO()
    workbook.save(filled)
    result = import_answers(filled.getvalue(), "filled.xlsx", vendor, questionnaire, procurement)
    assert result.ok, result.errors
    assert (result.created, result.ignored) == (4, 1)  # the DR plan is not asked
    response = result.response
    assert not Answer.objects.filter(response=response, question__code="hosting_dr_plan").exists()
    # The exported response file carries the same conditions and tips as the blank one.
    again = _sheet_rows(export_xlsx(response, questionnaire))
    for code, row in rows.items():
        for column in ("Question id", "Type", "Allowed values", "Shown when", "Required"):
            assert again[code][column] == row[column], (code, column)
    assert again["hosting_region"]["Answer"] == "In the US only"
    # And the file imports back unchanged.
    back = import_answers(
        export_xlsx(response, questionnaire), "back.xlsx", vendor, questionnaire, procurement
    )
    assert back.ok and (back.created, back.updated) == (0, 0), back.errors
    # Which tips show follows the answers: the region and password warnings and the follow-up.
    asked = {row.question.code for row in mark_asked(question_rows(response, questionnaire)) if row.asked}
    assert {"warn_hosting_region", "warn_access_pwd", "tip_access_followup"} <= asked
    assert not asked & {"block_dr", "hosting_dr_plan", "hosting_dr_report"}
    assert svc.missing_items(response) == []  # the DR upload is not asked, so not missing


def test_a_note_row_with_an_answer_is_refused_by_the_answers_import(imported, procurement):
    vendor = VendorFactory(slug="note-answer")
    csv_data = b"Question id,Answer\nwarn_hosting_region,acknowledged\n"
    result = import_answers(csv_data, "a.csv", vendor, imported.questionnaire, procurement)
    assert [(e.question, e.reason) for e in result.errors] == [
        ("warn_hosting_region", "This row is a note; it takes no answer. Leave the Answer cell blank.")
    ]


# --- the command, the page and the API ---


def test_the_command_imports_a_file_and_fails_with_the_reason_on_a_bad_one(db, tmp_path, capsys):
    call_command("import_questionnaire", str(SMALL), format="vsaq", family="cmd-check")
    out = capsys.readouterr().out
    assert "as cmd-check v1: 2 section(s), 13 item(s), 7 condition(s); 1 kept as text only." in out
    assert "condition kept as text, not applied: access_ticket" in out
    bad = tmp_path / "bad.json"
    bad.write_bytes(MALFORMED["unknown type"][0])
    with pytest.raises(CommandError, match="unknown type 'slider'.*Nothing was saved"):
        call_command("import_questionnaire", str(bad), format="vsaq", family="cmd-bad")
    assert not Questionnaire.objects.filter(family="cmd-bad").exists()


def test_the_import_page_saves_a_version_or_names_the_problem(db, procurement, executive):
    client = client_for(procurement)
    assert client.get("/questionnaires/import/").status_code == 200
    staged = client.post(
        "/questionnaires/import/",
        {"file": SimpleUploadedFile("vsaq_small.json", small_bytes()), "format": "vsaq"},
    )
    assert staged.status_code == 302 and staged["Location"] == "/questionnaires/import/preview/"
    preview = client.get(staged["Location"]).content.decode()
    assert "Preview of “Converged SOC vendor check” as the next version of vsaq_small" in preview
    assert "<code>warn_access_pwd</code>" in preview and "Nothing has been saved yet." in preview
    assert not Questionnaire.objects.filter(family="vsaq_small").exists()
    done = client.post(staged["Location"])
    questionnaire = Questionnaire.objects.get(family="vsaq_small")
    assert done.status_code == 302 and done["Location"] == questionnaire.get_absolute_url()
    page = client.get(done["Location"]).content.decode()
    assert "Imported “Converged SOC vendor check” as vsaq_small v1" in page
    assert "Shown only when <code>hosting_dr = &quot;Yes&quot;</code>" in page
    bad = SimpleUploadedFile("bad.json", MALFORMED["duplicate id"][0])
    refused = client.post("/questionnaires/import/", {"file": bad, "format": "vsaq"})
    assert refused.status_code == 200
    assert "is used twice" in refused.content.decode() and "Nothing was saved." in refused.content.decode()
    assert Questionnaire.objects.filter(family="bad").count() == 0
    reader = client_for(executive).post(
        "/questionnaires/import/", {"file": SimpleUploadedFile("v.json", small_bytes()), "format": "vsaq"}
    )
    assert reader.status_code == 403
    # The staged upload is used once: the preview is gone after the import.
    assert client.get("/questionnaires/import/preview/")["Location"] == "/questionnaires/import/"


def test_the_api_imports_a_file_as_multipart_and_refuses_a_malformed_one(db, procurement, executive):
    client = token_client(procurement)
    created = client.post(
        "/api/questionnaires/import/",
        {"file": SimpleUploadedFile("vsaq_small.json", small_bytes()), "family": "api-vsaq"},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["questionnaire"]["family"] == "api-vsaq" and len(body["questionnaire"]["questions"]) == 13
    tip = next(q for q in body["questionnaire"]["questions"] if q["code"] == "warn_access_pwd")
    assert (tip["kind"], tip["severity"], tip["source_type"]) == ("note", "critical", "tip")
    assert tip["source_condition"] == "access_pwd && !(access_sso || access_mfa)"
    assert body["not_applied"] == [
        "access_ticket: the condition compares text, which is kept but not applied"
    ]
    refused = client.post(
        "/api/questionnaires/import/",
        {"file": SimpleUploadedFile("bad.json", MALFORMED["bad choice"][0]), "family": "api-bad"},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "(id 'c1'), choice 1" in json.dumps(refused.json())
    assert not Questionnaire.objects.filter(family="api-bad").exists()
    forbidden = token_client(executive).post(
        "/api/questionnaires/import/",
        {"file": SimpleUploadedFile("v.json", small_bytes())},
        format="multipart",
    )
    assert forbidden.status_code == 403
