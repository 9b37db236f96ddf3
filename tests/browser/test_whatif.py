"""The live what-if: the browser's ranking for the sliders' weights is the server's for the same weights."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import Evaluation, StakeholderGroup
from evaluator.results.service import evaluation_results
from evaluator.stakeholders import analysis, whatif
from tests.browser.conftest import log_in, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]
SHOTS = Path(os.environ.get("GROUPS_SHOTS", "/tmp/groups-shots"))


def browser_ranking(page) -> list[str]:
    names = page.locator("#whatif-ranking li").all_inner_texts()
    return [text.split(" — ")[0] for text in names]


@pytest.mark.django_db(transaction=True)
def test_the_sliders_rank_as_the_server_does_and_save_a_profile(live_server, page):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    data = whatif.whatif_data(evaluation_results(evaluation))
    log_in(page, live_server, "risk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/what-if/")
    page.wait_for_selector("#whatif[data-ready='1']")
    # Untouched: today's ranking, as recorded.
    recorded = [v["name"] for v in sorted(data["vendors"], key=lambda v: v["rank"])]
    assert browser_ranking(page) == recorded
    # Several settings, each compared with the server's rule for the same slider values.
    settings = [
        {"capability_depth": 0, "delivery_record": 1000, "roadmap": 600},
        {"delivery_record": 0, "cost": 1000, "rd": 800, "capability_depth": 100},
        {"cost": 0, "rd": 0, "manual": 1000},
    ]
    seen, texts = set(), []
    for setting in settings:
        for key, value in setting.items():
            page.locator(f"#slider-{key}").fill(str(value))
        shares = {g["key"]: float(page.locator(f"#slider-{g['key']}").input_value()) for g in data["groups"]}
        assert browser_ranking(page) == whatif.ranking(data, shares), setting
        seen.add(browser_ranking(page)[0])
        texts.append(page.locator("#whatif-ranking").inner_text())
    assert len(seen) > 1  # the sliders really move the winner
    assert any("(up 1)" in text for text in texts)  # and say how far from the recorded ranking
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SHOTS / "whatif-1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "whatif-390.png"), full_page=True)
    # Saved as a profile, the server's own scoring of those weights ranks as the browser did.
    in_browser = browser_ranking(page)
    page.get_by_label("Profile name").fill("Analyst view")
    page.get_by_label("Why keep it").fill("What the analysts asked for")
    page.get_by_role("button", name="Save as a new profile").click()
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/stakeholders/")
    group = StakeholderGroup.objects.get(evaluation=evaluation, name="Analyst view")
    result = analysis.analyse(evaluation, evaluation_results(evaluation))
    saved = next(g for g in result["groups"] if g["id"] == group.pk)
    assert [row["name"] for row in saved["ranking"]] == in_browser
    assert page.problems == []
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SHOTS / "stakeholders-1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "stakeholders-390.png"), full_page=True)
