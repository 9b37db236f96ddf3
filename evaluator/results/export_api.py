"""An evaluation's results as a file through the API: the export of the results page, same bytes.

``?format=csv&table=ranking|contributions|criteria|inputs`` gives one table, ``?format=xlsx`` every
table on its own sheet (``evaluator/results/exports.py``, every cell formula-safe). A wrong format
or table is a 400 naming the parameter; an evaluation with no ranking yet a 409. Errors are JSON
like every API error: DRF's own ``?format=`` switch is not used on this endpoint.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation

from common.downloads import download
from common.rest.errors import Conflict, ErrorSerializer
from evaluator.responses.exporting import export_csv, export_xlsx
from evaluator.results.exports import FORMATS, TABLES, XLSX_TYPE, ExportRefused, export_file

XLSX = XLSX_TYPE
CSV = "text/csv"

PARAMETERS = [
    OpenApiParameter("format", str, enum=list(FORMATS), description="File format (default xlsx)."),
    OpenApiParameter(
        "table", str, enum=list(TABLES), description="For CSV: which table (default ranking); xlsx has all."
    ),
]
RESPONSES = {
    (200, CSV): OpenApiResponse(OpenApiTypes.BINARY, description="One table as UTF-8 CSV (with a BOM)."),
    (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Every table, one sheet each."),
    (409, "application/json"): OpenApiResponse(ErrorSerializer, description="No ranking yet: the reason."),
}


class JsonErrorsNegotiation(DefaultContentNegotiation):
    """Always JSON for the answers DRF renders (the errors): ``format`` names the file here."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def export_response(evaluation, params) -> HttpResponse:
    try:
        exported = export_file(evaluation, params.get("format", "xlsx"), params.get("table", "ranking"))
    except ExportRefused as refused:
        if refused.parameter:
            raise serializers.ValidationError({refused.parameter: refused.message}) from None
        raise Conflict(refused.message) from None
    return download(exported.content, exported.filename, exported.content_type)


# Answers files (a response's, or a version's blank one), as the response and questionnaire pages serve them.
ANSWERS_FORMATS = ("xlsx", "csv")
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
                (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=workbook),
                (200, "text/csv"): OpenApiResponse(
                    OpenApiTypes.BINARY, description="UTF-8 CSV (with a BOM)."
                ),
            },
            summary=summary,
        )(view)

    return decorate


def answers_file(response, questionnaire, params, filename) -> HttpResponse:
    """The answers file of ``response`` (None: the blank file of ``questionnaire``) in ``?format=``,
    named ``filename(fmt)``; an unknown format is a 400 naming the parameter."""
    fmt = params.get("format", "xlsx")
    if fmt not in ANSWERS_FORMATS:
        raise serializers.ValidationError(
            {"format": f"Unknown format {fmt!r}: use one of {', '.join(ANSWERS_FORMATS)}."}
        )
    if fmt == "csv":
        return download(export_csv(response, questionnaire), filename(fmt), "text/csv; charset=utf-8")
    vendor = response.vendor if response is not None else None
    return download(export_xlsx(response, questionnaire, vendor), filename(fmt), XLSX)
