"""The vendor scorecard: one printable page per candidate of an evaluation.

Its sections are the same for every user who may see them and are kept per state of the data
(common/page_cache.py): a warm scorecard costs session, user, the user's permissions, the
evaluation, the vendor and the data generation. A cold one (or one inside a transaction that
wrote) instead reads (fixed, whatever the number of candidates) the nine of ``selectors.scoring_inputs``, the vendor's standing signals
(its risk flags, ``engine.signal_flags``), the domain names, and the vendor's roadmap items and
re-baselines for the timeline; and three for the evidence whose vault documents lapsed
(``vendors.documents.selectors.lapsed_evidence``: assessments, documents, their capabilities).
"""

import pandas as pd
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from common import page_cache
from common.pages import PdfDownloadMixin
from engine import charts
from engine.scoring.metrics import current_maturity
from evaluator.access.mixins import EvaluationMixin
from evaluator.results import printing
from vendors.chart_selectors import roadmap_change_frame, roadmap_timeline_frame
from vendors.documents.selectors import lapsed_evidence
from vendors.models import CapabilityDomain, FundingKind, RoadmapStatus


def domain_profile(
    assessments: pd.DataFrame, today, vendor_id: int, domain_names: dict, current: pd.DataFrame | None = None
) -> pd.DataFrame:
    """domain, vendor, best: mean current maturity per domain for the vendor and the best candidate.

    ``current``: ``current_maturity(assessments, today)`` when the caller has it already.
    """
    current = current_maturity(assessments, today) if current is None else current
    if current.empty:
        return pd.DataFrame(columns=["domain", "vendor", "best"])
    means = current.groupby(["domain_id", "vendor_id"])["maturity"].mean().astype("float64")
    best = means.groupby(level="domain_id").max()
    mine = means.xs(vendor_id, level="vendor_id") if vendor_id in means.index.get_level_values(1) else None
    order = [pk for pk in domain_names if pk in best.index]
    return pd.DataFrame(
        {
            "domain": [domain_names[pk] for pk in order],
            "vendor": [mine.get(pk) if mine is not None else None for pk in order],
            "best": [best[pk] for pk in order],
        }
    ).astype({"vendor": "float64", "best": "float64"})


SECTIONS_TEMPLATE = "evaluator/evaluations/_scorecard_sections.html"


class VendorScorecardView(PdfDownloadMixin, EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/scorecard.html"

    def pdf_filename(self) -> str:
        return f"{self.kwargs['slug']} scorecard {self.evaluation.name}"

    def pdf_header(self, context):
        document = f"Scorecard of {context['vendor'].name}"
        return printing.pdf_header(self.evaluation, self.decision(), self.results().inputs.today, document)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = get_object_or_404(self.evaluation.candidates.all(), slug=self.kwargs["slug"])
        context["vendor"] = vendor
        context["sections"] = page_cache.sections(
            "scorecard", lambda: self.sections(context), str(self.evaluation.pk), str(vendor.pk)
        )
        return context

    def sections(self, context) -> str:
        """The scorecard's sections as HTML, rendered without a request: nothing of the user's."""
        return page_cache.render_section(SECTIONS_TEMPLATE, self.section_context(context))

    def section_context(self, context) -> dict:
        vendor = context["vendor"]
        results = self.score(context)
        # A decided evaluation shows this vendor's recorded rank and total beside today's.
        context["decided_row"] = next((r for r in results.decided if r.get("vendor_id") == vendor.pk), None)
        # Documented or verified grades whose documents are not in force on the as-of date.
        context["lapsed_evidence"] = lapsed_evidence(
            vendor.pk, results.inputs.today, capability_ids=list(results.inputs.required["capability_id"])
        )
        if not results.ranked:
            return context
        context.update(results.scorecard(vendor.pk))
        inputs, funding = results.inputs, results.funding_of(vendor.pk)

        domain_names = dict(CapabilityDomain.objects.values_list("pk", "name"))
        contracts = inputs.contracts[inputs.contracts["vendor_id"] == vendor.pk]
        context["charts"] = [
            charts.domain_radar(
                domain_profile(
                    inputs.assessments, inputs.today, vendor.pk, domain_names, results.current_maturity
                ),
                vendor.name,
            ),
            charts.roadmap_timeline(
                roadmap_timeline_frame(vendor.pk),
                roadmap_change_frame([vendor.pk]),
                contract_ends=[day.date() for day in contracts["end_date"].dropna()],
                today=inputs.today,
                status_labels=dict(RoadmapStatus.choices),
                horizon=inputs.horizon,
            ),
            charts.rd_and_funding(
                inputs.financials[inputs.financials["vendor_id"] == vendor.pk],
                funding,
                kind_labels=dict(FundingKind.choices),
            ),
        ]
        return context
