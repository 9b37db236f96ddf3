"""The scorecard says its strengths and weaknesses in words tied to the facts, in the house formats."""

import pandas as pd
import pytest

from common import numbers
from evaluator.results import presentation, wording


def text_for(facts, currency="EUR"):
    return lambda column, kind: presentation.display(facts.get(column), kind, currency=currency)


@pytest.mark.parametrize(
    ("capabilities", "sentence"),
    [
        ([{"maturity": 5, "evidence": "verified"}] * 4, "4 of 4 required capabilities at maturity 5, verified"),
        (
            [{"maturity": 5, "evidence": "verified"}, {"maturity": 4, "evidence": "self_asserted"},
             {"maturity": 2, "evidence": "documented"}],
            "2 of 3 required capabilities at maturity 4 or 5, 1 of them verified or contractual",
        ),
        ([{"maturity": 4, "evidence": "self_asserted"}, {"maturity": None, "evidence": None}],
         "1 of 2 required capabilities at maturity 4, self-asserted"),
        ([{"maturity": 2, "evidence": "verified"}, {"maturity": None, "evidence": None}],
         "none of the 2 required capabilities at maturity 4 or more; best maturity 2"),
        ([{"maturity": None, "evidence": None}], "its one required capability not assessed"),
    ],
)  # fmt: skip
def test_capability_depth_counts_the_deep_required_capabilities_and_their_evidence(capabilities, sentence):
    assert wording.depth_sentence(capabilities) == sentence


def test_the_facts_read_as_sentences_with_one_format_per_quantity():
    facts = pd.Series(
        {
            "rd_intensity": 0.22,
            "rd_trend": -1.25,
            "rd_organic_share": 0.9,
            "offered_capabilities": 9,
            "shallow_capabilities": 2,
            "items_due": 9,
            "on_time_rate": 7 / 9,
            "median_slip_days": 30.0,
            "silent_drops": 1,
            "horizon_items": 5,
            "included_items": 3,
            "contract_included_share": 0.6,
            "cost_to_realise": 12_500_000.0,
            "unpriced_items": 1,
        }
    )
    text = text_for(facts, "USD")
    assert wording.fact_sentence("rd_intensity", facts, text) == "R&D intensity 22.0 % of revenue"
    assert wording.fact_sentence("rd_trend", facts, text) == "R&D intensity falling, -1.2 pp/yr"
    assert wording.fact_sentence("rd_organic_share", facts, text) == "90.0 % of R&D funded from operations"
    assert wording.fact_sentence("shallow_breadth_share", facts, text) == (
        "2 of 9 offered capabilities shallow (maturity 2 or less)"
    )
    assert wording.fact_sentence("delivery_record", facts, text) == (
        "77.8 % of 9 items due delivered on time, median slip 30 days, 1 silent drop"
    )
    assert wording.fact_sentence("contract_included_share", facts, text) == (
        "3 of 5 roadmap items included in the current contract"
    )
    assert wording.fact_sentence("cost_to_realise", facts, text) == (
        "12,500,000 USD to realise the roadmap not included in the contract, 1 item not priced"
    )


def test_display_uses_the_house_formats():
    assert presentation.display(0.22, "percent") == "22.0 %" == numbers.percent(0.22)
    assert presentation.display(12_500_000, "money", currency="GBP") == "12,500,000 GBP"
    assert presentation.display(12_500_000, "money") == "12,500,000 EUR"  # the records' default
    assert presentation.display(1.234, "signed") == "+1.2 pp/yr"
    assert presentation.display(0.93219, "score") == "0.932"
    assert presentation.display(float("nan"), "percent") == "missing"


def test_each_vendor_money_reads_in_its_latest_contract_currency():
    contracts = pd.DataFrame(
        {
            "vendor_id": [1, 1, 2],
            "end_date": ["2025-01-01", "2027-01-01", None],
            "currency": ["EUR", "USD", "GBP"],
        }
    )
    assert presentation.vendor_currencies(contracts) == {1: "USD", 2: "GBP"}


def cell(name, weight, normalised, missing=False):
    return presentation._judged(
        {"criterion_name": name, "effective_weight": weight, "normalised": normalised, "missing": missing},
        f"{name} sentence",
    )


def test_weaknesses_are_where_the_vendor_loses_most_not_its_smallest_weights():
    # A small weight on which the vendor is the best is no weakness; a large one it is worst on is.
    cells = [
        cell("Depth", 0.5, 1.0),
        cell("Breadth", 0.05, 1.0),
        cell("Record", 0.3, 0.2),
        cell("R&D", 0.15, 0.5),
    ]
    strengths, weaknesses = presentation.strengths_and_weaknesses(cells)
    assert [c["criterion_name"] for c in strengths] == ["Depth", "R&D"]
    assert [c["criterion_name"] for c in weaknesses] == ["Record"]
    assert weaknesses[0]["lost_display"] == "0.240" and weaknesses[0]["possible_display"] == "0.300"


def test_a_vendor_best_on_every_criterion_has_no_weakness():
    cells = [cell("Depth", 0.6, 1.0), cell("Record", 0.4, 1.0)]
    strengths, weaknesses = presentation.strengths_and_weaknesses(cells)
    assert [c["criterion_name"] for c in strengths] == ["Depth"] and weaknesses == []


def test_a_missing_value_is_a_weakness_even_when_no_candidate_has_a_better_one():
    # The only known delivery record is the worst observed, so the newcomer "loses" nothing on it.
    cells = [cell("Depth", 0.5, 1.0), cell("Record", 0.5, 1.0, missing=True)]
    strengths, weaknesses = presentation.strengths_and_weaknesses(cells)
    assert [c["criterion_name"] for c in strengths] == ["Depth"]
    assert [c["criterion_name"] for c in weaknesses] == ["Record"]


def test_a_strength_is_in_the_better_half_of_the_field():
    # 30 % on time adds something, but it is no strength: the vendor is in the lower half there.
    cells = [cell("Record", 0.6, 0.2), cell("Breadth", 0.1, 0.7), cell("Depth", 0.3, 0.0)]
    strengths, weaknesses = presentation.strengths_and_weaknesses(cells)
    assert [c["criterion_name"] for c in strengths] == ["Breadth"]
    assert [c["criterion_name"] for c in weaknesses] == ["Record"]
    strengths, _ = presentation.strengths_and_weaknesses([cell("Record", 0.6, 0.2), cell("Depth", 0.4, 0.0)])
    assert strengths == []
