"""The score table: criteria values in, ranking with per-criterion contributions out.

Pure pandas over ``engine.mcda``. The rules (docs/scoring.md section 3):

* Missing value: a candidate without a value for a criterion gets the worst value observed among
  the candidates (the minimum of a benefit, the maximum of a cost), and the cell is flagged
  ``missing``. Not knowing never earns more than the weakest known answer, and never a made-up
  zero. A criterion that no candidate has a value for is excluded for everyone and its weight
  shared out proportionally among the others.
* Weighted sum (default): min-max normalisation per criterion, contribution = normalised value ×
  normalised weight; a candidate's contributions add up to its total.
* TOPSIS: closeness coefficient; the per-criterion values shown are the weighted, vector-
  normalised values, which do not add up (TOPSIS is not additive).
* Ties: totals within 1e-9 share a rank and are listed alphabetically.
* Sensitivity and rank probabilities are computed on the weighted-sum model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from engine import mcda
from engine.mcda.checks import FloatArray

WEIGHTED_SUM = "weighted_sum"
TOPSIS = "topsis"
TIE_TOLERANCE = 1e-9
RANK_DRAWS = 10_000
RANK_SEED = 2026
CRITERIA_COLUMNS = ["criterion_id", "name", "group", "direction", "source", "metric", "weight"]


@dataclass(frozen=True)
class Sensitivity:
    """One criterion's critical weight change (Triantaphyllou & Sánchez 1997) as data and a sentence."""

    criterion_id: int
    criterion: str
    weight: float
    change: float | None
    relative_change: float | None
    new_leader: str | None
    sentence: str

    @property
    def renormalised_weight(self) -> float | None:
        """The criterion's share of all weight at the critical point: (w + δ) / (1 + δ)."""
        return mcda.critical_share(self.weight, self.change)

    @property
    def share_change(self) -> float | None:
        """How far the criterion's share of all weight moves to that point (signed, on the 0–1 scale)."""
        return mcda.share_change(self.weight, self.change)

    @property
    def fragile(self) -> bool:
        """Whether a move of its share by at most ``mcda.FRAGILE_SHARE_CHANGE`` changes the winner."""
        return mcda.is_fragile(self.weight, self.change)


@dataclass
class ScoreTable:
    """Everything the results page and API show; frames are indexed by vendor_id / criterion_id.

    ``vendors``: name, total, rank, tied, position (display order). ``criteria``: the criteria
    frame plus ``excluded`` and ``effective_weight`` (sums to 1 over included criteria).
    ``raw``/``missing``/``filled``/``normalised``/``contributions``: vendor × criterion.
    """

    method: str
    vendors: pd.DataFrame
    criteria: pd.DataFrame
    raw: pd.DataFrame
    missing: pd.DataFrame
    filled: pd.DataFrame
    normalised: pd.DataFrame
    contributions: pd.DataFrame
    sensitivity: list[Sensitivity] = field(default_factory=list)
    rank_probabilities: pd.DataFrame | None = None
    problem: str = ""

    @property
    def ranked(self) -> bool:
        return not self.problem


def criterion_values(
    criteria: pd.DataFrame,
    metrics: pd.DataFrame,
    manual: pd.DataFrame,
    questionnaire: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Raw value of every criterion for every candidate (vendor × criterion, NaN = missing).

    Metric and cost-figure criteria read ``metrics[metric]``; manual criteria the mean of the
    evaluators' 0–5 scores (``manual``: criterion_id, vendor_id, evaluator_id, score);
    questionnaire criteria ``questionnaire`` (section_id, vendor_id, score) by section.
    """
    vendor_ids = metrics.index
    columns = {}
    # The evaluators' mean per criterion as one vendor × criterion table, reindexed once: a .loc,
    # reindex and astype per criterion cost most of this function with 50 manual criteria.
    manual_means = (
        manual.groupby(["criterion_id", "vendor_id"])["score"]
        .mean()
        .unstack("criterion_id")
        .reindex(vendor_ids)
        .astype("float64")
        if not manual.empty
        else pd.DataFrame(index=vendor_ids, dtype="float64")
    )
    manual_ids = set(manual_means.columns)
    section_scores = (
        questionnaire.set_index(["section_id", "vendor_id"])["score"]
        if questionnaire is not None and not questionnaire.empty
        else pd.Series(dtype="float64")
    )
    for row in criteria.itertuples(index=False):
        if row.source in ("metric", "cost_figure") and row.metric in metrics.columns:
            values = metrics[row.metric]
        elif row.source == "manual" and row.criterion_id in manual_ids:
            columns[row.criterion_id] = manual_means[row.criterion_id]  # already in vendor order, float
            continue
        elif (
            row.source == "questionnaire_section"
            and getattr(row, "questionnaire_section_id", None) is not None
            and row.questionnaire_section_id in section_scores.index.get_level_values(0)
        ):
            values = section_scores.loc[row.questionnaire_section_id]  # type: ignore[index]
        else:
            values = pd.Series(dtype="float64")
        columns[row.criterion_id] = values.reindex(vendor_ids).astype("float64")
    if vendor_ids.is_unique:
        # Every column is a float Series in vendor_ids' order already: handed over as arrays, which
        # the constructor takes as they are instead of aligning each Series (same frame, same
        # column index as from the Series).
        raw = pd.DataFrame(
            {key: column.to_numpy(dtype="float64") for key, column in columns.items()}, index=vendor_ids
        )
    else:
        raw = pd.DataFrame(columns, index=vendor_ids)
    raw.columns.name = "criterion_id"
    return raw


def _fill_missing(raw: pd.DataFrame, benefit: pd.Series) -> pd.DataFrame:
    values = raw.to_numpy(dtype="float64")
    missing = np.isnan(values)
    if not missing.any():
        return raw.astype("float64")
    # Every column here has at least one value (all-missing criteria are excluded before).
    worst = np.where(benefit.to_numpy(dtype=bool), np.nanmin(values, axis=0), np.nanmax(values, axis=0))
    return pd.DataFrame(np.where(missing, worst, values), index=raw.index, columns=raw.columns)


def _topsis_input(filled: pd.DataFrame) -> pd.DataFrame:
    # Vector normalisation needs non-negative values: a criterion that can be negative (an R&D
    # trend) is shifted so that its lowest value is 0.
    low = filled.min()
    return filled - low.where(low < 0, 0.0)


def score_table(
    raw: pd.DataFrame,
    criteria: pd.DataFrame,
    names: pd.Series,
    method: str = WEIGHTED_SUM,
    draws: int = RANK_DRAWS,
    seed: int = RANK_SEED,
) -> ScoreTable:
    """Rank the candidates from their raw criterion values (see the module docstring for the rules).

    ``raw`` is vendor × criterion (from :func:`criterion_values`), ``criteria`` has
    ``CRITERIA_COLUMNS`` and ``names`` maps vendor_id to the name shown. ``draws`` weight draws
    (seeded) give the rank probabilities; 0 skips them.
    """
    criteria = criteria.set_index("criterion_id", drop=False).reindex(raw.columns)
    benefit = criteria["direction"].ne("cost")
    excluded = raw.isna().all()
    criteria = criteria.assign(excluded=excluded, weight=criteria["weight"].astype("float64"))
    active = criteria.index[~excluded]
    names = names.reindex(raw.index)
    vendors = pd.DataFrame({"name": names, "total": np.nan, "rank": 0, "tied": False, "position": 0})

    problem = _unrankable(raw, criteria, active)
    if problem:
        empty = pd.DataFrame(index=raw.index, columns=active, dtype="float64")
        unweighted = criteria.assign(effective_weight=0.0)
        return ScoreTable(method, vendors, unweighted, raw, raw.isna(), empty, empty, empty, problem=problem)

    weights = criteria.loc[active, "weight"] / criteria.loc[active, "weight"].sum()
    criteria["effective_weight"] = weights.reindex(criteria.index).fillna(0.0)
    is_benefit = benefit.loc[active].to_numpy(dtype=bool)
    filled = _fill_missing(raw[active], benefit.loc[active])
    # + 0.0 turns the -0.0 of a cost criterion's best-is-worst cell into 0.0 for display.
    normalised = pd.DataFrame(
        mcda.min_max_normalise(filled.to_numpy(), is_benefit) + 0.0, index=raw.index, columns=active
    )
    w = weights.to_numpy()
    totals, contributions = _scores(method, filled, normalised, w, is_benefit)
    _place(vendors, totals, names)
    return ScoreTable(
        method,
        vendors,
        criteria,
        raw,
        raw.isna() & ~excluded,
        filled,
        normalised,
        contributions,
        sensitivity=sensitivity(normalised, criteria.loc[active], names),
        rank_probabilities=_rank_probabilities(normalised, w, draws, seed),
    )


def _unrankable(raw: pd.DataFrame, criteria: pd.DataFrame, active: pd.Index) -> str:
    """Why the candidates cannot be ranked, or "" when they can."""
    if raw.empty or len(raw.index) == 0:
        return "The evaluation has no candidates."
    if len(active) == 0:
        return "No criterion has a value for any candidate."
    if not (criteria.loc[active, "weight"] > 0).any():
        return "Every criterion with data has weight 0."
    return ""


def _scores(
    method: str,
    filled: pd.DataFrame,
    normalised: pd.DataFrame,
    weights: FloatArray,
    is_benefit: npt.NDArray[np.bool_],
) -> tuple[FloatArray, pd.DataFrame]:
    """Each vendor's total and its per-criterion contributions (vendor × criterion) under ``method``."""
    if method == TOPSIS:
        totals, weighted = _topsis_scores(filled, weights, is_benefit)
        return totals, pd.DataFrame(weighted, index=normalised.index, columns=normalised.columns)
    contributions = normalised * weights
    # The total is the sum of the contributions by construction.
    return contributions.sum(axis=1).to_numpy(), contributions


def _topsis_scores(
    filled: pd.DataFrame, weights: FloatArray, is_benefit: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """TOPSIS closeness per vendor, and the weighted vector-normalised values shown per criterion."""
    shifted = _topsis_input(filled).to_numpy()
    totals = mcda.topsis(shifted, weights, is_benefit)
    norms = np.sqrt((shifted**2).sum(axis=0))
    vector = np.divide(shifted, norms, out=np.zeros_like(shifted), where=norms > 0)
    return totals, vector * weights


def _rank_probabilities(
    normalised: pd.DataFrame, weights: FloatArray, draws: int, seed: int
) -> pd.DataFrame | None:
    """Vendor × rank (1..n) chance under ``draws`` seeded weight draws; None when ``draws`` is 0."""
    if not draws:
        return None
    probabilities = mcda.rank_probabilities(normalised.to_numpy(), weights, draws=draws, seed=seed)
    return pd.DataFrame(probabilities, index=normalised.index, columns=range(1, len(normalised.index) + 1))


def _place(vendors: pd.DataFrame, totals: FloatArray, names: pd.Series) -> None:
    """Write each vendor's total, rank, tie and display position into ``vendors``."""
    ranks = mcda.rank_with_ties(totals, TIE_TOLERANCE)
    order = mcda.rank_order(totals, TIE_TOLERANCE, names=list(names))
    vendors["total"] = totals
    vendors["rank"] = ranks
    vendors["tied"] = np.bincount(ranks)[ranks] > 1
    position = np.empty(len(order), dtype=int)
    position[order] = np.arange(len(order))
    vendors["position"] = position


def score_stack(
    stack: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int_]]:
    """Weighted-sum scoring of an evaluators × vendors × criteria array of complete ratings.

    The consensus rating of a vendor on a criterion is the mean over evaluators (as for manual
    criteria in :func:`criterion_values`); returns (contributions, totals, ranks). The numeric
    core of :func:`score_table`, without the pandas bookkeeping; ``tests/perf/bench_scoring.py``
    times it.
    """
    consensus = np.asarray(stack, dtype="float64").mean(axis=0)
    contributions = mcda.weighted_contributions(consensus, weights, np.asarray(benefit, dtype=bool))
    totals = contributions.sum(axis=1)
    return contributions, totals, mcda.rank_with_ties(totals, TIE_TOLERANCE)


def sensitivity(normalised: pd.DataFrame, criteria: pd.DataFrame, names: pd.Series) -> list[Sensitivity]:
    """The smallest change of each criterion's weight that changes the leader, with a sentence.

    ``criteria`` must hold the included criteria in the columns' order with ``effective_weight``.
    """
    performance = normalised.to_numpy()
    weights = criteria["effective_weight"].to_numpy()
    entries = mcda.weight_sensitivity(performance, weights)
    labels = list(names)
    leader = int(np.argmax(performance @ (weights / weights.sum())))
    findings = []
    rows = zip(criteria.index, criteria["name"], criteria["effective_weight"], entries, strict=True)
    for criterion_id, name, weight, entry in rows:
        new_leader = labels[entry.new_leader] if entry.new_leader is not None else None
        findings.append(
            Sensitivity(
                criterion_id=int(criterion_id),
                criterion=name,
                weight=float(weight),
                change=entry.change,
                relative_change=entry.relative_change,
                new_leader=new_leader,
                sentence=mcda.describe_sensitivity(entry, name, float(weight), labels[leader], new_leader),
            )
        )
    # The most fragile weights first: the smallest move of the share of all weight, criteria
    # that cannot change the winner last.
    findings.sort(key=lambda f: (f.share_change is None, abs(f.share_change or 0.0), f.criterion))
    return findings
