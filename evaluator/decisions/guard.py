"""Is this evaluation frozen? The one check the pages, the API and the admin all ask.

A decided evaluation is final: its snapshot is the record of the decision, and nothing that fed
it (settings, candidates, members, capabilities, criteria, weights, pairwise judgements, manual
scores, status) may change afterwards. There is no reopening, not even for administrators: to
revisit a choice, start a new evaluation and read the "what changed since the decision" page.
"""

from common.rest.errors import Conflict
from evaluator.models import EvaluationStatus

FROZEN_MESSAGE = (
    "This evaluation is decided: the decision is final and nothing in it can be changed any more "
    "(its snapshot is the record). To revisit the choice, start a new evaluation; the page "
    "“What changed since the decision” shows what moved since."
)
FROZEN_CODE = "evaluation_decided"


class EvaluationDecided(Conflict):
    """409 for any API write on a decided evaluation or on what belongs to it."""

    default_detail = FROZEN_MESSAGE
    default_code = FROZEN_CODE


def is_frozen(evaluation) -> bool:
    """Whether ``evaluation`` is decided and so may no longer change (no query)."""
    return evaluation is not None and evaluation.status == EvaluationStatus.DECIDED


def refuse_api_write(evaluation) -> None:
    """Raise 409 (``EvaluationDecided``) when ``evaluation`` is frozen; call it before any API write."""
    if is_frozen(evaluation):
        raise EvaluationDecided()
