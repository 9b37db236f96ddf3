"""``/api/jobs/``: your background jobs (an import queued with 202 is followed here), and retry.

Like the pages: only the person who started a job sees it (administrators every job); any
other id is 404. Retrying a job that has not failed is 409.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from common.jobs import services
from common.jobs.models import Job
from common.jobs.status import status_data
from common.rest.errors import ErrorSerializer


class NotRetryable(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_failed"
    default_detail = "Only a failed job can be retried."


class JobSerializer(serializers.Serializer):
    """What /api/jobs/ answers (for the schema; the data is common/jobs/status.py's)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    status_label = serializers.CharField()
    finished = serializers.BooleanField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    error = serializers.CharField(help_text="Why it failed (failed jobs only).")
    result_url = serializers.CharField()
    url = serializers.CharField(help_text="The job's page.")
    retry_url = serializers.CharField(required=False)
    result = serializers.JSONField(help_text="What the job produced, e.g. an import's counts and report.")


class JobViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    lookup_value_regex = "[^/]+"
    queryset = Job.objects.none()  # for the schema; get_queryset() is the user's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        return Job.objects.visible_to(self.request.user)

    def get_object(self) -> Job:
        value = self.kwargs["pk"]
        job = self.get_queryset().filter(pk=value).first() if str(value).isdigit() else None
        if job is None:
            raise NotFound("No such job.")
        return job

    @staticmethod
    def data(job: Job) -> dict:
        return {**status_data(job), "result": job.result}

    @extend_schema(
        responses={200: JobSerializer}, summary="A background job: status, progress, result or why it failed"
    )
    def retrieve(self, request, pk=None):
        return Response(self.data(self.get_object()))

    @extend_schema(responses={200: JobSerializer(many=True)}, summary="Your background jobs, newest first")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([self.data(job) for job in page])

    @extend_schema(
        request=None,
        responses={
            202: JobSerializer,
            409: OpenApiResponse(ErrorSerializer, description="Only a failed job can be retried."),
        },
        summary="Queue a failed job again with the same parameters",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        job = self.get_object()
        if not services.retry(job):
            raise NotRetryable
        return Response(self.data(job), status=status.HTTP_202_ACCEPTED)
