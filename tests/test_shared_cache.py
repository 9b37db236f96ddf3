"""Issue 16: one cache for every server when REDIS_URL is set, local memory otherwise."""

import subprocess
import sys

import redis
from django.core.cache import cache
from django.test import override_settings

from common import shared_cache
from engine import memo
from evaluator.results import cache as results_cache
from evaluator.results import selectors
from tests.redis_support import REDIS_URL, redis_caches, requires_redis
from tests.test_deploy_settings import ROOT, production_env

pytest_plugins = ["tests.evaluator.test_results_cache"]  # the demo_evaluation fixture

SCRIPT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), s.SESSION_ENGINE, "
    "s.CACHE_IS_SHARED)"
)


def settings_with(**env):
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    clean = {
        key: value for key, value in production_env(**env).items() if key != "REDIS_URL" or "REDIS_URL" in env
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    return result


def test_without_redis_the_cache_is_per_process_and_sessions_are_in_the_database():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "tracker",
        "django.contrib.sessions.backends.db",
        "False",
    ]


def test_redis_url_gives_the_shared_cache_and_cached_db_sessions():
    result = settings_with(REDIS_URL="redis://cache.internal:6379/2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/2",
        "django.contrib.sessions.backends.cached_db",
        "True",
    ]


def test_the_older_django_redis_url_still_works():
    result = settings_with(DJANGO_REDIS_URL="redis://cache.internal:6379/0")
    assert result.stdout.split()[:3] == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/0",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_a_redis_url_that_is_not_one_stops_the_start():
    result = settings_with(REDIS_URL="cache.internal:6379")
    assert result.returncode != 0 and "REDIS_URL must start with" in result.stderr


@requires_redis
def test_a_result_stored_by_one_server_is_read_from_redis_by_another(demo_evaluation, monkeypatch):
    with override_settings(CACHES=redis_caches("test-shared-result")):
        cache.clear()
        inputs = selectors.scoring_inputs(demo_evaluation)
        first = results_cache.evaluate_cached(inputs)
        # The value is in Redis itself, where another server's process reads it.
        raw = redis.Redis.from_url(REDIS_URL)
        stored = [key for key in raw.keys("test-shared-result:*") if b"evaluation-result:" in key]
        assert len(stored) == 1
        monkeypatch.setattr(results_cache, "evaluate", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
        again = results_cache.evaluate_cached(selectors.scoring_inputs(demo_evaluation))
        assert again.table.vendors.equals(first.table.vendors)
        cache.clear()


@requires_redis
def test_engine_memos_go_through_redis_under_the_engine_source_digest():
    with override_settings(CACHES=redis_caches("test-shared-memo")):
        cache.clear()
        shared_cache.install()
        try:
            runs = []

            def halve(value: int) -> float:
                runs.append(value)
                return value / 2

            assert memo.memoised(halve)(9) == 4.5
            assert memo.memoised(halve)(9) == 4.5  # another process: an empty local cache
            assert runs == [9]
            raw = redis.Redis.from_url(REDIS_URL)
            keys = raw.keys("test-shared-memo:*")
            assert len(keys) == 1 and f"memo:{shared_cache.ENGINE_DIGEST}:".encode() in keys[0]
        finally:
            memo.use_shared_store(None)
            cache.clear()


def test_a_cache_that_does_not_answer_is_a_miss_not_an_error(demo_evaluation):
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        result = results_cache.evaluate_cached(selectors.scoring_inputs(demo_evaluation))
        assert not result.table.vendors.empty
