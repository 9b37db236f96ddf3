"""A feed import as a background job: ``import_signals --enqueue`` (a URL or a path) and the
import page (an uploaded file, kept under MEDIA_ROOT for the worker) queue it.

Same service, same refusals (a timeout, an error answer, an oversized or malformed feed:
nothing is imported, and the job fails with the reason and can be retried). A file path must
be one the worker's machine can read. Progress: the feed read, its entries matched, saved.
"""

from django.core.files.base import ContentFile
from django.tasks import task
from django.urls import reverse

from common import jobs
from vendors.models import Vendor
from vendors.signals import fetching, services

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


def start_upload(source: str, upload, *, kind: str, vendor: Vendor | None, owner) -> jobs.Job:
    """An uploaded feed file (the import page): the job keeps it for the worker."""
    return jobs.start(
        import_signals_job,
        kind=KIND,
        label=f"Import {source} signals from {upload.name}"[:200],
        owner=owner,
        params={"source": source, "location": "", "kind": kind, "vendor": vendor.pk if vendor else None},
        upload=ContentFile(upload.read(fetching.max_bytes() + 1), name=upload.name),
        result_url=reverse("vendors:signal_review_queue"),
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
        if job.upload:
            progress.step(0, 2, "Reading the feed")
            with job.upload.open("rb") as handle:
                data = handle.read(fetching.max_bytes() + 1)
            if len(data) > fetching.max_bytes():
                raise services.ImportRefused(
                    f"Nothing was imported. The feed is over the size limit ({fetching.max_bytes():,} bytes)."
                )
            records = services.parse(params["source"], data, params["kind"])
            progress.step(1, 2, f"{len(records)} entries read; matching them to vendors")
            report = services.import_records(records, source=params["source"], vendor=vendor, user=job.owner)
        elif location.startswith(("http://", "https://")):
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
        "link_label": "Open the review queue" if report.queued else "Back to the review queue",
    }
