"""The change reason in the API: the write-only field and its check (the rule: rules.reason_error)."""

from rest_framework import serializers

from evaluator.setup.rules import REASON_HELP, reason_error, weight_reason_error


def clean_change_reason(reason: str | None, field: str = "change_reason") -> str:
    """The stripped reason, or a 400 naming ``field``."""
    error = reason_error(reason)
    if error:
        raise serializers.ValidationError({field: error})
    return reason.strip()


def clean_weight_reason(evaluation, reason: str | None, field: str = "change_reason") -> str:
    """The stripped reason for a weight change ("" allowed in a draft), or a 400 naming ``field``."""
    error = weight_reason_error(evaluation, reason)
    if error:
        raise serializers.ValidationError({field: error})
    return (reason or "").strip()


def change_reason_field() -> serializers.CharField:
    return serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000, help_text=REASON_HELP
    )
