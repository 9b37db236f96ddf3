"""Downloads of an evaluation's results: the ranking, contributions, criteria and inputs as CSV or .xlsx.

Same permission and queries as the results page (fixed: the evaluation and the nine of
``selectors.scoring_inputs``). A wrong ``format`` or ``table`` gets a 400 that says what is allowed.
The file is built by ``results_export.export_file``, which the API's export uses too.
"""

from django.http import HttpResponse
from django.views import View

from common.downloads import download
from evaluator.access.mixins import EvaluationMixin
from evaluator.results.exports import ExportRefused, export_file


def refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class EvaluationExportView(EvaluationMixin, View):
    shows_results = True
    permission_required = "evaluator.view_evaluation"

    def get(self, request, *args, **kwargs):
        try:
            exported = export_file(
                self.evaluation, request.GET.get("format", "xlsx"), request.GET.get("table", "ranking")
            )
        except ExportRefused as refused:
            return refusal(refused.message, refused.status)
        return download(exported.content, exported.filename, exported.content_type)
