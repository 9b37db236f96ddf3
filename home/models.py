from django.conf import settings
from django.db import models


class HomeVisit(models.Model):
    """When a user last opened the home page: "since your last visit" starts there.

    ``previous_visit`` is the visit before the current session's first one (None on the first
    visit ever); ``last_visit`` the latest. Written by ``home.services.start_visit`` only.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="home_visit")
    previous_visit = models.DateTimeField(null=True, blank=True)
    last_visit = models.DateTimeField()

    def __str__(self):
        return f"{self.user} last opened the home page at {self.last_visit:%Y-%m-%d %H:%M}"
