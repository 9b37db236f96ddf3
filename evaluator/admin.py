"""The Django admin for evaluations and questionnaires.

Administrators get search, filters and inlines on every model. Records whose
meaning is frozen stay read-only here too: an issued questionnaire version
(responses were answered against it), the response lifecycle, which only
the questionnaire pages move so that who and when are always recorded, and a
decided evaluation with everything in it (the decision is final), whose
snapshot is shown read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluator.decisions.guard import is_frozen
from evaluator.models import (
    Answer,
    Approval,
    Choice,
    Criterion,
    CriterionComparison,
    DecisionProposal,
    DecisionSnapshot,
    Evaluation,
    GroupComparison,
    ManualScore,
    Question,
    Questionnaire,
    RequiredCapability,
    Response,
    Section,
)
from evaluator.setup.rules import SIGNOFF_STATUSES


class FrozenWhenIssuedMixin:
    """Nothing of a questionnaire version changes once it has been issued."""

    def _questionnaire_of(self, obj):
        return obj if isinstance(obj, Questionnaire) else getattr(obj, "questionnaire", None)

    def _issued(self, obj) -> bool:
        questionnaire = self._questionnaire_of(obj)
        return questionnaire is not None and questionnaire.issued_at is not None

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._issued(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._issued(obj)

    def has_add_permission(self, request, *obj):
        # ModelAdmin asks with the request only, inlines with the parent object too.
        return super().has_add_permission(request, *obj) and not (obj and self._issued(obj[0]))


class FrozenWhenDecidedMixin:
    """Nothing of a decided evaluation changes, here as on its pages (evaluator/decisions/guard.py)."""

    def _evaluation_of(self, obj):
        if obj is None or isinstance(obj, Evaluation):
            return obj
        if isinstance(obj, CriterionComparison):
            return obj.first.evaluation
        if isinstance(obj, ManualScore):
            return obj.criterion.evaluation
        return getattr(obj, "evaluation", None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_frozen(self._evaluation_of(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_frozen(self._evaluation_of(obj))

    def has_add_permission(self, request, *obj):
        return super().has_add_permission(request, *obj) and not (
            obj and is_frozen(self._evaluation_of(obj[0]))
        )


class SectionInline(FrozenWhenIssuedMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "description"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenWhenIssuedMixin, SimpleHistoryAdmin):
    list_display = ["title", "family", "version_number", "is_builtin", "issued_at", "created_at"]
    list_filter = ["is_builtin", "unanswered_rule", "family"]
    search_fields = ["title", "family", "description"]
    readonly_fields = ["is_builtin", "issued_at", "created_at", "created_by"]
    inlines = [SectionInline]


class ChoiceInline(FrozenWhenIssuedMixin, admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "label", "score"]


@admin.register(Question)
class QuestionAdmin(FrozenWhenIssuedMixin, SimpleHistoryAdmin):
    list_display = ["code", "text", "questionnaire", "section", "kind", "required", "weight"]
    list_filter = ["kind", "required", "evidence_required", "questionnaire__family"]
    search_fields = ["code", "text", "help_text"]
    list_select_related = ["questionnaire", "section"]
    inlines = [ChoiceInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "question",
        "is_answered",
        "evidence_grade",
        "review_state",
        "carried_forward",
        "updated_by",
        "updated_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["vendor", "questionnaire", "evaluation", "status", "required_answered", "required_total"]
    list_filter = ["status", "questionnaire__family"]
    search_fields = ["vendor__name", "questionnaire__title", "evaluation__name"]
    list_select_related = ["vendor", "questionnaire", "evaluation"]
    # The lifecycle moves only through the questionnaire pages, which record who and when.
    readonly_fields = [
        "questionnaire",
        "vendor",
        "evaluation",
        "status",
        "carried_from",
        "required_total",
        "required_answered",
        "entered_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "locked_by",
        "locked_at",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False


class RequiredCapabilityInline(FrozenWhenDecidedMixin, admin.TabularInline):
    model = RequiredCapability
    extra = 0
    autocomplete_fields = ["capability"]


class CriterionInline(FrozenWhenDecidedMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["name", "group", "direction", "source", "metric", "questionnaire_section", "weight"]
    raw_id_fields = ["questionnaire_section"]


@admin.register(Evaluation)
class EvaluationAdmin(FrozenWhenDecidedMixin, SimpleHistoryAdmin):
    list_display = ["name", "owner", "status", "method", "weight_mode", "horizon_date"]
    list_filter = ["status", "method", "weight_mode", "blind_scoring"]
    search_fields = ["name", "description", "owner__username"]
    filter_horizontal = ["members", "candidates"]
    inlines = [RequiredCapabilityInline, CriterionInline]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status":
            # Proposing and deciding go through the sign-off (its pages or the API), never here.
            field.choices = [choice for choice in field.choices if choice[0] not in SIGNOFF_STATUSES]
        return field


@admin.register(Criterion)
class CriterionAdmin(FrozenWhenDecidedMixin, SimpleHistoryAdmin):
    list_display = ["name", "evaluation", "group", "direction", "source", "weight"]
    list_filter = ["group", "direction", "source"]
    search_fields = ["name", "evaluation__name"]
    list_select_related = ["evaluation"]


@admin.register(GroupComparison)
class GroupComparisonAdmin(FrozenWhenDecidedMixin, SimpleHistoryAdmin):
    list_display = ["evaluation", "first", "second", "value"]
    list_filter = ["first", "second"]
    search_fields = ["evaluation__name"]


@admin.register(CriterionComparison)
class CriterionComparisonAdmin(FrozenWhenDecidedMixin, SimpleHistoryAdmin):
    list_display = ["first", "second", "value"]
    search_fields = ["first__name", "second__name", "first__evaluation__name"]


@admin.register(ManualScore)
class ManualScoreAdmin(FrozenWhenDecidedMixin, SimpleHistoryAdmin):
    list_display = ["criterion", "vendor", "evaluator", "score"]
    list_filter = ["score"]
    search_fields = ["criterion__name", "vendor__name", "evaluator__username", "rationale"]
    list_select_related = ["criterion", "vendor", "evaluator"]


@admin.register(DecisionSnapshot)
class DecisionSnapshotAdmin(admin.ModelAdmin):
    """Read-only: a snapshot is the record of a decision (``manage.py verify_decisions`` checks it)."""

    list_display = ["evaluation", "decided_by", "decided_at", "algorithm_version", "sha256"]
    search_fields = ["evaluation__name", "sha256"]
    list_select_related = ["evaluation", "decided_by"]
    fields = readonly_fields = [
        "evaluation",
        "decided_by",
        "decided_at",
        "algorithm_version",
        "sha256",
        "content",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    can_delete = False
    readonly_fields = ["approver", "verdict", "comment", "answered_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DecisionProposal)
class DecisionProposalAdmin(SimpleHistoryAdmin):
    """Read-only: a proposal and its approvals change only through the sign-off."""

    list_display = ["evaluation", "proposed_by", "proposed_at", "state", "closed_at"]
    list_filter = ["state"]
    search_fields = ["evaluation__name"]
    inlines = [ApprovalInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from evaluator.stakeholders import admin as stakeholder_admin  # noqa: E402, F401  (registers its models)
