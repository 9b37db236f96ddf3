"""Django's cache, as the store that several processes share (issue 16).

``install()`` (called by common's AppConfig when ``settings.CACHE_IS_SHARED``) plugs the
cache into the engine's memos (engine/memo.py: charts, delivery records, R&D profiles), so
a chart drawn by one server is reused by every other. Keys are the memos' own input digests
plus a digest of the engine's source, so a new release never reads what an old one wrote.

A cache that does not answer (Redis restarting) is a miss, never an error: ``get`` and
``set`` log it and the page computes what it needs.
"""

import hashlib
import logging
from pathlib import Path

from django.core.cache import cache

import engine
from engine import memo

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60 * 60


def _engine_digest() -> str:
    root = Path(engine.__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        digest.update(str(source.relative_to(root)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


ENGINE_DIGEST = _engine_digest()


def get(key: str) -> object | None:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any cache failure is a miss; the caller computes
        logger.warning("cache unavailable: get %s", key.split(":", 1)[0], exc_info=True)
        return None


def set(key: str, value: object, timeout: int = TIMEOUT_SECONDS) -> None:  # noqa: A001 - the cache verb
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001 - a value not stored is recomputed next time
        logger.warning("cache unavailable: set %s", key.split(":", 1)[0], exc_info=True)


class EngineMemoStore:
    """engine.memo.SharedStore over Django's cache, namespaced by the engine's source digest."""

    def get(self, key: str) -> object | None:
        return get(f"memo:{ENGINE_DIGEST}:{key}")

    def set(self, key: str, value: object) -> None:
        set(f"memo:{ENGINE_DIGEST}:{key}", value)


def install() -> None:
    memo.use_shared_store(EngineMemoStore())
