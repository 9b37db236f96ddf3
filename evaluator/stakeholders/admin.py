"""The admin of stakeholder groups (imported by evaluator/admin.py): read-only once decided, and
the consensus notes only as the consensus step writes them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluator.admin import FrozenWhenDecidedMixin
from evaluator.models import ConsensusNote, StakeholderGroup, StakeholderSettings, StakeholderWeight


class StakeholderFrozenMixin(FrozenWhenDecidedMixin):
    def _evaluation_of(self, obj):
        if isinstance(obj, StakeholderWeight):
            return obj.group.evaluation
        if isinstance(obj, ConsensusNote):
            return obj.criterion.evaluation
        return super()._evaluation_of(obj)


class StakeholderWeightInline(StakeholderFrozenMixin, admin.TabularInline):
    model = StakeholderWeight
    extra = 0
    fields = ["criterion", "points"]
    raw_id_fields = ["criterion"]


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(StakeholderFrozenMixin, SimpleHistoryAdmin):
    list_display = ["name", "evaluation", "influence", "weight_mode"]
    list_filter = ["weight_mode"]
    search_fields = ["name", "evaluation__name"]
    raw_id_fields = ["evaluation"]
    filter_horizontal = ["members"]
    inlines = [StakeholderWeightInline]


@admin.register(StakeholderSettings)
class StakeholderSettingsAdmin(StakeholderFrozenMixin, SimpleHistoryAdmin):
    list_display = ["evaluation", "method"]
    search_fields = ["evaluation__name"]
    raw_id_fields = ["evaluation"]


@admin.register(ConsensusNote)
class ConsensusNoteAdmin(SimpleHistoryAdmin):
    """Written by the consensus step only (it also sets the evaluators' scores)."""

    list_display = ["criterion", "vendor", "outcome", "agreed_score", "noted_by"]
    search_fields = ["criterion__name", "vendor__name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
