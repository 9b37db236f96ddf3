"""The rules every write to an evaluation shares, in one place for the API and the pages.

- A decided evaluation is final: writes call ``evaluator.decisions.guard.refuse_api_write`` (409),
  the check the pages and the admin share.
- ``change_status``: the one road by which an evaluation's status changes between draft,
  collecting and scoring; proposing and deciding go through the sign-off (decisions/signoff.py).
- ``reason_error``: weight and manual-score changes say why; the reason is stored as
  django-simple-history's change reason, which holds at most ``REASON_MAX_LENGTH`` characters.
  The forms call it (setup/forms.py), the serializers through setup/reason_api.py.
- ``weight_reason_error``: a weight change says why only once the weights have been used
  (``weights_in_use``: the evaluation has left its draft); a draft's weights are still being set up.
  The criteria and pairwise pages and the criteria, weights and pairwise endpoints all call it.
"""

from evaluator.models import Evaluation, EvaluationStatus

# The historical tables' history_change_reason column (simple-history's default).
REASON_MAX_LENGTH = 100
REASON_HELP = (
    "Why the value changes (required; at most 100 characters). Shown on the evaluation's History page."
)


SIGNOFF_STATUSES = (EvaluationStatus.PROPOSED, EvaluationStatus.DECIDED)
SIGNOFF_ONLY = (
    "An evaluation is proposed and decided through the sign-off: the owner proposes a decision "
    "(page “Propose a decision”, or POST /api/evaluations/{id}/propose/) and it is decided when "
    "every approver has approved."
)


def change_status(evaluation: Evaluation, status: str) -> None:
    """Move ``evaluation`` to ``status`` (draft, collecting or scoring); the caller saves it.

    Every status change of the API goes through here (the edit page sets the field through its
    form). Draft, collecting and scoring may follow one another; "proposed" and "decided" are
    reached only through the sign-off (``evaluator.decisions.signoff``): a proposal with its
    record, then every approver's approval, which takes the snapshot.
    """
    if status in SIGNOFF_STATUSES:
        raise ValueError(SIGNOFF_ONLY)
    evaluation.status = status


def reason_error(reason: str | None) -> str | None:
    """Why ``reason`` is not acceptable as a change reason, or None when it is."""
    text = (reason or "").strip()
    if not text:
        return "Say why the value changes."
    if len(text) > REASON_MAX_LENGTH:
        return f"Keep the reason to {REASON_MAX_LENGTH} characters (it has {len(text)})."
    return None


def weights_in_use(evaluation: Evaluation) -> bool:
    """Whether the evaluation's weights have been used: it is past its draft (collecting facts,
    scoring, decided), so a ranking may have been read and a weight change needs a reason."""
    return evaluation.status != EvaluationStatus.DRAFT


def weight_reason_error(evaluation: Evaluation, reason: str | None) -> str | None:
    """Why ``reason`` does not do for a weight change of ``evaluation``, or None when it does.

    A draft needs no reason (one given is still kept, within ``REASON_MAX_LENGTH``); once the
    weights are in use the reason is required, as ``reason_error`` says.
    """
    if weights_in_use(evaluation):
        return reason_error(reason)
    text = (reason or "").strip()
    if len(text) > REASON_MAX_LENGTH:
        return reason_error(text)
    return None
