from django.apps import AppConfig


class CommonConfig(AppConfig):
    """No models: installed for its management commands (backup, restore)."""

    name = "common"
    verbose_name = "Shared infrastructure"
