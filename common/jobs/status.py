"""A job's state as JSON: the status endpoint's answer, and the API's 202 for a queued job."""

from common.jobs.models import Job, JobStatus


def status_data(job: Job) -> dict:
    data = {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error if job.status == JobStatus.FAILED else "",
        "result_url": job.result_url if job.status == JobStatus.SUCCEEDED else "",
        "url": job.get_absolute_url(),
    }
    if job.status == JobStatus.FAILED:
        data["retry_url"] = f"{job.get_absolute_url()}retry/"
    return data
