"""Responses through the API: issue, the review lifecycle, answers import and export.

The same services as the response pages: ``start_response`` (freezes the version, carries
answers forward), the lifecycle steps (``submit``, ``request_changes``, ``accept``, ``lock``
with their side effects: accepting records capability assessments), ``import_answers`` (all
or nothing, row-level report; run as a background job, tasks.py) and the exporter (formula-safe cells). Writing needs the role
that changes responses on the pages; a step the response's state does not allow is 409 with
the page's message. A response is never edited field by field nor deleted, as on the pages.
"""

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response as ApiResponse

from common.jobs import JobStatus
from common.jobs.status import status_data
from common.rest.errors import ErrorSerializer
from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from evaluator.models import Response
from evaluator.questionnaires.serializers import ResponseSerializer
from evaluator.responses import lifecycle
from evaluator.responses import serializers as serializers_responses
from evaluator.responses.answers_api import ChangePermission, hold_version, invalid_state
from evaluator.responses.answers_file_api import answers_file, answers_file_endpoint
from evaluator.responses.tasks import outcome, start_import

STEP_RESPONSES = {
    200: ResponseSerializer,
    409: OpenApiResponse(ErrorSerializer, description="The response's state does not allow this step now."),
}


def step_schema(summary: str):
    return extend_schema(request=None, responses=STEP_RESPONSES, summary=summary)


class ResponseViewSet(HistoryActionMixin, RecordViewSet):
    """Vendors' responses: status and progress. Their answers are at /api/answers/?response=<id>."""

    queryset = Response.objects.select_related(
        "vendor", "questionnaire", "entered_by", "submitted_by", "reviewed_by", "locked_by"
    )
    serializer_class = ResponseSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = {
        "vendor": ["exact"],
        "vendor__slug": ["exact"],
        "questionnaire": ["exact"],
        "status": ["exact"],
    }
    search_fields = ["vendor__name", "questionnaire__title"]
    ordering_fields = ["updated_at", "submitted_at", "status"]
    ordering = ["vendor__name", "-questionnaire__version_number"]

    def get_queryset(self):
        # A response given for an evaluation follows the evaluation: 404 for non-members.
        return super().get_queryset().visible_to(self.request.user)

    @extend_schema(
        request=serializers_responses.ResponseCreateSerializer,
        responses={201: ResponseSerializer},
        summary="Issue a questionnaire version to a vendor (freezes the version)",
    )
    def create(self, request, *args, **kwargs):
        issue = serializers_responses.ResponseCreateSerializer(
            data=request.data, context={"request": request}
        )
        issue.is_valid(raise_exception=True)
        data = issue.validated_data
        try:
            response = lifecycle.start_response(
                data["vendor"],
                data["questionnaire"],
                request.user,
                data["carry_forward"],
                evaluation=data.get("evaluation"),
            )
        except lifecycle.TransitionError as error:  # someone issued it meanwhile
            raise invalid_state(error) from None
        self._etag_instance = response = self.get_queryset().get(pk=response.pk)
        return ApiResponse(self.get_serializer(response).data, status=status.HTTP_201_CREATED)

    def run_step(self, step) -> ApiResponse:
        response = self.get_object()
        self.check_precondition(response)
        with transaction.atomic():
            hold_version(response)
            try:
                step(response, self.request.user)
            except lifecycle.TransitionError as error:
                raise invalid_state(error) from None
        response = self._etag_instance = self.get_queryset().get(pk=response.pk)
        return ApiResponse(self.get_serializer(response).data)

    @step_schema("Submit for review (refused while required answers or evidence are missing)")
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def submit(self, request, pk=None):
        return self.run_step(lifecycle.submit)

    @step_schema("Send a submitted response back; the answers to change must be marked first")
    @action(detail=True, methods=["post"], url_path="request-changes", permission_classes=[ChangePermission])
    def request_changes(self, request, pk=None):
        return self.run_step(lifecycle.request_changes)

    @step_schema("Accept a submitted response; linked 0-5 answers become capability assessments")
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def accept(self, request, pk=None):
        return self.run_step(lifecycle.accept)

    @step_schema("Lock an accepted response; nothing in it can change any more")
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def lock(self, request, pk=None):
        return self.run_step(lifecycle.lock)

    @extend_schema(
        request={"multipart/form-data": serializers_responses.ImportUploadSerializer},
        responses={
            200: serializers_responses.ImportResultSerializer,
            202: OpenApiResponse(
                description="With a worker configured: the import is queued. Follow `Location` "
                "(GET /api/jobs/{id}/) until `finished`; its `result` holds the counts or the report.",
            ),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Nothing was saved. `report` lists every problem: row, column, value, reason.",
            ),
        },
        summary="Import a filled answers file (.xlsx or .csv): all rows or nothing",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        url_name="import",
        permission_classes=[ChangePermission],
        parser_classes=[MultiPartParser],
    )
    def import_file(self, request, pk=None):
        response = self.get_object()
        upload = serializers_responses.ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        # A background job (tasks.py). With a worker: 202 and where to follow it; without one it
        # has run already and the answer is the import's own, as it always was.
        job = start_import(response, upload.validated_data["file"], request.user)
        if not job.finished:
            return ApiResponse(
                {"detail": "The import is queued.", **status_data(job)},
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": reverse("api:job-detail", args=[job.pk])},
            )
        if job.status == JobStatus.FAILED:
            message = f"The import failed: {job.error}"
            return ApiResponse(
                {
                    "detail": message,
                    "errors": [{"field": None, "message": message, "code": "import_failed"}],
                    "job": status_data(job),
                },
                status=status.HTTP_500_INTERNAL_SERVER_ERROR,
            )
        result = outcome(job)
        if not result.ok:
            return ApiResponse(import_failure(result), status=status.HTTP_400_BAD_REQUEST)
        response = self._etag_instance = self.get_queryset().get(pk=response.pk)
        body = {
            "summary": result.summary(),
            "rows_read": result.rows_read,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "blank": result.blank,
            "ignored": result.ignored,
            "response": self.get_serializer(response).data,
        }
        return ApiResponse(body)

    @answers_file_endpoint(
        "The Answers workbook, with drop-downs.",
        "Download the answers file, the same as the response page's (fill it and import it)",
    )
    def export(self, request, pk=None):
        response = self.get_object()
        return answers_file(response, response.questionnaire, request.query_params)


def import_failure(result) -> dict:
    """The one error shape, plus the importer's own row-level report."""
    errors = []
    for error in result.errors:
        where = f"Row {error.row}" if error.row else "The file"
        if error.question:
            where += f" ({error.question})"
        if error.column:
            where += f", column {error.column}"
        if error.value:
            where += f" ({error.value!r})"
        errors.append({"field": "file", "message": f"{where}: {error.reason}", "code": "invalid_row"})
    report = [
        {"row": e.row, "question": e.question, "column": e.column, "value": e.value, "reason": e.reason}
        for e in result.errors
    ]
    return {"detail": result.summary(), "errors": errors, "report": report}
