"""The rules every write to an evaluation shares, in one place for the API and the pages.

- ``refuse_if_decided``: a decided evaluation is not changed (only its status may move back).
- ``change_status``: the one road by which an evaluation's status changes, so that what has to
  happen on a transition (e.g. freezing a decision) is hooked in here and nowhere else.
- ``clean_change_reason``: weight and manual-score changes say why; the reason is stored as
  django-simple-history's change reason, which holds at most ``REASON_MAX_LENGTH`` characters.
"""

from rest_framework import serializers

from .models import Evaluation, EvaluationStatus

DECIDED_MESSAGE = "This evaluation is decided; set its status back to change it."
# The historical tables' history_change_reason column (simple-history's default).
REASON_MAX_LENGTH = 100
REASON_HELP = (
    "Why the value changes (required; at most 100 characters). Shown on the evaluation's History page."
)


def is_decided(evaluation: Evaluation) -> bool:
    return evaluation.status == EvaluationStatus.DECIDED


def refuse_if_decided(evaluation: Evaluation, field: str | None = None) -> None:
    """400 naming ``field`` (or the request as a whole) when ``evaluation`` is decided."""
    if is_decided(evaluation):
        raise serializers.ValidationError({field: DECIDED_MESSAGE} if field else DECIDED_MESSAGE)


def change_status(evaluation: Evaluation, status: str) -> None:
    """Move ``evaluation`` to ``status``; the caller saves it in the same transaction.

    Every status change of the API goes through here (the edit page sets the field through its
    form). Any status may follow any other, as on the edit page.
    """
    evaluation.status = status


def reason_error(reason: str | None) -> str | None:
    """Why ``reason`` is not acceptable as a change reason, or None when it is."""
    text = (reason or "").strip()
    if not text:
        return "Say why the value changes."
    if len(text) > REASON_MAX_LENGTH:
        return f"Keep the reason to {REASON_MAX_LENGTH} characters (it has {len(text)})."
    return None


def clean_change_reason(reason: str | None, field: str = "change_reason") -> str:
    """The stripped reason, or a 400 naming ``field``."""
    error = reason_error(reason)
    if error:
        raise serializers.ValidationError({field: error})
    return reason.strip()


def change_reason_field() -> serializers.CharField:
    return serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000, help_text=REASON_HELP
    )
