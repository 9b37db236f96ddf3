"""A page as a PDF, made by a background job: what ``?format=pdf`` starts (common.pages.PdfDownloadMixin).

The request renders the page for the user, as its HTML view does, and the job keeps that page
(``upload``, under MEDIA_ROOT); the task turns it into a PDF with common.pdf.render_pdf (the
user's and the site's render limits, the time limit), keeps the PDF under MEDIA_ROOT, which
every server shares, and the job's page offers it: progress "Rendering the PDF" at 50 %, done
at 100 %. Downloading it asks the page again whether the user may open it
(common/jobs/access.py). PDFs are deleted after settings.JOB_FILES_KEEP_HOURS
(``remove_old_outputs``, run before each new PDF and by ``manage.py remove_old_job_files``).

Without a worker the job has run when ``start_pdf`` returns and ``answer`` serves the PDF at
once, or answers the failure with its old status (429 busy, 503 too slow or no Chromium) and the
job's page, which says why and offers Retry. With a worker ``answer`` sends the browser to the
job's page, which follows the progress and then offers the download.
"""

import datetime
import time

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task

from common import jobs
from common.jobs.services import remove_old_outputs
from common.pdf import PdfBusy, PdfTimedOut, PdfUnavailable, render_pdf

KIND = "pdf"
# In a worker, a render refused because the user's or the site's slots are taken waits for one
# this many times (RETRY_AFTER_SECONDS each) before the job fails; in a request it answers 429.
WORKER_WAITS = 12


def start_pdf(user, html: str, *, page: str, page_url: str, filename: str, header: dict) -> jobs.Job:
    """Queue the PDF of ``html`` (the page at ``page``, a path_info, rendered for ``user``; its
    link ``page_url``) as ``filename``; ``header``: render_pdf's title, as_of and state."""
    remove_old_outputs()
    kept = dict(header)
    if kept.get("as_of") is not None:
        kept["as_of"] = kept["as_of"].strftime("%Y-%m-%d")
    title = kept.get("title") or filename.removesuffix(".pdf")
    return jobs.start(
        render_pdf_job,
        kind=KIND,
        label=f"PDF of {title}",
        owner=user,
        params={"page": page, "output_name": filename, "header": kept},
        upload=ContentFile(html.encode("utf-8"), name="page.html"),
        result_url=page_url,
    )


@task()
def render_pdf_job(job_id: int) -> str:
    return jobs.run(job_id, _render)


def _render(job: jobs.Job, progress: jobs.Progress) -> dict:
    if job.owner is None:
        raise jobs.JobFailed("Nobody asked for this PDF; nothing was rendered.")
    progress.step(1, 2, "Rendering the PDF")
    with job.upload.open("rb") as handle:
        html = handle.read().decode("utf-8")
    header = dict(job.params.get("header") or {})
    if header.get("as_of"):
        header["as_of"] = datetime.date.fromisoformat(header["as_of"])
    data = _within_limits(job.owner, html, header)
    jobs.save_output(job, job.params["output_name"], data)
    progress.step(2, 2, "Stored")
    return {
        "summary": f"The PDF is ready ({max(1, round(len(data) / 1024))} KB).",
        "output_name": job.params["output_name"],
        "bytes": len(data),
        "link_label": "Back to the page",
    }


def _within_limits(owner, html: str, header: dict) -> bytes:
    waits = 0 if jobs.tasks_run_immediately() else WORKER_WAITS
    while True:
        try:
            return render_pdf(owner, html, **header)
        except PdfBusy as busy:
            if waits <= 0:
                raise jobs.JobFailed(
                    f"{busy} Nothing is wrong with the page.",
                    {"http_status": 429, "retry_after": busy.retry_after},
                ) from None
            waits -= 1
            time.sleep(busy.retry_after)
        except PdfTimedOut as slow:
            raise jobs.JobFailed(
                f"Making the PDF took too long, so it was stopped ({slow}) Retry in a minute, or use "
                "your browser's Print → Save as PDF: the print layout is the same.",
                {"http_status": 503, "retry_after": 60},
            ) from None
        except PdfUnavailable as missing:
            raise jobs.JobFailed(
                f"{missing} Use your browser's Print → Save as PDF instead: the print layout is the same.",
                {"http_status": 503},
            ) from None


def serve(job: jobs.Job, *, stream: bool = True) -> HttpResponse:
    """The job's file as a download, under the name the page gave it (``stream``: a FileResponse;
    otherwise the bytes, as ``?format=pdf`` answered before it became a job)."""
    try:
        handle = job.output.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    name = (job.params or {}).get("output_name") or job.output_filename
    if stream:
        served = FileResponse(handle, as_attachment=True, filename=name)
    else:
        with handle:
            served = HttpResponse(handle.read(), content_type="application/pdf")
        served["Content-Disposition"] = f'attachment; filename="{name}"'
    served["X-Content-Type-Options"] = "nosniff"
    return served


def answer(request, job: jobs.Job):
    """What ``?format=pdf`` answers: the PDF, the failure (its old status), or the job's page."""
    if job.status == jobs.JobStatus.SUCCEEDED and job.output:
        return serve(job, stream=False)
    if job.status == jobs.JobStatus.FAILED:
        details = job.result or {}
        page = render(
            request,
            "jobs/job.html",
            {"job": job, "report": [], "summary": ""},
            status=details.get("http_status", 503),
        )
        if details.get("retry_after"):
            page["Retry-After"] = str(details["retry_after"])
        return page
    return redirect(job)
