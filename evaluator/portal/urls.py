"""TEMPORARY placeholder (branch h-p1b only): P1 owns the portal's real URL list. Drop at merge.

emails.portal_link reverses ``portal:home``; this keeps that working until P1's portal lands.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

app_name = "portal"


@login_not_required
def placeholder(request, token):
    return HttpResponse("The vendor portal is not built in this branch.", content_type="text/plain")


urlpatterns = [path("<str:token>/", placeholder, name="home")]
