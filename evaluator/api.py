"""The evaluation endpoint, composed from its features: set-up and history (setup/api.py), the
scoring grid (scoring_grid/grid_action.py), the results (results/api.py), the sign-off
(decisions/api.py) and the stakeholder groups (stakeholders/api.py)."""

from evaluator.decisions.api import SignoffActions
from evaluator.results.api import EvaluationResultsActions
from evaluator.scoring_grid.grid_action import ScoringGridActions
from evaluator.setup.api import EvaluationSetupViewSet
from evaluator.stakeholders.api import StakeholderActions


class EvaluationViewSet(
    SignoffActions, StakeholderActions, EvaluationResultsActions, ScoringGridActions, EvaluationSetupViewSet
):
    """Evaluations the caller owns or is a member of (administrators: all). Any other id is 404,
    so an evaluation's existence is not revealed to those who may not see it."""
