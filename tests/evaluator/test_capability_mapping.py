"""Issue 15 §4: mapping an imported version's questions to capabilities in one POST, and the
accepted answers then feeding the capability assessments."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Response, ResponseStatus
from evaluator.questionnaires.importing import import_questionnaire
from evaluator.responses import lifecycle
from tests import factories
from tests.conftest import client_for, warm_permissions
from tests.evaluator.questionnaire_helpers import many_questions
from vendors.models import CapabilityAssessment

SMALL = Path(__file__).parent / "data" / "vsaq_small.json"


@pytest.fixture
def imported(db, procurement):
    return import_questionnaire(SMALL.read_bytes(), "vsaq_small.json", procurement).questionnaire


def url(questionnaire) -> str:
    return f"/questionnaires/{questionnaire.pk}/capabilities/"


def field(question) -> str:
    return f"capability-{question.pk}"


def test_the_page_lists_every_question_with_the_taxonomy_grouped_by_domain(procurement, imported):
    page = client_for(procurement).get(url(imported))
    assert page.status_code == 200
    html = page.content.decode()
    for question in imported.questions.all():
        assert f'name="{field(question)}"' in html and question.code in html
    assert '<optgroup label="' in html and ">SIEM</option>" in html
    assert "Capabilities" in client_for(procurement).get(imported.get_absolute_url()).content.decode()


def test_one_post_maps_them_all_and_a_bad_value_saves_nothing(procurement, imported):
    dr = imported.questions.get(code="hosting_dr")
    region = imported.questions.get(code="hosting_region")
    siem, edr = factories.capability("siem"), factories.capability("edr-xdr")
    client = client_for(procurement)

    bad = client.post(url(imported), {field(dr): siem.pk, field(region): "999999"})
    assert bad.status_code == 200 and "hosting_region" in bad.content.decode()
    assert "Nothing was saved" in bad.content.decode()
    assert not imported.questions.filter(capability__isnull=False).exists()

    saved = client.post(url(imported), {field(dr): siem.pk, field(region): edr.pk}, follow=True)
    assert "2 questions mapped anew." in saved.content.decode()
    dr.refresh_from_db()
    region.refresh_from_db()
    assert (dr.capability, region.capability) == (siem, edr)
    assert dr.history.first().capability_id == siem.pk  # audited like an edit on the question form

    # Leaving a select empty removes the link.
    client.post(url(imported), {field(dr): siem.pk, field(region): ""})
    region.refresh_from_db()
    assert region.capability is None


def test_an_accepted_response_feeds_the_mapped_imported_questions(procurement, risk_leader, imported):
    dr = imported.questions.get(code="hosting_dr")
    region = imported.questions.get(code="hosting_region")
    siem, edr = factories.capability("siem"), factories.capability("edr-xdr")
    client_for(procurement).post(url(imported), {field(dr): siem.pk, field(region): edr.pk})
    # Imported choices carry no points; the yes/no gets them on its question form.
    dr.choices.filter(label="Yes").update(score=4)

    vendor = factories.VendorFactory(name="Mapped Vendor", slug="mapped-vendor")
    response = lifecycle.start_response(vendor, imported, procurement)
    first_region = region.choices.order_by("position").first()
    lifecycle.save_answers(
        response,
        procurement,
        {
            dr: lifecycle.AnswerChange(value=True, evidence_grade="documented"),
            region: lifecycle.AnswerChange(value=(first_region.label,)),
        },
    )
    Response.objects.filter(pk=response.pk).update(status=ResponseStatus.SUBMITTED)
    response.refresh_from_db()
    lifecycle.accept(response, risk_leader)

    assessment = CapabilityAssessment.objects.get(vendor=vendor, capability=siem)
    assert (assessment.maturity, assessment.evidence_grade) == (4, "documented")
    assert "hosting_dr" in assessment.note
    # The region's choices still carry no points: its answer says nothing about maturity.
    assert not CapabilityAssessment.objects.filter(vendor=vendor, capability=edr).exists()


def test_an_issued_version_is_shown_but_not_changed(procurement, imported):
    vendor = factories.VendorFactory(name="Issued Vendor", slug="issued-vendor")
    lifecycle.start_response(vendor, imported, procurement)
    dr = imported.questions.get(code="hosting_dr")
    client = client_for(procurement)
    page = client.get(url(imported)).content.decode()
    assert "frozen" in page and f'name="{field(dr)}"' not in page
    refused = client.post(url(imported), {field(dr): factories.capability("siem").pk}, follow=True)
    assert "create a new version" in refused.content.decode()
    dr.refresh_from_db()
    assert dr.capability is None


def test_executives_read_the_links_but_cannot_save_them(executive, imported):
    dr = imported.questions.get(code="hosting_dr")
    client = client_for(executive)
    page = client.get(url(imported))
    assert page.status_code == 200 and f'name="{field(dr)}"' not in page.content.decode()
    assert client.post(url(imported), {field(dr): factories.capability("siem").pk}).status_code == 403
    dr.refresh_from_db()
    assert dr.capability is None


def test_the_page_costs_the_same_queries_for_five_or_fifty_questions(procurement):
    client = client_for(procurement)
    warm_permissions(procurement)

    def count(questionnaire):
        client.get(url(questionnaire))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(questionnaire)).status_code == 200
        return len(queries)

    assert count(many_questions(5, family="five")) == count(many_questions(50, family="fifty"))
