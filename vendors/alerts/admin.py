"""Admin for vendor watches and notifications (imported by vendors/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vendors.models import Notification, VendorWatch


@admin.register(VendorWatch)
class VendorWatchAdmin(SimpleHistoryAdmin):
    list_display = ["user", "vendor", "created_at"]
    list_select_related = ["user", "vendor"]
    search_fields = ["user__username", "vendor__name"]
    autocomplete_fields = ["vendor"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "kind", "message", "read_at", "emailed_at"]
    list_filter = [
        "kind",
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["user"]
    search_fields = ["user__username", "message"]
    # Written by the system: the admin reads them (and may delete), never edits what was said.
    readonly_fields = [
        "user",
        "created",
        "kind",
        "message",
        "url",
        "roadmap_item",
        "dedupe_key",
        "emailed_at",
    ]

    def has_add_permission(self, request):
        return False
