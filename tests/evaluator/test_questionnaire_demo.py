"""The demo questionnaire responses that seed_demo creates."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from evaluator.models import Response, ResponseStatus
from tests.evaluator.questionnaire_helpers import builtin


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_it_issues_the_builtin_questionnaire_with_a_response_in_every_state(seeded):
    states = dict(Response.objects.values_list("vendor__slug", "status"))
    assert set(states.values()) == set(ResponseStatus.values)
    locked = Response.objects.get(status=ResponseStatus.LOCKED)
    assert locked.locked_by.username == "risk" and locked.required_answered == locked.required_total
    draft = Response.objects.get(status=ResponseStatus.DRAFT)
    assert 0 < draft.required_answered < draft.required_total


def test_the_demo_response_sent_back_names_what_to_change(seeded):
    sent_back = Response.objects.get(status=ResponseStatus.CHANGES_REQUESTED)
    flagged = sent_back.answers.get(review_state="changes_requested")
    assert flagged.question.code == "RD-01" and "fiscal year" in flagged.reviewer_note


def test_exporting_for_a_demo_vendor_without_a_response_gives_the_blank_workbook(seeded, tmp_path):
    out = tmp_path / "quorvia.xlsx"
    call_command(
        "export_answers", vendor="quorvia", questionnaire=builtin().pk, output=str(out), stdout=io.StringIO()
    )
    rows = list(load_workbook(out)["Answers"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 50 and all(row[5] is None for row in rows)


def test_seeding_again_changes_no_response(seeded):
    before = list(Response.objects.values_list("pk", "version", "status").order_by("pk"))
    call_command("seed_demo", stdout=io.StringIO())
    assert list(Response.objects.values_list("pk", "version", "status").order_by("pk")) == before
