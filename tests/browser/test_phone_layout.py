"""Every main page at 1440 px and at 390 px (a phone), for every role: nothing wider than the screen.

Each role signs in through the form and visits the home page, the vendor list, a vendor page, the
roadmap overview, the evaluations, one evaluation's criteria (for those who may change it),
results, dashboard, a scorecard and a head-to-head, the questionnaire responses and one response.
On every page: the document is no wider than the viewport (no sideways scroll), no card or chart
sticks out of its parent, every chart draws, and the console has no error and no CSP violation.
At 390 px the main menu is folded behind a "Menu" button until it is opened; at 1440 px it is open.
"""

import io

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import Evaluation, Response
from tests.browser.conftest import log_in, requires_chromium, save_screenshot

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = (1440, 390)
# Roles that may change the evaluation's set-up (and so open its criteria page).
CHANGES_SETUP = {"risk", "admin"}
# docs/screenshots/<name>-<width>.png of the executive's pages (UPDATE_SCREENSHOTS=1 refreshes them).
SCREENSHOTS = {"/dashboard/": "dashboard", "/scorecard/": "scorecard"}

# Elements whose right edge lies beyond their parent's (scroll boxes and what is inside them excepted).
OVERFLOWING = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('main .card, main .chart, main .chart-figure, main .kpi, main table')) {
    if (el.closest('.table-wrap, .tabs')) continue;
    const parent = el.parentElement.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    if (box.right > parent.right + 1 || box.left < parent.left - 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className}#${el.id}: ${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(parent.left)}–${Math.round(parent.right)}`);
    }
  }
  return out;
}
"""
CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('.chart[data-figure]')].every(c => c.dataset.drawn === 'true')"
)


def main_pages(role: str) -> list[str]:
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    first, second = evaluation.candidates.order_by("name")[:2]
    response = Response.objects.order_by("pk").first()
    base = f"/evaluations/{evaluation.pk}"
    return [
        "/",
        "/vendors/",
        f"/vendors/{first.slug}/",
        "/vendors/roadmaps/",
        "/evaluations/",
        *([f"{base}/criteria/"] if role in CHANGES_SETUP else []),
        f"{base}/results/",
        f"{base}/dashboard/",
        f"{base}/vendors/{first.slug}/scorecard/",
        f"{base}/compare/?vendor={first.slug}&vendor={second.slug}",
        "/questionnaires/responses/",
        f"/questionnaires/responses/{response.pk}/",
    ]


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    page.wait_for_function(CHARTS_DRAWN)


def assert_fits(page, width: int, url: str) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{url} at {width} px is {scroll_width} px wide"
    assert page.evaluate(OVERFLOWING) == [], f"{url} at {width} px"
    assert page.problems == [], f"{url} at {width} px"


def assert_menu_folds(page) -> None:
    """At 390 px the menu opens from its button; the links are hidden before, shown after."""
    button = page.get_by_role("button", name="Menu")
    evaluations = page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not evaluations.is_visible()
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 60, f"the folded header is {header['height']} px high"
    button.click()
    assert evaluations.is_visible() and button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not evaluations.is_visible() and button.get_attribute("aria-expanded") == "false"


def assert_menu_open(page) -> None:
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors").is_visible()


@pytest.mark.parametrize("role", ["risk", "procurement", "executive", "admin"])
@pytest.mark.django_db(transaction=True)
def test_every_main_page_fits_a_phone_and_a_desktop_for_every_role(live_server, page, role):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    log_in(page, live_server, role, DEMO_PASSWORD)
    assert "/accounts/login/" not in page.url, f"{role} could not sign in"
    pages = main_pages(role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        for path in pages:
            url = f"{live_server.url}{path}"
            visit(page, url)
            assert_fits(page, width, url)
            shot = next((name for end, name in SCREENSHOTS.items() if path.endswith(end)), None)
            if role == "executive" and shot:
                save_screenshot(page, f"{shot}-{width}", full_page=True)
        if width < 800:
            assert_menu_folds(page)
        else:
            assert_menu_open(page)


@pytest.mark.django_db(transaction=True)
def test_the_menu_is_open_without_script_so_nothing_is_lost(live_server, browser):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, "executive", DEMO_PASSWORD)
        assert get_user_model().objects.filter(username="executive").exists()
        assert not page.get_by_role("button", name="Menu").is_visible()
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
