"""Is this evaluation frozen? The one check the pages, the API and the admin all ask.

An evaluation proposed for sign-off is frozen while its approvers read it: what they approve must
be what is decided. The owner may withdraw the proposal (back to scoring), and one approver's
rejection does the same. A decided evaluation is final: its snapshot is the record of the
decision, and nothing that fed it (settings, candidates, members, capabilities, criteria, weights,
pairwise judgements, manual scores, status) may change afterwards. There is no reopening, not
even for administrators: to revisit a choice, "Copy into a new evaluation" and read the "what
changed since the decision" page.
"""

from common.rest.errors import Conflict
from evaluator.models import EvaluationStatus

FROZEN_MESSAGE = (
    "This evaluation is decided: the decision is final and nothing in it can be changed any more "
    "(its snapshot is the record). To revisit the choice, copy it into a new evaluation; the page "
    "“What changed since the decision” shows what moved since."
)
FROZEN_CODE = "evaluation_decided"
PROPOSED_MESSAGE = (
    "This evaluation is proposed for sign-off: nothing in it can change while the approvers read "
    "it. The owner can withdraw the proposal (back to scoring); a rejection does the same."
)
PROPOSED_CODE = "evaluation_proposed"


class EvaluationDecided(Conflict):
    """409 for any API write on a decided evaluation or on what belongs to it."""

    default_detail = FROZEN_MESSAGE
    default_code = FROZEN_CODE


class EvaluationProposed(Conflict):
    """409 for any API write on an evaluation awaiting sign-off or on what belongs to it."""

    default_detail = PROPOSED_MESSAGE
    default_code = PROPOSED_CODE


def is_decided(evaluation) -> bool:
    """Whether ``evaluation`` is decided: its snapshot is the record (no query)."""
    return evaluation is not None and evaluation.status == EvaluationStatus.DECIDED


def is_frozen(evaluation) -> bool:
    """Whether ``evaluation``'s inputs may no longer change: proposed or decided (no query)."""
    return evaluation is not None and evaluation.status in (
        EvaluationStatus.PROPOSED,
        EvaluationStatus.DECIDED,
    )


def frozen_message(evaluation) -> str:
    """Why a change to ``evaluation`` is refused (call only when ``is_frozen``)."""
    return FROZEN_MESSAGE if is_decided(evaluation) else PROPOSED_MESSAGE


def refuse_api_write(evaluation) -> None:
    """Raise 409 when ``evaluation`` is frozen (decided, or awaiting sign-off); call it before any API write."""
    if is_decided(evaluation):
        raise EvaluationDecided()
    if is_frozen(evaluation):
        raise EvaluationProposed()
