"""A refresh from a URL: a local HTTP server on 127.0.0.1, conditional requests, timeouts, size limits."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from tests.vendors.signals.helpers import data, gatekeep
from vendors.models import FeedState, Signal
from vendors.signals import services

pytestmark = pytest.mark.django_db
ETAG = '"kev-2026-11-20"'
MODIFIED = "Fri, 20 Nov 2026 17:00:00 GMT"


class Feed(BaseHTTPRequestHandler):
    body = data("kev.json")
    delay = 0.0
    seen: list = []

    def do_GET(self):
        type(self).seen.append(
            (self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        )
        time.sleep(self.delay)
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", MODIFIED)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Feed.seen, Feed.delay, Feed.body = [], 0.0, data("kev.json")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/kev.json"
    httpd.shutdown()
    httpd.server_close()


def test_a_refresh_asks_only_for_a_change_and_the_server_saying_none_changes_nothing(server):
    gatekeep()
    first = services.refresh_url("kev", server)
    assert first.added == 2
    state = FeedState.objects.get(url=server)
    assert (state.etag, state.last_modified) == (ETAG, MODIFIED)
    second = services.refresh_url("kev", server)
    assert second.not_modified and "304" in second.summary()
    assert Feed.seen == [("/kev.json", None, None), ("/kev.json", ETAG, MODIFIED)]
    assert Signal.objects.count() == 2


def test_a_url_that_does_not_answer_in_time_leaves_the_signals_untouched(server, settings):
    gatekeep()
    services.refresh_url("kev", server)
    settings.SIGNALS_FETCH_TIMEOUT = 0.2
    Feed.delay = 1.0
    FeedState.objects.update(etag="")  # a full fetch is asked for
    with pytest.raises(CommandError, match="did not answer within 0.2 s; nothing was changed"):
        call_command("import_signals", "--source", "kev", server)
    assert Signal.objects.count() == 2
    assert FeedState.objects.get().etag == ""


def test_a_download_over_the_limit_is_refused(server, settings):
    gatekeep()
    settings.SIGNALS_MAX_BYTES = 200
    with pytest.raises(services.ImportRefused, match="over the size limit"):
        services.refresh_url("kev", server)
    assert not Signal.objects.exists() and not FeedState.objects.exists()


def test_a_truncated_download_is_refused_and_saves_nothing(server):
    gatekeep()
    Feed.body = data("kev.json")[:400]
    with pytest.raises(services.ImportRefused, match="the JSON breaks"):
        services.refresh_url("kev", server)
    assert not Signal.objects.exists() and not FeedState.objects.exists()
