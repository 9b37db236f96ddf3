"""Reuse what a pure function computed, for byte-identical inputs, within one process.

The pages recompute the same derived facts (delivery records, R&D profiles, charts,
scores) from the same rows again and again. A function whose result depends on its
arguments alone can be keyed by a SHA-256 over its pickled arguments: identical bytes
mean identical inputs, so a hit is never stale, and any changed row is another key.
Results are stored pickled and unpickled on every hit, so a caller that changes what it
got cannot change what the next caller gets. No Django import: the pure modules use it.

Several processes can share what they computed: ``use_shared_store`` plugs in a store (the
Django app plugs in its shared cache, common/shared_cache.py); every ``LruCache`` then looks
there on a local miss and writes there what it computed. The keys stay digests of the
inputs, so a shared hit is as fresh as a local one.
"""

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, cast

MAX_ENTRIES = 256


def input_key(*parts: object) -> str:
    """SHA-256 over the pickled parts (DataFrames, dates, dataclasses, plain values)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


class SharedStore(Protocol):
    """A store every process can read (the shared cache); values must survive pickling."""

    def get(self, key: str) -> object | None: ...

    def set(self, key: str, value: object) -> None: ...


_shared: list[SharedStore] = []  # at most one; a list so that tests can swap it


def use_shared_store(store: SharedStore | None) -> None:
    """Share every memo through ``store`` from now on (``None``: per process again)."""
    _shared.clear()
    if store is not None:
        _shared.append(store)


class LruCache[V]:
    """A bounded, thread-safe mapping that forgets the least recently used entry first.

    With a shared store plugged in, a local miss is looked up there (under ``namespace`` and
    the key) and what is put is written there too.
    """

    def __init__(self, size: int = MAX_ENTRIES, namespace: str = "") -> None:
        self.size = size
        self.namespace = namespace
        self.entries: OrderedDict[str, V] = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threaded workers share one process

    def get(self, key: str) -> V | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry
        if _shared:
            # Written by put() below from a V, so it is a V.
            shared = cast("V | None", _shared[0].get(f"{self.namespace}:{key}"))
            if shared is not None:
                self._put_local(key, shared)
            return shared
        return None

    def put(self, key: str, entry: V) -> None:
        self._put_local(key, entry)
        if _shared:
            _shared[0].set(f"{self.namespace}:{key}", entry)

    def _put_local(self, key: str, entry: V) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class Memoised[**P, R](Protocol):
    """What ``memoised`` returns: the function itself, plus its ``cache`` (tests clear it)."""

    cache: LruCache[bytes]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...


def memoised[**P, R](func: Callable[P, R]) -> Memoised[P, R]:
    """Decorate a pure function: same pickled arguments, same (copied) result."""
    cache: LruCache[bytes] = LruCache(namespace=f"{func.__module__}.{func.__qualname__}")

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            key = input_key(args, kwargs)
        except (pickle.PicklingError, TypeError, AttributeError):
            return func(*args, **kwargs)  # an argument that cannot be keyed: just compute
        stored = cache.get(key)
        if stored is None:
            result = func(*args, **kwargs)
            cache.put(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            return result
        # Unpickled from what func returned for the same key, so it is an R.
        copy: R = pickle.loads(stored)  # noqa: S301 - bytes this process pickled itself, never input
        return copy

    # A function object takes the attribute at run time; the Protocol says so to mypy.
    memo = cast("Memoised[P, R]", wrapper)
    memo.cache = cache
    return memo
