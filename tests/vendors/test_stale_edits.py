"""Edit pages of versioned records: a page opened before someone else saved cannot overwrite
their save unseen (the UI's counterpart of the API's If-Match / 412).

Pages are submitted as a browser would: every field as rendered, the hidden version included.
"""

import pytest

from tests import factories
from tests.concurrency import at_the_same_moment
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.html_forms import post_form_fields
from vendors.models import Briefing, Vendor

STALE = "Someone else saved this record after you opened this page, so nothing was saved."


def opened(client, url, field) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    return post_form_fields(page.content.decode(), field)


def test_a_stale_briefing_page_is_refused_and_changes_nothing(procurement, risk_leader):
    briefing = factories.BriefingFactory(notes="Agreed the roadmap review")
    url = f"/vendors/briefing/{briefing.pk}/edit/"
    paula, rick = client_for(procurement), client_for(risk_leader)
    paulas_page, ricks_page = opened(paula, url, "notes"), opened(rick, url, "notes")
    assert paulas_page["version"] == ["1"]

    paulas_page["notes"] = ["Agreed the roadmap review; CFO attended"]
    assert paula.post(url, paulas_page).status_code == 302

    ricks_page["attendees"] = ["Rick"]
    refused = rick.post(url, ricks_page)
    assert refused.status_code == 200 and STALE in refused.content.decode()
    briefing.refresh_from_db()
    assert (briefing.notes, briefing.attendees, briefing.version) == (
        "Agreed the roadmap review; CFO attended",
        briefing.attendees,
        2,
    )
    assert "Rick" not in briefing.attendees

    # Opened again, the page shows Paula's save and Rick's change goes through.
    fresh = opened(rick, url, "notes")
    fresh["attendees"] = ["Rick"]
    assert rick.post(url, fresh).status_code == 302
    briefing.refresh_from_db()
    assert (briefing.attendees, briefing.notes, briefing.version) == (
        "Rick",
        "Agreed the roadmap review; CFO attended",
        3,
    )


def test_a_stale_vendor_page_is_refused(procurement, risk_leader):
    vendor = factories.VendorFactory(name="Acme Guard", slug="acme-guard")
    url = f"/vendors/{vendor.slug}/edit/"
    paula, rick = client_for(procurement), client_for(risk_leader)
    paulas_page, ricks_page = opened(paula, url, "name"), opened(rick, url, "name")
    paulas_page["country"] = ["Belgium"]
    assert paula.post(url, paulas_page).status_code == 302
    ricks_page["name"] = ["Acme Guard BV"]
    assert STALE in rick.post(url, ricks_page).content.decode()
    vendor.refresh_from_db()
    assert (vendor.name, vendor.country) == ("Acme Guard", "Belgium")


def test_a_stale_evaluation_settings_page_is_refused(risk_leader, admin_user):
    evaluation = EvaluationFactory(owner=risk_leader, name="SOC 2027")
    url = f"/evaluations/{evaluation.pk}/edit/"
    owner, admin = client_for(risk_leader), client_for(admin_user)
    owners_page, admins_page = opened(owner, url, "name"), opened(admin, url, "name")
    owners_page["description"] = ["Owner's scope"]
    assert owner.post(url, owners_page).status_code == 302
    admins_page["name"] = ["SOC 2028"]
    assert STALE in admin.post(url, admins_page).content.decode()
    evaluation.refresh_from_db()
    assert (evaluation.name, evaluation.description) == ("SOC 2027", "Owner's scope")


def test_a_post_without_the_version_is_checked_against_the_version_read(procurement):
    briefing = factories.BriefingFactory(notes="first")
    url = f"/vendors/briefing/{briefing.pk}/edit/"
    page = opened(client_for(procurement), url, "notes")
    del page["version"]
    page["notes"] = ["second"]
    assert client_for(procurement).post(url, page).status_code == 302
    assert Briefing.objects.get(pk=briefing.pk).notes == "second"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_never_both_win(procurement, risk_leader):
    briefing = factories.BriefingFactory(notes="start")
    url = f"/vendors/briefing/{briefing.pk}/edit/"
    clients = {"Paula": client_for(procurement), "Rick": client_for(risk_leader)}
    pages = {name: opened(client, url, "notes") for name, client in clients.items()}
    for name, page in pages.items():
        page["notes"] = [f"{name} was here"]
    outcomes = at_the_same_moment(
        {name: lambda name=name: clients[name].post(url, pages[name]) for name in clients}
    )

    statuses = sorted(result.status_code for result in outcomes.values())
    assert statuses == [200, 302], statuses
    winner = next(name for name, result in outcomes.items() if result.status_code == 302)
    briefing.refresh_from_db()
    assert (briefing.notes, briefing.version) == (f"{winner} was here", 2)
    assert Vendor.objects.count() == 1
