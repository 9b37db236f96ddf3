from django.urls import path

from evaluator.decisions import pages as decisions
from evaluator.decisions import signoff_pages as signoff
from evaluator.history import pages as history
from evaluator.results import compare, dashboard, scorecard
from evaluator.results import export_pages as exports
from evaluator.results import pages as evaluations_results
from evaluator.scoring_grid import pages as evaluations_scoring
from evaluator.setup import pages as evaluations
from evaluator.setup import weights_pages as evaluations_weights
from evaluator.stakeholders.urls import urlpatterns as stakeholder_urls

app_name = "evaluator"

urlpatterns = [
    path("", evaluations.EvaluationListView.as_view(), name="list"),
    path("new/", evaluations.EvaluationCreateView.as_view(), name="create"),
    path("<int:pk>/", evaluations.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/history/", history.EvaluationHistoryView.as_view(), name="history"),
    path("<int:pk>/edit/", evaluations.EvaluationEditView.as_view(), name="edit"),
    path("<int:pk>/capabilities/", evaluations.RequiredCapabilitiesView.as_view(), name="capabilities"),
    path("<int:pk>/criteria/", evaluations.CriteriaView.as_view(), name="criteria"),
    path("<int:pk>/propose/", signoff.ProposeView.as_view(), name="propose"),
    path("<int:pk>/sign-off/", signoff.SignoffView.as_view(), name="signoff"),
    path("<int:pk>/memo/", signoff.MemoView.as_view(), name="memo"),
    path("<int:pk>/copy/", signoff.CopyView.as_view(), name="copy"),
    path("<int:pk>/decision/", decisions.DecisionChangesView.as_view(), name="decision_changes"),
    path(
        "<int:pk>/decision/snapshot.json", decisions.DecisionSnapshotView.as_view(), name="decision_snapshot"
    ),
    path("<int:pk>/weights/", evaluations_weights.PairwiseWeightsView.as_view(), name="pairwise"),
    path("<int:pk>/scores/", evaluations_scoring.ScoringGridView.as_view(), name="scoring"),
    path("<int:pk>/results/", evaluations_results.EvaluationResultsView.as_view(), name="results"),
    path("<int:pk>/dashboard/", dashboard.EvaluationDashboardView.as_view(), name="dashboard"),
    path(
        "<int:pk>/vendors/<slug:slug>/scorecard/",
        scorecard.VendorScorecardView.as_view(),
        name="scorecard",
    ),
    path("<int:pk>/export/", exports.EvaluationExportView.as_view(), name="export"),
    path("<int:pk>/compare/", compare.EvaluationCompareView.as_view(), name="compare"),
    *stakeholder_urls,
]
