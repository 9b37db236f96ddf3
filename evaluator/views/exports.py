"""Downloads of an evaluation's results: the ranking, contributions, criteria and inputs as CSV or .xlsx.

Same permission and queries as the results page (fixed: the evaluation and the nine of
``selectors.scoring_inputs``). A wrong ``format`` or ``table`` gets a 400 that says what is allowed.
"""

from django.http import HttpResponse
from django.utils.text import slugify
from django.views import View

from .. import selectors
from ..results_cache import evaluate_cached
from ..results_export import TABLES, result_tables, write_csv, write_xlsx
from .evaluations_access import EvaluationMixin
from .questionnaires_build import XLSX, download

FORMATS = ("csv", "xlsx")


def refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class EvaluationExportView(EvaluationMixin, View):
    permission_required = "evaluator.view_evaluation"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        name = request.GET.get("table", "ranking")
        if fmt not in FORMATS:
            return refusal(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.", 400)
        if fmt == "csv" and name not in TABLES:
            return refusal(f"Unknown table {name!r}: use one of {', '.join(TABLES)}.", 400)
        table_result = evaluate_cached(selectors.scoring_inputs(self.evaluation))
        if not table_result.table.ranked:
            return refusal(f"No ranking yet: {table_result.table.problem}", 409)
        tables = result_tables(table_result.table, table_result.metrics)
        stem = slugify(self.evaluation.name) or f"evaluation-{self.evaluation.pk}"
        if fmt == "csv":
            chosen = next(t for t in tables if t.name == name)
            return download(write_csv(chosen), f"{stem}-{name}.csv", "text/csv; charset=utf-8")
        return download(write_xlsx(tables), f"{stem}-results.xlsx", XLSX)
