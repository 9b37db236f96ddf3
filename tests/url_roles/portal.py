"""The vendor portal (/respond/<token>/): no login, the token is the key. Without a valid token
every role, signed in or not, gets the same plain 404 page (tests/test_portal_walk.py walks the
product with a portal session; tests/evaluator/test_portal_*.py cover valid links)."""

from evaluator.portal import access
from tests.url_roles import Route

NOT_FOUND = dict.fromkeys(("anonymous", "executive", "procurement", "risk_leader", "admin"), 404)
UNKNOWN = "walk-unknown-token-0000000000000000000000000"


def routes():
    # The walk sends these from one address in every test: start its dead-link count afresh.
    access.forget("bad_token", "127.0.0.1")
    base = f"/respond/{UNKNOWN}/"
    return {
        "portal:home": Route(base, NOT_FOUND),
        "portal:code": Route(f"{base}code/", NOT_FOUND),
        "portal:resend_code": Route(f"{base}code/new/", NOT_FOUND),
        "portal:section": Route(f"{base}section/1/", NOT_FOUND),
        "portal:submit": Route(f"{base}submit/", NOT_FOUND),
        "portal:export": Route(f"{base}answers.xlsx", NOT_FOUND),
        "portal:upload": Route(f"{base}upload/", NOT_FOUND),
        "portal:documents": Route(f"{base}documents/", NOT_FOUND),
    }
