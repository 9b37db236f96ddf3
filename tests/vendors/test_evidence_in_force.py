"""A documented or verified grade counts only while one of its vault documents is in force on the
evaluation's as-of date (docs/scoring.md, "Evidence grade in force")."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine.scoring import evaluate
from engine.scoring.metrics import EVIDENCE_FACTOR
from evaluator.models import Criterion, RequiredCapability
from evaluator.results import selectors as result_selectors
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.vendors.documents_factory import make_document
from vendors import selectors
from vendors.documents.selectors import lapsed_evidence

BEFORE_EXPIRY = datetime.date(2026, 3, 3)  # the certificate's last day
AFTER_EXPIRY = datetime.date(2026, 3, 4)


@pytest.fixture
def siem(db):
    return factories.capability("siem")


def grade(frame, vendor):
    return frame.loc[frame["vendor_id"] == vendor.pk, "evidence_grade"].tolist()


def test_a_documented_grade_counts_while_its_document_is_in_force_and_self_asserted_after(siem):
    vendor = factories.VendorFactory()
    factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="documented")
    make_document(vendor, capabilities=[siem], valid_until=BEFORE_EXPIRY)
    assert grade(selectors.assessment_frame([vendor.pk], as_of=BEFORE_EXPIRY), vendor) == ["documented"]
    assert grade(selectors.assessment_frame([vendor.pk], as_of=AFTER_EXPIRY), vendor) == ["self_asserted"]
    # Without an as-of date (the vendor page) the grade is read as recorded.
    assert grade(selectors.assessment_frame([vendor.pk]), vendor) == ["documented"]


def test_one_document_in_force_is_enough_and_verified_grades_lapse_too(siem):
    vendor = factories.VendorFactory()
    factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="verified")
    make_document(vendor, title="Old", capabilities=[siem], valid_until=datetime.date(2025, 6, 1))
    renewed = make_document(vendor, title="Renewed", capabilities=[siem], valid_until=None)
    assert grade(selectors.assessment_frame([vendor.pk], as_of=AFTER_EXPIRY), vendor) == ["verified"]
    renewed.delete()
    assert grade(selectors.assessment_frame([vendor.pk], as_of=AFTER_EXPIRY), vendor) == ["self_asserted"]


def test_grades_without_documents_and_grades_that_stand_on_their_own_are_kept(siem):
    vendor, other = factories.VendorFactory(), factories.VendorFactory()
    factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="documented")
    factories.AssessmentFactory(vendor=other, capability=siem, evidence_grade="demonstrated")
    # Another vendor's expired document, and one linked to another capability, back nothing here.
    make_document(other, capabilities=[siem], valid_until=BEFORE_EXPIRY)
    make_document(vendor, capabilities=[factories.capability("soar")], valid_until=BEFORE_EXPIRY)
    frame = selectors.assessment_frame([vendor.pk, other.pk], as_of=AFTER_EXPIRY)
    assert grade(frame, vendor) == ["documented"]
    assert grade(frame, other) == ["demonstrated"]


def test_a_document_not_yet_valid_backs_nothing_yet(siem):
    vendor = factories.VendorFactory()
    factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="documented")
    make_document(vendor, capabilities=[siem], valid_from=AFTER_EXPIRY, valid_until=None)
    assert grade(selectors.assessment_frame([vendor.pk], as_of=BEFORE_EXPIRY), vendor) == ["self_asserted"]


def test_the_frame_is_one_query_however_many_assessments_and_documents(siem):
    def count(vendors):
        with CaptureQueriesContext(connection) as queries:
            selectors.assessment_frame([v.pk for v in vendors], latest_only=False, as_of=AFTER_EXPIRY)
        return len(queries)

    few = [factories.VendorFactory() for _ in range(1)]
    many = [factories.VendorFactory() for _ in range(6)]
    for vendor in few + many:
        factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="documented")
        make_document(vendor, capabilities=[siem], valid_until=BEFORE_EXPIRY)
    assert count(few) == count(many) == 1


def evaluation_with(vendor, rival, as_of):
    evaluation = EvaluationFactory(candidates=[vendor, rival], as_of_date=as_of)
    Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    RequiredCapability.objects.create(
        evaluation=evaluation, capability=factories.capability("siem"), importance=3
    )
    return evaluation


def test_the_ranking_input_changes_when_the_document_expires_before_the_as_of_date(siem):
    vendor = factories.VendorFactory(name="Documented")
    rival = factories.VendorFactory(name="Self-asserted, one level deeper")
    factories.AssessmentFactory(vendor=vendor, capability=siem, maturity=5, evidence_grade="documented")
    factories.AssessmentFactory(vendor=rival, capability=siem, maturity=4, evidence_grade="demonstrated")
    make_document(vendor, capabilities=[siem], valid_until=BEFORE_EXPIRY)

    def depth(as_of):
        metrics = evaluate(result_selectors.scoring_inputs(evaluation_with(vendor, rival, as_of))).metrics
        return metrics.loc[vendor.pk, "depth_index"], metrics.loc[rival.pk, "depth_index"]

    mine, theirs = depth(BEFORE_EXPIRY)
    assert mine == pytest.approx(5 / 5 * EVIDENCE_FACTOR["documented"])  # 0.80
    assert theirs == pytest.approx(4 / 5 * EVIDENCE_FACTOR["demonstrated"])  # 0.72
    assert mine > theirs
    mine, theirs = depth(AFTER_EXPIRY)
    assert mine == pytest.approx(5 / 5 * EVIDENCE_FACTOR["self_asserted"])  # 0.60: now behind
    assert mine < theirs


def test_the_scorecard_flags_a_grade_not_counted_because_its_certificate_expired(siem, risk_leader):
    vendor = factories.VendorFactory(name="Lapsed", slug="lapsed")
    rival = factories.VendorFactory(name="Rival", slug="rival")
    factories.AssessmentFactory(vendor=vendor, capability=siem, maturity=5, evidence_grade="documented")
    factories.AssessmentFactory(vendor=rival, capability=siem, maturity=4)
    make_document(vendor, capabilities=[siem], valid_until=BEFORE_EXPIRY)
    evaluation = evaluation_with(vendor, rival, AFTER_EXPIRY)
    evaluation.owner = risk_leader
    evaluation.save()
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/vendors/lapsed/scorecard/").text
    assert "Evidence not counted" in page
    assert "ISO 27001 certificate expired 3 Mar 2026: documented grade not counted for SIEM" in page
    rival_page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/vendors/rival/scorecard/").text
    assert "Evidence not counted" not in rival_page


def test_lapsed_evidence_names_nothing_while_a_document_is_in_force(siem):
    vendor = factories.VendorFactory()
    factories.AssessmentFactory(vendor=vendor, capability=siem, evidence_grade="documented")
    make_document(vendor, capabilities=[siem], valid_until=BEFORE_EXPIRY)
    assert lapsed_evidence(vendor.pk, BEFORE_EXPIRY) == []
    [row] = lapsed_evidence(vendor.pk, AFTER_EXPIRY)
    assert row["capability"] == siem and row["grade"] == "documented"
