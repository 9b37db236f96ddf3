"""Demo evaluations for ``seed_demo``: a converged-SOC alerting selection over the demo vendors, and
a smaller one already decided (with its frozen, hashed snapshot).

Idempotent: it creates only what is missing. Scored as of the demo data's day (``DEMO_TODAY``),
so the worked example in docs/scoring.md §3 stays checkable by hand whatever the date.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from evaluator.decisions.service import decide
from evaluator.models import (
    Criterion,
    CriterionGroup,
    CriterionSource,
    Evaluation,
    EvaluationStatus,
    ManualScore,
)
from evaluator.setup import services
from vendors.demo import DEMO_TODAY
from vendors.models import Capability, Vendor

DEMO_EVALUATION = "Converged SOC alerting platform 2027"
DEMO_HORIZON = datetime.date(2027, 12, 31)
CANDIDATES = ["alertwell-labs", "ardmoor-security", "omnistrata", "corvane-systems"]
# capability slug → importance (1–5): alerting on world events first, then what makes it converged.
REQUIRED = {
    "real-time-event-alerting": 5,
    "threat-intelligence-platform": 3,
    "geospatial-risk": 3,
    "cross-domain-correlation": 4,
    "unified-incident-model": 3,
    "incident-case-management": 3,
    "siem": 3,
}
MANUAL_CRITERION = "Analyst usability"
MANUAL_POINTS = 5
# evaluator username → vendor slug → (score, rationale). The 3-point spread on Omnistrata is flagged.
MANUAL_SCORES = {
    "risk": {
        "alertwell-labs": (5, "Operators triaged the pilot alerts without training."),
        "ardmoor-security": (4, "Familiar console; correlation views take several clicks."),
        "omnistrata": (1, "Each module has its own look; alarms and incidents in different screens."),
        "corvane-systems": (3, "Clear PSIM console, nothing for cyber analysts."),
    },
    "procurement": {
        "alertwell-labs": (4, "Good demo; English-only admin screens."),
        "ardmoor-security": (4, "Our analysts know it."),
        "omnistrata": (4, "Slick sales demo of the unified console."),
        "corvane-systems": (3, "Dated but consistent."),
    },
}


@transaction.atomic
def seed(stdout) -> None:
    """Create the demo evaluation with its candidates, capabilities, criteria and manual scores."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["risk", "procurement", "executive"])
    }
    if "risk" not in users:
        stdout.write("  no demo risk leader: run vendors.demo.seed_users first")
        return
    evaluation = Evaluation.objects.filter(name=DEMO_EVALUATION).first()
    if evaluation is None:
        capabilities = {c.slug: c for c in Capability.objects.filter(slug__in=REQUIRED)}
        evaluation = services.create_evaluation(
            owner=users["risk"],
            name=DEMO_EVALUATION,
            description=(
                "Select the platform that alerts our GSOC on world events near our sites, travellers "
                "and suppliers, and ties them to cyber incidents. Depth over breadth, even pace."
            ),
            horizon_date=DEMO_HORIZON,
            candidates=Vendor.objects.filter(slug__in=CANDIDATES),
            members=[u for name, u in users.items() if name != "risk"],
            capabilities={capabilities[slug]: importance for slug, importance in REQUIRED.items()},
        )
        evaluation.as_of_date = DEMO_TODAY
        evaluation.status = EvaluationStatus.SCORING
        evaluation.save(update_fields=["as_of_date", "status"])
        stdout.write(f"  evaluation {evaluation.name}: created")
    criterion, _ = Criterion.objects.get_or_create(
        evaluation=evaluation,
        name=MANUAL_CRITERION,
        defaults={
            "group": CriterionGroup.MANUAL,
            "source": CriterionSource.MANUAL,
            "weight": MANUAL_POINTS,
            "position": 20,
        },
    )
    vendors = {v.slug: v for v in Vendor.objects.filter(slug__in=CANDIDATES)}
    created = 0
    for username, scores in MANUAL_SCORES.items():
        if username not in users:
            continue
        for slug, (score, rationale) in scores.items():
            if slug not in vendors:
                continue
            _, new = ManualScore.objects.get_or_create(
                criterion=criterion,
                vendor=vendors[slug],
                evaluator=users[username],
                defaults={"score": score, "rationale": rationale},
            )
            created += new
    stdout.write(f"  evaluation {evaluation.name}: {created} new manual scores")
    seed_decided(users, stdout)


# A second, smaller selection, already decided: its frozen snapshot shows what a decision records,
# and `manage.py verify_decisions` has something to verify. Decided at a fixed moment on the demo
# day, so the snapshot and its SHA-256 are the same on every run.
DECIDED_EVALUATION = "Travel risk alerting 2026"
DECIDED_CANDIDATES = ["alertwell-labs", "omnistrata", "nimbleflare"]
DECIDED_REQUIRED = {"travel-and-executive-protection": 5, "real-time-event-alerting": 4, "geospatial-risk": 3}
DECIDED_AT = datetime.datetime.combine(DEMO_TODAY, datetime.time(16, 0), tzinfo=datetime.UTC)


def seed_decided(users, stdout) -> None:
    """Create and decide the small demo evaluation, once (a decided evaluation never changes)."""
    evaluation = Evaluation.objects.filter(name=DECIDED_EVALUATION).first()
    if evaluation is not None and evaluation.status == EvaluationStatus.DECIDED:
        stdout.write(f"  evaluation {DECIDED_EVALUATION}: already decided")
        return
    if evaluation is None:
        capabilities = {c.slug: c for c in Capability.objects.filter(slug__in=DECIDED_REQUIRED)}
        evaluation = services.create_evaluation(
            owner=users["risk"],
            name=DECIDED_EVALUATION,
            description=(
                "Alert travelling staff and executives to incidents near them. Decided: the record "
                "of this choice is its snapshot; see “What changed since the decision”."
            ),
            horizon_date=DEMO_HORIZON,
            candidates=Vendor.objects.filter(slug__in=DECIDED_CANDIDATES),
            members=[u for name, u in users.items() if name != "risk"],
            capabilities={capabilities[slug]: importance for slug, importance in DECIDED_REQUIRED.items()},
        )
        evaluation.as_of_date = DEMO_TODAY
        evaluation.save(update_fields=["as_of_date"])
    snapshot = decide(evaluation, users["risk"], decided_at=DECIDED_AT)
    stdout.write(f"  evaluation {DECIDED_EVALUATION}: decided, snapshot SHA-256 {snapshot.sha256}")
