"""The page a visitor sees when django-axes refuses a sign-in."""

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render
from django.utils import timezone


def locked_out(request, original_response=None, credentials=None):
    # Axes restarts the cool-off at every refused attempt, so it runs from now.
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "retry_minutes": math.ceil(cool_off.total_seconds() / 60),
        "retry_at": timezone.now() + cool_off,
    }
    return render(request, "registration/locked_out.html", context, status=429)
