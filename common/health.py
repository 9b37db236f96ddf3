"""``GET /health/``: can this server answer? For load balancers and monitoring (issue 16).

Public on purpose (a load balancer has no session), so it says only ``ok`` or ``error`` per
part: the database (a ``SELECT 1``), the cache (a write and a read back) and the task
backend (its queue can be read; with the database backend, nothing has waited longer than
``TASKS_STALE_MINUTES`` for a worker). No versions, host names, settings or error texts; the
reason of an ``error`` goes to the server's log. 200 when every part is ok, 503 otherwise.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.tasks import task_backends
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK, ERROR = "ok", "error"


def database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def shared_cache() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    answered = cache.get(key) == "1"
    cache.delete(key)
    return answered


def tasks() -> bool:
    backend = task_backends["default"]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult, get_date_max

        stale = timezone.now() - datetime.timedelta(minutes=getattr(settings, "TASKS_STALE_MINUTES", 10))
        # A task still waiting long after it was due means no worker is taking them.
        overdue = Q(run_after=get_date_max(), enqueued_at__lt=stale) | Q(run_after__lt=stale)
        return not DBTaskResult.objects.ready().filter(overdue).exists()
    return True


CHECKS = {"database": database, "cache": shared_cache, "tasks": tasks}


def check_all() -> dict[str, str]:
    answers = {}
    for name, check in CHECKS.items():
        try:
            answers[name] = OK if check() else ERROR
        except Exception:  # noqa: BLE001 - any failure is an "error" answer; the reason is logged
            logger.warning("health check %s failed", name, exc_info=True)
            answers[name] = ERROR
    return answers


@login_not_required
@require_GET
def health(request):
    answers = check_all()
    healthy = all(answer == OK for answer in answers.values())
    response = JsonResponse({"status": OK if healthy else ERROR, **answers}, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
