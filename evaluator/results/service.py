"""The one read path for an evaluation's results: inputs, cached scoring, the decision's record.

Pages (results, dashboard, scorecard, head-to-head, what changed, decide), exports, PDFs and the
API call ``evaluation_results`` instead of pairing the selectors with the scoring themselves.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from engine.scoring import RANK_DRAWS, EvaluationResult, ScoreTable, ScoringInputs, evaluate
from engine.scoring.metrics import current_maturity
from evaluator.decisions.recorded import recorded_ranking
from evaluator.models import Evaluation
from evaluator.results import presentation, selectors, wording
from evaluator.results.cache import evaluate_cached, result_key
from vendors.signals import selectors as signal_selectors


@dataclass
class Results:
    """What the scoring says about ``evaluation`` today, and what was decided (if it was)."""

    evaluation: Evaluation
    inputs: ScoringInputs
    cached: bool = True

    @cached_property
    def outcome(self) -> EvaluationResult:
        """The scoring, done on first use: a page that only lists the candidates never scores."""
        return evaluate_cached(self.inputs, key=self.digest) if self.cached else evaluate(self.inputs)

    @cached_property
    def digest(self) -> str:
        """The results cache's key for these inputs: what a page may key its own caches by."""
        return result_key(self.inputs, RANK_DRAWS)

    @property
    def table(self) -> ScoreTable:
        return self.outcome.table

    @property
    def metrics(self):
        return self.outcome.metrics

    @property
    def slugs(self):
        """Vendor id → slug, for links to scorecards."""
        return self.inputs.candidates.set_index("vendor_id")["slug"]

    @property
    def ranked(self) -> bool:
        return self.outcome.table.ranked

    @cached_property
    def currencies(self) -> dict[int, str]:
        """Vendor id → the currency its money facts read in (its latest contract's)."""
        return presentation.vendor_currencies(self.inputs.contracts)

    @cached_property
    def decided(self) -> list[dict]:
        """The ranking as recorded in the decision snapshot; empty until decided (one query, once)."""
        return recorded_ranking(self.evaluation)

    @cached_property
    def podium(self) -> list[dict]:
        """The ranking rows without their contributions (presentation.podium_rows); empty when unranked."""
        return presentation.podium_rows(self.table, self.slugs) if self.ranked else []

    @cached_property
    def ranking(self) -> list[dict]:
        """The ranking rows every surface shows (presentation.ranking_rows); empty when unranked."""
        return presentation.ranking_rows(self.table, self.slugs, self.currencies) if self.ranked else []

    @cached_property
    def current_maturity(self) -> pd.DataFrame:
        """Each candidate's latest assessment per capability as of ``today`` (read, never changed)."""
        return current_maturity(self.inputs.assessments, self.inputs.today)

    def funding_of(self, vendor_id: int) -> pd.DataFrame:
        """The vendor's funding events (the risk flags name a deal before a fall in R&D)."""
        return self.inputs.funding[self.inputs.funding["vendor_id"] == vendor_id]

    def scorecard(self, vendor_id: int) -> dict:
        """One ranked candidate's headline, strengths and weaknesses, facts and risk flags.

        The vendor's standing signals raise flags of their own (one query).
        """
        return presentation.scorecard(
            self.table,
            self.metrics,
            self.funding_of(vendor_id),
            vendor_id,
            signals=signal_selectors.signal_facts(vendor_id),
            today=self.inputs.today,
            capabilities=wording.required_capabilities(
                self.inputs.assessments,
                self.inputs.required,
                self.inputs.today,
                vendor_id,
                self.current_maturity,
            ),
            currency=self.currencies.get(vendor_id),
        )


def evaluation_results(
    evaluation: Evaluation, today: datetime.date | None = None, *, cached: bool = True
) -> Results:
    """``evaluation``'s results: the inputs (nine queries, fourteen with questionnaire criteria)
    and the scoring, computed once per distinct inputs (results/cache.py).

    ``cached=False`` scores afresh: deciding records what the code computes now, not a cached copy.
    """
    return Results(evaluation, selectors.scoring_inputs(evaluation, today), cached)
