"""A decided evaluation's record: "what changed since the decision" and the snapshot itself.

Owner, members and administrators only (404 for others, as on every evaluation page); read-only
roles may view. Both pages are 404 for an evaluation that is not decided.

Queries of the "what changed" page (the same whatever the number of candidates): session, user,
the sign-in checks, the user's permissions (two), the evaluation, the snapshot, the nine of ``selectors.scoring_inputs``,
the four of ``snapshot.build_content`` (members, manual scores, two kinds of pairwise judgement),
the re-baselines since, the titles of changed roadmap items and the names of changed capabilities
(each only when there are any), the user's groups and unread notifications for the header; five
more each for scoring and snapshot when a criterion reads a questionnaire section.
"""

import json

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from evaluator.access.mixins import EvaluationMixin
from evaluator.decisions.canonical import digest
from evaluator.decisions.changes import compare
from evaluator.decisions.snapshot import build_content
from evaluator.decisions.verify import snapshot_problems
from evaluator.models import DecisionSnapshot


class DecisionMixin(EvaluationMixin):
    permission_required = "evaluator.view_evaluation"

    def stored_snapshot(self) -> DecisionSnapshot:
        snapshot = (
            DecisionSnapshot.objects.filter(evaluation=self.evaluation).select_related("decided_by").first()
        )
        if snapshot is None:
            raise Http404("This evaluation is not decided.")
        return snapshot


class DecisionChangesView(DecisionMixin, TemplateView):
    template_name = "evaluator/evaluations/decision_changes.html"

    def get_context_data(self, **kwargs):
        snapshot = self.stored_snapshot()
        self._decision = snapshot  # the banner's snapshot: no second query
        context = super().get_context_data(**kwargs)
        context["snapshot"] = snapshot
        problems = snapshot_problems(snapshot)
        context["problems"] = problems
        if problems:
            # A snapshot that fails verification is no longer the record; comparing it would mislead.
            return context
        decided = json.loads(snapshot.content)
        results = self.results()
        today = build_content(self.evaluation, results.inputs, results.outcome)
        context["comparison"] = compare(decided, today, snapshot.decided_at)
        context["decided_ranking"] = decided["results"]["ranking"]
        context["today_ranking"] = today["results"]["ranking"]
        context["today_problem"] = today["results"]["problem"]
        return context


class DecisionSnapshotView(DecisionMixin, View):
    """The stored canonical JSON, byte for byte, so anyone can recompute its SHA-256."""

    def get(self, request, *args, **kwargs):
        snapshot = self.stored_snapshot()
        response = HttpResponse(
            snapshot.content.encode("utf-8"), content_type="application/json; charset=utf-8"
        )
        stem = slugify(self.evaluation.name) or f"evaluation-{self.evaluation.pk}"
        response["Content-Disposition"] = f'attachment; filename="{stem}-decision.json"'
        # The hash of what is served (it differs from the recorded one only if the row was tampered with).
        response["X-Content-SHA256"] = digest(snapshot.content)
        return response
