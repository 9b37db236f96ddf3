"""Set up the load test's database: migrate, seed the demo, scale it, add the simulated users.

Run in a subprocess with the load database's DATABASE_URL
(``python -m tests.perf.load.fixtures USERS [VENDORS]``); prints one JSON object on the last
line: the users with their passwords or API tokens and the records they work on.

The demo's register is a handful of vendors; VENDORS (default 200) brings it to the size of a
real one: each added vendor with 10 capability assessments, 3 years of financial facts and 5
roadmap items, like tests/perf/bench_pages.py. The demo evaluation keeps its candidates (a real
selection compares a shortlist, not the register).
"""

import datetime
import json
import os
import random
import sys
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts.models import ApiToken  # noqa: E402
from config.roles import Role  # noqa: E402
from evaluator.models import Answer, Evaluation, Response  # noqa: E402
from tests.perf.load.users import ENTRY_SECTIONS  # noqa: E402
from vendors.models import (  # noqa: E402
    Briefing,
    Capability,
    CapabilityAssessment,
    FinancialFact,
    RoadmapItem,
    Vendor,
)

PASSWORD = "load-test-pass-2026"
# Records many users edit at once: few, so that their edits collide.
SHARED_BRIEFINGS = 3
SHARED_RESPONSES = 2
SHARED_ANSWERS = 6


def make_user(name: str, role: Role):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role.value))
    return user


def scale_register(total: int) -> None:
    """Vendors up to ``total``, each with assessments, financial facts and roadmap items."""
    missing = total - Vendor.objects.count()
    if missing <= 0:
        return
    rng = random.Random(2026)
    capabilities = list(Capability.objects.all())
    vendors = Vendor.objects.bulk_create(
        Vendor(
            name=f"Load vendor {n:04d}",
            slug=f"load-vendor-{n:04d}",
            country=rng.choice(["Netherlands", "Germany", "France", "United States", "Israel"]),
            founded=rng.randint(1990, 2022),
            headcount=rng.randint(20, 5000),
        )
        for n in range(missing)
    )
    CapabilityAssessment.objects.bulk_create(
        CapabilityAssessment(
            vendor=vendor,
            capability=capability,
            assessed_on=datetime.date(2026, 1, 1),
            maturity=rng.randint(0, 5),
        )
        for vendor in vendors
        for capability in rng.sample(capabilities, min(10, len(capabilities)))
    )
    FinancialFact.objects.bulk_create(
        FinancialFact(
            vendor=vendor,
            fiscal_year=year,
            revenue=Decimal(100_000_000),
            rd_spend=Decimal(rng.randint(5_000_000, 25_000_000)),
        )
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


def main(count: int, vendors: int = 200) -> dict:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    scale_register(vendors)
    evaluation = Evaluation.objects.order_by("pk").first()
    editable = [r for r in Response.objects.select_related("vendor").order_by("pk") if r.is_editable]
    browsers, enterers, editors, readers = split(count)
    users = {"browse": [], "answers": [], "api": [], "pdf": []}
    for n in range(browsers):
        user = make_user(f"load-browse-{n:02d}", Role.EXECUTIVE if n % 2 else Role.RISK_LEADER)
        evaluation.members.add(user)
        users["browse"].append({"username": user.username, "password": PASSWORD})
    for n in range(enterers):
        user = make_user(f"load-answers-{n:02d}", Role.PROCUREMENT)
        users["answers"].append({"username": user.username, "password": PASSWORD})
    for n in range(editors):
        user = make_user(f"load-api-{n:02d}", Role.PROCUREMENT)
        _, key = ApiToken.issue(user, "load test")
        users["api"].append({"username": user.username, "token": key})
    for n in range(readers):
        user = make_user(f"load-pdf-{n:02d}", Role.EXECUTIVE)
        evaluation.members.add(user)
        users["pdf"].append({"username": user.username, "password": PASSWORD})
    return {
        "users": users,
        "vendors": list(Vendor.objects.order_by("slug").values_list("slug", flat=True)),
        "evaluation": evaluation.pk,
        "candidates": list(evaluation.candidates.order_by("slug").values_list("slug", flat=True)),
        "responses": [
            {
                "id": r.pk,
                "sections": list(r.questionnaire.sections.order_by("position").values_list("pk", flat=True)),
            }
            for r in editable[:SHARED_RESPONSES]
        ],
        "briefings": list(Briefing.objects.order_by("pk").values_list("pk", flat=True)[:SHARED_BRIEFINGS]),
        # Answers in the sections the answer-entry users work on: scripts edit them at the same time.
        "answers": list(
            Answer.objects.filter(
                response__in=editable[:SHARED_RESPONSES],
                question__section__position__lte=ENTRY_SECTIONS,
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:SHARED_ANSWERS]
        ),
    }


def split(count: int) -> tuple[int, int, int, int]:
    """Browsing, answer entry, API editing and PDF-reading users: 45 %, 20 %, 25 %, the rest (10 %)."""
    browsers = round(count * 0.45)
    enterers = round(count * 0.2)
    editors = round(count * 0.25)
    return browsers, enterers, editors, max(0, count - browsers - enterers - editors)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), *(int(a) for a in sys.argv[2:3]))))
