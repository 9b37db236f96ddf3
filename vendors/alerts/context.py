import functools

from vendors.models import Notification


def notifications(request):
    """The unread count for the header: one query, run only if the page shows it, and only once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notification_count": functools.cache(
            lambda: Notification.objects.filter(user=user).unread().count()
        )
    }
