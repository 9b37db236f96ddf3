"""engine.facts: delivery record and R&D profile, on plain DataFrames (no database)."""

import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import facts
from engine.facts import DeliveryRecord, RDProfile

TODAY = datetime.date(2026, 11, 1)
D = datetime.date


def item(**overrides) -> dict:
    row = {
        "vendor_id": 1,
        "item_id": 1,
        "capability_id": 1,
        "first_promised_date": D(2026, 1, 1),
        "target_date": D(2026, 1, 1),
        "status": "planned",
        "delivered_date": None,
        "delivered_as": "",
        "rebaselines": 0,
        "commitment_kind": "public_roadmap",
        "contract_coverage": "included",
        "coverage_cost": None,
    }
    row.update(overrides)
    if row["status"] == "delivered" and "delivered_as" not in overrides:
        row["delivered_as"] = "ga"
    return row


def delivered(promised, on, **overrides) -> dict:
    return item(first_promised_date=promised, target_date=max(promised, on), status="delivered",
                delivered_date=on, **overrides)  # fmt: skip


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=facts.ROADMAP_COLUMNS)


def record(*rows) -> DeliveryRecord:
    return facts.delivery_record(frame(*rows), TODAY)


# --- which items are due ---------------------------------------------------------


def test_it_counts_an_item_as_due_once_its_first_promised_date_has_passed():
    rec = record(item(first_promised_date=D(2026, 10, 31)), item(first_promised_date=TODAY))
    assert rec.items_due == 2


def test_it_does_not_count_an_open_item_promised_for_later_as_due():
    assert record(item(first_promised_date=D(2026, 11, 2), target_date=D(2026, 11, 2))).items_due == 0


def test_it_counts_an_item_delivered_before_its_future_promise_as_due_and_on_time():
    rec = record(delivered(D(2027, 3, 1), D(2026, 10, 1)))
    assert (rec.items_due, rec.delivered_on_time) == (1, 1.0)


def test_it_leaves_openly_cancelled_items_out_of_the_record():
    rec = record(
        item(status="cancelled", first_promised_date=D(2025, 1, 1)), delivered(D(2025, 1, 1), D(2025, 1, 1))
    )
    assert rec.items_due == 1
    assert rec.on_time_rate == 1.0


def test_it_counts_a_silently_dropped_item_as_a_due_failure_even_before_its_date():
    rec = record(
        item(status="silently_dropped", first_promised_date=D(2027, 6, 1), target_date=D(2027, 6, 1))
    )
    assert (rec.items_due, rec.delivered_on_time, rec.silent_drops) == (1, 0.0, 1)
    assert rec.on_time_rate == 0.0


# --- on time ------------------------------------------------------------------------


def test_it_judges_on_time_against_the_first_promise_not_the_rebaselined_target():
    late_but_on_new_target = item(
        first_promised_date=D(2025, 3, 1), target_date=D(2025, 9, 1), status="delivered",
        delivered_date=D(2025, 9, 1), delivered_as="ga", rebaselines=1,
    )  # fmt: skip
    assert record(late_but_on_new_target).delivered_on_time == 0.0


def test_it_counts_delivery_on_the_promised_day_as_on_time():
    assert record(delivered(D(2025, 3, 1), D(2025, 3, 1))).delivered_on_time == 1.0


def test_it_gives_half_credit_for_a_beta_delivered_on_time():
    rec = record(
        delivered(D(2025, 3, 1), D(2025, 2, 1), delivered_as="beta"), delivered(D(2025, 3, 1), D(2025, 3, 1))
    )
    assert rec.delivered_on_time == 1.5
    assert rec.on_time_rate == 0.75


def test_it_gives_no_credit_for_a_late_beta():
    assert record(delivered(D(2025, 3, 1), D(2025, 4, 1), delivered_as="beta")).delivered_on_time == 0.0


def test_it_counts_a_delivery_of_unrecorded_form_as_ga():
    assert record(delivered(D(2025, 3, 1), D(2025, 3, 1), delivered_as="")).delivered_on_time == 1.0


def test_it_counts_an_open_item_past_its_first_promise_as_not_on_time():
    rec = record(item(first_promised_date=D(2026, 6, 1), target_date=D(2027, 1, 1), status="slipped"))
    assert (rec.items_due, rec.on_time_rate) == (1, 0.0)


# --- smoothing ------------------------------------------------------------------------


def test_it_does_not_call_two_on_time_items_perfect():
    rec = record(delivered(D(2025, 1, 1), D(2025, 1, 1)), delivered(D(2025, 6, 1), D(2025, 5, 1)))
    assert rec.on_time_rate == 1.0
    assert rec.smoothed_on_time_rate == pytest.approx((2 + 4 * 0.5) / (2 + 4))


def test_it_trusts_a_long_record_more_than_a_short_one():
    short = record(*[delivered(D(2025, 1, 1), D(2025, 1, 1))] * 2)
    long = record(*[delivered(D(2025, 1, 1), D(2025, 1, 1))] * 20)
    assert short.smoothed_on_time_rate < long.smoothed_on_time_rate < 1.0


def test_it_pulls_a_bad_short_record_up_toward_the_prior():
    rec = record(item(first_promised_date=D(2025, 1, 1), status="slipped"))
    assert rec.on_time_rate == 0.0
    assert rec.smoothed_on_time_rate == pytest.approx(2 / 5)


def test_it_has_no_record_when_nothing_is_due_never_the_prior():
    rec = record(item(first_promised_date=D(2027, 1, 1), target_date=D(2027, 1, 1)))
    assert not rec.has_record
    assert rec.on_time_rate is None
    assert rec.smoothed_on_time_rate is None
    assert rec.score is None


def test_it_has_no_record_without_items_and_leaves_nothing_due_missing_in_the_frame():
    empty = record()
    assert (empty.items_due, empty.score, empty.smoothed_on_time_rate) == (0, None, None)
    future = facts.delivery_records(frame(item(first_promised_date=D(2027, 1, 1))), TODAY)
    assert np.isnan(future.loc[1, "score"]) and np.isnan(future.loc[1, "smoothed_on_time_rate"])


# --- slip, re-baselines, overdue ----------------------------------------------------------


def test_it_measures_slip_from_the_first_promise_counting_early_deliveries_as_negative():
    rec = record(
        delivered(D(2025, 1, 1), D(2024, 12, 22)),  # -10
        delivered(D(2025, 1, 1), D(2025, 1, 31)),  # 30
        delivered(D(2025, 1, 1), D(2025, 3, 2)),  # 60
    )
    assert rec.median_slip_days == 30.0


def test_it_counts_open_items_past_their_first_promise_as_slipping_until_today():
    rec = record(
        delivered(D(2026, 1, 1), D(2026, 1, 11)),  # 10
        item(first_promised_date=D(2026, 9, 2), target_date=D(2027, 1, 1), status="in_progress"),  # 60 so far
    )
    assert rec.median_slip_days == 35.0


def test_it_leaves_future_cancelled_and_dropped_items_out_of_the_slip():
    rec = record(
        item(first_promised_date=D(2027, 1, 1), target_date=D(2027, 1, 1)),
        item(first_promised_date=D(2025, 1, 1), status="cancelled"),
        item(first_promised_date=D(2025, 1, 1), status="silently_dropped"),
    )
    assert rec.median_slip_days is None


def test_it_averages_rebaselines_over_every_item_including_future_and_cancelled_ones():
    rec = record(
        item(rebaselines=3, first_promised_date=D(2027, 1, 1), target_date=D(2027, 9, 1)),
        item(rebaselines=1, status="cancelled"),
        item(rebaselines=0),
        item(rebaselines=0),
    )
    assert rec.rebaselines_per_item == 1.0


def test_it_counts_open_items_past_their_current_target_as_overdue():
    rec = record(
        item(target_date=D(2026, 10, 31), status="planned"),
        item(target_date=D(2026, 10, 31), status="in_progress"),
        item(target_date=D(2026, 10, 31), status="slipped"),
        item(target_date=TODAY, status="planned"),  # due today is not overdue yet
        delivered(D(2026, 1, 1), D(2026, 3, 1)),
        item(target_date=D(2026, 1, 1), status="cancelled"),
        item(target_date=D(2026, 1, 1), status="silently_dropped"),
    )
    assert rec.overdue_open == 3


# --- the score --------------------------------------------------------------------------


def test_it_multiplies_the_smoothed_rate_by_the_rebaseline_and_silent_drop_penalties():
    rec = record(
        delivered(D(2025, 1, 1), D(2025, 1, 1), rebaselines=0),
        delivered(D(2025, 1, 1), D(2025, 1, 1), rebaselines=2),
        item(first_promised_date=D(2025, 1, 1), status="silently_dropped", rebaselines=1),
        item(first_promised_date=D(2025, 6, 1), target_date=D(2026, 6, 1), status="delivered",
             delivered_date=D(2026, 6, 1), delivered_as="ga", rebaselines=1),
    )  # fmt: skip
    smoothed = (2 + 2) / (4 + 4)
    rebaseline_factor = 1 / (1 + 0.25 * 1.0)
    drop_factor = 1 - 0.5 * (1 / 4)
    assert rec.smoothed_on_time_rate == pytest.approx(smoothed)
    assert rec.score == pytest.approx(smoothed * rebaseline_factor * drop_factor)


def test_it_scores_a_vendor_that_rebaselines_below_one_that_does_not():
    steady = record(delivered(D(2025, 1, 1), D(2025, 1, 1)), item(first_promised_date=D(2027, 1, 1)))
    moving = record(
        delivered(D(2025, 1, 1), D(2025, 1, 1)), item(first_promised_date=D(2027, 1, 1), rebaselines=2)
    )
    assert moving.smoothed_on_time_rate == steady.smoothed_on_time_rate
    assert moving.score < steady.score


def test_it_scores_a_silent_drop_below_an_open_cancellation():
    honest = record(
        delivered(D(2025, 1, 1), D(2025, 1, 1)), item(first_promised_date=D(2025, 6, 1), status="cancelled")
    )
    silent = record(
        delivered(D(2025, 1, 1), D(2025, 1, 1)),
        item(first_promised_date=D(2025, 6, 1), status="silently_dropped"),
    )
    assert silent.score < honest.score


def test_it_scores_a_silent_drop_below_an_item_that_is_still_late():
    late = record(item(first_promised_date=D(2025, 6, 1), status="slipped"))
    silent = record(item(first_promised_date=D(2025, 6, 1), status="silently_dropped"))
    assert silent.score < late.score


# --- properties ------------------------------------------------------------------------------

STATUSES = ["planned", "in_progress", "delivered", "slipped", "cancelled", "silently_dropped"]


@st.composite
def items_strategy(draw, vendors=1):
    rows = []
    count = draw(st.integers(0, 12))
    for n in range(count):
        promised = D(2024, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 1400)))
        status = draw(st.sampled_from(STATUSES))
        delivered_on = promised + datetime.timedelta(days=draw(st.integers(-60, 300)))
        rows.append(
            item(
                vendor_id=draw(st.integers(1, vendors)),
                item_id=n,
                first_promised_date=promised,
                target_date=promised + datetime.timedelta(days=draw(st.integers(0, 400))),
                status=status,
                delivered_date=delivered_on if status == "delivered" else None,
                delivered_as=draw(st.sampled_from(["ga", "beta"])) if status == "delivered" else "",
                rebaselines=draw(st.integers(0, 3)),
            )
        )
    return rows


@given(items_strategy())
@settings(max_examples=150, deadline=None)
def test_it_keeps_every_rate_and_the_score_between_zero_and_one(rows):
    rec = record(*rows)
    if not rec.has_record:
        assert rec.score is None and rec.smoothed_on_time_rate is None
        return
    assert 0.0 <= rec.score <= rec.smoothed_on_time_rate <= 1.0
    assert rec.on_time_rate is None or 0.0 <= rec.on_time_rate <= 1.0
    assert rec.delivered_on_time <= rec.items_due


@given(items_strategy())
@settings(max_examples=150, deadline=None)
def test_it_never_lowers_the_score_when_an_on_time_ga_delivery_is_added(rows):
    before = record(*rows)
    after = record(*rows, delivered(D(2025, 5, 1), D(2025, 5, 1)))
    assume(before.has_record)  # nothing to lower without a record
    assert after.score >= before.score - 1e-12


@given(items_strategy(), st.data())
@settings(max_examples=100, deadline=None)
def test_it_never_raises_the_score_when_an_item_turns_into_a_silent_drop(rows, data):
    # Compared item by item: a new item with no re-baselines would lower the
    # re-baselines per item, which is good news, so "add a drop" is not the test.
    assume(rows)
    n = data.draw(st.integers(0, len(rows) - 1))
    worse = [*rows]
    worse[n] = {**rows[n], "status": "silently_dropped", "delivered_date": None, "delivered_as": ""}
    assume(record(*rows).has_record)
    assert record(*worse).score <= record(*rows).score + 1e-12


@given(items_strategy(), st.data())
@settings(max_examples=100, deadline=None)
def test_it_never_raises_the_score_when_an_item_is_rebaselined_once_more(rows, data):
    assume(rows)
    n = data.draw(st.integers(0, len(rows) - 1))
    worse = [*rows]
    worse[n] = {**rows[n], "rebaselines": rows[n]["rebaselines"] + 1}
    assume(record(*rows).has_record)
    assert record(*worse).score < record(*rows).score


@given(items_strategy(vendors=4))
@settings(max_examples=60, deadline=None)
def test_it_gives_each_vendor_the_same_record_in_bulk_as_alone(rows):
    table = facts.delivery_records(frame(*rows), TODAY)
    assert sorted(table.index) == sorted({row["vendor_id"] for row in rows})
    for vendor_id in table.index:
        alone = record(*[row for row in rows if row["vendor_id"] == vendor_id])
        bulk = table.loc[vendor_id]
        for name, value in alone.__dict__.items():
            if value is None:
                assert np.isnan(bulk[name])
            else:
                assert bulk[name] == pytest.approx(value)


# --- frames --------------------------------------------------------------------------------


def test_it_returns_an_empty_table_with_every_field_for_no_items():
    table = facts.delivery_records(frame(), TODAY)
    assert table.empty
    assert list(table.columns) == facts.DELIVERY_RECORD_FIELDS
    assert table.index.name == "vendor_id"
    assert table["items_due"].dtype == "int64"


def test_it_gives_an_empty_record_for_no_items():
    assert record() == DeliveryRecord(0, 0.0, None, None, None, None, 0, 0, None)


def test_it_reads_datetime64_columns_like_date_objects():
    rows = [
        delivered(D(2025, 1, 1), D(2025, 2, 1)),
        item(first_promised_date=D(2026, 5, 1), status="slipped"),
    ]
    as_dates = frame(*rows)
    as_datetimes = as_dates.assign(
        **{c: pd.to_datetime(as_dates[c]) for c in ("first_promised_date", "target_date", "delivered_date")}
    )
    assert facts.delivery_record(as_datetimes, TODAY) == facts.delivery_record(as_dates, TODAY)


def test_it_indexes_the_table_by_vendor_with_integer_counts():
    table = facts.delivery_records(
        frame(
            item(vendor_id=7, status="silently_dropped"), delivered(D(2025, 1, 1), D(2025, 1, 1), vendor_id=3)
        ),
        TODAY,
    )
    assert list(table.index) == [3, 7]
    assert table.loc[7, "silent_drops"] == 1
    assert table.loc[3, "on_time_rate"] == 1.0
    assert table["overdue_open"].dtype == "int64"


# --- R&D profile ------------------------------------------------------------------------------


def fin(year, revenue, rd_spend, vendor_id=1, currency="EUR") -> dict:
    return {
        "vendor_id": vendor_id,
        "fiscal_year": year,
        "revenue": revenue,
        "rd_spend": rd_spend,
        "rd_headcount": None,
        "currency": currency,
        "confidence": "high",
    }


def fund(date, kind, amount, vendor_id=1, currency="EUR") -> dict:
    return {"vendor_id": vendor_id, "date": date, "kind": kind, "amount": amount, "currency": currency}


def financials(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=facts.FINANCIAL_COLUMNS)


def funding(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=[*facts.FUNDING_COLUMNS, "currency"])


def profile(fin_rows=(), fund_rows=()) -> RDProfile:
    return facts.rd_profile(financials(*fin_rows), funding(*fund_rows))


def test_it_computes_rd_intensity_per_year_as_rd_spend_over_revenue():
    result = profile([fin(2024, 200.0, 30.0), fin(2023, 100.0, 12.0)])
    assert result.intensity_by_year == {2023: pytest.approx(0.12), 2024: pytest.approx(0.15)}
    assert result.latest_intensity == pytest.approx(0.15)


def test_it_skips_years_with_missing_revenue_missing_rd_or_zero_revenue():
    result = profile(
        [fin(2022, None, 5.0), fin(2023, 100.0, None), fin(2024, 0.0, 5.0), fin(2025, np.nan, 3.0)]
    )
    assert result.intensity_by_year == {}
    assert result.latest_intensity is None
    assert result.intensity_trend is None


def test_it_takes_the_latest_year_that_has_an_intensity():
    assert profile([fin(2024, 100.0, 20.0), fin(2025, None, 9.0)]).latest_intensity == pytest.approx(0.2)


def test_it_finds_a_falling_trend_for_a_private_equity_buy_out():
    result = profile(
        [fin(2022, 100.0, 18.0), fin(2023, 110.0, 19.8), fin(2024, 120.0, 16.8), fin(2025, 130.0, 13.0)],
        [fund(D(2023, 9, 1), "private_equity", None)],
    )
    # 18, 18, 14, 10 %: slope by least squares = -2.8 points a year.
    assert result.intensity_trend == pytest.approx(-2.8)


def test_it_finds_a_rising_trend_in_percentage_points_per_year():
    assert profile([fin(2024, 100.0, 10.0), fin(2025, 100.0, 12.0)]).intensity_trend == pytest.approx(2.0)


def test_it_needs_two_years_for_a_trend():
    assert profile([fin(2025, 100.0, 10.0)]).intensity_trend is None


def test_it_fits_the_trend_on_the_last_five_years_only():
    old_and_high = [fin(year, 100.0, 90.0) for year in (2015, 2016)]
    flat = [fin(year, 100.0, 10.0) for year in range(2021, 2026)]
    assert profile([*old_and_high, *flat]).intensity_trend == pytest.approx(0.0)


def test_it_spaces_the_trend_by_fiscal_year_not_by_row():
    # 10 % in 2021 and 14 % in 2025: 1 point a year, not 4.
    assert profile([fin(2025, 100.0, 14.0), fin(2021, 100.0, 10.0)]).intensity_trend == pytest.approx(1.0)


def test_it_counts_rd_not_covered_by_outside_money_as_organic():
    result = profile(
        [fin(2023, 100.0, 20.0), fin(2024, 100.0, 20.0), fin(2025, 100.0, 20.0)],
        [fund(D(2024, 3, 1), "venture", 15.0), fund(D(2025, 3, 1), "grant", 3.0)],
    )
    assert result.organic_share == pytest.approx(1 - 18 / 60)
    assert result.outside_funding_by_kind == {"grant": 3.0, "venture": 15.0}


def test_it_floors_the_organic_share_at_zero_when_outside_money_exceeds_rd():
    result = profile([fin(2025, 10.0, 8.0)], [fund(D(2025, 3, 1), "venture", 50.0)])
    assert result.organic_share == 0.0


def test_it_ignores_organic_events_and_funding_outside_the_three_year_window():
    result = profile(
        [fin(2023, 100.0, 10.0), fin(2024, 100.0, 10.0), fin(2025, 100.0, 10.0)],
        [
            fund(D(2022, 12, 31), "venture", 30.0),
            fund(D(2024, 1, 1), "organic", 30.0),
            fund(D(2023, 1, 1), "parent", 6.0),
        ],
    )
    assert result.organic_share == pytest.approx(1 - 6 / 30)
    assert result.outside_funding_by_kind == {"parent": 6.0}


def test_it_counts_fully_organic_rd_when_there_is_no_outside_money():
    assert profile([fin(2025, 100.0, 10.0)]).organic_share == 1.0


def test_it_ignores_funding_events_of_unknown_amount():
    result = profile([fin(2025, 100.0, 10.0)], [fund(D(2025, 2, 1), "private_equity", None)])
    assert result.organic_share == 1.0
    assert result.outside_funding_by_kind == {}


def test_it_has_no_organic_share_without_rd_spend():
    result = profile([fin(2025, 100.0, None)], [fund(D(2025, 2, 1), "venture", 10.0)])
    assert result.organic_share is None
    assert result.outside_funding_by_kind == {"venture": 10.0}


def test_it_refuses_to_add_up_funding_in_another_currency():
    result = profile(
        [fin(2025, 100.0, 10.0, currency="EUR")],
        [fund(D(2025, 2, 1), "venture", 5.0, currency="USD"), fund(D(2025, 3, 1), "debt", 2.0)],
    )
    assert result.organic_share is None
    assert result.outside_funding_by_kind == {"debt": 2.0}


def test_it_keeps_intensities_reported_in_different_currencies():
    result = profile([fin(2024, 100.0, 10.0, currency="GBP"), fin(2025, 200.0, 30.0, currency="EUR")])
    assert result.intensity_by_year == {2024: pytest.approx(0.1), 2025: pytest.approx(0.15)}
    assert result.organic_share is None


def test_it_takes_funding_without_a_currency_column_in_the_reporting_currency():
    no_currency = pd.DataFrame([fund(D(2025, 2, 1), "venture", 4.0)]).drop(columns="currency")
    result = facts.rd_profile(financials(fin(2025, 100.0, 10.0, currency="USD")), no_currency)
    assert result.organic_share == pytest.approx(0.6)


def test_it_returns_an_empty_profile_for_empty_frames():
    assert profile() == RDProfile({}, None, None, None, {})
    assert facts.rd_profile(pd.DataFrame(), pd.DataFrame()) == RDProfile()


def test_it_builds_one_profile_row_per_vendor_found_in_either_frame():
    fin_rows = [fin(2024, 100.0, 10.0, vendor_id=2), fin(2025, 100.0, 12.0, vendor_id=2)]
    fund_rows = [fund(D(2025, 1, 1), "venture", 3.0, vendor_id=5)]
    table = facts.rd_profiles(financials(*fin_rows), funding(*fund_rows))
    assert list(table.index) == [2, 5]
    assert list(table.columns) == facts.RD_PROFILE_FIELDS
    assert table.loc[2, "intensity_trend"] == pytest.approx(2.0)
    assert table.loc[2, "organic_share"] == 1.0
    assert np.isnan(table.loc[5, "latest_intensity"])
    assert table.loc[5, "outside_funding_by_kind"] == {"venture": 3.0}
    assert (
        facts.rd_profile(financials(*fin_rows), funding()).intensity_by_year
        == table.loc[2, "intensity_by_year"]
    )


def test_it_returns_an_empty_profile_table_for_empty_frames():
    table = facts.rd_profiles(financials(), funding())
    assert table.empty
    assert list(table.columns) == facts.RD_PROFILE_FIELDS
