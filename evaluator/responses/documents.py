"""The vault documents behind a response's answers, and which answers lost all of theirs.

An answer backed by documents that have all expired on the day is flagged "supporting document
expired" on the response page: a reviewer should ask for the renewed document (a carried-forward
answer is pending review anyway). One query, however many answers.
"""

import datetime

from evaluator.models import Answer
from vendors.documents.rules import document_status


def attach_documents(response, answers, today: datetime.date) -> None:
    """Set ``vault_documents`` ([(document, status)]) and ``documents_expired`` on each of ``answers``."""
    links = (
        Answer.documents.through.objects.filter(answer__response=response)
        .select_related("vendordocument__vendor")
        .order_by("vendordocument__valid_until", "vendordocument_id")
    )
    by_answer: dict[int, list] = {}
    for link in links:
        document = link.vendordocument
        status = document_status(document.valid_from, document.valid_until, today)
        by_answer.setdefault(link.answer_id, []).append((document, status))
    for answer in answers:
        documents = by_answer.get(answer.pk, [])
        answer.vault_documents = documents
        answer.documents_expired = bool(documents) and all(status.key == "expired" for _, status in documents)
