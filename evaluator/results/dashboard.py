"""The selection dashboard: the ranking at a glance, in charts, for the people who decide.

Its sections (everything but the tabs and the what-if's form) are the same for every user who
may see them, and are kept per state of the data (common/page_cache.py): a warm dashboard
costs session, user, the user's permissions, the evaluation and the data generation. A cold
one (or one inside a transaction that wrote) reads the nine of ``selectors.scoring_inputs``
instead of the generation: a fixed number, whatever the number of candidates.
"""

import dataclasses

import pandas as pd
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from common import page_cache, shared_cache
from common.pages import PdfDownloadMixin
from engine import charts
from engine.scoring.table import TOPSIS
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import CriterionGroup
from evaluator.results import printing, summaries
from evaluator.results.cache import TIMEOUT_SECONDS
from evaluator.stakeholders.whatif import whatif_data

CHART_TEMPLATE = "partials/chart.html"
SECTIONS_TEMPLATE = "evaluator/evaluations/_dashboard_sections.html"
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
        context["sections"] = page_cache.sections(
            "dashboard", lambda: self.sections(context), str(self.evaluation.pk)
        )
        return context

    def sections(self, context) -> dict:
        """The page's sections as HTML, and the what-if's data (None: no what-if on this page)."""
        results = self.score(context)
        # A decided evaluation shows the recorded ranking beside today's (docs/scoring.md §6.3).
        context["decided_ranking"] = results.decided
        table = results.table
        whatif = None
        if table.ranked:
            context["ranking"] = results.podium
            context["recommendation"] = summaries.recommendation(table)
            context["chart_html"] = chart_fragments(self.evaluation, results)
            if table.method != TOPSIS:  # the what-if re-weights a weighted sum; TOPSIS is not one
                whatif = whatif_data(results)
        return {"body": page_cache.render_section(SECTIONS_TEMPLATE, context), "whatif": whatif}


def chart_fragments(evaluation, results) -> dict[str, str]:
    """The dashboard's charts as HTML (overview, position, sensitivity), cached by the results' digest.

    The charts read the scoring result alone (and the evaluation's id, for the capabilities link),
    so the same inputs digest the results cache uses (``Results.digest``) keys them, with the digest
    of the code and templates that draw them: another fact, weight or release is another key. The
    fragments hold no user's data, no CSRF token and no message; the page checked access before.
    """
    key = f"dashboard-charts:{page_cache.CODE_DIGEST}:{evaluation.pk}:{results.digest}"
    fragments = shared_cache.get(key)
    if not isinstance(fragments, dict):
        fragments = render_charts(evaluation, results)
        shared_cache.set(key, fragments, TIMEOUT_SECONDS)
    return {name: mark_safe(html) for name, html in fragments.items()}  # noqa: S308 - our own render


def render_charts(evaluation, results) -> dict[str, str]:
    table = results.table
    vendors = table.vendors.sort_values("position")
    metrics = results.metrics.join(table.vendors["name"])
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
    overview.append(charts.rank_probability_bars(table.rank_probabilities, vendors))
    position = [charts.positioning(metrics), charts.depth_vs_breadth(metrics)]
    capabilities = (reverse("evaluator:capabilities", args=[evaluation.pk]), "Capabilities page")
    position = [
        dataclasses.replace(chart, link=capabilities) if chart.summary == charts.NO_REQUIREMENTS else chart
        for chart in position
    ]
    sensitivity = charts.sensitivity_tornado(sensitivity_frame(table.sensitivity))
    template = get_template(CHART_TEMPLATE)
    return {
        "overview": "".join(template.render({"chart": chart}) for chart in overview),
        "position": "".join(template.render({"chart": chart}) for chart in position),
        "sensitivity": template.render({"chart": sensitivity}),
    }
