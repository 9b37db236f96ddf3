"""Dashboard and scorecard: the same queries for 5 candidates and for 50 candidates × 60 criteria."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Criterion, ManualScore
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation


def with_manual_criteria(evaluation, rater, total_criteria):
    vendors = list(evaluation.candidates.all())
    for n in range(total_criteria - evaluation.criteria.count()):
        criterion = Criterion.objects.create(
            evaluation=evaluation, name=f"Rating {n}", group="manual", source="manual", metric=""
        )
        ManualScore.objects.bulk_create(
            ManualScore(criterion=criterion, vendor=vendor, evaluator=rater, score=(n + i) % 6)
            for i, vendor in enumerate(vendors)
        )
    return evaluation


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_and_scorecard_queries_do_not_grow_with_candidates_or_criteria(risk_leader):
    small = scored_evaluation(risk_leader, 5)
    large = with_manual_criteria(scored_evaluation(risk_leader, 50), risk_leader, 60)
    assert large.criteria.count() == 60
    client = client_for(risk_leader)
    for evaluation_pages in ("dashboard/", "vendors/{slug}/scorecard/"):
        counts = []
        for evaluation in (small, large):
            slug = evaluation.candidates.order_by("name").first().slug
            counts.append(
                queries(client, f"/evaluations/{evaluation.pk}/" + evaluation_pages.format(slug=slug))
            )
        assert counts[0] == counts[1], (evaluation_pages, counts)
