"""What every page of an evaluation's PDF (dashboard, scorecard) says about itself."""

import datetime

from django.utils import timezone

from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus


def decision_state(evaluation: Evaluation, decision: DecisionSnapshot | None) -> str:
    """ "Decided on 2026-11-01 by Rhiannon Keane", or "Not decided yet (scoring)"."""
    if evaluation.status == EvaluationStatus.DECIDED:
        if decision is None:
            return "Decided"
        by = decision.decided_by.get_full_name() or decision.decided_by.username
        return f"Decided on {timezone.localtime(decision.decided_at):%Y-%m-%d} by {by}"
    return f"Not decided yet ({evaluation.get_status_display().lower()})"


def pdf_header(
    evaluation: Evaluation, decision: DecisionSnapshot | None, as_of: datetime.date, document: str
) -> dict:
    """common.pdf.render_pdf's header keywords: ``document`` of ``evaluation``, as of, decision state."""
    return {
        "title": f"{evaluation.name} · {document}",
        "as_of": as_of,
        "state": decision_state(evaluation, decision),
    }
