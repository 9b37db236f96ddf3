from django.apps import AppConfig
from django.conf import settings


class CommonConfig(AppConfig):
    """Shared models (jobs, the data generation), management commands (backup, restore), start-up wiring."""

    name = "common"
    verbose_name = "Shared infrastructure"

    def ready(self) -> None:
        from common import data_generation

        # Every write through any connection moves the cached pages' key on (data_generation.py).
        data_generation.install()
        if getattr(settings, "CACHE_IS_SHARED", False):
            # Charts and derived facts computed by one server are reused by every other.
            from common import shared_cache

            shared_cache.install()
