"""Questionnaires: versioned templates of typed questions, and vendors' responses to them.

A questionnaire version is frozen once it is issued to a vendor (the first
response against it); editing a frozen version means copying it into a new
draft version (``evaluator.questionnaires.versions.new_version``). A response
always points at the version it was answered against.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.files import remove_unused_files
from common.models import TrackedModel
from evaluator.models.evaluations import Evaluation
from vendors.models import EvidenceGrade


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes / no"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    NUMBER = "number", "Number"
    CURRENCY = "currency", "Currency amount"
    DATE = "date", "Date"
    TEXT = "text", "Free text"
    SCALE = "scale", "Scale 0–5"
    NOTE = "note", "Note (no answer)"


# Kinds whose answer is picked from the question's choices.
CHOICE_KINDS = (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
# Kinds that contribute to the questionnaire score (docs/scoring.md §2).
SCORED_KINDS = (*CHOICE_KINDS, QuestionKind.SCALE)
MAX_POINTS = 5


class NoteSeverity(models.TextChoices):
    """How serious a note is (an imported VSAQ tip keeps its severity)."""

    NONE = "", "–"
    INFO = "info", "Information"
    WARNING = "warning", "Warning"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class UnansweredRule(models.TextChoices):
    LEAVE_OUT = "leave_out", "Left out of the score"
    ZERO = "zero", "Counted as zero"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"
    LOCKED = "locked", "Locked"


# Answers may be written only in these states; a submitted response waits for review.
EDITABLE_STATUSES = (ResponseStatus.DRAFT, ResponseStatus.CHANGES_REQUESTED)


class ReviewState(models.TextChoices):
    PENDING = "pending", "Not reviewed"
    ACCEPTED = "accepted", "Accepted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class Questionnaire(TrackedModel):
    """One version of a questionnaire; versions of the same questionnaire share a ``family``."""

    family = models.SlugField(max_length=80, help_text="Identifies all versions of this questionnaire.")
    version_number = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    unanswered_rule = models.CharField(
        "Unanswered questions",
        max_length=20,
        choices=UnansweredRule.choices,
        default=UnansweredRule.ZERO,
        help_text="How an unanswered scored question counts in the score.",
    )
    is_builtin = models.BooleanField(default=False, editable=False)
    issued_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when first issued; the version is frozen."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["family", "-version_number"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version_number"], name="questionnaire_version_unique"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version_number})"

    def get_absolute_url(self):
        return reverse("questionnaires:detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.issued_at is not None


class Section(TrackedModel):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self):
        return self.title


class Question(TrackedModel):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(
        "Question id",
        max_length=100,
        help_text="Short id used in spreadsheets, kept across versions (e.g. RD-02).",
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0, "A weight cannot be negative.")],
        help_text="Relative weight in the section and overall score; 0 leaves it out.",
    )
    evidence_required = models.BooleanField(default=False)
    capability = models.ForeignKey(
        "vendors.Capability",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        help_text="A 0–5 answer to this question feeds this capability's assessment once accepted.",
    )
    currency = models.CharField(max_length=3, blank=True, help_text="For currency amounts, e.g. EUR.")
    shown_when = models.TextField(
        "Shown only when",
        blank=True,
        help_text='Ask this question only when an earlier answer holds, e.g. RD-01 = "Yes", '
        'SEC-03 has "SSO", RD-01 and not RD-02; blank: always asked.',
    )
    severity = models.CharField(
        max_length=10,
        choices=NoteSeverity.choices,
        blank=True,
        help_text="For notes: how serious the point it makes is.",
    )
    # Where an imported question came from, kept as it was (VSAQ: the item type and its "cond").
    source_type = models.CharField(max_length=20, blank=True, editable=False)
    source_condition = models.TextField(blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="question_weight_non_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS and self.weight > 0


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=500)
    # An imported choice's own id (VSAQ: the radio or check item's id), which conditions name.
    code = models.CharField(max_length=100, blank=True, editable=False)
    score = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)],
        help_text="Points 0–5 earned by picking this choice.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="choice_label_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=MAX_POINTS), name="choice_score_0_5"
            ),
        ]

    def __str__(self):
        return self.label


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """General responses to everyone whose role reads them; a response given for an evaluation
        only to those who see that evaluation (owner, members, administrators): others get 404."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        visible = Evaluation.objects.visible_to(user).values("pk")
        return self.filter(models.Q(evaluation__isnull=True) | models.Q(evaluation__in=visible))


class Response(TrackedModel):
    """A vendor's answers to one questionnaire version."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="responses")
    # Optional: answers given for one selection. A vendor then has at most one
    # general response and one per evaluation to each questionnaire version.
    evaluation = models.ForeignKey(
        "evaluator.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Denormalised totals so every list shows progress without counting answers.
    required_total = models.PositiveIntegerField(default=0, editable=False)
    required_answered = models.PositiveIntegerField(default=0, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor__name", "-questionnaire__version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "questionnaire"],
                condition=models.Q(evaluation__isnull=True),
                name="response_one_per_vendor_version",
            ),
            models.UniqueConstraint(
                fields=["vendor", "questionnaire", "evaluation"],
                condition=models.Q(evaluation__isnull=False),
                name="response_one_per_vendor_version_evaluation",
            ),
            models.CheckConstraint(
                condition=models.Q(required_answered__lte=models.F("required_total")),
                name="response_progress_within_total",
            ),
        ]

    def __str__(self):
        suffix = f" · for {self.evaluation}" if self.evaluation_id else ""
        return f"{self.vendor} · {self.questionnaire}{suffix}"

    def get_absolute_url(self):
        return reverse("questionnaires:response", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.required_total:
            return 100
        return round(100 * self.required_answered / self.required_total)


def attachment_path(answer, filename: str) -> str:
    # The stored name never reuses the uploaded name's directories.
    return f"questionnaires/{answer.response_id}/{answer.question_id}/{filename.rsplit('/', 1)[-1]}"


class AnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The answers of the responses ``user`` may see (``ResponseQuerySet.visible_to``)."""
        return self.filter(response__in=Response.objects.visible_to(user).values("pk"))


class Answer(TrackedModel):
    """One question's answer in a response. Its ``version`` goes up on every write (form, import,
    review, acceptance), so an API client holding an older version gets 412 instead of overwriting."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # One typed column per kind of value; which one is used follows question.kind.
    value_text = models.TextField(blank=True)
    value_number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    value_choices = models.JSONField(default=list, blank=True)
    is_answered = models.BooleanField(default=False)
    evidence_grade = models.CharField(max_length=20, choices=EvidenceGrade.choices, blank=True)
    attachment = models.FileField(upload_to=attachment_path, blank=True, max_length=300)
    comment = models.TextField("Respondent comment", blank=True)
    reviewer_note = models.TextField(blank=True)
    review_state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING)
    documents = models.ManyToManyField(
        "vendors.VendorDocument",
        blank=True,
        related_name="answers",
        help_text="Vault documents backing this answer.",
    )
    carried_forward = models.BooleanField(
        default=False, help_text="Copied from an earlier accepted response; needs review."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AnswerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__section__position", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
        ]

    def __str__(self):
        return f"{self.response} · {self.question.code}"


# A replaced or deleted evidence file leaves storage once committed and no answer names it.
remove_unused_files(Answer, "attachment")


__all__ = [
    "CHOICE_KINDS",
    "EDITABLE_STATUSES",
    "MAX_POINTS",
    "NoteSeverity",
    "SCORED_KINDS",
    "Answer",
    "Choice",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "Response",
    "ResponseStatus",
    "ReviewState",
    "Section",
    "UnansweredRule",
]
