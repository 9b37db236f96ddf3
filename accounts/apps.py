from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and API tokens"

    def ready(self):
        # Registers the bearer-token scheme with drf-spectacular.
        from accounts import schema  # noqa: F401
