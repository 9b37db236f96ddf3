"""The home page's "Expiring soon": vault documents around today and the answers they back."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluator.responses.importing import import_answers
from tests import factories
from tests.conftest import CAST, client_for, warm_permissions
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.vendors.documents_factory import make_document

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def section(page: str) -> str:
    return page.split('id="expiring"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("role", [role for role in CAST if role != "anonymous"])
def test_every_role_sees_documents_expiring_soon_or_lately_and_not_the_others(cast, role):
    vendor = factories.VendorFactory(name="Acme Guard", slug="acme-guard")
    soon = make_document(vendor, title="Soon", valid_from=days(-300), valid_until=days(10))
    make_document(vendor, title="Lately", valid_from=days(-300), valid_until=days(-20))
    make_document(vendor, title="Long ago", valid_from=days(-300), valid_until=days(-31))
    make_document(vendor, title="Far off", valid_from=days(-300), valid_until=days(31))
    make_document(vendor, title="Forever", valid_from=days(-300), valid_until=None)
    found = section(client_for(cast[role]).get("/").text)
    assert f'href="{soon.get_absolute_url()}"' in found
    assert "Acme Guard: Soon" in found and "expires in 10 days" in found
    assert "Acme Guard: Lately" in found and "expired on" in found
    for other in ("Long ago", "Far off", "Forever"):
        assert other not in found


def test_it_lists_the_answers_backed_by_a_document_expiring_soon_for_responses_the_user_sees(
    procurement, executive
):
    vendor = factories.VendorFactory(name="Acme Guard")
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, small_questionnaire(), procurement)
    answer = result.response.answers.get(question__code="Q-01")
    make_document(vendor, title="Soon", valid_from=days(-300), valid_until=days(5), answers=[answer])
    make_document(
        vendor,
        title="Far",
        valid_from=days(-300),
        valid_until=days(90),
        answers=[result.response.answers.get(question__code="Q-02")],
    )
    found = section(client_for(procurement).get("/").text)
    assert f'href="{result.response.get_absolute_url()}#question-{answer.question_id}"' in found
    assert "· Q-01" in found and "its document expires in 5 days" in found
    assert "· Q-02" not in found
    # A response given for an evaluation the user does not take part in stays out of sight.
    evaluation = EvaluationFactory(candidates=[vendor])
    result.response.evaluation = evaluation
    result.response.save()
    assert "· Q-01" not in section(client_for(executive).get("/").text)


def test_it_says_so_when_nothing_expires(executive):
    assert "Nothing expires in the next 30 days" in section(client_for(executive).get("/").text)


def test_the_section_runs_the_same_queries_for_2_and_20_of_each_row(procurement):
    client = client_for(procurement)
    questionnaire = small_questionnaire()

    def landscape(start, count):
        for n in range(start, start + count):
            vendor = factories.VendorFactory(name=f"Vendor {n:02d}")
            result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, procurement)
            make_document(
                vendor,
                title=f"Doc {n}",
                valid_from=days(-300),
                valid_until=days(n % 25),
                answers=list(result.response.answers.all()),
            )

    def count():
        warm_permissions(procurement)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    landscape(0, 2)
    client.get("/")  # the first visit creates the visit record
    few = count()
    landscape(2, 18)
    assert count() == few
