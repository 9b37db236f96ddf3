"""The vendor scorecard: one printable page per candidate of an evaluation.

Queries (fixed, whatever the number of candidates): session, user, the user's permissions, the
evaluation, the vendor, the nine of ``selectors.scoring_inputs``, the domain names, and the
vendor's roadmap items and re-baselines for the timeline.
"""

import pandas as pd
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from common.pages import PdfDownloadMixin
from engine import charts
from engine.risk_flags import risk_flags
from engine.scoring.metrics import current_maturity
from evaluator.access.pages import EvaluationMixin
from evaluator.results.pages import FACTS, criterion_kind, display
from vendors.chart_selectors import roadmap_change_frame, roadmap_timeline_frame
from vendors.models import CapabilityDomain, FundingKind, RoadmapStatus

STRENGTHS_SHOWN = 3
# The scorecard's facts, grouped as the page shows them: (section, [FACTS column names]).
FACT_SECTIONS = [
    ("Delivery record", ["delivery_record", "items_due", "on_time_rate", "median_slip_days",
                         "rebaselines_per_item", "silent_drops"]),
    ("R&D", ["rd_intensity", "rd_trend", "rd_organic_share"]),
    ("Contract coverage of the roadmap", ["horizon_items", "contract_included_share", "cost_to_realise",
                                          "unpriced_items", "items_after_contract"]),
]  # fmt: skip


def domain_profile(assessments: pd.DataFrame, today, vendor_id: int, domain_names: dict) -> pd.DataFrame:
    """domain, vendor, best: mean current maturity per domain for the vendor and the best candidate."""
    current = current_maturity(assessments, today)
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


def contribution_rows(table, vendor_id: int) -> list[dict]:
    """The vendor's contribution per active criterion, largest first, with the value it rests on."""
    criteria = table.criteria
    rows = []
    for cid in criteria.index[~criteria["excluded"].astype(bool)]:
        kind = criterion_kind(criteria.loc[cid])
        rows.append(
            {
                "criterion": criteria.loc[cid, "name"],
                "weight": criteria.loc[cid, "effective_weight"],
                "contribution": float(table.contributions.loc[vendor_id, cid]),
                "value": display(table.raw.loc[vendor_id, cid], kind),
                "missing": bool(table.missing.loc[vendor_id, cid]),
            }
        )
    return sorted(rows, key=lambda row: (-row["contribution"], row["criterion"]))


class VendorScorecardView(PdfDownloadMixin, EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/scorecard.html"

    def pdf_filename(self) -> str:
        return f"{self.kwargs['slug']} scorecard {self.evaluation.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = get_object_or_404(self.evaluation.candidates.all(), slug=self.kwargs["slug"])
        context["vendor"] = vendor
        # A decided evaluation shows this vendor's recorded rank and total beside today's.
        context["decided_row"] = next(
            (r for r in self.decided_ranking() if r.get("vendor_id") == vendor.pk), None
        )
        inputs, result = self.score(context)
        table = result.table
        if not table.ranked:
            return context
        row = table.vendors.loc[vendor.pk]
        probabilities = table.rank_probabilities
        rank = int(row["rank"])
        context["headline"] = {
            "total": row["total"],
            "rank": rank,
            "tied": bool(row["tied"]),
            "field": len(table.vendors),
            "p_first": probabilities.loc[vendor.pk, 1] if probabilities is not None else None,
            "p_rank": probabilities.loc[vendor.pk, rank] if probabilities is not None else None,
        }
        contributions = contribution_rows(table, vendor.pk)
        shown = min(STRENGTHS_SHOWN, len(contributions) // 2 or 1)
        context["strengths"] = contributions[:shown]
        context["weaknesses"] = list(reversed(contributions[-shown:])) if len(contributions) > 1 else []

        facts = result.metrics.loc[vendor.pk]
        kinds = {column: (heading, kind) for column, heading, kind in FACTS}
        context["fact_sections"] = [
            (title, [(kinds[column][0], display(facts[column], kinds[column][1])) for column in columns])
            for title, columns in FACT_SECTIONS
        ]
        funding = inputs.funding[inputs.funding["vendor_id"] == vendor.pk]
        context["risk_flags"] = risk_flags(facts.to_dict(), funding)

        domain_names = dict(CapabilityDomain.objects.values_list("pk", "name"))
        contracts = inputs.contracts[inputs.contracts["vendor_id"] == vendor.pk]
        context["charts"] = [
            charts.domain_radar(
                domain_profile(inputs.assessments, inputs.today, vendor.pk, domain_names), vendor.name
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
