"""engine/memo.py: a pure function's result is reused for byte-identical inputs only."""

import pandas as pd

from engine import facts
from engine.memo import memoised
from tests.engine.test_facts import TODAY, D, delivered, frame, item


def test_identical_inputs_compute_once_and_each_caller_gets_its_own_copy():
    runs = []

    @memoised
    def totals(frame: pd.DataFrame) -> pd.DataFrame:
        runs.append(1)
        return frame.groupby("vendor")[["spend"]].sum()

    frame = pd.DataFrame({"vendor": [1, 1, 2], "spend": [3.0, 4.0, 5.0]})
    first = totals(frame)
    first.loc[1, "spend"] = -1  # a caller changing what it got
    second = totals(frame.copy())
    assert len(runs) == 1
    assert second.loc[1, "spend"] == 7.0
    changed = frame.assign(spend=[3.0, 4.0, 6.0])
    assert totals(changed).loc[2, "spend"] == 6.0 and len(runs) == 2


def test_arguments_that_cannot_be_pickled_are_computed_every_time():
    runs = []

    @memoised
    def call(function):
        runs.append(1)
        return function()

    call(lambda: 1)
    call(lambda: 1)
    assert len(runs) == 2


def test_the_delivery_record_is_the_same_reused_or_fresh():
    items = frame(
        delivered(D(2025, 1, 31), D(2025, 4, 15), rebaselines=1),
        item(first_promised_date=D(2025, 6, 30), target_date=D(2025, 9, 30)),
    )
    facts.delivery_record.cache.clear()
    fresh = facts.delivery_record(items, TODAY)
    assert len(facts.delivery_record.cache.entries) == 1
    reused = facts.delivery_record(items.copy(), TODAY)
    assert reused == fresh and fresh.items_due == 2
