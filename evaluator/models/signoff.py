"""The decision record and its sign-off: what the owner proposes and who approves it.

The owner proposes (``evaluator.decisions.signoff.propose``): the chosen vendor(s), why, on what
conditions, which risks are accepted, and who must approve; the warnings shown at that moment are
kept with it. Each named approver approves or rejects with a comment, in any order. When all have
approved, the evaluation is decided (the snapshot includes this record and the approvals); one
rejection sends it back to scoring. A proposal is never edited after it is made: a new proposal
is a new row, so the rejected and withdrawn ones stay as the trail.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from evaluator.models.evaluations import Evaluation


class ProposalState(models.TextChoices):
    OPEN = "open", "Awaiting sign-off"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Verdict(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class DecisionProposal(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    chosen = models.ManyToManyField("vendors.Vendor", related_name="+", verbose_name="chosen vendors")
    # The vendors ranked first when proposed: a choice that differs needs a justification.
    leaders = models.JSONField(default=list, help_text="Names of the vendors ranked first when proposed.")
    justification = models.TextField(
        blank=True, help_text="Why the choice differs from the ranking's first place (required then)."
    )
    rationale = models.TextField()
    conditions = models.TextField(
        blank=True,
        help_text="One per line, e.g. “Roadmap item X contractually committed before signature”.",
    )
    risks_accepted = models.TextField(blank=True, help_text="One per line.")
    warnings = models.JSONField(
        default=list, help_text="The warnings shown when it was proposed: [{code, message}]."
    )
    state = models.CharField(max_length=20, choices=ProposalState.choices, default=ProposalState.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["leaders", "warnings"])

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # One proposal awaits sign-off at a time (two owners' tabs proposing at once get one).
            models.UniqueConstraint(
                fields=["evaluation"],
                condition=models.Q(state="open"),
                name="one_open_proposal_per_evaluation",
            )
        ]

    def __str__(self):
        return f"Proposal for {self.evaluation} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        return reverse("evaluator:signoff", args=[self.evaluation_id])

    @staticmethod
    def lines(text: str) -> list[str]:
        """The non-empty lines of a conditions or risks field, as the memo lists them."""
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def differs_from_ranking(self) -> bool:
        """Whether the chosen vendors are not the ones ranked first when it was proposed."""
        return sorted(vendor.name for vendor in self.chosen.all()) != sorted(self.leaders)

    @property
    def condition_list(self) -> list[str]:
        return self.lines(self.conditions)

    @property
    def risk_list(self) -> list[str]:
        return self.lines(self.risks_accepted)


class Approval(models.Model):
    proposal = models.ForeignKey(DecisionProposal, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "approver"], name="one_approval_per_approver"),
        ]

    def __str__(self):
        return f"{self.approver} on {self.proposal}: {self.get_verdict_display().lower()}"
