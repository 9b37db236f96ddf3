"""REST endpoints for questionnaires (responses: api_responses.py, answers: api_answers.py).

Every signed-in role may read them (view permissions, as in the UI). A list
costs a fixed number of queries: the page, its select_related parents, one
query per prefetched relation.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response as ApiResponse

from common import jobs
from common.jobs.status import status_data
from common.rest.errors import ErrorSerializer
from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from evaluator.models import Question, Questionnaire, Section
from evaluator.questionnaires import serializers
from evaluator.questionnaires.importing import MAX_BYTES, ImportRefused, import_questionnaire
from evaluator.questionnaires.spreadsheet import SheetRefused, mapping_from
from evaluator.questionnaires.tasks import MAPPING_FIELDS, start_import
from evaluator.questionnaires.versions import new_version
from evaluator.responses.answers_file_api import answers_file, answers_file_endpoint


class QuestionnaireViewSet(HistoryActionMixin, RecordViewSet):
    """Questionnaire versions with their sections, questions and choices.

    A draft version is edited as on its page; an issued one is frozen (409): copy it with
    ``new-version/``. There is no delete, as on the pages.
    """

    queryset = Questionnaire.objects.prefetch_related(
        "sections", Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
    )
    serializer_class = serializers.QuestionnaireSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = {"family": ["exact"], "is_builtin": ["exact"], "issued_at": ["isnull"]}
    search_fields = ["title", "description", "family"]
    ordering_fields = ["family", "version_number", "created_at"]
    ordering = ["family", "-version_number"]

    def perform_create(self, serializer):
        serializer.validated_data["created_by"] = self.request.user
        super().perform_create(serializer)

    @extend_schema(
        request=None,
        responses={201: serializers.QuestionnaireSerializer},
        summary="Copy this version (sections, questions, choices) into the next, editable version",
    )
    # POST needs add_questionnaire, as the page's "new version" button.
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        with transaction.atomic():
            copy = new_version(self.get_object(), request.user)
        copy = self._etag_instance = self.get_queryset().get(pk=copy.pk)
        return ApiResponse(self.get_serializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": serializers.QuestionnaireImportSerializer},
        responses={
            200: OpenApiResponse(
                serializers.QuestionnaireImportResultSerializer, description="A preview: nothing was saved."
            ),
            201: serializers.QuestionnaireImportResultSerializer,
            202: OpenApiResponse(
                description="With a worker configured, an import (not a preview) is queued: follow "
                "`Location` (GET /api/jobs/{id}/) until `finished`; its `result` has the new version's "
                "`questionnaire` id and `result_url`, or `error` says why nothing was saved.",
            ),
            400: OpenApiResponse(
                ErrorSerializer, description="Nothing was saved; the message names the item."
            ),
        },
        summary="Import a questionnaire file (VSAQ, CAIQ v4, mapped columns) as a new version, or preview it",
    )
    # POST needs add_questionnaire, as the page's "Import a standard questionnaire".
    @action(
        detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser]
    )
    def import_file(self, request):
        upload = serializers.QuestionnaireImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file, data = upload.validated_data["file"], upload.validated_data
        if not data["preview"] and not jobs.tasks_run_immediately():
            # A worker saves it (tasks.py): 202 and where to follow it, as for an answers import.
            job = start_import(
                file.read(MAX_BYTES + 1),
                filename=file.name[:200],
                fmt=data["format"],
                family=data["family"],
                mapping={name: str(data.get(name) or "") for name in MAPPING_FIELDS},
                user=request.user,
            )
            return ApiResponse(
                {"detail": "The import is queued.", **status_data(job)},
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": reverse("api:job-detail", args=[job.pk])},
            )
        try:
            imported = import_questionnaire(
                file.read(MAX_BYTES + 1),
                file.name,
                request.user,
                fmt=data["format"],
                family=data["family"],
                mapping=mapping_from(data["format"], data),
                preview=data["preview"],
            )
        except (ImportRefused, SheetRefused) as refused:
            raise drf_serializers.ValidationError({"file": [f"{refused} Nothing was saved."]}) from None
        body = {
            "summary": imported.summary(),
            "not_applied": imported.plan.not_applied,
            "problems": imported.problems,
            "questionnaire": None,
        }
        if imported.questionnaire is None:
            body["sections"] = [
                {"title": s.title, "questions": [q.__dict__ for q in s.questions]}
                for s in imported.plan.sections
            ]
            return ApiResponse(serializers.QuestionnaireImportResultSerializer(body).data)
        questionnaire = self._etag_instance = self.get_queryset().get(pk=imported.questionnaire.pk)
        body["questionnaire"] = self.get_serializer(questionnaire).data
        return ApiResponse(body, status=status.HTTP_201_CREATED)

    @answers_file_endpoint(
        "The blank answers workbook.", "The version as a blank answers file, as the page's download"
    )
    def export(self, request, pk=None):
        questionnaire = self.get_object()
        return answers_file(None, questionnaire, request.query_params)


class QuestionnaireSectionViewSet(HistoryActionMixin, RecordViewSet):
    """Sections of questionnaire versions (?questionnaire=<id>); no delete, as on the pages."""

    queryset = Section.objects.all()
    serializer_class = serializers.SectionSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = {"questionnaire": ["exact"]}
    ordering_fields = ["position"]
    ordering = ["questionnaire", "position", "pk"]


class QuestionViewSet(HistoryActionMixin, RecordViewSet):
    """Questions with their choices (?questionnaire=<id>, ?section=<id>); only in draft versions."""

    queryset = Question.objects.prefetch_related("choices")
    serializer_class = serializers.QuestionSerializer
    filterset_fields = {
        "questionnaire": ["exact"],
        "section": ["exact"],
        "code": ["exact"],
        "kind": ["exact"],
    }
    search_fields = ["code", "text"]
    ordering_fields = ["position", "code"]
    ordering = ["questionnaire", "section__position", "position", "pk"]

    def perform_destroy(self, instance):
        serializers.refuse_if_frozen(instance.questionnaire)
        super().perform_destroy(instance)
