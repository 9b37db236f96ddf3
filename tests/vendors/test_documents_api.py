"""``/api/documents/``: read by every role, written by editors, checked like the pages; fixed queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from evaluator.responses.importing import import_answers
from tests import factories
from tests.conftest import warm_permissions
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.vendors.documents_factory import PDF, make_document
from vendors.models import VendorDocument


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vendor(db):
    return factories.VendorFactory(name="Acme Guard", slug="acme-guard")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    warm_permissions(user)
    return client


def upload(**changes):
    data = {
        "vendor": changes.pop("vendor"),
        "kind": "soc2_type2",
        "title": "SOC 2 Type II report",
        "valid_from": "2025-01-01",
        "valid_until": "2025-12-31",
        "file": SimpleUploadedFile("soc2.pdf", PDF),
        "capabilities": [factories.capability("siem").pk],
    }
    data.update(changes)
    return data


def test_procurement_uploads_a_document_as_multipart(vendor, procurement):
    reply = api(procurement).post("/api/documents/", upload(vendor=vendor.pk), format="multipart")
    assert reply.status_code == 201, reply.json()
    body = reply.json()
    assert body["title"] == "SOC 2 Type II report" and body["file_name"] == "soc2.pdf"
    assert body["capabilities"] == [factories.capability("siem").pk]
    assert body["status"] == "expired" and body["status_label"] == "expired on 31 Dec 2025"
    assert body["uploaded_by"] == procurement.username
    download = api(procurement).get(body["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")


def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(vendor, procurement):
    client = api(procurement)
    reply = client.post(
        "/api/documents/",
        upload(vendor=vendor.pk, valid_from="2026-01-02", valid_until="2026-01-01"),
        format="multipart",
    )
    assert reply.status_code == 400 and "valid_until" in str(reply.json())
    fake = SimpleUploadedFile("soc2.pdf", b"not a pdf at all")
    reply = client.post("/api/documents/", upload(vendor=vendor.pk, file=fake), format="multipart")
    assert reply.status_code == 400 and "file" in str(reply.json())
    assert not VendorDocument.objects.exists()


def test_an_answer_of_another_vendor_is_refused(vendor, procurement):
    other = factories.VendorFactory()
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", other, small_questionnaire(), procurement)
    reply = api(procurement).post(
        "/api/documents/",
        upload(vendor=vendor.pk, answers=[result.response.answers.first().pk]),
        format="multipart",
    )
    assert reply.status_code == 400 and "answers" in str(reply.json())
    assert not VendorDocument.objects.exists()


def test_update_and_delete_follow_the_roles(vendor, procurement, executive):
    document = make_document(vendor)
    url = f"/api/documents/{document.pk}/"
    assert api(executive).patch(url, {"title": "No"}, format="json").status_code == 403
    assert api(executive).delete(url).status_code == 403
    reply = api(procurement).patch(url, {"title": "Renewed", "valid_until": "2029-01-01"}, format="json")
    assert reply.status_code == 200, reply.json()
    assert reply.json()["title"] == "Renewed" and reply.json()["version"] == document.version + 1
    stale = api(procurement).patch(url, {"title": "Lost", "version": document.version}, format="json")
    assert stale.status_code == 412
    bad = api(procurement).patch(url, {"valid_until": "2020-01-01"}, format="json")
    assert bad.status_code == 400 and "valid_until" in str(bad.json())
    assert api(procurement).delete(url).status_code == 204
    assert not VendorDocument.objects.exists()


def test_the_list_filters_by_vendor_and_every_role_reads_it(vendor, executive):
    make_document(vendor)
    make_document(factories.VendorFactory(), title="Elsewhere")
    reply = api(executive).get(f"/api/documents/?vendor={vendor.pk}")
    assert reply.status_code == 200
    assert [row["title"] for row in reply.json()["results"]] == ["ISO 27001 certificate"]
    assert APIClient().get("/api/documents/").status_code == 401


def test_the_list_runs_the_same_queries_for_1_and_20_documents(vendor, procurement):
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, small_questionnaire(), procurement)
    answers = list(result.response.answers.all())
    client = api(procurement)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/documents/").status_code == 200
        return len(queries)

    make_document(vendor, capabilities=[factories.capability("siem")], answers=answers[:1])
    one = count()
    for n in range(19):
        make_document(
            vendor,
            title=f"Report {n}",
            capabilities=[factories.capability("soar"), factories.capability("siem")],
            answers=answers,
            valid_until=datetime.date(2027, 1, n + 1),
        )
    # The page of documents, the count, capabilities, answers (after the user's permissions).
    assert count() == one


EXPECTED = {
    # role: (list, retrieve, create, update, destroy)
    "anonymous": (401, 401, 401, 401, 401),
    "executive": (200, 200, 403, 403, 403),
    "procurement": (200, 200, 201, 200, 204),
    "risk_leader": (200, 200, 201, 200, 204),
    "admin": (200, 200, 201, 200, 204),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_route_answers_each_role_as_the_pages_do(cast, role):
    from tests.api.conftest import token_client

    vendor = factories.VendorFactory()
    document = make_document(vendor)
    client = token_client(cast[role])
    url = f"/api/documents/{document.pk}/"
    got = (
        client.get("/api/documents/").status_code,
        client.get(url).status_code,
        client.post("/api/documents/", upload(vendor=vendor.pk), format="multipart").status_code,
        client.patch(url, {"title": "Renamed"}, format="json").status_code,
        client.delete(url).status_code,
    )
    assert got == EXPECTED[role]
    assert VendorDocument.objects.filter(pk=document.pk).exists() == (got[4] != 204)
