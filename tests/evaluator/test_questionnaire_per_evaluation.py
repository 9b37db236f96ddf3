"""A vendor can answer a questionnaire version once in general and once per evaluation."""

import pytest
from django.core.management import CommandError, call_command

from evaluator.models import Answer, Response
from evaluator.responses.importing import import_answers
from evaluator.responses.lifecycle import TransitionError, start_response
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def vendor(db):
    return VendorFactory(name="Acme Guard", slug="acme-guard")


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


@pytest.fixture
def evaluation(vendor, risk_leader):
    return EvaluationFactory(name="SOC alerting 2027", owner=risk_leader, candidates=[vendor])


def test_it_keeps_a_general_response_and_one_per_evaluation_apart(vendor, questionnaire, evaluation):
    general = start_response(vendor, questionnaire, None)
    for_selection = start_response(vendor, questionnaire, None, evaluation=evaluation)
    assert general.evaluation is None
    assert for_selection.evaluation == evaluation
    assert Response.objects.count() == 2


def test_it_refuses_a_second_response_for_the_same_evaluation(vendor, questionnaire, evaluation):
    start_response(vendor, questionnaire, None, evaluation=evaluation)
    with pytest.raises(TransitionError, match="already has a response"):
        start_response(vendor, questionnaire, None, evaluation=evaluation)
    assert Response.objects.count() == 1


def test_it_refuses_a_response_for_an_evaluation_the_vendor_is_not_a_candidate_in(questionnaire, evaluation):
    outsider = VendorFactory(name="Outsider", slug="outsider")
    with pytest.raises(TransitionError, match="not a candidate"):
        start_response(outsider, questionnaire, None, evaluation=evaluation)
    assert not Response.objects.exists()


def test_an_import_for_an_evaluation_fills_that_response_and_leaves_the_general_one_alone(
    vendor, questionnaire, evaluation
):
    general = start_response(vendor, questionnaire, None)
    result = import_answers(
        csv_bytes(GOOD_ROWS), "answers.csv", vendor, questionnaire, None, evaluation=evaluation
    )
    assert result.ok, result.errors
    assert result.response.evaluation == evaluation
    assert not Answer.objects.filter(response=general).exists()
    assert Answer.objects.filter(response=result.response).count() == 8


def test_the_commands_take_an_evaluation_and_check_the_vendor_is_a_candidate(
    vendor, questionnaire, evaluation, tmp_path
):
    filled = tmp_path / "answers.csv"
    filled.write_bytes(csv_bytes(GOOD_ROWS))
    common = ["--vendor", vendor.slug, "--questionnaire", str(questionnaire.pk)]
    call_command("import_answers", str(filled), *common, "--evaluation", str(evaluation.pk))
    assert Response.objects.get().evaluation == evaluation
    exported = tmp_path / "out.csv"
    call_command(
        "export_answers", *common, "--evaluation", str(evaluation.pk), "--format", "csv", "-o", str(exported)
    )
    assert "Medium" in exported.read_text()
    other = EvaluationFactory(name="Other selection")
    with pytest.raises(CommandError, match="not a candidate"):
        call_command("import_answers", str(filled), *common, "--evaluation", str(other.pk))
    with pytest.raises(CommandError, match="No evaluation"):
        call_command("export_answers", *common, "--evaluation", "999999", "-o", str(exported))


def test_the_issue_form_offers_only_evaluations_the_user_may_see(
    vendor, questionnaire, evaluation, procurement
):
    hidden = EvaluationFactory(name="Confidential selection", candidates=[vendor])
    client = client_for(procurement)
    page = client.get("/questionnaires/responses/new/").content.decode()
    assert "Confidential selection" not in page
    assert "SOC alerting 2027" not in page  # procurement is not a member of it either
    evaluation.members.add(procurement)
    page = client.get("/questionnaires/responses/new/").content.decode()
    assert "SOC alerting 2027" in page
    response = client.post(
        "/questionnaires/responses/new/",
        {"vendor": vendor.pk, "questionnaire": questionnaire.pk, "evaluation": hidden.pk},
    )
    assert response.status_code == 200
    assert "evaluation" in response.context["form"].errors
    assert not Response.objects.exists()


def test_the_response_page_of_a_selection_is_shown_only_to_those_who_may_see_it(
    vendor, questionnaire, evaluation, executive, risk_leader
):
    # Issue 12, finding 4: a response given for an evaluation follows its visibility (404).
    response = start_response(vendor, questionnaire, None, evaluation=evaluation)
    assert "SOC alerting 2027" in client_for(risk_leader).get(response.get_absolute_url()).content.decode()
    outsider_view = client_for(executive).get(response.get_absolute_url())
    assert outsider_view.status_code == 404
    assert "SOC alerting 2027" not in outsider_view.content.decode()
