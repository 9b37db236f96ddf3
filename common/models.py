from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class TrackedModel(models.Model):
    """Timestamps and a version number for optimistic locking.

    ``version`` goes up by one on every save, so a client that read version 3
    can say "update only if it is still 3" and a concurrent edit is detected
    instead of silently overwritten.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)


class StaleVersion(Exception):
    """The record moved on from the version the writer read."""

    def __init__(self, current_version: int):
        super().__init__(f"the record is at version {current_version} now")
        self.current_version = current_version


def claim_version(instance: TrackedModel) -> None:
    """Move the row from the version the writer read (``instance.version``) to the next one,
    or raise StaleVersion. Must run in the transaction that then saves the record, whose
    save() writes that same next number: a conditional UPDATE, so the database serialises
    two writers on SQLite (no row locks) and on PostgreSQL alike.
    """
    model = type(instance)
    claimed = model._base_manager.filter(pk=instance.pk, version=instance.version).update(
        version=instance.version + 1
    )
    if not claimed:
        current = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise StaleVersion(current or 0)


MONEY = {
    "max_digits": 16,
    "decimal_places": 2,
    "validators": [MinValueValidator(0, "Amounts cannot be negative.")],
}


def currency_code(value: str | None) -> str:
    """``value`` as an ISO 4217 code ("eur " → "EUR"), or ValidationError: the one currency rule."""
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValidationError("Use a three-letter ISO currency code such as EUR or USD.")
    return code


def non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
        name=name,
    )


__all__ = ["MONEY", "TrackedModel", "non_negative"]


# Background jobs (common/jobs/) and the counter every write moves on (common/data_generation.py,
# a cheap key for cached pages): the models live with their modules, registered with this app.
from common.data_generation import DataGeneration  # noqa: E402,F401
from common.jobs.models import Job, JobStatus, ScheduledRun  # noqa: E402,F401
