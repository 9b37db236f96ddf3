"""Risk flags: each warning comes with the fact behind it, and missing facts raise nothing."""

import math

import pandas as pd

from engine.risk_flags import risk_flags

QUIET = {
    "rd_trend": 0.4,
    "rd_intensity": 0.18,
    "rd_organic_share": 0.9,
    "horizon_items": 4,
    "items_after_contract_count": 0,
    "contract_end": pd.Timestamp("2028-12-31"),
    "silent_drops": 0,
    "items_due": 5,
    "delivery_record": 0.8,
    "contract_included_share": 0.75,
}


def codes(flags):
    return [flag.code for flag in flags]


def test_it_raises_no_flag_for_a_vendor_with_healthy_facts():
    assert risk_flags(QUIET) == []


def test_it_flags_roadmap_items_landing_after_the_contract_ends_with_the_count_and_date():
    flags = risk_flags({**QUIET, "items_after_contract_count": 3, "horizon_items": 4})
    assert codes(flags) == ["after_contract"]
    assert flags[0].fact == (
        "3 of 4 roadmap items due by the horizon are targeted after the contract ends on 2028-12-31."
    )


def test_it_flags_a_falling_rd_share_and_names_the_buy_out_before_it():
    funding = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-05-01", "2023-03-15"]),
            "kind": ["venture", "private_equity"],
        }
    )
    flags = risk_flags({**QUIET, "rd_trend": -2.0, "rd_intensity": 0.09}, funding)
    assert codes(flags) == ["falling_rd"]
    assert "falling by 2.0 percentage points a year" in flags[0].fact
    assert "latest 9.0 % of revenue" in flags[0].fact
    assert "after a private-equity deal on 2023-03-15" in flags[0].fact


def test_it_flags_many_silent_drops_a_weak_record_low_coverage_and_outside_funded_rd():
    flags = risk_flags(
        {
            **QUIET,
            "silent_drops": 3,
            "delivery_record": 0.3,
            "contract_included_share": 0.25,
            "rd_organic_share": 0.2,
        }
    )
    assert codes(flags) == ["silent_drops", "weak_delivery", "low_coverage", "outside_funded_rd"]
    assert flags[0].fact == "3 roadmap items were dropped without an announcement."
    assert flags[1].fact == "Delivery record 30 % over 5 items that were due."
    assert "Only 25 %" in flags[2].fact
    assert "Only 20 %" in flags[3].fact


def test_it_raises_nothing_from_missing_facts_rather_than_guessing():
    missing = dict.fromkeys(QUIET, math.nan)
    missing["contract_end"] = pd.NaT
    assert risk_flags(missing) == []
    # Items after the contract need a contract to be after.
    assert risk_flags({**QUIET, "items_after_contract_count": 2, "contract_end": pd.NaT}) == []
