"""Set up the load test's database: migrate, seed the demo, add the simulated users.

Run in a subprocess with the load database's DATABASE_URL
(``python -m tests.perf.load.fixtures USERS``); prints one JSON object on the last
line: the users with their passwords or API tokens and the records they work on.
"""

import json
import os
import sys

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
from vendors.models import Briefing, Vendor  # noqa: E402

PASSWORD = "load-test-pass-2026"
# Records many users edit at once: few, so that their edits collide.
SHARED_BRIEFINGS = 3
SHARED_RESPONSES = 2
SHARED_ANSWERS = 6


def make_user(name: str, role: Role):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role.value))
    return user


def main(count: int) -> dict:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    evaluation = Evaluation.objects.order_by("pk").first()
    editable = [r for r in Response.objects.select_related("vendor").order_by("pk") if r.is_editable]
    browsers, enterers, editors = split(count)
    users = {"browse": [], "answers": [], "api": []}
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


def split(count: int) -> tuple[int, int, int]:
    """Browsing, answer entry and API editing users: 40 %, 30 %, the rest."""
    browsers = round(count * 0.4)
    enterers = round(count * 0.3)
    return browsers, enterers, count - browsers - enterers


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
