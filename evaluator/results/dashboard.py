"""The selection dashboard: the ranking at a glance, in charts, for the people who decide.

Same queries as the results page (fixed, whatever the number of candidates): session, user,
the user's permissions, the evaluation, then the nine of ``selectors.scoring_inputs``.
"""

import dataclasses

import pandas as pd
from django.urls import reverse
from django.views.generic import TemplateView

from common.pages import PdfDownloadMixin
from engine import charts
from engine.scoring.table import TOPSIS
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import CriterionGroup
from evaluator.results import printing, summaries

SENSITIVITY_COLUMNS = ["criterion", "weight", "change", "relative_change", "new_leader"]


def sensitivity_frame(findings) -> pd.DataFrame:
    """``ScoreTable.sensitivity`` (a list of dataclasses) as the frame the tornado chart takes."""
    return pd.DataFrame(
        [[getattr(finding, column) for column in SENSITIVITY_COLUMNS] for finding in findings],
        columns=SENSITIVITY_COLUMNS,
    ).astype({"weight": "float64", "change": "float64", "relative_change": "float64"})


class EvaluationDashboardView(PdfDownloadMixin, EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/dashboard.html"

    extra_context = {"pdf_download": True}

    def pdf_filename(self) -> str:
        return f"{self.evaluation.name} dashboard"

    def pdf_header(self, context):
        return printing.pdf_header(self.evaluation, self.decision(), self.results().inputs.today, "Dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = self.score(context)
        # A decided evaluation shows the recorded ranking beside today's (docs/scoring.md §6.3).
        context["decided_ranking"] = results.decided
        table = results.table
        if not table.ranked:
            return context
        vendors = table.vendors.sort_values("position")
        metrics = results.metrics.join(table.vendors["name"])
        probabilities = table.rank_probabilities
        context["ranking"] = results.ranking
        context["recommendation"] = summaries.recommendation(table)
        active = table.criteria[~table.criteria["excluded"].astype(bool)]
        overview = []
        if table.method != TOPSIS:  # TOPSIS values do not add up to the total
            overview.append(
                charts.contributions_by_group(
                    vendors,
                    table.contributions[list(active.index)],
                    active,
                    group_labels=dict(CriterionGroup.choices),
                    missing=table.missing[list(active.index)],
                )
            )
        overview.append(charts.rank_probability_bars(probabilities, vendors))
        context["overview_charts"] = overview
        position = [charts.positioning(metrics), charts.depth_vs_breadth(metrics)]
        capabilities = (reverse("evaluator:capabilities", args=[self.evaluation.pk]), "Capabilities page")
        context["position_charts"] = [
            dataclasses.replace(chart, link=capabilities)
            if chart.summary == charts.NO_REQUIREMENTS
            else chart
            for chart in position
        ]
        context["sensitivity_chart"] = charts.sensitivity_tornado(sensitivity_frame(table.sensitivity))
        return context
