from tests import factories
from tests.url_roles import LOGIN, READ_ALL, Route
from vendors.models import Notification

# These answer POST only; a signed-in GET gets 405 whatever the role.
POST_ONLY = {"anonymous": LOGIN, "executive": 405, "procurement": 405, "risk_leader": 405, "admin": 405}


def routes():
    factories.VendorFactory(name="Alerts Walk Vendor", slug="alerts-walk-vendor")
    owner = factories.UserFactory(username="nora.notified")
    notification = Notification.objects.create(
        user=owner, kind="roadmap_slip", dedupe_key="walk", message="Walk notification"
    )
    return {
        "vendors:notifications": Route("/vendors/notifications/", READ_ALL),
        "vendors:notification_read": Route(f"/vendors/notifications/{notification.pk}/read/", POST_ONLY),
        "vendors:notifications_read_all": Route("/vendors/notifications/read-all/", POST_ONLY),
        # Every role may watch a vendor, executives included.
        "vendors:watch": Route("/vendors/alerts-walk-vendor/watch/", POST_ONLY),
    }
