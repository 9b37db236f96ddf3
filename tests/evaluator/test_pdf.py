"""Scorecard and dashboard as PDF: a real PDF with the charts drawn and the vendor's name in it."""

import io
import os

import pytest
from pypdf import PdfReader

from common.pdf import static_file
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation

requires_chromium = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="chromium is absent")


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@requires_chromium
def test_the_scorecard_downloads_as_a_pdf_with_the_vendor_name_and_its_charts(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    vendor = evaluation.candidates.order_by("name").last()
    response = client_for(risk_leader).get(
        f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/", {"format": "pdf"}
    )
    text = pdf_text(response)
    assert vendor.name in text
    assert "Where it scores best" in text
    assert vendor.slug in response["Content-Disposition"]


@requires_chromium
def test_the_dashboard_downloads_as_a_pdf(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    text = pdf_text(
        client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/", {"format": "pdf"})
    )
    assert evaluation.name in text
    for vendor in evaluation.candidates.all():
        assert vendor.name in text


def test_the_pdf_of_an_evaluation_is_as_private_as_its_page(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, 2)
    assert (
        client_for(executive).get(f"/evaluations/{evaluation.pk}/dashboard/", {"format": "pdf"}).status_code
        == 404
    )


def test_it_explains_instead_of_failing_when_chromium_is_missing(risk_leader, settings):
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    evaluation = scored_evaluation(risk_leader, 2)
    response = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/", {"format": "pdf"})
    assert response.status_code == 503
    assert "Print" in response.text


def test_only_static_files_are_served_to_the_pdf_renderer():
    assert static_file("/static/css/app.css") is not None
    assert static_file("/static/../config/settings.py") is None
    assert static_file("/static/") is None


def test_the_scorecard_and_the_dashboard_offer_the_pdf_download(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    vendor = evaluation.candidates.first()
    client = client_for(risk_leader)
    for url in (
        f"/evaluations/{evaluation.pk}/dashboard/",
        f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/",
    ):
        assert 'href="?format=pdf">Download PDF' in client.get(url).text
