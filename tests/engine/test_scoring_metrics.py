"""engine.scoring.metrics: derived metrics per vendor and evaluation, on plain DataFrames."""

import math

import pandas as pd
import pytest

from engine.scoring import metrics
from tests.engine.scoring_frames import (
    CONTRACT_COLUMNS,
    HORIZON,
    TODAY,
    D,
    assessment,
    assessments,
    frame,
    item,
    required,
    roadmap,
)


def compute(
    vendor_ids=(1, 2), req=None, assess=None, items=None, contracts=None, financials=None, funding=None
):
    from engine import facts as vendor_facts

    return metrics.vendor_metrics(
        vendor_ids=list(vendor_ids),
        required=req if req is not None else required(c1=5, c2=3),
        assessments=assess if assess is not None else assessments(),
        roadmap=items if items is not None else roadmap(),
        contracts=contracts if contracts is not None else frame([], CONTRACT_COLUMNS),
        financials=financials if financials is not None else frame([], vendor_facts.FINANCIAL_COLUMNS),
        funding=funding if funding is not None else frame([], vendor_facts.FUNDING_COLUMNS),
        today=TODAY,
        horizon=HORIZON,
    )


def test_it_weights_depth_by_importance_and_discounts_weak_evidence():
    result = compute(
        assess=assessments(assessment(1, 1, 5), assessment(1, 2, 4, evidence="documented")), vendor_ids=[1]
    )
    # (5 × 5/5 × 1.0 + 3 × 4/5 × 0.8) / (5 + 3) = 6.92 / 8
    assert result.loc[1, "depth_index"] == pytest.approx(0.865)


def test_it_counts_a_required_capability_without_assessment_as_zero_depth():
    result = compute(assess=assessments(assessment(1, 1, 5)), vendor_ids=[1])
    assert result.loc[1, "depth_index"] == pytest.approx(5 / 8)


def test_it_uses_the_latest_assessment_up_to_today_for_depth():
    result = compute(
        assess=assessments(
            assessment(1, 1, 2, on=D(2025, 1, 1)),
            assessment(1, 1, 5, on=D(2026, 1, 1)),
            assessment(1, 1, 1, on=D(2027, 1, 1)),
        ),  # fmt: skip
        req=required(c1=1),
        vendor_ids=[1],
    )
    assert result.loc[1, "depth_index"] == pytest.approx(1.0)


def test_it_reports_breadth_but_only_the_shallow_share_of_it():
    result = compute(
        assess=assessments(*(assessment(2, c, m) for c, m in [(1, 2), (2, 2), (3, 1), (4, 4), (5, 0)])),
        vendor_ids=[2],
    )
    assert result.loc[2, "offered_capabilities"] == 4  # maturity 0 is not offered
    assert result.loc[2, "shallow_capabilities"] == 3
    assert result.loc[2, "shallow_breadth_share"] == pytest.approx(0.75)


def test_it_leaves_the_shallow_share_missing_for_a_vendor_offering_nothing():
    assert math.isnan(compute(vendor_ids=[1]).loc[1, "shallow_breadth_share"])


def test_it_rates_progress_spread_evenly_over_the_required_capabilities_as_perfectly_even():
    result = compute(
        assess=assessments(
            assessment(1, 1, 2, on=D(2024, 6, 1)),
            assessment(1, 1, 4),
            assessment(1, 2, 1, on=D(2024, 6, 1)),
            assessment(1, 2, 3),
        ),  # fmt: skip
        vendor_ids=[1],
    )
    assert result.loc[1, "pace_evenness"] == pytest.approx(1.0)


def test_it_rates_progress_on_one_capability_only_as_uneven():
    result = compute(
        assess=assessments(
            assessment(1, 1, 1, on=D(2024, 6, 1)),
            assessment(1, 1, 4),
            assessment(1, 2, 2, on=D(2024, 6, 1)),
            assessment(1, 2, 2),
        ),  # fmt: skip
        vendor_ids=[1],
    )
    # progress (3, 0): Gini = |3 − 0| × 2 / (2 × 2² × 1.5) = 0.5
    assert result.loc[1, "pace_evenness"] == pytest.approx(0.5)


def test_it_counts_delivered_and_upcoming_roadmap_items_as_progress():
    result = compute(
        items=roadmap(
            item(1, 1, D(2026, 3, 1), status="delivered", delivered_date=D(2026, 3, 1), delivered_as="ga"),
            item(1, 2, D(2027, 3, 1)),
        ),
        vendor_ids=[1],
    )
    assert result.loc[1, "pace_evenness"] == pytest.approx(1.0)


def test_it_leaves_pace_missing_when_nothing_moves():
    assert math.isnan(
        compute(assess=assessments(assessment(1, 1, 3)), vendor_ids=[1]).loc[1, "pace_evenness"]
    )


def test_it_leaves_the_delivery_record_missing_when_nothing_is_due():
    assert math.isnan(compute(vendor_ids=[1]).loc[1, "delivery_record"])
    future = compute(items=roadmap(item(1, 1, D(2027, 3, 1))), vendor_ids=[1])
    assert future.loc[1, "items_due"] == 0
    assert math.isnan(future.loc[1, "delivery_record"])


def test_it_reuses_the_smoothed_delivery_record_of_vendors_metrics():
    on_time = [
        item(1, 1, D(2025, m, 1), status="delivered", delivered_date=D(2025, m, 1), delivered_as="ga")
        for m in (1, 2)
    ]
    # (2 + 4 × 0.5) / (2 + 4)
    assert compute(items=roadmap(*on_time), vendor_ids=[1]).loc[1, "delivery_record"] == pytest.approx(4 / 6)


def test_it_discounts_the_roadmap_by_commitment_and_by_the_delivery_record():
    result = compute(
        items=roadmap(
            item(1, 1, D(2027, 3, 1), commitment_kind="contractual"),
            item(1, 1, D(2027, 4, 1), commitment_kind="sales_promise"),
            item(1, 2, D(2027, 5, 1), commitment_kind="sales_promise"),
        ),
        vendor_ids=[1],
    )
    # capability 1 takes its best promise (1.0), capability 2 a sales promise (0.4):
    # (5 × 1.0 + 3 × 0.4) / 8 = 0.775; nothing is due yet, so no record: discounted by the prior 0.5
    assert result.loc[1, "roadmap_value"] == pytest.approx(0.775)
    assert result.loc[1, "credible_roadmap"] == pytest.approx(0.3875)


def test_it_ignores_roadmap_items_after_the_horizon_or_on_capabilities_not_required():
    result = compute(items=roadmap(item(1, 1, D(2028, 1, 1)), item(1, 9, D(2027, 1, 1))), vendor_ids=[1])
    assert result.loc[1, "horizon_items"] == 0
    assert result.loc[1, "credible_roadmap"] == 0
    assert math.isnan(result.loc[1, "contract_included_share"])


def test_it_measures_contract_coverage_of_the_roadmap_due_by_the_horizon():
    contracts = frame([{"vendor_id": 1, "start_date": D(2025, 1, 1), "end_date": D(2027, 6, 30),
                        "annual_value": 100_000.0, "currency": "EUR"}], CONTRACT_COLUMNS)  # fmt: skip
    result = compute(
        items=roadmap(
            item(1, 1, D(2027, 3, 1), contract_coverage="included"),
            item(1, 1, D(2027, 9, 1), contract_coverage="paid_addon", coverage_cost=20_000.0),
            item(1, 2, D(2027, 10, 1), contract_coverage="tier_upgrade"),
            item(1, 2, D(2027, 11, 1), contract_coverage="services", coverage_cost=5_000.0),
        ),
        contracts=contracts,
        vendor_ids=[1],
    )
    row = result.loc[1]
    assert row["contract_included_share"] == pytest.approx(0.25)
    assert row["cost_to_realise"] == pytest.approx(25_000)
    assert row["unpriced_items"] == 1
    assert row["items_after_contract_count"] == 3
    assert row["items_after_contract"] == pytest.approx(0.75)
    assert row["annual_contract_value"] == pytest.approx(100_000)


def test_it_leaves_contract_figures_missing_for_a_vendor_without_a_contract():
    result = compute(items=roadmap(item(1, 1, D(2027, 3, 1))), vendor_ids=[1])
    assert math.isnan(result.loc[1, "items_after_contract"])
    assert math.isnan(result.loc[1, "annual_contract_value"])


def test_it_reads_rd_intensity_trend_and_funding_mix_from_the_vendor_profile():
    from engine import facts as vendor_facts

    financials = frame(
        [{"vendor_id": 1, "fiscal_year": y, "revenue": 100.0, "rd_spend": s, "rd_headcount": 1,
          "currency": "EUR", "confidence": "high"} for y, s in [(2023, 10.0), (2024, 12.0), (2025, 14.0)]],
        vendor_facts.FINANCIAL_COLUMNS,
    )  # fmt: skip
    funding = frame([{"vendor_id": 1, "date": D(2024, 5, 1), "kind": "venture", "amount": 9.0}],
                    vendor_facts.FUNDING_COLUMNS)  # fmt: skip
    row = compute(financials=financials, funding=funding, vendor_ids=[1]).loc[1]
    assert row["rd_intensity"] == pytest.approx(0.14)
    assert row["rd_trend"] == pytest.approx(2.0)  # points per year
    assert row["rd_organic_share"] == pytest.approx(1 - 9 / 36)


def test_it_gives_every_candidate_a_row_in_candidate_order_even_without_any_facts():
    result = compute(vendor_ids=[7, 3])
    assert list(result.index) == [7, 3]
    assert set(metrics.METRIC_KEYS) <= set(result.columns)


def test_it_computes_the_gini_coefficient_of_a_known_distribution():
    assert metrics.gini(pd.Series([1, 1, 1, 1]).to_numpy()) == 0
    assert metrics.gini(pd.Series([0, 0, 0, 4]).to_numpy()) == pytest.approx(0.75)
