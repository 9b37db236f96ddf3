from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and API tokens"

    def ready(self):
        # Registers the bearer-token scheme with drf-spectacular.
        # Revokes a user's tokens when their password changes or the account is deactivated.
        from accounts import (
            schema,  # noqa: F401
            signals,  # noqa: F401
        )
