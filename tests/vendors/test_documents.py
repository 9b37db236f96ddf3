"""The evidence vault pages: list, add (field errors, file checks), edit, delete, download, history;
the vendor page's Documents panel and its warning; carried-forward answers keep their documents."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluator.models import Answer, ReviewState
from evaluator.questionnaires.versions import new_version
from evaluator.responses import lifecycle
from evaluator.responses.importing import import_answers
from tests import factories
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.vendors.documents_factory import PDF, make_document
from vendors.documents.services import add_document
from vendors.models import VendorDocument

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vendor(db):
    return factories.VendorFactory(name="Acme Guard", slug="acme-guard")


@pytest.fixture
def response(vendor, procurement):
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, small_questionnaire(), procurement)
    assert result.ok
    return result.response


def form_data(**changes):
    data = {
        "kind": "iso27001",
        "title": "ISO 27001 certificate",
        "issuer": "Certifier Ltd",
        "scope": "Cloud service",
        "valid_from": "2025-03-04",
        "valid_until": "2028-03-03",
        "file": SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
        "capabilities": [factories.capability("siem").pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_procurement_adds_a_document_linked_to_a_capability_and_an_answer(vendor, response, procurement):
    answer = response.answers.get(question__code="Q-01")
    reply = client_for(procurement).post(
        "/vendors/acme-guard/documents/add/",
        form_data(answers=[answer.pk], contact_email="sec@acme.example", owner=procurement.pk),
    )
    assert reply.status_code == 302
    document = VendorDocument.objects.get()
    assert reply["Location"] == document.get_absolute_url()
    assert (document.title, document.uploaded_by, document.owner) == (
        "ISO 27001 certificate",
        procurement,
        procurement,
    )
    assert list(document.capabilities.values_list("slug", flat=True)) == ["siem"]
    assert list(document.answers.all()) == [answer]
    page = client_for(procurement).get("/vendors/acme-guard/documents/").text
    assert "ISO 27001 certificate" in page and "Certifier Ltd" in page and "in force until 3 Mar 2028" in page
    assert "SIEM" in page and "Q-01" in page


def test_valid_until_before_valid_from_is_a_field_error_and_saves_nothing(vendor, procurement):
    reply = client_for(procurement).post(
        "/vendors/acme-guard/documents/add/", form_data(valid_from="2026-03-04", valid_until="2026-03-03")
    )
    assert reply.status_code == 200
    assert reply.context["form"].errors["valid_until"] == ["“Valid until” cannot be before “valid from”."]
    assert not VendorDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("certificate.pdf", b"MZ\x90\x00 not a pdf", "not a PDF file"),
        ("certificate.exe", b"MZ\x90\x00", "not accepted"),
    ],
)
def test_a_file_refused_by_the_attachment_checks_is_a_field_error(vendor, procurement, name, content, reason):
    upload = SimpleUploadedFile(name, content)
    reply = client_for(procurement).post("/vendors/acme-guard/documents/add/", form_data(file=upload))
    assert reply.status_code == 200
    assert reason in " ".join(reply.context["form"].errors["file"])
    assert not VendorDocument.objects.exists()


def test_a_document_cannot_support_another_vendors_answer(vendor, response):
    other = factories.VendorFactory()
    with pytest.raises(Exception, match="its own vendor"):
        add_document(
            other,
            kind="iso27001",
            title="Elsewhere",
            valid_from=datetime.date(2025, 1, 1),
            file=SimpleUploadedFile("c.pdf", PDF),
            answers=[response.answers.first()],
        )
    assert not VendorDocument.objects.exists()


def test_editing_keeps_the_file_when_none_is_uploaded_and_refuses_a_stale_page(
    vendor, procurement, risk_leader
):
    document = make_document(vendor, valid_until=datetime.date(2027, 1, 1))
    stored = document.file.name
    client = client_for(procurement)
    page = client.get(f"/vendors/documents/{document.pk}/edit/")
    assert page.status_code == 200 and 'value="ISO 27001 certificate"' in page.text
    data = form_data(
        file=None, title="Renewed certificate", valid_until="2029-01-01", version=document.version
    )
    assert client.post(f"/vendors/documents/{document.pk}/edit/", data).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.valid_until, document.file.name) == (
        "Renewed certificate",
        datetime.date(2029, 1, 1),
        stored,
    )
    stale = form_data(file=None, title="Lost update", version=document.version - 1)
    reply = client_for(risk_leader).post(f"/vendors/documents/{document.pk}/edit/", stale)
    assert reply.status_code == 200 and "Someone else saved this document" in reply.text
    document.refresh_from_db()
    assert document.title == "Renewed certificate"


def test_a_new_valid_until_date_is_announced_again(vendor, procurement):
    document = make_document(
        vendor, valid_until=datetime.date(2027, 1, 1), expiry_notice_sent_at=timezone.now()
    )
    data = form_data(file=None, valid_until="2028-01-01", version=document.version)
    client_for(procurement).post(f"/vendors/documents/{document.pk}/edit/", data)
    document.refresh_from_db()
    assert document.expiry_notice_sent_at is None


def test_delete_asks_first_then_deletes_on_post(vendor, procurement):
    document = make_document(vendor)
    client = client_for(procurement)
    assert "cannot be undone" in client.get(f"/vendors/documents/{document.pk}/delete/").text
    assert VendorDocument.objects.exists()
    assert client.post(f"/vendors/documents/{document.pk}/delete/").status_code == 302
    assert not VendorDocument.objects.exists()


def test_the_download_is_an_attachment_for_readers_and_executives_cannot_change_anything(vendor, executive):
    document = make_document(vendor)
    client = client_for(executive)
    reply = client.get(f"/vendors/documents/{document.pk}/download/")
    assert reply.status_code == 200
    assert reply["Content-Disposition"].startswith("attachment;")
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reply.streaming_content) == PDF
    page = client.get("/vendors/acme-guard/documents/").text
    assert "Add a document" not in page and "/edit/" not in page
    assert client.post(f"/vendors/documents/{document.pk}/delete/").status_code == 403
    assert client.get(f"/vendors/documents/{document.pk}/edit/").status_code == 403
    assert client_for(None).get(f"/vendors/documents/{document.pk}/download/").status_code == 302


def test_the_history_page_lists_the_changes(vendor, procurement):
    document = make_document(vendor)
    data = form_data(file=None, title="Changed title", version=document.version)
    client_for(procurement).post(f"/vendors/documents/{document.pk}/edit/", data)
    page = client_for(procurement).get(f"/vendors/documents/{document.pk}/history/").text
    assert "Changed title" in page and "ISO 27001 certificate" in page


def test_the_vault_page_runs_the_same_queries_for_1_and_10_documents(vendor, response, procurement):
    client = client_for(procurement)
    answers = list(response.answers.all())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/vendors/acme-guard/documents/").status_code == 200
        return len(queries)

    make_document(vendor, capabilities=[factories.capability("siem")], answers=answers[:1])
    one = count()
    for n in range(9):
        make_document(
            vendor, title=f"Report {n}", capabilities=[factories.capability("soar")], answers=answers
        )
    assert count() == one


def test_the_vendor_page_warns_of_expired_and_expiring_documents(vendor, executive):
    make_document(
        vendor,
        title="Lapsed SOC 2",
        valid_from=TODAY - datetime.timedelta(days=400),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    make_document(
        vendor,
        title="Soon pentest",
        valid_from=TODAY - datetime.timedelta(days=300),
        valid_until=TODAY + datetime.timedelta(days=12),
    )
    make_document(
        vendor, title="Fine insurance", valid_from=TODAY - datetime.timedelta(days=10), valid_until=None
    )
    page = client_for(executive).get("/vendors/acme-guard/").text
    assert 'id="document-warnings"' in page
    warning = page.split('id="document-warnings"', 1)[1].split("</div>", 1)[0]
    assert "2 documents expired or expiring soon" in warning
    assert "Lapsed SOC 2" in warning and "expired on" in warning
    assert "Soon pentest" in warning and "expires in 12 days" in warning
    assert "Fine insurance" not in warning
    assert 'id="documents"' in page and "Fine insurance" in page


def test_the_vendor_page_has_no_warning_when_every_document_is_in_force(vendor, executive):
    make_document(
        vendor,
        valid_from=TODAY - datetime.timedelta(days=10),
        valid_until=TODAY + datetime.timedelta(days=90),
    )
    page = client_for(executive).get("/vendors/acme-guard/").text
    assert 'id="document-warnings"' not in page and "Open the vault" in page


def test_carried_forward_answers_keep_their_documents_and_expired_ones_are_flagged(
    vendor, response, procurement, risk_leader
):
    expired = make_document(
        vendor,
        title="Expired",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    current = make_document(vendor, title="Current", valid_from=datetime.date(2024, 1, 1), valid_until=None)
    response.answers.get(question__code="Q-01").documents.set([expired])
    response.answers.get(question__code="Q-02").documents.set([expired, current])
    lifecycle.submit(response, procurement)
    lifecycle.accept(response, risk_leader)
    carried = lifecycle.start_response(
        vendor, new_version(response.questionnaire, procurement), procurement, carry_forward=True
    )
    first = Answer.objects.get(response=carried, question__code="Q-01")
    second = Answer.objects.get(response=carried, question__code="Q-02")
    assert list(first.documents.all()) == [expired]
    assert set(second.documents.all()) == {expired, current}
    assert (first.review_state, first.carried_forward) == (ReviewState.PENDING, True)
    page = client_for(procurement).get(carried.get_absolute_url()).text
    row = lambda code: page.split(f"<code>{code}</code>", 1)[1].split("</tr>", 1)[0]  # noqa: E731
    assert "supporting document expired" in row("Q-01")
    assert "supporting document expired" not in row("Q-02")
    assert "Expired" in row("Q-01") and "Current" in row("Q-02")


def test_every_field_at_fault_is_named_at_once(vendor, procurement):
    data = form_data(
        valid_from="2026-03-04", valid_until="2026-03-03", file=SimpleUploadedFile("c.pdf", b"no pdf")
    )
    errors = client_for(procurement).post("/vendors/acme-guard/documents/add/", data).context["form"].errors
    assert set(errors) >= {"valid_until", "file"}
    assert not VendorDocument.objects.exists()
