"""Answers through the API: read, enter (create or change) and review, with the UI's rules.

Writes go through the same lifecycle services as the section entry form and the
review buttons (``questionnaires.responses.save_answers`` / ``review_answer``):
answers change only while the response is a draft or has changes requested,
reviews only while it is submitted; a changed answer needs a new review; the
response's progress is recounted. A step the response's state does not allow is
409 with the UI's message. Answers are never deleted (clear the value instead).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response as ApiResponse

from common.downloads import stored_file
from common.rest.concurrency import PreconditionFailed
from common.rest.errors import Conflict
from common.rest.history import HistoryActionMixin
from common.rest.negotiation import JsonErrorsNegotiation
from common.rest.permissions import RoleModelPermissions
from common.rest.viewsets import RecordViewSet
from evaluator.models import Answer
from evaluator.responses import lifecycle
from evaluator.responses.answer_serializers import (
    ANSWER_FIELDS,
    AnswerReviewSerializer,
    AnswerSerializer,
    AttachmentUploadSerializer,
)
from evaluator.responses.attachments import validate_attachment


def invalid_state(error: lifecycle.TransitionError) -> Conflict:
    """A lifecycle step the record's state does not allow now: 409 with the UI's message."""
    return Conflict(error.message, code="invalid_state")


def hold_response(response) -> None:
    """Hold the response's row (as the entry page does) and read its status as it is now."""
    lifecycle.lock_response(response)
    response.refresh_from_db(fields=["status"])


def hold_version(instance) -> None:
    """Take the row at the version the request read, or answer 412.

    An UPDATE that sets the version to itself: it holds the row (PostgreSQL's row
    lock, SQLite's write lock) until the transaction ends, and the service's own
    save then moves the version up by exactly one. A second writer that read the
    same version waits, then matches no row: 412, nothing changed.
    """
    model = type(instance)
    held = model._base_manager.filter(pk=instance.pk, version=instance.version).update(
        version=instance.version
    )
    if not held:
        current = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise PreconditionFailed(current_version=current or 0)


class ChangePermission(RoleModelPermissions):
    """Actions that change the record (POST) need its change permission, as PATCH does."""

    perms_map = {**RoleModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


def answer_change(data: dict) -> lifecycle.AnswerChange:
    has_value = "value" in data
    return lifecycle.AnswerChange(
        value=data.get("value"),
        clear=has_value and data["value"] is None,
        evidence_grade=data.get("evidence_grade"),
        comment=data["comment"].strip() if "comment" in data else None,
    )


@extend_schema_view(
    create=extend_schema(
        description="Answer a question of a response that has no answer to it yet (draft or changes "
        "requested). 409 when the response's state does not allow entering answers."
    ),
    update=extend_schema(
        description="Change an answer (value, evidence grade, comment) of a draft response or one with "
        "changes requested. 409 when the response's state does not allow it."
    ),
    partial_update=extend_schema(
        description="As PUT, with only the fields you send. A changed answer goes back to 'not reviewed'."
    ),
)
class AnswerViewSet(HistoryActionMixin, RecordViewSet):
    """Answers of every response; filter with ?response=<id>."""

    queryset = Answer.objects.select_related("question", "response", "updated_by")
    serializer_class = AnswerSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = {
        "response": ["exact"],
        "response__vendor": ["exact"],
        "question": ["exact"],
        "question__code": ["exact"],
        "review_state": ["exact"],
        "is_answered": ["exact"],
    }
    search_fields = ["value_text", "comment", "reviewer_note"]
    ordering_fields = ["updated_at"]
    ordering = ["response", "question__section__position", "question__position"]

    def get_queryset(self):
        # The answers of the responses the caller may see (Answer.objects.visible_to).
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        response, question = data["response"], data["question"]
        with transaction.atomic():
            hold_response(response)
            refuse_not_asked(response, {question: answer_change(data)})
            try:
                changed = lifecycle.save_answers(response, self.request.user, {question: answer_change(data)})
            except lifecycle.TransitionError as error:
                raise invalid_state(error) from None
        if not changed:
            raise exceptions.ValidationError(
                {"value": "Nothing to save: give a value, an evidence grade or a comment."}
            )
        serializer.instance = self.get_queryset().get(response=response, question=question)
        self._etag_instance = serializer.instance

    def perform_update(self, serializer):
        answer, data = serializer.instance, serializer.validated_data
        with transaction.atomic():
            # The response first, then the answer: the order every writer of answers takes.
            hold_response(answer.response)
            hold_version(answer)
            if any(name in data for name in ANSWER_FIELDS):
                refuse_not_asked(answer.response, {answer.question: answer_change(data)})
                try:
                    lifecycle.save_answers(
                        answer.response, self.request.user, {answer.question: answer_change(data)}
                    )
                except lifecycle.TransitionError as error:
                    raise invalid_state(error) from None
        answer.refresh_from_db()

    @extend_schema(
        request=AnswerReviewSerializer,
        responses={200: AnswerSerializer},
        description="Accept an answer of a submitted response, or ask for it to be changed (the note says "
        "what). As the review buttons in the UI; 409 when the response is not submitted.",
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def review(self, request, pk=None):
        answer = self.get_object()
        self.check_precondition(answer)
        review = AnswerReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        with transaction.atomic():
            hold_response(answer.response)
            hold_version(answer)
            try:
                lifecycle.review_answer(
                    answer,
                    request.user,
                    review.validated_data["review_state"],
                    review.validated_data["reviewer_note"],
                )
            except lifecycle.TransitionError as error:
                raise invalid_state(error) from None
        answer.refresh_from_db()
        return ApiResponse(self.get_serializer(answer).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The evidence file."
            )
        },
        summary="Download the answer's evidence file (404 when it has none)",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={200: AnswerSerializer},
        summary="Attach an evidence file (checked as on the entry page); replaces the one before",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[ChangePermission],
        parser_classes=[MultiPartParser],
        content_negotiation_class=JsonErrorsNegotiation,
        pagination_class=None,
        filter_backends=[],
    )
    def attachment(self, request, pk=None):
        answer = self.get_object()
        if request.method == "GET":
            return evidence_download(answer)
        self.check_precondition(answer)
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            validate_attachment(file)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from None
        with transaction.atomic():
            hold_response(answer.response)
            hold_version(answer)
            try:
                lifecycle.save_answers(
                    answer.response, request.user, {answer.question: lifecycle.AnswerChange(attachment=file)}
                )
            except lifecycle.TransitionError as error:
                raise invalid_state(error) from None
        answer.refresh_from_db()
        return ApiResponse(self.get_serializer(answer).data)


def evidence_download(answer) -> FileResponse:
    """As the attachment page: always a download, never rendered by the browser."""
    if not answer.attachment:
        raise exceptions.NotFound("This answer has no attachment.")
    try:
        return stored_file(answer.attachment)
    except FileNotFoundError:
        raise exceptions.NotFound("The attachment file is missing.") from None


def refuse_not_asked(response, changes) -> None:
    """400 for an answer to a question whose condition does not hold (it is not asked)."""
    for question in lifecycle.not_asked(response, changes):
        raise exceptions.ValidationError(
            {
                "question": f"{question.code} is not asked: it is shown only when {question.shown_when}, "
                "which the response's answers do not satisfy."
            }
        )
