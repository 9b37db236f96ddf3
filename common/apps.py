from django.apps import AppConfig
from django.conf import settings


class CommonConfig(AppConfig):
    """No models: installed for its management commands (backup, restore) and start-up wiring."""

    name = "common"
    verbose_name = "Shared infrastructure"

    def ready(self) -> None:
        if getattr(settings, "CACHE_IS_SHARED", False):
            # Charts and derived facts computed by one server are reused by every other.
            from common import shared_cache

            shared_cache.install()
