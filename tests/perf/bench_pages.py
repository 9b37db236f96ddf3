"""Server time of the selection dashboard and a vendor scorecard as a ratio to a hello-world view.

Run on demand: ``DJANGO_DEBUG=1 python tests/perf/bench_pages.py`` (pytest never collects
tests/perf). An evaluation with 50 candidates and 60 criteria (10 derived metrics, 50 manual
ratings by two evaluators) on an in-memory SQLite database; every page goes through Django's
test client and the full middleware stack, the three timed alternately so they share the
machine's load. Prints milliseconds per request and the ratio to the hello-world view. The
number of queries does not grow with candidates or criteria (asserted in the normal suite,
tests/evaluator/test_dashboard.py and test_scorecard.py).
"""

from __future__ import annotations

import datetime
import os
import random
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
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

import config.urls  # noqa: E402
from config.roles import Role  # noqa: E402
from evaluator.models import Criterion, Evaluation, ManualScore, Metric, RequiredCapability  # noqa: E402
from vendors.models import Capability, CapabilityAssessment, FinancialFact, RoadmapItem, Vendor  # noqa: E402

VENDORS, METRIC_CRITERIA, MANUAL_CRITERIA = 50, 10, 50
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


@login_not_required
def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("bench/hello/", hello), *config.urls.urlpatterns]


def setup_data():
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    owner = get_user_model().objects.create_user("owner", password="unused-bench-password")
    owner.groups.add(Group.objects.get(name=Role.RISK_LEADER.value))
    second = get_user_model().objects.create_user("second", password="unused-bench-password")
    second.groups.add(Group.objects.get(name=Role.RISK_LEADER.value))
    capabilities = list(Capability.objects.all())
    vendors = Vendor.objects.bulk_create(
        Vendor(name=f"Vendor {n:03d}", slug=f"vendor-{n:03d}", founded=2010) for n in range(VENDORS)
    )
    CapabilityAssessment.objects.bulk_create(
        CapabilityAssessment(
            vendor=vendor,
            capability=capability,
            assessed_on=datetime.date(2026, 1, 1),
            maturity=rng.randint(0, 5),
        )
        for vendor in vendors
        for capability in rng.sample(capabilities, 10)
    )
    FinancialFact.objects.bulk_create(
        FinancialFact(vendor=vendor, fiscal_year=year, revenue=100e6, rd_spend=rng.uniform(5e6, 25e6))
        for vendor in vendors
        for year in (2023, 2024, 2025)
    )
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            vendor=vendor,
            capability=rng.choice(capabilities),
            title=f"Item {n}",
            first_promised_date=datetime.date(2026, 6, 30),
            target_date=datetime.date(2026, 6, 30),
        )
        for vendor in vendors
        for n in range(5)
    )
    evaluation = Evaluation.objects.create(
        name="Bench", owner=owner, horizon_date=datetime.date(2027, 12, 31)
    )
    evaluation.candidates.set(vendors)
    evaluation.members.add(second)
    RequiredCapability.objects.bulk_create(
        RequiredCapability(evaluation=evaluation, capability=capability, importance=3)
        for capability in capabilities[:8]
    )
    metrics = [m for m in Metric if m not in (Metric.COST_TO_REALISE, Metric.ANNUAL_CONTRACT_VALUE)]
    for metric in metrics[:METRIC_CRITERIA]:
        Criterion.objects.create(
            evaluation=evaluation, name=metric.label, group="capability_depth", metric=metric
        )
    manual = [
        Criterion.objects.create(
            evaluation=evaluation, name=f"Rating {n}", group="manual", source="manual", metric=""
        )
        for n in range(MANUAL_CRITERIA)
    ]
    ManualScore.objects.bulk_create(
        ManualScore(criterion=criterion, vendor=vendor, evaluator=user, score=rng.randint(0, 5))
        for criterion in manual
        for vendor in vendors
        for user in (owner, second)
    )
    return owner, evaluation, vendors[0]


def per_request(client: Client, url: str) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - start) / REQUESTS


def main() -> int:
    setup_test_environment()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        owner, evaluation, vendor = setup_data()
        client = Client()
        client.force_login(owner)
        pages = {
            "hello world": "/bench/hello/",
            "dashboard": f"/evaluations/{evaluation.pk}/dashboard/",
            "scorecard": f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/",
        }
        for url in pages.values():
            per_request(client, url)  # warm up caches and imports
        best = dict.fromkeys(pages, float("inf"))
        for _ in range(REPEATS):
            for name, url in pages.items():
                best[name] = min(best[name], per_request(client, url))
    print(
        f"{VENDORS} candidates × {METRIC_CRITERIA + MANUAL_CRITERIA} criteria, best of {REPEATS} × {REQUESTS} requests"
    )
    for name, seconds in best.items():
        print(
            f"  {name:<12} {seconds * 1e3:9.2f} ms   ratio {seconds / best['hello world']:8.1f}× hello world"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
