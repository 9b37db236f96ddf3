"""A job's page, its JSON status (polled by static/js/job-progress.js), retry, and your jobs.

Only the person who started a job sees it (administrators see every job, and the system's);
anyone else gets 404, as if it did not exist.
"""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import ListView, TemplateView

from common.cells import neutralise_cell
from common.downloads import CSV_TYPE, download
from common.jobs import pdf, services
from common.jobs.access import may_download
from common.jobs.models import Job, JobStatus
from common.jobs.status import status_data


class JobMixin:
    def get_job(self) -> Job:
        return get_object_or_404(Job.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class JobView(JobMixin, TemplateView):
    template_name = "jobs/job.html"

    def get_context_data(self, **kwargs):
        job = self.get_job()
        result = job.result or {}
        return super().get_context_data(
            job=job,
            report=result.get("report") or [],
            summary=result.get("summary", ""),
            may_download=bool(job.output) and may_download(self.request, job),
            someone_elses=job.owner_id != self.request.user.pk,
            keep_hours=settings.JOB_FILES_KEEP_HOURS,
            **kwargs,
        )


class JobStatusView(JobMixin, View):
    def get(self, request, pk):
        return JsonResponse(status_data(self.get_job()))


class JobRetryView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        job = self.get_job()
        if services.retry(job):
            messages.success(request, "Queued again.")
        else:
            messages.error(request, "Only a job that failed can be retried.")
        return redirect(job)


class JobReportView(JobMixin, View):
    """An import job's row-level report as CSV (row, question, column, value, reason), cells
    neutralised; ``question`` is the question id a row names (empty for other imports)."""

    def get(self, request, pk):
        job = self.get_job()
        report = (job.result or {}).get("report")
        if not report:
            raise Http404("This job has no report.")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["row", "question", "column", "value", "reason"])
        for line in report:
            row, column, value, reason, question = (*line, "")[:5]
            writer.writerow(
                [
                    row or "file",
                    neutralise_cell(question),
                    neutralise_cell(column),
                    neutralise_cell(value),
                    reason,
                ]
            )
        return download(buffer.getvalue().encode("utf-8"), f"job-{job.pk}-report.csv", CSV_TYPE)


class JobDownloadView(JobMixin, View):
    """The file a finished job produced, always as a download; a PDF only for who asked for it,
    while they may still open its page (common/jobs/access.py)."""

    def get(self, request, pk):
        job = self.get_job()
        if job.status != JobStatus.SUCCEEDED or not job.output or not may_download(request, job):
            raise Http404("This job has no file.")
        return pdf.serve(job)


class JobListView(ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)
