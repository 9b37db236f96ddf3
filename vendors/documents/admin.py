"""The vault in the Django admin (registered from vendors/admin.py): for administrators to find and
correct documents; the pages and the API are where documents are added (their file checks run there)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vendors.models import VendorDocument


@admin.register(VendorDocument)
class VendorDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["vendor", "title", "kind", "valid_from", "valid_until", "owner", "expiry_notice_sent_at"]
    list_filter = ["kind"]
    search_fields = ["vendor__name", "title", "issuer", "scope"]
    date_hierarchy = "valid_until"
    filter_horizontal = ["capabilities"]
    raw_id_fields = ["vendor", "owner", "uploaded_by"]
    readonly_fields = ["file", "uploaded_by", "uploaded_by_email", "expiry_notice_sent_at"]
    list_select_related = ["vendor", "owner"]

    def has_add_permission(self, request):
        # Added on the vendor's vault page or through the API, where the file is checked.
        return False
