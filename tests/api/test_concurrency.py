"""No lost updates: two clients edit the same record; the second, stale one gets 412 and changes nothing."""

import pytest
from django.db import connection

from tests import factories
from tests.api.conftest import token_client
from tests.concurrency import at_the_same_moment
from vendors.models import Contract, RoadmapChange


def test_the_second_of_two_editors_working_from_the_same_version_gets_412(procurement, risk_leader):
    contract = factories.ContractFactory(tier="Silver")
    paula, rick = token_client(procurement), token_client(risk_leader)
    url = f"/api/contracts/{contract.pk}/"

    paula_read = paula.get(url)
    rick_read = rick.get(url)
    assert paula_read["ETag"] == rick_read["ETag"] == '"1"'

    first = paula.patch(url, {"tier": "Gold"}, format="json", HTTP_IF_MATCH=paula_read["ETag"])
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    second = rick.patch(
        url, {"tier": "Platinum", "annual_value": "1.00"}, format="json", HTTP_IF_MATCH=rick_read["ETag"]
    )
    assert second.status_code == 412
    assert second.json()["current_version"] == 2
    contract.refresh_from_db()
    assert (contract.tier, contract.version, contract.annual_value) == ("Gold", 2, 250_000)


def test_a_stale_version_in_the_body_gets_412_too(procurement):
    briefing = factories.BriefingFactory(notes="first")
    client = token_client(procurement)
    url = f"/api/briefings/{briefing.pk}/"
    body = client.get(url).json()
    assert (
        client.patch(url, {"notes": "second", "version": body["version"]}, format="json").status_code == 200
    )
    stale = client.put(url, {**body, "notes": "third"}, format="json")
    assert stale.status_code == 412
    briefing.refresh_from_db()
    assert briefing.notes == "second"


def test_a_stale_rebaseline_is_refused_and_leaves_no_log_entry(procurement, risk_leader):
    item = factories.RoadmapItemFactory()
    url = f"/api/roadmap-items/{item.pk}/"
    etag = token_client(procurement).get(url)["ETag"]
    token_client(risk_leader).patch(url, {"title": "Renamed"}, format="json")
    response = token_client(procurement).patch(
        url, {"target_date": "2027-01-31", "change_reason": "Late"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert not RoadmapChange.objects.exists()


def test_deleting_a_record_changed_since_it_was_read_gets_412(procurement):
    contract = factories.ContractFactory()
    client = token_client(procurement)
    url = f"/api/contracts/{contract.pk}/"
    etag = client.get(url)["ETag"]
    client.patch(url, {"tier": "Gold"}, format="json")
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Contract.objects.filter(pk=contract.pk).exists()
    assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204


def test_if_match_star_and_no_precondition_both_apply_to_the_current_version(procurement):
    contract = factories.ContractFactory()
    client = token_client(procurement)
    url = f"/api/contracts/{contract.pk}/"
    assert client.patch(url, {"tier": "A"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(url, {"tier": "B"}, format="json").json()["version"] == 3


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_writers_from_the_same_version_never_both_win(procurement, risk_leader):
    """Real concurrency: two threads, two connections, one conditional UPDATE each.

    On PostgreSQL the second writer waits for the first's row lock, then finds the version
    gone: 412. SQLite's in-memory test database (shared cache) refuses the second writer's
    lock at once instead of waiting, which the API answers 503 "retry"; either way the loser
    changes nothing.
    """
    contract = factories.ContractFactory(tier="Silver")
    url = f"/api/contracts/{contract.pk}/"
    clients = {"Gold": token_client(procurement), "Platinum": token_client(risk_leader)}

    def edit(tier):
        return clients[tier].patch(url, {"tier": tier}, format="json", HTTP_IF_MATCH='"1"').status_code

    outcomes = at_the_same_moment({tier: lambda tier=tier: edit(tier) for tier in clients})

    loser_statuses = {412} if connection.vendor == "postgresql" else {412, 503}
    statuses = sorted(outcomes.values())
    assert statuses[0] == 200 and statuses[1] in loser_statuses, outcomes
    winner = next(tier for tier, status in outcomes.items() if status == 200)
    contract.refresh_from_db()
    assert (contract.tier, contract.version) == (winner, 2)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_editors_of_the_same_answer_never_both_win(procurement, risk_leader):
    """As above, through the answer entry service: the row is held at the version read, then saved."""
    from evaluator.models import Answer
    from tests.api.payloads import answered_response

    response = answered_response(factories.VendorFactory(), "race", procurement)
    answer = Answer.objects.get(response=response)
    url = f"/api/answers/{answer.pk}/"
    clients = {"Paula's": token_client(procurement), "Rick's": token_client(risk_leader)}

    def edit(value):
        return clients[value].patch(url, {"value": value}, format="json", HTTP_IF_MATCH='"1"').status_code

    outcomes = at_the_same_moment({value: lambda value=value: edit(value) for value in clients})

    loser_statuses = {412} if connection.vendor == "postgresql" else {412, 503}
    statuses = sorted(outcomes.values())
    assert statuses[0] == 200 and statuses[1] in loser_statuses, outcomes
    winner = next(value for value, status in outcomes.items() if status == 200)
    answer.refresh_from_db()
    assert (answer.value_text, answer.version) == (winner, 2)
