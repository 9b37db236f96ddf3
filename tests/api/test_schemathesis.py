"""Schemathesis fuzzes every operation of the generated schema, as procurement and as an executive.

It fails on any answer >= 500 and on any answer the schema does not describe
(status code, content type, headers, body). Half of the generated record ids
are swapped for ids that exist, so updates and deletes reach validation
instead of stopping at 404. SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_COVERAGE=1
raise the effort (the defaults keep the suite a few minutes on two cores).
"""

import json
import os
import zlib

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from config.wsgi import application
from evaluator.models import Criterion, ManualScore
from evaluator.portal.invitations import invite
from tests import factories
from tests.api.payloads import answered_response
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.evaluator.test_dashboard import scored_evaluation
from tests.vendors.documents_factory import make_document

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
# The coverage phase (boundary and invalid values for every parameter, ~40 calls per
# operation) passes too but takes ~5 minutes here; SCHEMATHESIS_COVERAGE=1 turns it on.
COVERAGE = os.environ.get("SCHEMATHESIS_COVERAGE", "") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def generated_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


schema = schemathesis.openapi.from_dict(generated_schema())
schema.app = application
schema.config.phases.coverage.enabled = COVERAGE


@pytest.fixture
def _keep_the_test_connection():
    """Called straight through WSGI, Django would close the test's database connection after
    each request (request_finished -> close_old_connections); its test client disconnects
    that handler, and so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_setup(db, procurement, executive, _keep_the_test_connection):
    """Bearer headers for both roles, and one existing record behind every detail path."""
    vendor = factories.VendorFactory(name="Fuzz Vendor", slug="fuzz-vendor")
    briefing = factories.BriefingFactory(vendor=vendor)
    item = factories.RoadmapItemFactory(vendor=vendor, briefing=briefing)
    item.rebaseline(item.target_date.replace(year=2027), "Fuzz", procurement)
    item.save()
    capability = factories.capability()
    token, _ = ApiToken.issue(procurement, "fuzzed")
    evaluation = scored_evaluation(procurement, 3)
    existing = {
        "/api/vendors/{id}/": vendor.pk,
        "/api/capability-domains/{id}/": capability.domain_id,
        "/api/capabilities/{id}/": capability.pk,
        "/api/assessments/{id}/": factories.AssessmentFactory(vendor=vendor).pk,
        "/api/financial-facts/{id}/": factories.FinancialFactFactory(vendor=vendor).pk,
        "/api/funding-events/{id}/": factories.FundingEventFactory(vendor=vendor).pk,
        "/api/roadmap-items/{id}/": item.pk,
        "/api/roadmap-changes/{id}/": item.changes.get().pk,
        "/api/contracts/{id}/": factories.ContractFactory(vendor=vendor).pk,
        "/api/briefings/{id}/": briefing.pk,
        "/api/tokens/{id}/": token.pk,
        **dict.fromkeys(
            ("/api/documents/{id}/", "/api/documents/{id}/download/", "/api/documents/{id}/history/"),
            make_document(vendor).pk,
        ),
        # An evaluation procurement is a member of (the executive gets 404), with a scored candidate.
        **dict.fromkeys(
            (
                "/api/evaluations/{id}/",
                "/api/evaluations/{id}/ranking/",
                "/api/evaluations/{id}/sensitivity/",
                "/api/evaluations/{id}/vendors/{slug}/scorecard/",
                "/api/evaluations/{id}/pairwise/",
                "/api/evaluations/{id}/weights/",
                "/api/evaluations/{id}/default-criteria/",
                "/api/evaluations/{id}/export/",
                "/api/evaluations/{id}/scoring-grid/",
            ),
            evaluation.pk,
        ),
        "/api/criteria/{id}/": evaluation.criteria.first().pk,
        "/api/manual-scores/{id}/": ManualScore.objects.create(
            criterion=Criterion.objects.create(
                evaluation=evaluation, name="Fuzz", group="manual", source="manual"
            ),
            vendor=evaluation.candidates.first(),
            evaluator=procurement,
            score=3,
        ).pk,
    }
    answered = answered_response(vendor, "fuzz", procurement)
    existing |= dict.fromkeys(
        ("/api/answers/{id}/", "/api/answers/{id}/review/", "/api/answers/{id}/attachment/"),
        answered.answers.get().pk,
    )
    draft = small_questionnaire(family="fuzz-draft")  # editable, so fuzzed writes reach validation
    existing |= {
        "/api/questionnaires/{id}/": draft.pk,
        "/api/questionnaires/{id}/new-version/": draft.pk,
        "/api/questionnaires/{id}/export/": draft.pk,
        "/api/questionnaire-sections/{id}/": draft.sections.first().pk,
        "/api/questions/{id}/": draft.questions.first().pk,
    }
    existing |= {
        f"/api/responses/{{id}}/{suffix}": answered.pk
        for suffix in ("", "submit/", "request-changes/", "accept/", "lock/", "import/", "export/")
    }
    invitation, _ = invite(answered, "fuzz@vendor.example", timezone.localdate(), procurement)
    existing |= dict.fromkeys(("/api/invitations/{id}/", "/api/invitations/{id}/revoke/"), invitation.pk)
    headers = {
        user.username: {"Authorization": f"Bearer {ApiToken.issue(user, 'fuzz')[1]}"}
        for user in (procurement, executive)
    }
    return headers, existing


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, fuzz_setup):
    headers, existing = fuzz_setup
    generated_id = (case.path_parameters or {}).get("id")
    # Ids are strings in the schema: the checksum's parity picks half of them, the same
    # half on every run (hypothesis is derandomised).
    if case.path in existing and generated_id is not None and zlib.crc32(str(generated_id).encode()) % 2 == 0:
        case.path_parameters["id"] = existing[case.path]
        if "slug" in case.path_parameters:
            case.path_parameters["slug"] = "candidate-00-of-3"  # a candidate of that evaluation
    for role_headers in headers.values():
        case.call_and_validate(headers=role_headers, checks=CHECKS)
