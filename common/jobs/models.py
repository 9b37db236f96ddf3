"""A background job as the person who started it sees it: what, how far, the result or why not.

The task framework (django.tasks) runs the work; this row is what every server can read
while it runs (progress, from the worker) and after (the result, or the reason it failed and
the parameters to retry it). Files a job needs (an uploaded answers file) are kept in
``upload`` under MEDIA_ROOT, which every server and the worker share.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """The user's own jobs; an administrator's are every job, the system's included."""
        jobs = self.select_related("owner")
        return jobs if user.is_superuser else jobs.filter(owner=user)


class Job(models.Model):
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    # None: started by the system (a schedule, a command); only administrators see those.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_path = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    upload = models.FileField(upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    # A file the job produced (a PDF, an export), downloaded from /jobs/<id>/download/.
    output = models.FileField(upload_to="jobs/output/%Y/%m/", blank=True, max_length=300)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def output_filename(self) -> str:
        return self.output.name.rsplit("/", 1)[-1] if self.output else ""

    @property
    def percent(self) -> int | None:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class ScheduledRun(models.Model):
    """A daily job the schedule enqueued on a day: unique, so two schedulers enqueue it once."""

    name = models.CharField(max_length=60)
    day = models.DateField()
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="scheduled_run_once_per_day")]

    def __str__(self) -> str:
        return f"{self.name} on {self.day}"
