"""On a desktop (1440 px) and a phone (390 px), no two labels of a drawn chart overlap.

Every text element plotly draws in a chart's SVG (tick labels, axis and chart titles, legend
entries, annotations, point labels) is measured with getBoundingClientRect; hidden ones (the
hover layer, skipped ticks) are left out. Two boxes that share more than a pixel each way
overlap. Each chart also fits its container, and the console stays clean under the CSP.
"""

import io

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import Evaluation
from tests.browser.conftest import log_in, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": 1440, "phone": 390}

# Returns, for one chart container, how many labels it drew, the pairs that overlap and
# whether the SVG fits the container's width.
MEASURE = """
(container) => {
  function shown(element) {
    for (let node = element; node && node !== container; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden" || parseFloat(style.opacity) === 0) {
        return false;
      }
    }
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.textContent.trim() !== "";
  }
  const labels = Array.from(container.querySelectorAll("svg text")).filter(shown).map((element) => ({
    text: element.textContent.trim(),
    box: element.getBoundingClientRect(),
  }));
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i].box, b = labels[j].box;
      const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (wide > 1 && high > 1) {
        overlaps.push(labels[i].text + " / " + labels[j].text);
      }
    }
  }
  const svg = container.querySelector("svg.main-svg");
  return {
    labels: labels.length,
    overlaps: overlaps,
    fits: svg.getBoundingClientRect().width <= container.getBoundingClientRect().width + 1,
  };
}
"""


def chart_pages(live_server):
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    vendor = evaluation.candidates.order_by("name").first()  # Alertwell Labs: every chart has data
    base = f"{live_server.url}/evaluations/{evaluation.pk}"
    return {
        "dashboard": f"{base}/dashboard/",
        "scorecard": f"{base}/vendors/{vendor.slug}/scorecard/",
        "vendor page": f"{live_server.url}/vendors/{vendor.slug}/",
    }


def measure_charts(page, url) -> dict[str, dict]:
    page.goto(url)
    containers = page.locator(".chart[data-figure]")
    count = containers.count()
    assert count, f"no chart on {url}"
    page.wait_for_function(
        "n => document.querySelectorAll('.chart[data-drawn=\"true\"] svg.main-svg').length >= n", arg=count
    )
    page.wait_for_timeout(300)  # a ResizeObserver refit, if any, has run
    return {container.get_attribute("id"): container.evaluate(MEASURE) for container in containers.all()}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.django_db(transaction=True)
def test_no_two_chart_labels_overlap_on_the_dashboard_scorecard_and_vendor_page(live_server, page, width):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "risk", DEMO_PASSWORD)

    seen = set()
    for name, url in chart_pages(live_server).items():
        for key, result in measure_charts(page, url).items():
            seen.add(key)
            assert result["labels"] > 3, (name, key, result)  # the chart drew its labels
            assert result["overlaps"] == [], (name, key, width)
            assert result["fits"], (name, key, width)
    assert seen >= {
        "chart-positioning",
        "chart-depth-breadth",
        "chart-sensitivity",
        "chart-radar",
        "chart-roadmap",
        "chart-rd",
        "chart-maturity",
    }
    assert page.problems == []


@pytest.mark.django_db(transaction=True)
def test_a_chart_switches_to_the_phone_layout_when_its_container_narrows(live_server, page):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    log_in(page, live_server, "risk", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    url = chart_pages(live_server)["dashboard"]
    measure_charts(page, url)
    tornado = page.locator("#chart-sensitivity")
    assert tornado.get_attribute("data-layout") == "wide"
    wide_ticks = tornado.locator("g.ytick text").count()

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.getElementById('chart-sensitivity').dataset.layout === 'narrow'")
    page.wait_for_timeout(300)
    # On a phone the criteria are named over their rows, not beside them.
    assert wide_ticks > 0 and tornado.locator("g.ytick text").count() == 0
    result = tornado.evaluate(MEASURE)
    assert result["overlaps"] == [] and result["fits"]
    assert page.problems == []


@pytest.mark.django_db(transaction=True)
def test_html_in_a_vendor_name_is_drawn_as_typed_in_the_charts(live_server, page):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    vendor = evaluation.candidates.order_by("name").first()
    vendor.name = "<b>Alertwell</b> & Labs"
    vendor.save()
    log_in(page, live_server, "risk", DEMO_PASSWORD)
    measure_charts(page, chart_pages(live_server)["dashboard"])

    for key in (
        "chart-contributions",
        "chart-rank-probabilities",
        "chart-positioning",
        "chart-depth-breadth",
    ):
        chart = page.locator(f"#{key}")
        texts = chart.locator("svg text").all_text_contents()
        assert any("<b>Alertwell</b> & Labs" in text for text in texts), (key, texts)
        # plotly would have drawn the tag as a bold tspan and dropped the characters.
        assert chart.locator("svg tspan[style*='bold']").count() == 0, key
    assert page.problems == []
