"""Demo evaluations for ``seed_demo``: a converged-SOC alerting selection over the demo vendors, and
a smaller one already decided (with its frozen, hashed snapshot). Both are in
``demo/data/evaluations.json``.

Idempotent: it creates only what is missing. Scored as of the demo data's day (``DEMO_TODAY``),
so the worked example in docs/scoring.md §3 stays checkable by hand whatever the date.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from demo import load
from demo.vendors import DEMO_TODAY
from evaluator.decisions import signoff
from evaluator.models import (
    Criterion,
    CriterionGroup,
    CriterionSource,
    Evaluation,
    EvaluationStatus,
    ManualScore,
    StakeholderGroup,
)
from evaluator.results.service import evaluation_results
from evaluator.setup import services
from evaluator.stakeholders import services as stakeholder_services
from vendors.models import Capability, Vendor

FILE = "evaluations.json"
EVALUATION_KEYS = ("name", "description", "horizon_date", "candidates", "required_capabilities")


def _evaluation(data, where: load.Where, extra: tuple[str, ...]) -> dict:
    """One evaluation: its name, description, horizon, candidate slugs and capability importances."""
    load.record(data, where, EVALUATION_KEYS + extra)
    required = load.of_type(data["required_capabilities"], dict, where / "required_capabilities")
    for slug, importance in required.items():
        load.code(
            load.of_type(importance, int, where / "required_capabilities" / slug),
            range(1, 6),
            where / "required_capabilities" / slug,
        )
    return data | {
        "horizon_date": load.date(data["horizon_date"], where / "horizon_date"),
        "candidates": [
            load.of_type(slug, str, at) for slug, at in load.items(data["candidates"], where / "candidates")
        ],
    }


def _manual_scores(data, where: load.Where) -> dict:
    """evaluator username → vendor slug → (score, rationale)."""
    scores = {}
    for username, by_vendor in load.of_type(data, dict, where).items():
        scores[username] = {}
        for slug, row in load.of_type(by_vendor, dict, where / username).items():
            at = where / username / slug
            load.record(row, at, ("score", "rationale"))
            score = load.code(load.of_type(row["score"], int, at / "score"), range(6), at / "score")
            scores[username][slug] = (score, load.of_type(row["rationale"], str, at / "rationale"))
    return scores


def _record(data, where: load.Where) -> dict:
    """The decided evaluation's sign-off: when proposed, why, conditions, risks, who approved when."""
    load.record(data, where, ("proposed_at", "rationale", "conditions", "risks_accepted", "approvals"))
    approvals = []
    for row, at in load.items(data["approvals"], where / "approvals"):
        load.record(row, at, ("approver", "comment", "answered_at"))
        approvals.append(
            {
                "approver": load.of_type(row["approver"], str, at / "approver"),
                "comment": load.of_type(row["comment"], str, at / "comment"),
                "answered_at": load.moment(row["answered_at"], at / "answered_at"),
            }
        )
    lines = {
        key: [load.of_type(line, str, at) for line, at in load.items(data[key], where / key)]
        for key in ("conditions", "risks_accepted")
    }
    return {
        "proposed_at": load.moment(data["proposed_at"], where / "proposed_at"),
        "rationale": load.of_type(data["rationale"], str, where / "rationale"),
        **{key: "\n".join(value) for key, value in lines.items()},
        "approvals": approvals,
    }


def _stakeholder_groups(data, where: load.Where) -> list[dict]:
    """Each group: name, influence (0–100), members (usernames), description, points per criterion
    name (a criterion not listed gets 0 points from this group)."""
    groups = []
    for row, at in load.items(data, where):
        load.record(row, at, ("name", "influence", "members", "description", "points"))
        influence = load.of_type(row["influence"], (int, float), at / "influence")
        if not 0 <= influence <= 100:
            at.fail("influence must lie between 0 and 100")
        points = load.of_type(row["points"], dict, at / "points")
        for name, value in points.items():
            if load.of_type(value, (int, float), at / "points" / name) < 0:
                (at / "points" / name).fail("points cannot be negative")
        groups.append(
            {
                "name": load.of_type(row["name"], str, at / "name"),
                "influence": influence,
                "members": [load.of_type(m, str, a) for m, a in load.items(row["members"], at / "members")],
                "description": load.of_type(row["description"], str, at / "description"),
                "points": points,
            }
        )
    load.unique(groups, "name", where)
    return groups


def _load() -> tuple[dict, dict]:
    where = load.Where(FILE)
    data = load.record(load.read(FILE), where, ("scoring", "decided"))
    scoring = _evaluation(
        data["scoring"], where / "scoring", ("manual_criterion", "manual_scores", "stakeholder_groups")
    )
    scoring["stakeholder_groups"] = _stakeholder_groups(
        scoring["stakeholder_groups"], where / "scoring" / "stakeholder_groups"
    )
    criterion = load.record(
        scoring["manual_criterion"], where / "scoring" / "manual_criterion", ("name", "points", "position")
    )
    scoring["manual_scores"] = _manual_scores(scoring["manual_scores"], where / "scoring" / "manual_scores")
    decided = _evaluation(data["decided"], where / "decided", ("decided_at", "record"))
    decided["decided_at"] = load.moment(decided["decided_at"], where / "decided" / "decided_at")
    decided["record"] = _record(decided["record"], where / "decided" / "record")
    return scoring | {"criterion": criterion}, decided


SCORING, DECIDED = _load()
DEMO_EVALUATION = SCORING["name"]
DEMO_HORIZON = SCORING["horizon_date"]
CANDIDATES = SCORING["candidates"]
# capability slug → importance (1–5): alerting on world events first, then what makes it converged.
REQUIRED = SCORING["required_capabilities"]
MANUAL_CRITERION = SCORING["criterion"]["name"]
MANUAL_POINTS = SCORING["criterion"]["points"]
# evaluator username → vendor slug → (score, rationale). The 3-point spread on Omnistrata is flagged.
MANUAL_SCORES = SCORING["manual_scores"]
# SOC, physical security and procurement weigh the criteria so that each would choose another vendor.
STAKEHOLDER_GROUPS = SCORING["stakeholder_groups"]


@transaction.atomic
def seed(stdout) -> None:
    """Create the demo evaluation with its candidates, capabilities, criteria and manual scores."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["risk", "procurement", "executive"])
    }
    if "risk" not in users:
        stdout.write("  no demo risk leader: run demo.users.seed_users first")
        return
    evaluation = Evaluation.objects.filter(name=DEMO_EVALUATION).first()
    if evaluation is None:
        capabilities = {c.slug: c for c in Capability.objects.filter(slug__in=REQUIRED)}
        evaluation = services.create_evaluation(
            owner=users["risk"],
            name=DEMO_EVALUATION,
            description=SCORING["description"],
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
            "position": SCORING["criterion"]["position"],
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
    seed_stakeholder_groups(evaluation, users, stdout)
    seed_decided(users, stdout)


def seed_stakeholder_groups(evaluation, users, stdout) -> None:
    """The open evaluation's stakeholder groups, each created once with its points."""
    existing = set(StakeholderGroup.objects.filter(evaluation=evaluation).values_list("name", flat=True))
    criteria = dict(evaluation.criteria.values_list("name", "pk"))
    created = 0
    for spec in STAKEHOLDER_GROUPS:
        if spec["name"] in existing:
            continue
        unknown = set(spec["points"]) - set(criteria)
        if unknown:
            raise ValueError(
                f"{FILE}: stakeholder group {spec['name']}: no criterion named {sorted(unknown)}"
            )
        group = stakeholder_services.save_group(
            evaluation,
            name=spec["name"],
            influence=spec["influence"],
            description=spec["description"],
            members=[users[name] for name in spec["members"] if name in users],
            reason="Demo stakeholder group",
        )
        points = {pk: float(spec["points"].get(name, 0)) for name, pk in criteria.items()}
        stakeholder_services.save_group_points(group, points, "Demo weights")
        created += 1
    stdout.write(f"  evaluation {evaluation.name}: {created} new stakeholder groups")


# A second, smaller selection, already decided: its frozen snapshot shows what a decision records,
# and `manage.py verify_decisions` has something to verify. Decided at a fixed moment on the demo
# day, so the snapshot and its SHA-256 are the same on every run.
DECIDED_EVALUATION = DECIDED["name"]
DECIDED_CANDIDATES = DECIDED["candidates"]
DECIDED_REQUIRED = DECIDED["required_capabilities"]
DECIDED_AT = DECIDED["decided_at"]


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
            description=DECIDED["description"],
            horizon_date=DECIDED["horizon_date"],
            candidates=Vendor.objects.filter(slug__in=DECIDED_CANDIDATES),
            members=[u for name, u in users.items() if name != "risk"],
            capabilities={capabilities[slug]: importance for slug, importance in DECIDED_REQUIRED.items()},
        )
        evaluation.as_of_date = DEMO_TODAY
        evaluation.status = EvaluationStatus.SCORING
        evaluation.save(update_fields=["as_of_date", "status"])
    snapshot = sign_off(evaluation, users)
    stdout.write(f"  evaluation {DECIDED_EVALUATION}: decided, snapshot SHA-256 {snapshot.sha256}")


def sign_off(evaluation, users):
    """Propose the ranking's leader and have each approver approve at the recorded moments."""
    record = DECIDED["record"]
    results = evaluation_results(evaluation)
    leaders = [row["vendor_id"] for row in signoff.leaders(results)]
    signoff.propose(
        evaluation,
        users["risk"],
        chosen=list(Vendor.objects.filter(pk__in=leaders)),
        rationale=record["rationale"],
        conditions=record["conditions"],
        risks_accepted=record["risks_accepted"],
        approvers=[users[row["approver"]] for row in record["approvals"]],
        now=record["proposed_at"],
    )
    snapshot = None
    for row in record["approvals"]:
        snapshot = signoff.approve(evaluation, users[row["approver"]], row["comment"], now=row["answered_at"])
    return snapshot
