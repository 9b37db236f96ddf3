"""The one write of the home page: remembering when the user last opened it."""

import datetime

from django.utils import timezone

from home.models import HomeVisit
from home.rules import FIRST_VISIT_WINDOW_DAYS

SESSION_KEY = "home_since"


def start_visit(user, session, now: datetime.datetime | None = None) -> tuple[datetime.datetime, bool]:
    """(since when news counts, whether this is the user's first visit) for this home-page view.

    A visit is a session: the first home-page view of a session reads the stored last visit as
    "since", keeps it in the session and stores now as the new last visit, so reloading the page
    during the same session does not empty the "since your last visit" lists.
    """
    now = now or timezone.now()
    kept = session.get(SESSION_KEY)
    visit = HomeVisit.objects.filter(user=user).first()
    if kept is not None:
        first = kept == ""
        since = now - datetime.timedelta(days=FIRST_VISIT_WINDOW_DAYS) if first else None
        since = since or datetime.datetime.fromisoformat(kept)
        if visit is not None:
            HomeVisit.objects.filter(pk=visit.pk).update(last_visit=now)
        return since, first
    if visit is None:
        HomeVisit.objects.create(user=user, previous_visit=None, last_visit=now)
        session[SESSION_KEY] = ""
        return now - datetime.timedelta(days=FIRST_VISIT_WINDOW_DAYS), True
    since = visit.last_visit
    HomeVisit.objects.filter(pk=visit.pk).update(previous_visit=since, last_visit=now)
    session[SESSION_KEY] = since.isoformat()
    return since, False
