"""Reuse what a pure function computed, for byte-identical inputs, within one process.

The pages recompute the same derived facts (delivery records, R&D profiles, charts,
scores) from the same rows again and again. A function whose result depends on its
arguments alone can be keyed by a SHA-256 over its pickled arguments: identical bytes
mean identical inputs, so a hit is never stale, and any changed row is another key.
Results are stored pickled and unpickled on every hit, so a caller that changes what it
got cannot change what the next caller gets. No Django import: the pure modules use it.
"""

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict

MAX_ENTRIES = 256


def input_key(*parts) -> str:
    """SHA-256 over the pickled parts (DataFrames, dates, dataclasses, plain values)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


class LruCache:
    """A bounded, thread-safe mapping that forgets the least recently used entry first."""

    def __init__(self, size: int = MAX_ENTRIES):
        self.size = size
        self.entries: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threaded workers share one process

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def memoised(func):
    """Decorate a pure function: same pickled arguments, same (copied) result."""
    cache = LruCache()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            key = input_key(args, kwargs)
        except (pickle.PicklingError, TypeError, AttributeError):
            return func(*args, **kwargs)  # an argument that cannot be keyed: just compute
        stored = cache.get(key)
        if stored is None:
            result = func(*args, **kwargs)
            cache.put(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            return result
        return pickle.loads(stored)  # noqa: S301 - bytes this process pickled itself, never input

    wrapper.cache = cache
    return wrapper
