"""The results page: ranking, each vendor's contributions, the facts behind them, sensitivity.

Queries (fixed, whatever the number of candidates): session, user, the user's permissions,
the evaluation, the nine of ``selectors.scoring_inputs`` and one for the evaluators' manual scores.
"""

from django.views.generic import TemplateView

from evaluator.access.mixins import EvaluationMixin
from evaluator.models import ManualScore
from evaluator.results import presentation, summaries
from evaluator.scoring_grid.rules import DISAGREEMENT_SPREAD


class EvaluationResultsView(EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = self.score(context)
        # A decided evaluation shows the recorded ranking beside today's (docs/scoring.md §6.3).
        context["decided_ranking"] = results.decided
        table = results.table
        if not table.ranked:
            return context
        context.update(
            criteria=presentation.criterion_rows(table),
            active_criteria=[table.criteria.loc[cid, "name"] for cid in presentation.active_criteria(table)],
            ranking=results.ranking,
            contribution_groups=summaries.grouped_contributions(table, results.ranking),
            facts_headings=[heading for _, heading, _ in presentation.FACTS],
            facts=presentation.fact_rows(table, results.metrics, results.currencies),
            rank_probabilities=presentation.rank_probability_rows(table),
            sensitivity=presentation.sensitivity_rows(table),
            manual_rows=manual_score_rows(self.evaluation),
            disagreement_spread=DISAGREEMENT_SPREAD,
        )
        if table.rank_probabilities is not None:
            context["rank_columns"] = list(table.rank_probabilities.columns)
        today = ("ranking", "contributions", "criteria", "inputs")
        context["export_tables"] = ("decided", *today) if results.decided else today
        return context


def manual_score_rows(evaluation) -> list[dict]:
    """Every evaluator's manual scores and rationales per vendor × criterion, with the spread (one query)."""
    scores = (
        ManualScore.objects.filter(criterion__evaluation=evaluation)
        .select_related("evaluator", "vendor", "criterion")
        .order_by("criterion__position", "criterion_id", "vendor__name", "evaluator__username")
    )
    rows: dict[tuple[int, int], dict] = {}
    for score in scores:
        row = rows.setdefault(
            (score.criterion_id, score.vendor_id),
            {"criterion": score.criterion.name, "vendor": score.vendor.name, "scores": []},
        )
        name = score.evaluator.get_full_name() or score.evaluator.get_username()
        row["scores"].append({"evaluator": name, "score": score.score, "rationale": score.rationale})
    for row in rows.values():
        values = [entry["score"] for entry in row["scores"]]
        row["mean"] = sum(values) / len(values)
        row["spread"] = max(values) - min(values)
        row["flagged"] = row["spread"] >= DISAGREEMENT_SPREAD
    return list(rows.values())
