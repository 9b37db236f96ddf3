"""Head-to-head: two to four candidates criterion by criterion; wrong choices explained, never a 500."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation


def compare_url(evaluation, *slugs):
    query = "&".join(f"vendor={slug}" for slug in slugs)
    return f"/evaluations/{evaluation.pk}/compare/" + (f"?{query}" if query else "")


def slugs_of(evaluation, count):
    return [vendor.slug for vendor in evaluation.candidates.order_by("name")[:count]]


def test_it_puts_the_chosen_vendors_side_by_side_and_marks_the_best_of_each_differing_criterion(risk_leader):
    evaluation = scored_evaluation(risk_leader, 5)
    chosen = slugs_of(evaluation, 3)
    response = client_for(risk_leader).get(compare_url(evaluation, *chosen))
    assert response.status_code == 200
    page = response.text
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r">(Candidate \d\d of 5)<", header) == [
        "Candidate 00 of 5",
        "Candidate 01 of 5",
        "Candidate 02 of 5",
    ]
    for criterion in ("Depth", "Record", "Roadmap"):
        assert f'<th scope="row">{criterion}</th>' in page
    # Depth differs (maturities 0, 1, 2): exactly one best cell in its row.
    depth_row = re.search(r'<th scope="row">Depth</th>(.*?)</tr>', page, re.S).group(1)
    assert depth_row.count("compare-best") == 1
    assert "Candidate 04 of 5" not in header


def test_it_links_each_compared_vendor_to_its_scorecard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    chosen = slugs_of(evaluation, 2)
    page = client_for(risk_leader).get(compare_url(evaluation, *chosen)).text
    for slug in chosen:
        assert f"/evaluations/{evaluation.pk}/vendors/{slug}/scorecard/" in page


def test_without_a_choice_it_offers_the_candidates_to_pick_from(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    response = client_for(risk_leader).get(compare_url(evaluation))
    assert response.status_code == 200
    assert response.text.count('name="vendor"') == 3 and "compare-best" not in response.text


def test_one_vendor_is_not_a_comparison(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    response = client_for(risk_leader).get(compare_url(evaluation, *slugs_of(evaluation, 1)))
    assert response.status_code == 400
    assert "Choose at least 2 vendors to compare." in response.text


def test_the_same_vendor_twice_counts_once(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    slug = slugs_of(evaluation, 1)[0]
    response = client_for(risk_leader).get(compare_url(evaluation, slug, slug))
    assert response.status_code == 400 and "Choose at least 2" in response.text


def test_five_vendors_are_too_many_to_read_side_by_side(risk_leader):
    evaluation = scored_evaluation(risk_leader, 6)
    response = client_for(risk_leader).get(compare_url(evaluation, *slugs_of(evaluation, 5)))
    assert response.status_code == 400
    assert "Choose at most 4 vendors; 5 were chosen." in response.text


def test_a_vendor_outside_the_evaluation_is_named_not_compared(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    factories.VendorFactory(name="Outsider", slug="outsider")
    chosen = [*slugs_of(evaluation, 1), "outsider", "no-such-vendor"]
    response = client_for(risk_leader).get(compare_url(evaluation, *chosen))
    assert response.status_code == 400
    assert "Not a candidate of this evaluation: outsider, no-such-vendor." in response.text


def test_someone_outside_the_evaluation_gets_404(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, 2)
    assert client_for(executive).get(compare_url(evaluation, *slugs_of(evaluation, 2))).status_code == 404


def test_it_runs_the_same_queries_for_5_and_50_candidates(risk_leader):
    # Session, user, permissions (2), the evaluation, the nine scoring_inputs queries, the menu's.
    client = client_for(risk_leader)
    small, large = scored_evaluation(risk_leader, 5), scored_evaluation(risk_leader, 50)
    with CaptureQueriesContext(connection) as five:
        assert client.get(compare_url(small, *slugs_of(small, 4))).status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(compare_url(large, *slugs_of(large, 4))).status_code == 200
    assert len(five) == len(fifty)
