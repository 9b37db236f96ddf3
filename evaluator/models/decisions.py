"""The record of a decision: one immutable, hashed snapshot per decided evaluation.

``evaluator.decisions.service.decide`` writes it in the transaction that sets the status to
"decided"; nothing changes it afterwards. The content is canonical JSON (evaluator/decisions/
canonical.py) kept as text, not as a JSON column: PostgreSQL's jsonb would reorder keys and drop
the exact bytes the SHA-256 is taken over. ``manage.py verify_decisions`` re-computes every hash.
"""

from django.conf import settings
from django.db import models

from evaluator.models.evaluations import Evaluation


class ImmutableSnapshotError(RuntimeError):
    """A decision snapshot cannot be changed or deleted once written."""


IMMUTABLE = "A decision snapshot is the record of a decision: it cannot be changed or deleted."


class DecisionSnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableSnapshotError(IMMUTABLE)

    def delete(self):
        raise ImmutableSnapshotError(IMMUTABLE)

    update.queryset_only = True
    delete.queryset_only = True


class DecisionSnapshot(models.Model):
    # PROTECT: a decided evaluation (and whoever decided it) cannot be deleted from under its record.
    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    algorithm_version = models.CharField(max_length=20)
    content = models.TextField(help_text="Canonical JSON of every input and result (docs/scoring.md §6).")
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = DecisionSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"Decision on {self.evaluation_id} ({self.sha256[:12]})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableSnapshotError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableSnapshotError(IMMUTABLE)
