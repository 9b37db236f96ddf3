"""An evaluation's results as a file through the API: the export of the results page, same bytes.

``?format=csv&table=ranking|contributions|criteria|inputs`` gives one table, ``?format=xlsx`` every
table on its own sheet (``evaluator/results_export.py``, every cell formula-safe). A wrong format
or table is a 400 naming the parameter; an evaluation with no ranking yet a 409. Errors are JSON
like every API error: DRF's own ``?format=`` switch is not used on this endpoint.
"""

from django.http import HttpResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation

from config.rest.errors import Conflict, ErrorSerializer

from . import selectors
from .results_cache import evaluate_cached
from .results_export import TABLES, result_tables, write_csv, write_xlsx

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(evaluation, params) -> HttpResponse:
    fmt = params.get("format", "xlsx")
    name = params.get("table", "ranking")
    if fmt not in FORMATS:
        raise serializers.ValidationError(
            {"format": f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}."}
        )
    if fmt == "csv" and name not in TABLES:
        raise serializers.ValidationError(
            {"table": f"Unknown table {name!r}: use one of {', '.join(TABLES)}."}
        )
    result = evaluate_cached(selectors.scoring_inputs(evaluation))
    if not result.table.ranked:
        raise Conflict(f"No ranking yet: {result.table.problem}")
    tables = result_tables(result.table, result.metrics)
    stem = slugify(evaluation.name) or f"evaluation-{evaluation.pk}"
    if fmt == "csv":
        chosen = next(t for t in tables if t.name == name)
        return _download(write_csv(chosen), f"{stem}-{name}.csv", f"{CSV}; charset=utf-8")
    return _download(write_xlsx(tables), f"{stem}-results.xlsx", XLSX)
