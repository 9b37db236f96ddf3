"""Who may download what a job made from a page: the page's own rules decide, at download time.

A PDF job keeps the path of the page it was made from. Downloading it asks that page again,
as the user, whether they may open it (role, membership, blind scoring: the checks its view
runs before rendering), so a user taken off an evaluation since cannot fetch its PDF. The
page answers 204 without rendering when the request carries CHECKING_ACCESS
(common.pages.PdfDownloadMixin does).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

CHECKING_ACCESS = "job_access_check"


def may_open_page(request, path: str) -> bool:
    """Whether the page at ``path`` lets ``request.user`` in (its view's checks, no rendering)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    setattr(request, CHECKING_ACCESS, True)
    try:
        answer = match.func(request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        return False
    finally:
        delattr(request, CHECKING_ACCESS)
    return answer.status_code == 204


def may_download(request, job) -> bool:
    """A file made from a page goes to who asked for it, while they may still open the page."""
    page = (job.params or {}).get("page")
    if not page:
        return True  # other files: whoever sees the job (Job.objects.visible_to)
    return job.owner_id == request.user.pk and may_open_page(request, page)
