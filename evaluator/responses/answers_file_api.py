"""An answers file through the API: the ``export/`` action of a response or a questionnaire version."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from common.downloads import XLSX_TYPE
from common.rest.negotiation import JsonErrorsNegotiation
from evaluator.responses.answers_file import ANSWERS_FORMATS, answers_download

ANSWERS_FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=list(ANSWERS_FORMATS), description="File format (default xlsx)."
)


def answers_file_endpoint(workbook: str, summary: str):
    """The ``export/`` action of a response or questionnaire version: schema and route in one."""

    def decorate(view):
        view = action(
            detail=True,
            pagination_class=None,
            filter_backends=[],
            content_negotiation_class=JsonErrorsNegotiation,
        )(view)
        return extend_schema(
            parameters=[ANSWERS_FORMAT_PARAMETER],
            responses={
                (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=workbook),
                (200, "text/csv"): OpenApiResponse(
                    OpenApiTypes.BINARY, description="UTF-8 CSV (with a BOM)."
                ),
            },
            summary=summary,
        )(view)

    return decorate


def answers_file(response, questionnaire, params) -> HttpResponse:
    """The answers file of ``response`` (None: the blank file of ``questionnaire``) in ``?format=``;
    an unknown format is a 400 naming the parameter."""
    fmt = params.get("format", "xlsx")
    if fmt not in ANSWERS_FORMATS:
        raise serializers.ValidationError(
            {"format": f"Unknown format {fmt!r}: use one of {', '.join(ANSWERS_FORMATS)}."}
        )
    return answers_download(response, questionnaire, fmt)
