"""A replaced or deleted evidence file leaves storage once the change is committed, and not before.

Files that no answer names any more would otherwise stay on disk for ever and go
into every backup. A rollback keeps the file; a file still named by another
answer (a carried-forward copy) is kept.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from evaluator.models import Answer, Response, ResponseStatus
from evaluator.questionnaires.versions import new_version
from evaluator.responses.lifecycle import AnswerChange, save_answers, start_response
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(db, procurement):
    return start_response(VendorFactory(), small_questionnaire(), procurement)


def pdf(name: str, body: bytes = b"evidence") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7 " + body)


def stored(answer: Answer) -> Path:
    return Path(answer.attachment.path)


def attach(response, user, code: str, upload) -> Answer:
    question = response.questionnaire.questions.get(code=code)
    save_answers(response, user, {question: AnswerChange(value=Decimal(1), attachment=upload)})
    return Answer.objects.get(response=response, question=question)


def test_replacing_on_the_section_page_removes_the_old_file_after_the_commit(
    draft, procurement, django_capture_on_commit_callbacks
):
    question = draft.questionnaire.questions.get(code="Q-04")
    url = f"/questionnaires/responses/{draft.pk}/sections/{question.section_id}/"
    client = client_for(procurement)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"q{question.pk}": "1", f"f{question.pk}": pdf("first.pdf")})
    first = stored(Answer.objects.get(question=question))
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        client.post(url, {f"q{question.pk}": "1", f"f{question.pk}": pdf("second.pdf")})
    second = stored(Answer.objects.get(question=question))
    assert second.name.startswith("second") and second.exists()
    assert first.exists(), "removed before the commit"
    for callback in pending:
        callback()
    assert not first.exists()
    assert second.exists()


def test_replacing_through_the_api_removes_the_old_file_after_the_commit(
    draft, procurement, django_capture_on_commit_callbacks
):
    answer = attach(draft, procurement, "Q-04", pdf("first.pdf"))
    first = stored(answer)
    with django_capture_on_commit_callbacks(execute=True):
        replaced = token_client(procurement).post(
            f"/api/answers/{answer.pk}/attachment/",
            {"file": pdf("second.pdf")},
            format="multipart",
            HTTP_IF_MATCH=f'"{answer.version}"',
        )
    assert replaced.status_code == 200, replaced.json()
    assert not first.exists()
    assert stored(Answer.objects.get(pk=answer.pk)).exists()


def test_replacing_with_a_file_of_the_same_name_keeps_the_new_one(
    draft, procurement, django_capture_on_commit_callbacks
):
    first = stored(attach(draft, procurement, "Q-04", pdf("proof.pdf", b"one")))
    with django_capture_on_commit_callbacks(execute=True):
        second = stored(attach(draft, procurement, "Q-04", pdf("proof.pdf", b"two")))
    assert second != first
    assert not first.exists()
    assert second.read_bytes().endswith(b"two")


def test_clearing_the_attachment_removes_the_file(draft, procurement, django_capture_on_commit_callbacks):
    answer = attach(draft, procurement, "Q-04", pdf("proof.pdf"))
    path = stored(answer)
    with django_capture_on_commit_callbacks(execute=True):
        answer.attachment = ""  # as the admin's "Clear" box does
        answer.save()
    assert not path.exists()


def test_deleting_the_answer_removes_its_file(draft, procurement, django_capture_on_commit_callbacks):
    answer = attach(draft, procurement, "Q-04", pdf("proof.pdf"))
    path = stored(answer)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        answer.delete()
    assert path.exists(), "removed before the commit"
    for callback in pending:
        callback()
    assert not path.exists()


def test_deleting_the_response_or_the_vendor_removes_the_files_of_its_answers(
    draft, procurement, django_capture_on_commit_callbacks
):
    first = stored(attach(draft, procurement, "Q-04", pdf("a.pdf")))
    second = stored(attach(draft, procurement, "Q-05", pdf("b.pdf")))
    other = start_response(VendorFactory(), draft.questionnaire, procurement)
    third = stored(attach(other, procurement, "Q-04", pdf("c.pdf")))
    with django_capture_on_commit_callbacks(execute=True):
        Response.objects.filter(pk=draft.pk).delete()
    assert not first.exists() and not second.exists()
    assert third.exists()
    with django_capture_on_commit_callbacks(execute=True):
        other.vendor.delete()
    assert not third.exists()


def test_a_file_a_carried_forward_answer_still_names_is_kept(
    draft, procurement, django_capture_on_commit_callbacks
):
    answer = attach(draft, procurement, "Q-04", pdf("proof.pdf"))
    path = stored(answer)
    Response.objects.filter(pk=draft.pk).update(status=ResponseStatus.ACCEPTED)
    later = new_version(draft.questionnaire, procurement)
    carried = start_response(draft.vendor, later, procurement, carry_forward=True)
    copy = Answer.objects.get(response=carried, question__code="Q-04")
    assert copy.attachment.name == answer.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        Answer.objects.filter(pk=answer.pk).delete()
    assert path.exists(), "the carried-forward copy still needs it"
    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert not path.exists()


@transaction.atomic
def then_fail(change):
    """Make ``change``, then fail later in the same transaction: all of it is rolled back."""
    change()
    raise RuntimeError("something later in the request failed")


@pytest.mark.django_db(transaction=True)
def test_a_rollback_keeps_the_old_file_and_a_commit_removes_it(procurement):
    draft = start_response(VendorFactory(), small_questionnaire(), procurement)
    answer = attach(draft, procurement, "Q-04", pdf("first.pdf"))
    first = stored(answer)
    with pytest.raises(RuntimeError):
        then_fail(lambda: attach(draft, procurement, "Q-04", pdf("second.pdf")))
    assert first.exists()
    assert Answer.objects.get(pk=answer.pk).attachment.name == answer.attachment.name
    with pytest.raises(RuntimeError):
        then_fail(Answer.objects.filter(pk=answer.pk).delete)
    assert first.exists()
    attach(draft, procurement, "Q-04", pdf("third.pdf"))  # autocommit: committed at once
    assert not first.exists()
