"""Redis for tests: 127.0.0.1:6379, database 15, a key prefix of this process; skipped when absent."""

import os
import socket

import pytest

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 15
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


requires_redis = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


def redis_caches(prefix: str | None = None) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix or f"test-{os.getpid()}",
        }
    }
