"""The criteria page (issue 13 §4): headers over their columns, running total and shares, several
new criteria at once, and a reason asked only once the weights are in use (pages and API alike)."""

import re

import pytest
from django.urls import reverse

from evaluator.models import Criterion
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_change_reasons import criteria_form


def criteria_url(evaluation):
    return reverse("evaluator:criteria", args=[evaluation.pk])


def two_criteria(owner, status="draft"):
    evaluation = EvaluationFactory(owner=owner, status=status)
    depth = Criterion.objects.create(
        evaluation=evaluation,
        name="Depth",
        group="capability_depth",
        metric="depth_index",
        weight=30,
        position=0,
    )
    record = Criterion.objects.create(
        evaluation=evaluation,
        name="Record",
        group="delivery_record",
        metric="delivery_record",
        weight=10,
        position=1,
    )
    return evaluation, depth, record


def test_every_header_stands_over_its_own_column(risk_leader):
    evaluation, *_ = two_criteria(risk_leader)
    page = client_for(risk_leader).get(criteria_url(evaluation)).text
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page.split("<thead>")[1].split("</thead>")[0])
    row = page.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(headers) == len(cells)
    column = dict(zip(headers, cells, strict=True))
    assert 'name="criteria-0-questionnaire_section"' in column["Questionnaire section"]
    assert 'name="criteria-0-weight"' in column["Points"]
    assert 'name="criteria-0-position"' in column["Order"]
    assert 'name="criteria-0-DELETE"' in column["Delete"]


def test_it_shows_the_running_total_and_each_criterions_share(risk_leader):
    evaluation, *_ = two_criteria(risk_leader)
    page = client_for(risk_leader).get(criteria_url(evaluation)).text
    assert '<td class="num" id="points-total">40</td>' in page
    assert "75.0&nbsp;%" in page and "25.0&nbsp;%" in page


def test_several_criteria_can_be_added_at_once(risk_leader):
    evaluation, depth, record = two_criteria(risk_leader)
    page = client_for(risk_leader).get(criteria_url(evaluation)).text
    assert 'name="criteria-TOTAL_FORMS" value="5"' in page  # two saved, three blank
    data = {
        **criteria_form(depth, 30),
        "criteria-TOTAL_FORMS": "4",
        "criteria-INITIAL_FORMS": "2",
        "criteria-1-id": str(record.pk), "criteria-1-name": "Record", "criteria-1-group": "delivery_record",
        "criteria-1-direction": "benefit", "criteria-1-source": "metric", "criteria-1-metric": "delivery_record",
        "criteria-1-weight": "10", "criteria-1-position": "1",
    }  # fmt: skip
    for n, name in ((2, "Usability"), (3, "Support")):
        data.update({f"criteria-{n}-name": name, f"criteria-{n}-group": "manual", f"criteria-{n}-direction": "benefit",
                     f"criteria-{n}-source": "manual", f"criteria-{n}-weight": "5", f"criteria-{n}-position": str(n)})  # fmt: skip
    response = client_for(risk_leader).post(criteria_url(evaluation), data)
    assert response.status_code == 302, response.text
    assert set(evaluation.criteria.values_list("name", flat=True)) == {
        "Depth",
        "Record",
        "Usability",
        "Support",
    }


def test_a_draft_changes_weights_without_a_reason_and_the_page_does_not_ask(risk_leader):
    evaluation, depth, _ = two_criteria(risk_leader)
    client = client_for(risk_leader)
    assert "Reason for the change" not in client.get(criteria_url(evaluation)).text
    form = criteria_form(depth, 45)
    form["criteria-TOTAL_FORMS"] = "1"
    assert client.post(criteria_url(evaluation), form).status_code == 302
    depth.refresh_from_db()
    assert depth.weight == 45


def test_once_the_weights_are_in_use_the_page_asks_for_a_reason(risk_leader):
    evaluation, *_ = two_criteria(risk_leader, status="collecting")
    assert "Reason for the change" in client_for(risk_leader).get(criteria_url(evaluation)).text


@pytest.mark.parametrize(("status", "accepted"), [("draft", True), ("scoring", False)])
def test_the_api_follows_the_same_reason_rule(risk_leader, status, accepted):
    evaluation, depth, record = two_criteria(risk_leader, status=status)
    client = token_client(risk_leader)
    patched = client.patch(
        f"/api/criteria/{depth.pk}/", {"weight": 40, "version": depth.version}, format="json"
    )
    weights = client.put(
        f"/api/evaluations/{evaluation.pk}/weights/",
        {"weights": [{"criterion": record.pk, "weight": 20}], "version": evaluation.version},
        format="json",
    )
    expected = 200 if accepted else 400
    assert (patched.status_code, weights.status_code) == (expected, expected), (
        patched.json(),
        weights.json(),
    )
