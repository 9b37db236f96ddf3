"""Django's ModelBackend, with each user's permission set kept in the cache (issue 16, speed).

Every API call with a bearer token loads a new user object, so ModelBackend ran its two
permission queries (the user's own, and their groups') on every request: a fifth of the
vendor list's time (tests/perf/bench_api.py). The set is the same until a role's permissions
or someone's groups change, so it is kept in Django's cache under the user, their superuser
flag and a generation that every such change bumps (signals below): with Redis the next
request on any server sees the change. Without Redis each process has its own cache, and a
change made in one process reaches the others when their entry expires (TTL_SECONDS).
``is_active`` is read from the user's row on every request, so a deactivated account
loses every permission at once.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from common import shared_cache

logger = logging.getLogger(__name__)

# Also the bound on staleness if the generation key is evicted from a full local-memory cache.
TTL_SECONDS = 60
GENERATION_KEY = "perms:generation"


def generation() -> int:
    return shared_cache.get(GENERATION_KEY) or 0


def bump(**kwargs) -> None:
    try:
        if not cache.add(GENERATION_KEY, 1, None):
            cache.incr(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - a cache that does not answer caches nothing either
        logger.warning("cache unavailable: permission change not announced", exc_info=True)


class CachedModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            key = f"perms:{generation()}:{user_obj.pk}:{int(user_obj.is_superuser)}"
            permissions = shared_cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                shared_cache.set(key, permissions, TTL_SECONDS)
            user_obj._perm_cache = set(permissions)
        return user_obj._perm_cache


User = get_user_model()
for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(bump, sender=through, dispatch_uid=f"perms-bump-{through._meta.label}")
for model in (Group, Permission):
    post_save.connect(bump, sender=model, dispatch_uid=f"perms-bump-save-{model._meta.label}")
    post_delete.connect(bump, sender=model, dispatch_uid=f"perms-bump-delete-{model._meta.label}")
