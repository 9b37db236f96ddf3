"""History endpoints that need the evaluator's rules on top of common/rest/history.py."""

from common.history import history_entries
from common.rest.history import HistoryActionMixin
from evaluator.scoring_grid.rules import grid_labels


def candidate_names(evaluation) -> dict[int, str]:
    """Vendor id → the name the scoring grid gives it (a blind evaluation's "Vendor A", …)."""
    candidates = list(evaluation.candidates.values_list("pk", "name"))
    return grid_labels(evaluation.blind_secret, evaluation.blind_scoring, candidates)


class ManualScoreHistoryMixin(HistoryActionMixin):
    """A score's candidate reads as on the grid: a blind evaluation's history names no vendor."""

    def history_of(self, score):
        return history_entries(score, shown_as={"vendor": candidate_names(score.criterion.evaluation)})
