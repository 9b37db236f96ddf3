"""Time of the dashboard and a scorecard as PDF, cold and warm, and as a ratio to the same page as HTML.

Run on demand: ``DJANGO_DEBUG=1 python tests/perf/bench_pdf.py`` (pytest never collects
tests/perf; needs Chromium at DJANGO_CHROMIUM_PATH). The demo landscape (seed_demo) on an
in-memory SQLite database; every request goes through Django's test client and the full
middleware stack, PDF limits included.

"cold" is the process's first PDF: it starts Chromium and a page that loads plotly.js
(common.pdf.Renderer). "warm" is every PDF after it: the same browser and page, so what is
left is rendering the HTML, drawing the charts and printing. The ratio is warm PDF time over
HTML time of the same page (best of BENCH_REPEATS rounds of BENCH_REQUESTS requests, taken
alternately so they share the machine's load).
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from common import pdf  # noqa: E402
from evaluator.models import Evaluation, EvaluationStatus  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def seconds_per_request(client: Client, url: str, **query) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url, query)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return (time.perf_counter() - start) / REQUESTS


def timed(client: Client, url: str, **query) -> float:
    start = time.perf_counter()
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return time.perf_counter() - start


def main() -> int:
    setup_test_environment()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        client = Client()
        client.force_login(get_user_model().objects.get(username="risk"))
        evaluation = Evaluation.objects.exclude(status=EvaluationStatus.DECIDED).first()
        vendor = evaluation.candidates.order_by("name").first()
        pages = {
            "dashboard": f"/evaluations/{evaluation.pk}/dashboard/",
            "scorecard": f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/",
        }
        for url in pages.values():
            timed(client, url)  # the results cache and imports, as the HTML of a PDF finds them
        cold = timed(client, pages["dashboard"], format="pdf")
        html = dict.fromkeys(pages, float("inf"))
        warm = dict.fromkeys(pages, float("inf"))
        for _ in range(REPEATS):
            for name, url in pages.items():
                html[name] = min(html[name], seconds_per_request(client, url))
                warm[name] = min(warm[name], seconds_per_request(client, url, format="pdf"))
        pdf.renderer.close()
    print(f"{evaluation.name}: {evaluation.candidates.count()} candidates; best of {REPEATS} × {REQUESTS}")
    print(f"  cold PDF (starts Chromium, loads plotly.js)  {cold:7.2f} s   dashboard")
    for name in pages:
        print(
            f"  {name:<10} HTML {html[name] * 1e3:7.0f} ms   warm PDF {warm[name]:6.2f} s"
            f"   ratio {warm[name] / html[name]:5.1f}× the HTML"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
