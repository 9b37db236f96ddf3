"""A feed import (``import_signals``) as a background job: ``--enqueue`` queues it for the worker.

Same service, same refusals (a timeout, an error answer, an oversized or malformed feed:
nothing is imported, and the job fails with the reason and can be retried). A file path must
be one the worker's machine can read.
"""

from django.tasks import task

from common import jobs
from vendors.models import Vendor
from vendors.signals import services

KIND = "signal-import"


def start_import(
    source: str, location: str, *, kind: str, vendor: Vendor | None = None, owner=None
) -> jobs.Job:
    return jobs.start(
        import_signals_job,
        kind=KIND,
        label=f"Import {source} signals from {location}"[:200],
        owner=owner,
        params={
            "source": source,
            "location": location,
            "kind": kind,
            "vendor": vendor.pk if vendor else None,
        },
    )


@task()
def import_signals_job(job_id: int) -> str:
    return jobs.run(job_id, _import)


def _import(job: jobs.Job, progress: jobs.Progress) -> dict:
    params = job.params
    vendor = Vendor.objects.filter(pk=params["vendor"]).first() if params.get("vendor") else None
    if params.get("vendor") and vendor is None:
        raise jobs.JobFailed("The vendor the feed is about was deleted; nothing was imported.")
    location = params["location"]
    try:
        if location.startswith(("http://", "https://")):
            report = services.refresh_url(params["source"], location, kind=params["kind"], vendor=vendor)
        else:
            report = services.import_file(params["source"], location, kind=params["kind"], vendor=vendor)
    except services.ImportRefused as refusal:
        raise jobs.JobFailed(str(refusal)) from None
    return {
        "summary": report.summary(),
        "entries": report.entries,
        "added": report.added,
        "already": report.already,
        "queued": report.queued,
        "ignored": report.ignored,
        "notified": report.notified,
        "not_modified": report.not_modified,
    }
