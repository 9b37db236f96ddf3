"""An evaluation's results as a file through the API: the export of the results page, same bytes.

``?format=csv&table=ranking|contributions|criteria|inputs`` gives one table, ``?format=xlsx`` every
table on its own sheet (``evaluator/results/exports.py``, every cell formula-safe). A wrong format
or table is a 400 naming the parameter; an evaluation with no ranking yet a 409. Errors are JSON
like every API error: DRF's own ``?format=`` switch is not used on this endpoint.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from common.downloads import XLSX_TYPE, download
from common.rest.errors import Conflict, ErrorSerializer
from evaluator.results.exports import FORMATS, TABLES, ExportRefused, export_file

CSV = "text/csv"

PARAMETERS = [
    OpenApiParameter("format", str, enum=list(FORMATS), description="File format (default xlsx)."),
    OpenApiParameter(
        "table", str, enum=list(TABLES), description="For CSV: which table (default ranking); xlsx has all."
    ),
]
RESPONSES = {
    (200, CSV): OpenApiResponse(OpenApiTypes.BINARY, description="One table as UTF-8 CSV (with a BOM)."),
    (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Every table, one sheet each."),
    (409, "application/json"): OpenApiResponse(ErrorSerializer, description="No ranking yet: the reason."),
}


def export_response(evaluation, params) -> HttpResponse:
    try:
        exported = export_file(evaluation, params.get("format", "xlsx"), params.get("table", "ranking"))
    except ExportRefused as refused:
        if refused.parameter:
            raise serializers.ValidationError({refused.parameter: refused.message}) from None
        raise Conflict(refused.message) from None
    return download(exported.content, exported.filename, exported.content_type)
