"""Blind scoring: evaluators rate "Vendor A, B, …" without knowing who is who.

The scoring grid and the manual-score API name candidates by their blind label. The
results would undo that: a ranking or scorecard by name, next to each criterion's
values, tells an evaluator which label is which vendor. So while a blind evaluation
is being scored (until it is proposed for sign-off, when scoring is over and the
approvers must read what they approve), its results (results page, dashboard, scorecards, head-to-head,
exports, and their API endpoints) are for its owner and administrators only.
"""

from evaluator.decisions.guard import is_frozen

HIDDEN_MESSAGE = (
    "Scoring is blind in this evaluation: its results stay with the owner until it is proposed for sign-off, "
    "so that nobody scoring can tell which candidate is which."
)


def results_hidden_from(evaluation, user) -> bool:
    if not evaluation.blind_scoring or is_frozen(evaluation):
        return False
    return not (user.is_superuser or evaluation.owner_id == user.pk)
