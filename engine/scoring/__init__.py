"""The scoring engine: vendor facts and answers in, a score table with contributions out.

Pure pandas, no Django import (``evaluator.results.selectors`` builds the inputs). ``metrics`` computes
the derived metrics per vendor and evaluation, ``table`` turns criterion values into a ranking
with contributions, sensitivity and rank probabilities. Every formula: docs/scoring.md §3.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pandas as pd

from .metrics import CONTRACT_COLUMNS, METRIC_KEYS, vendor_metrics
from .table import (
    CRITERIA_COLUMNS,
    RANK_DRAWS,
    RANK_SEED,
    TOPSIS,
    WEIGHTED_SUM,
    ScoreTable,
    Sensitivity,
    criterion_values,
    score_table,
)

__all__ = [
    "ALGORITHM_VERSION",
    "CONTRACT_COLUMNS",
    "CRITERIA_COLUMNS",
    "MANUAL_COLUMNS",
    "METRIC_KEYS",
    "RANK_DRAWS",
    "TOPSIS",
    "WEIGHTED_SUM",
    "EvaluationResult",
    "ScoreTable",
    "ScoringInputs",
    "Sensitivity",
    "criterion_values",
    "evaluate",
    "score_table",
    "vendor_metrics",
]

MANUAL_COLUMNS = ["criterion_id", "vendor_id", "evaluator_id", "score"]

# Stored in every decision snapshot. Bump it in the same commit as any change to what the scoring
# computes (a formula, a constant, the missing-value rule, the draws): a decision recorded under
# an older version was made with the old arithmetic, and its page says so (docs/scoring.md §6).
ALGORITHM_VERSION = "2026.12-1"


@dataclass
class ScoringInputs:
    """Every fact one evaluation is scored on, as plain DataFrames (see ``evaluator.results.selectors``).

    ``candidates``: vendor_id, name (in the evaluation's order). ``required``: capability_id,
    importance. ``criteria``: ``CRITERIA_COLUMNS`` (+ questionnaire_section_id). The vendor frames
    have the columns of ``vendors.selectors``; ``contracts`` has ``CONTRACT_COLUMNS``;
    ``manual`` has ``MANUAL_COLUMNS``; ``questionnaire`` has section_id, vendor_id, score.
    """

    candidates: pd.DataFrame
    required: pd.DataFrame
    criteria: pd.DataFrame
    assessments: pd.DataFrame
    roadmap: pd.DataFrame
    contracts: pd.DataFrame
    financials: pd.DataFrame
    funding: pd.DataFrame
    manual: pd.DataFrame
    today: datetime.date
    horizon: datetime.date
    method: str = WEIGHTED_SUM
    questionnaire: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["section_id", "vendor_id", "score"])
    )
    # Vendor signals and product families (engine.facts.signals); None: no criterion reads them.
    signals: pd.DataFrame | None = None
    product_families: pd.DataFrame | None = None


@dataclass
class EvaluationResult:
    metrics: pd.DataFrame
    table: ScoreTable


def evaluate(inputs: ScoringInputs, draws: int = RANK_DRAWS, seed: int = RANK_SEED) -> EvaluationResult:
    """Derived metrics, then criterion values, then the score table, for one evaluation."""
    vendor_ids = list(inputs.candidates["vendor_id"])
    metrics = vendor_metrics(
        vendor_ids=vendor_ids,
        required=inputs.required,
        assessments=inputs.assessments,
        roadmap=inputs.roadmap,
        contracts=inputs.contracts,
        financials=inputs.financials,
        funding=inputs.funding,
        today=inputs.today,
        horizon=inputs.horizon,
        signals=inputs.signals,
        product_families=inputs.product_families,
    )
    raw = criterion_values(inputs.criteria, metrics, inputs.manual, inputs.questionnaire)
    names = inputs.candidates.set_index("vendor_id")["name"]
    table = score_table(raw, inputs.criteria, names, inputs.method, draws=draws, seed=seed)
    return EvaluationResult(metrics, table)
