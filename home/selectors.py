"""The home page's reads: each list is one query (or two: rows and their count), however many rows.

``attention(user, since, today)`` gathers them for the roles that see them (docs in the README,
"The home page"). Vendors "of concern to the user" are those under contract (a contract whose
period includes today), those the user watches, and the candidates of the evaluations the user
sees that are not decided yet.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from engine.facts.delivery import delivery_records
from engine.facts.rd import rd_profiles
from evaluator.models import (
    Approval,
    Criterion,
    CriterionSource,
    Evaluation,
    EvaluationStatus,
    ManualScore,
    ProposalState,
    Response,
    ResponseStatus,
    Verdict,
)
from evaluator.results.presentation import number
from home.rules import DELIVERY_SCORE_FLOOR, LIST_LIMIT, NOTICE_WINDOW_DAYS, RD_TREND_FLOOR
from vendors import selectors as vendor_selectors
from vendors.models import Contract, RoadmapChange, RoadmapItem, Signal, Vendor, VendorWatch
from vendors.models.signals import SEVERITY_ORDER, Severity, SignalKind
from vendors.signals.review import waiting_entries


def contracts_in_force(today: datetime.date) -> list[Contract]:
    return list(Contract.objects.in_force(today).select_related("vendor").order_by("end_date", "pk"))


def notice_deadlines(contracts: list[Contract], today: datetime.date) -> list[dict]:
    """Contracts in force whose notice deadline falls from today to ``NOTICE_WINDOW_DAYS`` ahead."""
    last = today + datetime.timedelta(days=NOTICE_WINDOW_DAYS)
    rows = [
        {"contract": c, "deadline": c.notice_deadline, "days_left": (c.notice_deadline - today).days}
        for c in contracts
        if today <= c.notice_deadline <= last
    ]
    return sorted(rows, key=lambda row: (row["deadline"], row["contract"].pk))


def falling_vendors(contracts: list[Contract], today: datetime.date) -> list[dict]:
    """Vendors under contract whose delivery record or R&D trend is falling (home.rules).

    Three queries (roadmap, financial and funding frames) whatever the number of vendors.
    """
    vendors = {c.vendor_id: c.vendor for c in contracts}
    if not vendors:
        return []
    ids = sorted(vendors)
    delivery = delivery_records(vendor_selectors.roadmap_frame(ids), today)
    rd = rd_profiles(vendor_selectors.financial_frame(ids), vendor_selectors.funding_frame(ids))
    rows = []
    for vendor_id in ids:
        reasons = []
        score = items_due = trend = None
        if vendor_id in delivery.index:
            items_due = int(delivery.at[vendor_id, "items_due"])
            score = number(delivery.at[vendor_id, "score"])
        if vendor_id in rd.index:
            trend = number(rd.at[vendor_id, "intensity_trend"])
        if items_due and score is not None and score < DELIVERY_SCORE_FLOOR:
            reasons.append("delivery")
        if trend is not None and trend < RD_TREND_FLOOR:
            reasons.append("rd")
        if reasons:
            rows.append(
                {
                    "vendor": vendors[vendor_id],
                    "delivery_score": score if "delivery" in reasons else None,
                    "items_due": items_due,
                    "rd_trend": trend if "rd" in reasons else None,
                }
            )
    return sorted(rows, key=lambda row: row["vendor"].name)


def vendors_of_concern(user, today: datetime.date) -> Q:
    """A filter on Vendor: under contract, watched by ``user``, or a candidate of an open
    evaluation ``user`` sees."""
    open_evaluations = Evaluation.objects.visible_to(user).exclude(status=EvaluationStatus.DECIDED)
    return (
        Q(Exists(Contract.objects.in_force(today).filter(vendor=OuterRef("pk"))))
        | Q(Exists(VendorWatch.objects.filter(user=user, vendor=OuterRef("pk"))))
        | Q(Exists(Evaluation.candidates.through.objects.filter(
            vendor_id=OuterRef("pk"), evaluation__in=open_evaluations.values("pk")
        )))
    )  # fmt: skip


def overdue_items(user, today: datetime.date) -> tuple[list[RoadmapItem], int]:
    """Open roadmap items past their current target date, for the vendors of concern (2 queries)."""
    vendors = Vendor.objects.filter(vendors_of_concern(user, today)).values("pk")
    items = RoadmapItem.objects.overdue(today).filter(vendor__in=vendors)
    return _first_rows(items.select_related("vendor").order_by("target_date", "pk"))


def rebaselines_since(user, since: datetime.datetime, today: datetime.date) -> tuple[list, int]:
    """Re-baselines logged after ``since`` for the vendors of concern, newest first (2 queries)."""
    vendors = Vendor.objects.filter(vendors_of_concern(user, today)).values("pk")
    changes = RoadmapChange.objects.filter(changed_at__gt=since, item__vendor__in=vendors)
    return _first_rows(changes.select_related("item__vendor").order_by("-changed_at", "-pk"))


def responses_for_review(user) -> tuple[list[Response], int]:
    """Submitted questionnaire responses the user may see, oldest submission first (2 queries)."""
    waiting = Response.objects.visible_to(user).filter(status=ResponseStatus.SUBMITTED)
    return _first_rows(
        waiting.select_related("vendor", "questionnaire", "evaluation").order_by("submitted_at", "pk")
    )


def approvals_waiting(user) -> tuple[list[Approval], int]:
    """Proposals awaiting the user's own approval, oldest first (2 queries)."""
    waiting = Approval.objects.filter(
        approver=user, verdict=Verdict.PENDING, proposal__state=ProposalState.OPEN
    ).select_related("proposal__evaluation", "proposal__proposed_by")
    return _first_rows(waiting.order_by("proposal__proposed_at", "pk"))


def my_evaluations(user) -> tuple[list[Evaluation], int]:
    """The evaluations the user sees (owner, member; administrators all), newest first (2 queries)."""
    return _first_rows(Evaluation.objects.visible_to(user).order_by("-created_at", "pk"))


def _first_rows(queryset) -> tuple[list, int]:
    """The first ``LIST_LIMIT`` rows of a list and how many there are in all (two queries)."""
    return list(queryset[:LIST_LIMIT]), queryset.count()


def _count(queryset) -> Subquery:
    counted = queryset.order_by().values(counted_together=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def evaluations_to_score(user) -> list[dict]:
    """Evaluations in scoring that the user sees (owner, member) where the user has not scored
    every manual cell (candidate × manual criterion). One query."""
    evaluations = (
        Evaluation.objects.visible_to(user)
        .filter(status=EvaluationStatus.SCORING)
        .annotate(
            manual_criteria=_count(
                Criterion.objects.filter(evaluation=OuterRef("pk"), source=CriterionSource.MANUAL)
            ),
            candidate_count=_count(
                Evaluation.candidates.through.objects.filter(evaluation_id=OuterRef("pk"))
            ),
            mine=_count(
                ManualScore.objects.filter(
                    criterion__evaluation=OuterRef("pk"),
                    criterion__source=CriterionSource.MANUAL,
                    evaluator=user,
                    vendor__evaluations=OuterRef("pk"),
                )
            ),
        )
        .order_by("name", "pk")
    )
    rows = []
    for evaluation in evaluations:
        cells = evaluation.manual_criteria * evaluation.candidate_count
        if cells and evaluation.mine < cells:
            rows.append({"evaluation": evaluation, "cells": cells, "scored": evaluation.mine})
    return rows


def new_signals(user, since: datetime.datetime, today: datetime.date) -> dict:
    """Standing signals first seen after ``since`` for vendors the user watches or that are under
    contract: per vendor, counts by severity and by kind; and totals by severity. One query."""
    watched = VendorWatch.objects.filter(user=user, vendor=OuterRef("vendor_id"))
    contracted = Contract.objects.in_force(today).filter(vendor=OuterRef("vendor_id"))
    grouped = (
        Signal.objects.standing()
        .filter(first_seen__gt=since)
        .filter(Q(Exists(watched)) | Q(Exists(contracted)))
        .values("vendor_id", "vendor__name", "vendor__slug", "severity", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    severities = dict(Severity.choices)
    kinds = dict(SignalKind.choices)
    rank = {severity: i for i, severity in enumerate(reversed(SEVERITY_ORDER))}
    vendors: dict[int, dict] = {}
    totals: dict[str, int] = defaultdict(int)
    for row in grouped:
        vendor = vendors.setdefault(
            row["vendor_id"],
            {
                "name": row["vendor__name"],
                "slug": row["vendor__slug"],
                "total": 0,
                "severity": {},
                "kind": {},
            },
        )
        vendor["total"] += row["n"]
        vendor["severity"][row["severity"]] = vendor["severity"].get(row["severity"], 0) + row["n"]
        vendor["kind"][row["kind"]] = vendor["kind"].get(row["kind"], 0) + row["n"]
        totals[row["severity"]] += row["n"]

    def by_severity(counts):
        return [
            {"severity": s, "label": severities.get(s, s), "count": counts[s]}
            for s in sorted(counts, key=lambda s: rank.get(s, 99))
        ]

    rows = [
        {
            "name": v["name"],
            "slug": v["slug"],
            "total": v["total"],
            "by_severity": by_severity(v["severity"]),
            "by_kind": [
                {"kind": k, "label": kinds.get(k, k), "count": n}
                for k, n in sorted(v["kind"].items(), key=lambda item: (-item[1], item[0]))
            ],
        }
        for v in vendors.values()
    ]
    # The vendor with the most severe news first.
    rows.sort(key=lambda row: (rank.get(row["by_severity"][0]["severity"], 99), -row["total"], row["name"]))
    return {"vendors": rows, "by_severity": by_severity(totals), "total": sum(totals.values())}


def review_queue_count() -> int:
    return waiting_entries().count()


def attention(user, since: datetime.datetime, today: datetime.date) -> dict:
    """Everything the home page lists for ``user``, by section; a section the role does not
    work on is None (executives read; editors also review and score)."""
    contracts = contracts_in_force(today)
    overdue, overdue_total = overdue_items(user, today)
    changes, changes_total = rebaselines_since(user, since, today)
    context = {
        "falling": falling_vendors(contracts, today),
        "notice": notice_deadlines(contracts, today),
        "overdue": overdue,
        "overdue_total": overdue_total,
        "rebaselines": changes,
        "rebaselines_total": changes_total,
        "signals": new_signals(user, since, today),
        "evaluations": None,
        "evaluations_total": 0,
        "approvals": None,
        "approvals_total": 0,
        "responses": None,
        "responses_total": 0,
        "to_score": None,
        "review_queue": None,
    }
    if user.has_perm("evaluator.view_evaluation"):
        context["evaluations"], context["evaluations_total"] = my_evaluations(user)
        context["approvals"], context["approvals_total"] = approvals_waiting(user)
    if user.has_perm("evaluator.change_response"):
        context["responses"], context["responses_total"] = responses_for_review(user)
    if user.has_perm("evaluator.add_manualscore"):
        context["to_score"] = evaluations_to_score(user)
    if user.has_perm("vendors.change_unmatchedentry"):
        context["review_queue"] = review_queue_count()
    return context
