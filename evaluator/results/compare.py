"""Head-to-head: two to four candidates side by side, criterion by criterion, differences marked.

Queries (fixed, whatever the number of candidates): session, user, the user's permissions, the
evaluation and the nine of ``selectors.scoring_inputs``; the chosen vendors are looked up in the
candidates frame, not in the database.
"""

from django.views.generic import TemplateView

from evaluator.access.mixins import EvaluationMixin
from evaluator.results.presentation import criterion_kind, display

MIN_COMPARED, MAX_COMPARED = 2, 4
# Two contributions closer than this are a tie, not a difference worth highlighting.
SAME = 1e-9


def chosen_vendors(requested: list[str], candidates) -> tuple[list[int], str]:
    """The vendor ids for the requested slugs (in the order asked), or an explanation of what is wrong.

    ``candidates`` has vendor_id, name, slug. Duplicates are ignored; unknown slugs, fewer than two or
    more than four vendors give a message and no ids.
    """
    slugs = list(dict.fromkeys(slug for slug in requested if slug))
    by_slug = dict(zip(candidates["slug"], candidates["vendor_id"], strict=True))
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        return [], "Not a candidate of this evaluation: " + ", ".join(unknown) + "."
    if len(slugs) < MIN_COMPARED:
        return [], f"Choose at least {MIN_COMPARED} vendors to compare."
    if len(slugs) > MAX_COMPARED:
        return [], f"Choose at most {MAX_COMPARED} vendors; {len(slugs)} were chosen."
    return [int(by_slug[slug]) for slug in slugs], ""


def comparison_rows(table, vendor_ids: list[int], currencies=None) -> list[dict]:
    """One row per active criterion: each vendor's value and contribution, the best and the gaps to it.

    ``currencies``: vendor id → the currency its money values read in (``Results.currencies``).
    """
    currencies = currencies or {}
    criteria = table.criteria
    rows = []
    for cid in criteria.index[~criteria["excluded"].astype(bool)]:
        kind = criterion_kind(criteria.loc[cid])
        contributions = [float(table.contributions.loc[vid, cid]) for vid in vendor_ids]
        best, worst = max(contributions), min(contributions)
        differs = best - worst > SAME
        rows.append(
            {
                "criterion": criteria.loc[cid, "name"],
                "weight": criteria.loc[cid, "effective_weight"],
                "differs": differs,
                "spread": best - worst,
                "cells": [
                    {
                        "value": display(table.raw.loc[vid, cid], kind, currency=currencies.get(vid)),
                        "missing": bool(table.missing.loc[vid, cid]),
                        "contribution": contribution,
                        "best": differs and best - contribution <= SAME,
                        "gap": best - contribution,
                    }
                    for vid, contribution in zip(vendor_ids, contributions, strict=True)
                ],
            }
        )
    # The largest differences first: that is where the choice is made.
    return sorted(rows, key=lambda row: -row["spread"])


class EvaluationCompareView(EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/compare.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        # A wrong choice is the visitor's mistake: say so with 400, never a 500.
        return self.render_to_response(context, status=400 if context["problem"] else 200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = self.results()
        inputs = results.inputs
        requested = self.request.GET.getlist("vendor")
        context.update(
            candidates=inputs.candidates.to_dict("records"),
            requested=set(requested),
            min_compared=MIN_COMPARED,
            max_compared=MAX_COMPARED,
            problem="",
        )
        if not requested:
            return context
        vendor_ids, problem = chosen_vendors(requested, inputs.candidates)
        if problem:
            context["problem"] = problem
            return context
        table = self.score(context).table
        if not table.ranked:
            return context
        slugs = results.slugs
        context["compared"] = [
            {
                "name": table.vendors.loc[vid, "name"],
                "slug": slugs[vid],
                "total": table.vendors.loc[vid, "total"],
                "rank": int(table.vendors.loc[vid, "rank"]),
            }
            for vid in vendor_ids
        ]
        context["rows"] = comparison_rows(table, vendor_ids, results.currencies)
        return context
