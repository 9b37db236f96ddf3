"""The home page's "Expiring soon": vault documents and the answers they back, around today.

Documents whose "valid until" falls within ``EXPIRY_WINDOW_DAYS`` before or after today (expiring
soon, or expired lately), for every vendor (every role reads the vendor record); and the answers,
of responses the user may see, backed by a document expiring within that window ahead. Each list
is two queries (the first rows and the count) however many rows there are.
"""

import datetime

from django.db.models import Min

from evaluator.models import Answer
from home.rules import LIST_LIMIT
from vendors.documents.rules import EXPIRY_WINDOW_DAYS, document_status
from vendors.documents.selectors import expiring_documents


def expiring_soon(user, today: datetime.date) -> dict | None:
    """{"documents", "documents_total", "answers", "answers_total", "window"}; None for a user
    who may not read the vault."""
    if not user.has_perm("vendors.view_vendordocument"):
        return None
    documents = expiring_documents(today=today)
    rows = [
        {"document": d, "status": document_status(d.valid_from, d.valid_until, today)}
        for d in documents[:LIST_LIMIT]
    ]
    last = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    answers = (
        Answer.objects.visible_to(user)
        .filter(documents__valid_until__gte=today, documents__valid_until__lte=last)
        .annotate(expires=Min("documents__valid_until"))
        .select_related("question", "response__vendor", "response__questionnaire")
        .order_by("expires", "pk")
    )
    return {
        "documents": rows,
        "documents_total": documents.count(),
        "answers": [{"answer": a, "days_left": (a.expires - today).days} for a in answers[:LIST_LIMIT]],
        "answers_total": answers.count(),
        "window": EXPIRY_WINDOW_DAYS,
    }
