"""The link's token never reaches a log: the request log, Django's request and server loggers."""

import logging

import pytest

from tests.evaluator.portal_fixtures import fresh_rate_counts_fixture, invited_fixture, portal_fixture, url  # noqa: F401

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collected():
    """Every line the request log and Django's own loggers write (the "django" logger's handlers
    include Django's DEBUG console, installed before the settings' LOGGING)."""
    handler = Collect()
    names = ("tracker.requests", "django", "django.request", "django.server")
    for name in names:
        logging.getLogger(name).addHandler(handler)
    yield handler.lines
    for name in names:
        logging.getLogger(name).removeHandler(handler)


def test_no_log_line_holds_the_token(portal, collected, settings):
    client, invitation, token = portal
    client.get(url(token))
    client.get(url(token, "documents/"))
    client.get(url(token, "no-such-page/"))  # Django's own 404, logged as "Not Found: …"
    client.get(url("an-unknown-token-0123456789"))  # the portal's 404
    client.post(url(token, "submit/"))
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /respond/{token}/ HTTP/1.1", 200, 512, extra={"status_code": 200}
    )
    assert collected, "nothing was logged"
    text = "\n".join(collected)
    assert token not in text and "an-unknown-token" not in text
    assert '"path":"/respond/*/"' in text
    assert "Not Found: /respond/*/*/" in text
    assert '"GET /respond/*/ HTTP/1.1" 200' in text
