"""Two people entering answers in the same section: nobody overwrites an answer they have not seen.

The pages are submitted as a browser would (every field of the form as rendered, hidden
inputs included), read with tests/html_forms.py.
"""

import pytest

from evaluator.models import Answer
from evaluator.responses.lifecycle import start_response
from tests.concurrency import at_the_same_moment
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import VendorFactory
from tests.html_forms import post_form_fields

CONFLICT = "Someone changed this since you opened the page"


@pytest.fixture
def basics(db, procurement):
    response = start_response(VendorFactory(slug="acme-guard"), small_questionnaire(), procurement)
    section = response.questionnaire.sections.get(title="Basics")
    codes = {question.code: question.pk for question in section.questions.all()}
    return response, f"/questionnaires/responses/{response.pk}/sections/{section.pk}/", codes


def opened(client, url) -> dict:
    return post_form_fields(client.get(url).content.decode(), r"q\d+")


def answer(response, pk) -> Answer:
    return Answer.objects.get(response=response, question_id=pk)


def test_a_stale_page_cannot_overwrite_an_answer_saved_meanwhile(basics, procurement, risk_leader):
    response, url, q = basics
    paula, rick = client_for(procurement), client_for(risk_leader)
    paulas_page, ricks_page = opened(paula, url), opened(rick, url)

    paulas_page[f"c{q['Q-01']}"] = ["Paula: certified in 2024"]
    assert paula.post(url, paulas_page).status_code == 302

    ricks_page[f"c{q['Q-01']}"] = ["Rick: not certified"]
    refused = rick.post(url, ricks_page)
    text = refused.content.decode()
    assert refused.status_code == 200
    assert CONFLICT in text and "Paula: certified in 2024" in text and "Nothing was saved" in text
    assert answer(response, q["Q-01"]).comment == "Paula: certified in 2024"

    # The page that came back knows Paula's value now: saving it again is a deliberate overwrite.
    again = post_form_fields(text, r"q\d+")
    assert again[f"c{q['Q-01']}"] == ["Rick: not certified"]
    assert rick.post(url, again).status_code == 302
    assert answer(response, q["Q-01"]).comment == "Rick: not certified"


def test_a_stale_page_keeps_what_others_changed_in_other_answers(basics, procurement, risk_leader):
    response, url, q = basics
    paula, rick = client_for(procurement), client_for(risk_leader)
    paulas_page, ricks_page = opened(paula, url), opened(rick, url)

    paulas_page[f"q{q['Q-04']}"] = ["12"]
    paulas_page[f"g{q['Q-04']}"] = ["documented"]
    assert paula.post(url, paulas_page).status_code == 302

    ricks_page[f"q{q['Q-02']}"] = ["High"]
    assert rick.post(url, ricks_page).status_code == 302  # his page still shows Q-04 blank

    number = answer(response, q["Q-04"])
    assert (number.value_number, number.evidence_grade, number.updated_by) == (12, "documented", procurement)
    assert answer(response, q["Q-02"]).updated_by == risk_leader


def test_two_people_saving_the_same_value_is_not_a_conflict(basics, procurement, risk_leader):
    response, url, q = basics
    paula, rick = client_for(procurement), client_for(risk_leader)
    paulas_page, ricks_page = opened(paula, url), opened(rick, url)
    for page in (paulas_page, ricks_page):
        page[f"q{q['Q-03']}"] = ["A", "C"]
    assert paula.post(url, paulas_page).status_code == 302
    assert rick.post(url, ricks_page).status_code == 302
    assert answer(response, q["Q-03"]).value_choices == ["A", "C"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_answer_never_both_win(basics, procurement, risk_leader):
    """Real concurrency: two threads post the same stale page at once; the response's lock
    makes the second wait for the first and then see its answer (on SQLite and PostgreSQL)."""
    response, url, q = basics
    clients = {"Paula": client_for(procurement), "Rick": client_for(risk_leader)}
    pages = {name: opened(client, url) for name, client in clients.items()}
    for name, page in pages.items():
        page[f"c{q['Q-01']}"] = [f"{name} was here"]
    outcomes = at_the_same_moment(
        {name: lambda name=name: clients[name].post(url, pages[name]) for name in clients}
    )

    statuses = sorted(result.status_code for result in outcomes.values())
    assert statuses == [200, 302], statuses
    loser = next(name for name, result in outcomes.items() if result.status_code == 200)
    winner = next(name for name in clients if name != loser)
    assert CONFLICT in outcomes[loser].content.decode()
    assert answer(response, q["Q-01"]).comment == f"{winner} was here"
