"""Reads of the vault: a vendor's documents with what they support, the documents expiring around a
day, and the evidence grades that lapsed with their documents. Each a fixed number of queries."""

import datetime

from django.db.models import Prefetch

from vendors.documents.rules import (
    DOCUMENT_BACKED_GRADES,
    EXPIRY_WINDOW_DAYS,
    day_label,
    document_status,
)
from vendors.models import Capability, CapabilityAssessment, EvidenceGrade, VendorDocument

GRADE_LABELS = dict(EvidenceGrade.choices)
# Kinds whose name says what the document is; the others are named by their title.
PLAIN_KIND_NAMES = {"soc2_type2", "iso27001", "pentest", "insurance"}


def answer_model():
    """The questionnaire Answer model, reached through the relation (vendors never imports evaluator)."""
    return VendorDocument._meta.get_field("answers").related_model


def with_support(documents, user):
    """``documents`` with their capabilities and the answers (of responses ``user`` may see) they support."""
    answers = (
        answer_model()
        .objects.visible_to(user)
        .select_related("question", "response__questionnaire")
        .order_by("response_id", "question__position")
    )
    return documents.select_related("vendor", "owner").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.select_related("domain")),
        Prefetch("answers", queryset=answers),
    )


def vendor_documents(vendor, user, today: datetime.date) -> list[dict]:
    """Every document of ``vendor``, soonest to expire first, each with its status on ``today``
    (three queries: documents, capabilities, answers)."""
    documents = with_support(VendorDocument.objects.filter(vendor=vendor), user).order_by(
        "valid_until", "title", "pk"
    )
    rows = [{"document": d, "status": document_status(d.valid_from, d.valid_until, today)} for d in documents]
    # Documents that never expire last, not first (NULLs sort first on some databases).
    return sorted(rows, key=lambda row: row["document"].valid_until is None)


def document_statuses(vendor, today: datetime.date) -> list[dict]:
    """The vendor page's Documents panel: every document with its status on ``today``, expired and
    expiring first (one query)."""
    order = {"expired": 0, "expiring": 1, "not_yet": 2, "in_force": 3}
    rows = [
        {"document": d, "status": document_status(d.valid_from, d.valid_until, today)}
        for d in VendorDocument.objects.filter(vendor=vendor).order_by("valid_until", "title", "pk")
    ]
    return sorted(rows, key=lambda row: order[row["status"].key])


def expiring_documents(vendor_ids=None, today: datetime.date | None = None, days: int = EXPIRY_WINDOW_DAYS):
    """Documents whose "valid until" falls within ``days`` before or after ``today`` (expiring soon,
    or expired lately), soonest first; ``vendor_ids=None`` for every vendor. A queryset: one query."""
    window = datetime.timedelta(days=days)
    documents = VendorDocument.objects.filter(
        valid_until__gte=today - window, valid_until__lte=today + window
    )
    if vendor_ids is not None:
        documents = documents.filter(vendor_id__in=list(vendor_ids))
    return documents.select_related("vendor").order_by("valid_until", "pk")


def lapsed_evidence(vendor_id: int, day: datetime.date, capability_ids=None) -> list[dict]:
    """The vendor's current (on ``day``) documented or verified assessments whose backing documents
    are none of them in force on ``day``, so the scoring counts them as self-asserted; each with the
    documents that lapsed and a sentence ("ISO 27001 certificate expired 3 Mar 2026: documented grade
    not counted"). Three queries: assessments, documents, their capabilities."""
    assessments = CapabilityAssessment.objects.filter(vendor_id=vendor_id, assessed_on__lte=day)
    if capability_ids is not None:
        assessments = assessments.filter(capability_id__in=list(capability_ids))
    current: dict[int, CapabilityAssessment] = {}
    for assessment in assessments.select_related("capability").order_by("capability_id", "assessed_on"):
        current[assessment.capability_id] = assessment
    backed = {pk: a for pk, a in current.items() if a.evidence_grade in DOCUMENT_BACKED_GRADES}
    if not backed:
        return []
    documents = VendorDocument.objects.filter(vendor_id=vendor_id, capabilities__in=list(backed)).distinct()
    by_capability: dict[int, list[VendorDocument]] = {}
    for document in documents.prefetch_related("capabilities").order_by("valid_until", "pk"):
        for capability in document.capabilities.all():
            by_capability.setdefault(capability.pk, []).append(document)
    rows = []
    for capability_id, assessment in backed.items():
        linked = by_capability.get(capability_id, [])
        if not linked or any(d.in_force_on(day) for d in linked):
            continue
        grade = GRADE_LABELS.get(assessment.evidence_grade, assessment.evidence_grade).lower()
        reasons = [_lapse(d, day) for d in linked]
        rows.append(
            {
                "capability": assessment.capability,
                "grade": assessment.evidence_grade,
                "documents": linked,
                "sentence": f"{'; '.join(reasons)}: {grade} grade not counted for {assessment.capability.name}",
            }
        )
    return sorted(rows, key=lambda row: row["capability"].name)


def _lapse(document: VendorDocument, day: datetime.date) -> str:
    name = document.get_kind_display() if document.kind in PLAIN_KIND_NAMES else document.title
    if document.valid_from > day:
        return f"{name} not valid until {day_label(document.valid_from)}"
    return f"{name} expired {day_label(document.valid_until)}"
