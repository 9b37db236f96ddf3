"""Charts are built once per distinct input and reused with the same payload."""

import datetime

import pytest

from engine import charts
from engine.charts import memo
from tests.engine.test_charts_selection import metrics_frame


@pytest.fixture
def counted(monkeypatch):
    """A builder that counts its runs, memoised like the real ones."""
    memo.CACHE.clear()
    runs = []

    def positioning(metrics):
        runs.append(1)
        return charts.selection.positioning(metrics)

    return memo.memoised(positioning), runs


def metrics(depth=0.8):
    frame = metrics_frame()
    frame.loc[10, "depth_index"] = depth
    return frame


def test_the_same_input_builds_once_and_gives_the_same_chart(counted):
    build, runs = counted
    first = build(metrics())
    second = build(metrics())
    assert len(runs) == 1
    assert second.payload == first.payload
    assert (second.key, second.title, second.summary, second.rows) == (
        first.key,
        first.title,
        first.summary,
        first.rows,
    )
    # A reused chart still answers questions about its figure (it is rebuilt on demand).
    assert [trace.name for trace in second.figure.data] == [trace.name for trace in first.figure.data]


def test_a_changed_input_builds_again(counted):
    build, runs = counted
    first = build(metrics(depth=0.8))
    second = build(metrics(depth=0.95))
    assert len(runs) == 2
    assert second.payload != first.payload


def test_a_new_day_builds_again(counted, monkeypatch):
    build, runs = counted
    build(metrics())

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return datetime.date(2099, 1, 1)

    monkeypatch.setattr(memo.datetime, "date", Tomorrow)
    build(metrics())
    assert len(runs) == 2


def test_the_cache_keeps_only_the_most_recent_charts(counted, monkeypatch):
    build, runs = counted
    monkeypatch.setattr(memo.CACHE, "size", 2)
    for depth in (0.1, 0.2, 0.3):
        build(metrics(depth))
    build(metrics(0.3))
    assert len(runs) == 3
    build(metrics(0.1))  # pushed out by the two after it
    assert len(runs) == 4


def test_a_reused_chart_has_the_numbers_of_the_built_one_not_plotlys_typed_array_keys():
    # plotly writes numpy arrays as {"dtype", "bdata"}; a figure rebuilt from that JSON must read
    # them back as numbers (it had the keys "dtype" and "bdata" as its x values).
    from tests.engine.test_charts_selection import sensitivity_findings

    memo.CACHE.clear()
    build = memo.memoised(charts.robustness.sensitivity_tornado)
    built, reused = build(sensitivity_findings()), build(sensitivity_findings())
    assert isinstance(reused.figure, memo.LazyFigure)
    for fresh, again in zip(built.figure.data, reused.figure.data, strict=True):
        for axis in ("x", "y"):
            before, after = getattr(fresh, axis), getattr(again, axis)
            assert (before is None) == (after is None)
            if before is not None:
                assert [str(v) for v in before] == [str(v) for v in after]
    assert list(reused.figure.layout.xaxis.range) == [-2, 102]
