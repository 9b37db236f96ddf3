from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, RecoveryCodeDevice, RolePolicy

# django-otp's own admin shows each secret and its QR code: replaced by one that only lists and deletes.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Delete a lost phone's device (the user then signs in with the password alone, or re-enrols)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        # Keys are shown once to their owner; administrators revoke, they do not mint.
        return False


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ["group", "require_two_factor"]
    list_editable = ["require_two_factor"]
    fields = ["group", "require_two_factor"]


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    """Read and delete only: an administrator can take away a user's codes, never see or make them."""

    list_display = ["user", "remaining", "created_at", "last_used_at"]
    search_fields = ["user__username"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description="codes left")
    def remaining(self, device):
        return device.codes.count()
