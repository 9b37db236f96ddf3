"""engine.scoring.table: criterion values → ranking, contributions, missing data, ties, sensitivity."""

import numpy as np
import pandas as pd
import pytest

from engine.scoring import criterion_values, evaluate, score_table
from engine.scoring.table import TOPSIS
from tests.engine.scoring_frames import (
    D,
    assessment,
    assessments,
    criteria,
    criterion,
    frame,
    inputs,
    item,
    required,
    roadmap,
)

NAMES = pd.Series({1: "Alpha", 2: "Bravo", 3: "Charlie"})


def raw(values: dict) -> pd.DataFrame:
    table = pd.DataFrame(values, index=pd.Index([1, 2, 3], name="vendor_id"), dtype="float64")
    table.columns.name = "criterion_id"
    return table


TWO = criteria(criterion(10, "Depth", weight=3), criterion(11, "Cost", weight=1, direction="cost"))


def test_it_adds_each_vendors_contributions_up_to_its_total():
    table = score_table(raw({10: [0.9, 0.5, 0.1], 11: [30, 10, 20]}), TWO, NAMES, draws=0)
    totals = table.contributions.sum(axis=1)
    np.testing.assert_allclose(totals.to_numpy(), table.vendors["total"].to_numpy())
    # Alpha: depth best (1 × 0.75), cost worst (0); Bravo: depth 0.5 × 0.75, cost best 0.25
    assert table.vendors.loc[1, "total"] == pytest.approx(0.75)
    assert table.vendors.loc[2, "total"] == pytest.approx(0.5 * 0.75 + 0.25)


def test_it_gives_a_missing_value_the_worst_observed_value_and_flags_it():
    table = score_table(raw({10: [0.9, np.nan, 0.1], 11: [30, 10, np.nan]}), TWO, NAMES, draws=0)
    assert table.missing.loc[2, 10] and table.missing.loc[3, 11]
    assert table.filled.loc[2, 10] == pytest.approx(0.1)  # the lowest depth observed, not 0
    assert table.filled.loc[3, 11] == pytest.approx(30)  # the highest cost observed
    assert not table.missing.loc[1, 10]


def test_it_excludes_a_criterion_nobody_has_a_value_for_and_shares_out_its_weight():
    table = score_table(raw({10: [0.9, 0.5, 0.1], 11: [np.nan] * 3}), TWO, NAMES, draws=0)
    assert bool(table.criteria.loc[11, "excluded"])
    assert table.criteria.loc[10, "effective_weight"] == pytest.approx(1.0)
    assert not table.missing[11].any()  # excluded, not "missing" for each vendor


def test_it_shows_equal_totals_as_a_tie_listed_alphabetically():
    names = pd.Series({1: "Zulu", 2: "Alpha", 3: "Mike"})
    table = score_table(raw({10: [0.5, 0.5, 0.1], 11: [10, 10, 20]}), TWO, names, draws=0)
    assert list(table.vendors["rank"]) == [1, 1, 3]
    assert list(table.vendors["tied"]) == [True, True, False]
    assert table.vendors.sort_values("position")["name"].tolist() == ["Alpha", "Zulu", "Mike"]


def test_it_refuses_to_rank_without_any_weighted_criterion_with_data():
    table = score_table(raw({10: [np.nan] * 3, 11: [1, 2, 3]}), criteria(
        criterion(10, "Depth"), criterion(11, "Cost", weight=0)), NAMES, draws=0)  # fmt: skip
    assert not table.ranked and "weight 0" in table.problem


def test_it_ranks_by_topsis_when_chosen_even_with_a_negative_trend():
    values = raw({10: [0.9, 0.5, 0.1], 11: [1.0, -2.0, 0.5]})
    table = score_table(
        values, criteria(criterion(10, "Depth"), criterion(11, "Trend")), NAMES, TOPSIS, draws=0
    )
    assert table.method == TOPSIS
    assert ((table.vendors["total"] >= 0) & (table.vendors["total"] <= 1)).all()
    assert table.vendors.sort_values("position")["name"].iloc[0] == "Alpha"


def test_it_says_how_far_a_weight_must_move_before_the_winner_changes():
    values = raw({10: [1.0, 0.0, 0.0], 11: [0.0, 1.0, 0.0]})
    crit = criteria(criterion(10, "Delivery record", weight=0.6), criterion(11, "Depth", weight=0.4))
    table = score_table(values, crit, NAMES, draws=0)
    finding = next(f for f in table.sensitivity if f.criterion == "Delivery record")
    # Alpha 0.6 vs Bravo 0.4: Bravo overtakes when Delivery record's weight falls by 0.2 to 0.4,
    # which is 0.4 / 0.8 = 50 % of all weight once the others are re-normalised.
    assert finding.change == pytest.approx(-0.2)
    assert finding.new_leader == "Bravo"
    assert finding.renormalised_weight == pytest.approx(0.5)
    assert finding.share_change == pytest.approx(-0.1) and not finding.fragile
    assert finding.sentence == (
        "Bravo overtakes Alpha if the share of Delivery record in the total weight falls from 60.0 % to 50.0 %."
    )


def test_it_lists_the_weights_by_how_little_their_share_must_move_to_change_the_winner():
    values = raw({10: [1.0, 0.0, 0.0], 11: [0.0, 1.0, 0.0], 12: [0.55, 0.0, 1.0]})
    crit = criteria(
        criterion(10, "Record", weight=0.6),
        criterion(11, "Depth", weight=0.3),
        criterion(12, "Cost", weight=0.1),
    )
    table = score_table(values, crit, NAMES, draws=0)
    moves = [abs(f.share_change) for f in table.sensitivity if f.share_change is not None]
    assert moves == sorted(moves)
    assert [f.change is None for f in table.sensitivity] == sorted(
        f.change is None for f in table.sensitivity
    )


def test_it_gives_reproducible_rank_probabilities_from_ten_thousand_seeded_draws():
    values = raw({10: [0.9, 0.85, 0.1], 11: [10, 8, 20]})
    first = score_table(values, TWO, NAMES)
    again = score_table(values, TWO, NAMES)
    pd.testing.assert_frame_equal(first.rank_probabilities, again.rank_probabilities)
    np.testing.assert_allclose(first.rank_probabilities.sum(axis=1), 1.0)
    assert first.rank_probabilities.loc[3, 1] == 0  # Charlie never wins
    assert 0 < first.rank_probabilities.loc[2, 1] < 1  # a close race: Bravo sometimes wins


def test_it_scores_a_manual_criterion_by_the_mean_of_the_evaluators():
    crit = criteria(criterion(5, "Support", source="manual", group="manual"))
    manual = frame(
        [{"criterion_id": 5, "vendor_id": 1, "evaluator_id": e, "score": s} for e, s in [(1, 4), (2, 1)]],
        ["criterion_id", "vendor_id", "evaluator_id", "score"],
    )
    values = criterion_values(crit, pd.DataFrame(index=pd.Index([1, 2], name="vendor_id")), manual)
    assert values.loc[1, 5] == pytest.approx(2.5)
    assert np.isnan(values.loc[2, 5])


def test_it_ranks_a_deep_specialist_above_a_broad_but_shallow_suite_with_depth_criteria():
    deep = [assessment(1, c, 5) for c in (1, 2)] + [assessment(1, c, 3, on=D(2024, 6, 1)) for c in (1, 2)]
    broad = [assessment(2, c, 2) for c in range(1, 12)]
    result = evaluate(
        inputs(
            {1: "Deep", 2: "Broad"},
            required=required(c1=5, c2=4),
            assessments=assessments(*deep, *broad),
            roadmap=roadmap(item(1, 1, D(2027, 1, 1)), item(2, 1, D(2027, 2, 1))),
            criteria=criteria(
                criterion(1, "Depth", "depth_index", 30),
                criterion(2, "Shallow breadth", "shallow_breadth_share", 10, "cost"),
                criterion(3, "Pace", "pace_evenness", 10),
            ),
        ),
        draws=1000,
    )
    assert result.table.vendors.sort_values("position")["name"].tolist() == ["Deep", "Broad"]


def test_it_ranks_a_single_candidate_first_with_no_sensitivity_to_report():
    one = pd.DataFrame({10: [0.4], 11: [12.0]}, index=pd.Index([1], name="vendor_id"))
    one.columns.name = "criterion_id"
    table = score_table(one, TWO, NAMES.loc[[1]])
    assert table.vendors.loc[1, "rank"] == 1 and not table.vendors.loc[1, "tied"]
    assert table.vendors.loc[1, "total"] == pytest.approx(1.0)  # equal to itself on every criterion
    assert all(f.change is None for f in table.sensitivity)
    assert table.rank_probabilities.loc[1, 1] == 1.0


def test_it_gives_the_critical_weight_as_a_share_of_all_weight_too():
    values = raw({10: [1.0, 0.0, 0.0], 11: [0.0, 1.0, 0.0]})
    crit = criteria(criterion(10, "Delivery record", weight=0.6), criterion(11, "Depth", weight=0.4))
    finding = next(f for f in score_table(values, crit, NAMES, draws=0).sensitivity if f.criterion == "Depth")
    # Depth rises by 0.2 to 0.6 before re-normalising: 0.6 / 1.2 = 0.5 of all weight, a tie.
    assert finding.change == pytest.approx(0.2)
    assert finding.renormalised_weight == pytest.approx(0.5)
