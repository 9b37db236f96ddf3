"""The dashboard's cached chart fragments: the same HTML as drawn afresh, and never stale."""

import re

from django.core.cache import cache

from engine.charts.memo import CACHE as CHART_MEMO
from evaluator.models import Criterion
from evaluator.results import dashboard
from tests.conftest import client_for
from tests.evaluator.test_dashboard import figures, scored_evaluation


def page_text(client, url) -> str:
    """The page without its per-request tokens (CSRF, CSP nonces)."""
    text = client.get(url).text
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    return re.sub(r'nonce="[^"]+"', "NONCE", text)


def test_a_dashboard_served_from_the_chart_cache_is_the_page_drawn_afresh(risk_leader, monkeypatch):
    evaluation = scored_evaluation(risk_leader, 5)
    client, url = client_for(risk_leader), f"/evaluations/{evaluation.pk}/dashboard/"
    cache.clear()
    CHART_MEMO.clear()
    drawn = page_text(client, url)
    renders = []
    monkeypatch.setattr(dashboard, "render_charts", lambda *args: renders.append(args))
    assert page_text(client, url) == drawn  # from the cache: render_charts is not called
    assert renders == []
    assert "chart-contributions" in drawn


def test_a_changed_weight_redraws_the_dashboard_charts(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    client, url = client_for(risk_leader), f"/evaluations/{evaluation.pk}/dashboard/"
    before = figures(client.get(url).text)
    Criterion.objects.filter(evaluation=evaluation, name="Depth").update(weight=9)
    after = figures(client.get(url).text)
    assert before["chart-contributions"] != after["chart-contributions"]
    cache.clear()
    CHART_MEMO.clear()
    assert figures(client.get(url).text) == after


def test_the_cached_charts_reach_no_one_the_page_refuses(risk_leader, procurement, executive):
    # The owner's visit fills the chart cache; a blind evaluation's evaluator and a non-member
    # still get the refusal and none of the charts.
    evaluation = scored_evaluation(risk_leader, 3)
    evaluation.members.add(procurement)
    evaluation.blind_scoring = True
    evaluation.status = "scoring"
    evaluation.save()
    url = f"/evaluations/{evaluation.pk}/dashboard/"
    assert "chart-contributions" in client_for(risk_leader).get(url).text
    refused = client_for(procurement).get(url)
    assert refused.status_code == 403 and "chart-contributions" not in refused.text
    stranger = client_for(executive).get(url)
    assert stranger.status_code == 404 and "chart-contributions" not in stranger.text
