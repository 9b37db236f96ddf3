"""Issue 12: PDF rendering (headless Chromium) is limited per user and in total, and in time.

The limiter keeps its slots in the Django cache with cache.add and a TTL, so it holds across
processes and servers with a shared cache (Redis); locmem here. The renderer is mocked except
in the one real render at the end.
"""

import os
import subprocess
import sys
import threading

import pytest
from django.core.cache import cache

from common import pdf
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation
from tests.factories import UserFactory
from tests.test_deploy_settings import ROOT, production_env, run_manage

requires_chromium = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="chromium is absent")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dashboard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    return f"/evaluations/{evaluation.pk}/dashboard/"


class SlowRenderer:
    """Stands in for Chromium: each render waits until the test lets it finish."""

    def __init__(self):
        self.started = threading.Semaphore(0)
        self.finish = threading.Event()

    def __call__(self, html, **kwargs):
        self.started.release()
        assert self.finish.wait(10)
        return b"%PDF-1.7 fake"


def in_background(client, url):
    result = {}
    thread = threading.Thread(
        target=lambda: result.setdefault("response", client.get(url, {"format": "pdf"}))
    )
    thread.start()
    return thread, result


@pytest.mark.django_db(transaction=True)
def test_a_second_render_by_the_same_user_waits_its_turn_with_429(monkeypatch, settings):
    settings.PDF_RENDERS_PER_USER = 1
    settings.PDF_RENDERS_TOTAL = 5
    owner = UserFactory(username="rene.render", role="Risk leader")
    url = f"/evaluations/{scored_evaluation(owner, 2).pk}/dashboard/"
    renderer = SlowRenderer()
    monkeypatch.setattr(pdf, "html_to_pdf", renderer)
    first, result = in_background(client_for(owner), url)
    assert renderer.started.acquire(timeout=10)
    refused = client_for(owner).get(url, {"format": "pdf"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "already making a PDF" in refused.text
    renderer.finish.set()
    first.join(10)
    assert result["response"].status_code == 200
    # The slot is free again.
    assert client_for(owner).get(url, {"format": "pdf"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_server_wide_cap_refuses_other_users_too(monkeypatch, settings):
    settings.PDF_RENDERS_PER_USER = 1
    settings.PDF_RENDERS_TOTAL = 1
    owner = UserFactory(username="rene.render", role="Risk leader")
    other = UserFactory(username="olaf.other", role="Risk leader", is_superuser=True)
    url = f"/evaluations/{scored_evaluation(owner, 2).pk}/dashboard/"
    renderer = SlowRenderer()
    monkeypatch.setattr(pdf, "html_to_pdf", renderer)
    first, result = in_background(client_for(owner), url)
    assert renderer.started.acquire(timeout=10)
    refused = client_for(other).get(url, {"format": "pdf"})
    assert refused.status_code == 429
    assert "Retry-After" in refused
    renderer.finish.set()
    first.join(10)
    assert result["response"].status_code == 200


def test_a_slot_is_released_when_the_render_fails(risk_leader, dashboard, monkeypatch, settings):
    settings.PDF_RENDERS_PER_USER = 1

    def broken(html, **kwargs):
        raise pdf.PdfTimedOut("too slow")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    client = client_for(risk_leader)
    timed_out = client.get(dashboard, {"format": "pdf"})
    assert timed_out.status_code == 503
    assert "took too long" in timed_out.text
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 fake")
    assert client.get(dashboard, {"format": "pdf"}).status_code == 200


def test_a_slot_left_by_a_dead_process_expires_with_its_ttl(risk_leader, monkeypatch, settings):
    settings.PDF_RENDERS_PER_USER = 1
    seen = {}
    real_add = cache.add

    def add(key, value, timeout=None, **kwargs):
        seen[key] = timeout
        return real_add(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "add", add)
    with pdf.render_slot(risk_leader):
        pass
    assert seen and all(timeout > settings.PDF_RENDER_TIMEOUT_SECONDS for timeout in seen.values())
    assert all(cache.get(key) is None for key in seen)


def test_the_renderer_gets_the_time_limit(risk_leader, dashboard, monkeypatch, settings):
    settings.PDF_RENDER_TIMEOUT_SECONDS = 7
    calls = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: calls.append(kwargs) or b"%PDF-1.7")
    assert client_for(risk_leader).get(dashboard, {"format": "pdf"}).status_code == 200
    assert [call["timeout"] for call in calls] == [7]


@requires_chromium
def test_a_page_whose_charts_never_draw_times_out_with_503(settings):
    html = '<!doctype html><div class="chart" data-figure="{}"></div>'
    with pytest.raises(pdf.PdfTimedOut):
        pdf.html_to_pdf(html, timeout=2)


@requires_chromium
def test_a_real_render_through_the_limiter(risk_leader, dashboard):
    response = client_for(risk_leader).get(dashboard, {"format": "pdf"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert cache.get(f"pdf:user:{risk_leader.pk}:0") is None


def test_the_limits_come_from_the_environment_and_a_shared_cache_can_be_named():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PDF_RENDERS_PER_USER, s.PDF_RENDERS_TOTAL, s.PDF_RENDER_TIMEOUT_SECONDS, "
        "s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_PDF_RENDERS_PER_USER": "2",
        "DJANGO_PDF_RENDERS_TOTAL": "4",
        "DJANGO_PDF_TIMEOUT_SECONDS": "20",
        "DJANGO_REDIS_URL": "redis://cache.internal:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "2",
        "4",
        "20",
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/0",
    ]
    refused = run_manage("check", DJANGO_PDF_RENDERS_TOTAL="0")
    assert refused.returncode != 0 and "DJANGO_PDF_RENDERS_TOTAL" in refused.stderr
