from tests import factories
from tests.url_roles import ADMINS, EDITORS, LOGIN, Route
from vendors.models import Signal

SIGNED_IN = ("executive", "procurement", "risk_leader", "admin")
API_READ_ALL = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}
# POST-only pages for editors: a GET by an editor learns the method is not there, others are refused.
EDITORS_POST_ONLY = {
    "anonymous": LOGIN,
    "executive": 403,
    "procurement": 405,
    "risk_leader": 405,
    "admin": 405,
}


def routes():
    vendor = factories.VendorFactory(name="Signals Walk Vendor", slug="signals-walk-vendor")
    signal = Signal.objects.create(
        vendor=vendor,
        kind="news",
        title="Walk signal",
        source="manual",
        external_id="walk-1",
        occurred_on="2026-11-01",
    )
    return {
        # Signals are the system's to add: the feed upload is for administrators (add_signal).
        "vendors:signal_import": Route("/vendors/signals/import/", ADMINS),
        "vendors:signal_review_queue": Route("/vendors/signals/review/", EDITORS),
        "vendors:signal_resolve": Route("/vendors/signals/review/resolve/", EDITORS_POST_ONLY),
        "vendors:signal_ignore": Route("/vendors/signals/review/ignore/", EDITORS_POST_ONLY),
        "vendors:signal_review": Route(f"/vendors/signals/{signal.pk}/review/", EDITORS_POST_ONLY),
        # The list is also the webhook (POST, signed body; tests/vendors/signals/test_webhook.py).
        "api:signal-list": Route("/api/signals/", API_READ_ALL),
        "api:signal-detail": Route(f"/api/signals/{signal.pk}/", API_READ_ALL),
        "api:signal-history": Route(f"/api/signals/{signal.pk}/history/", API_READ_ALL),
        # Confirming or dismissing is a POST (tests/vendors/signals/test_signal_pages.py).
        "api:signal-review": Route(
            f"/api/signals/{signal.pk}/review/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
        ),
    }
