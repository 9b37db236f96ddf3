"""engine/memo.py with a shared store: a memo filled by one process is read by another."""

import pytest

from engine import memo
from engine.memo import LruCache, memoised


class DictStore:
    """Stands in for the shared cache: a dict both 'processes' see, pickling like Redis would."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def get(self, key: str) -> object | None:
        return self.values.get(key)

    def set(self, key: str, value: object) -> None:
        self.values[key] = value


@pytest.fixture
def store():
    shared = DictStore()
    memo.use_shared_store(shared)
    yield shared
    memo.use_shared_store(None)


def test_a_result_computed_in_one_process_is_reused_by_another(store):
    runs = []

    def double(value: int) -> int:
        runs.append(value)
        return value * 2

    first_process = memoised(double)
    second_process = memoised(double)  # its own, empty local cache: another worker
    assert first_process(21) == 42
    assert second_process(21) == 42
    assert runs == [21]
    assert second_process(22) == 44 and runs == [21, 22]
    # One entry per distinct input, under the function's name.
    assert (
        sorted(key.split(":")[0] for key in store.values)
        == [f"{double.__module__}.{double.__qualname__}"] * 2
    )


def test_the_namespace_keeps_two_caches_with_the_same_key_apart(store):
    cache_a, cache_b = LruCache[int](namespace="a"), LruCache[int](namespace="b")
    cache_a.put("k", 1)
    assert cache_b.get("k") is None
    assert LruCache[int](namespace="a").get("k") == 1  # another process's cache of the same name


def test_without_a_store_nothing_is_shared():
    runs = []

    def square(value: int) -> int:
        runs.append(value)
        return value * value

    memoised(square)(3)
    memoised(square)(3)
    assert runs == [3, 3]
