"""TEMPORARY (branch h-p1b): the placeholder portal:home of evaluator/portal/urls.py. Drop this
file at merge, with the placeholder, when P1's portal and its own url_roles module land."""

from tests.url_roles import Route


def routes():
    public = dict.fromkeys(("anonymous", "executive", "procurement", "risk_leader", "admin"), 200)
    return {"portal:home": Route("/respond/walk-token/", public)}
