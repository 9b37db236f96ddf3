"""What to look at before proposing a decision, each with the page that fixes it.

``proposal_warnings`` is called by the propose page (shown before anyone types), the propose
endpoint (returned and stored) and the sign-off (the proposal keeps them, so the record says what
the approvers were told). Proposing anyway is allowed: a warning informs, it does not refuse.

The rules, in the order they are listed:
- ``disagreement``: a manual-score cell where evaluators differ by ``DISAGREEMENT_SPREAD`` (2) or more
  that the consensus step has not resolved (evaluator/stakeholders/consensus.py).
- ``missing_inputs``: a candidate with a criterion it has no value for (the missing-data rule scored it).
- ``inconsistent_pairwise``: pairwise weights with a consistency ratio above ``CR_WARNING`` (0.10).
- ``old_facts``: a candidate's newest capability assessment is older than ``FACT_MAX_AGE_DAYS``
  before the scoring date, or its newest financial year ends more than two years before it.
- ``responses_not_accepted``: a questionnaire response for this evaluation that is not accepted.
- ``fragile_winner``: moving one criterion's share of the weight by at most
  ``engine.mcda.FRAGILE_SHARE_CHANGE`` (5 points) puts another candidate first (the sensitivity
  findings' own ``fragile`` flag, as the dashboard's tornado marks it).
"""

import datetime
from dataclasses import asdict, dataclass

import pandas as pd
from django.urls import reverse

from engine.mcda import FRAGILE_SHARE_CHANGE
from engine.weighting import CR_WARNING
from evaluator.models import Response, ResponseStatus, WeightMode
from evaluator.results.presentation import active_criteria
from evaluator.results.service import Results
from evaluator.results.summaries import most_fragile
from evaluator.scoring_grid.rules import DISAGREEMENT_SPREAD
from evaluator.setup import services
from evaluator.stakeholders.consensus import unresolved_disagreements

FACT_MAX_AGE_DAYS = 548  # eighteen months
FINANCIAL_MAX_AGE_YEARS = 2


@dataclass(frozen=True)
class ProposalWarning:
    code: str
    message: str
    url: str

    def as_dict(self) -> dict:
        return asdict(self)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names))


def _disagreements(evaluation) -> list[ProposalWarning]:
    # The consensus step's own list: a cell resolved there (an agreed score) is no longer in it.
    open_cells = unresolved_disagreements(evaluation)
    if not open_cells:
        return []
    named = "; ".join(
        f"{cell['vendor_name']} on {cell['criterion_name']} ({cell['low']}–{cell['high']})"
        + (" left open" if cell["left"] else "")
        for cell in open_cells[:3]
    )
    more = f" and {len(open_cells) - 3} more" if len(open_cells) > 3 else ""
    return [
        ProposalWarning(
            "disagreement",
            f"{_count(len(open_cells), 'manual score cell', 'manual score cells')} where evaluators differ "
            f"by {DISAGREEMENT_SPREAD} points or more {'is' if len(open_cells) == 1 else 'are'} unresolved: "
            f"{named}{more}.",
            reverse("evaluator:consensus", args=[evaluation.pk]),
        )
    ]


def _missing_inputs(evaluation, results: Results) -> list[ProposalWarning]:
    table = results.table
    if not table.ranked or table.missing.empty:
        return []
    names = table.criteria["name"]
    vendor_names = table.vendors["name"]
    active = active_criteria(table)
    out = []
    for vendor_id, row in table.missing[active].iterrows():
        missing = [str(names.get(cid, cid)) for cid, is_missing in row.items() if bool(is_missing)]
        if missing:
            out.append(
                ProposalWarning(
                    "missing_inputs",
                    f"{vendor_names.get(vendor_id, vendor_id)} has no value for {_names(missing)}: "
                    "the missing-data rule scored it there.",
                    reverse("evaluator:results", args=[evaluation.pk]),
                )
            )
    return out


def _inconsistent_pairwise(evaluation) -> list[ProposalWarning]:
    if evaluation.weight_mode != WeightMode.PAIRWISE:
        return []
    try:
        _, checks = services.pairwise_weights(evaluation)
    except ValueError:
        return []
    bad = [check for check in checks if not check.acceptable]
    if not bad:
        return []
    ratios = ", ".join(f"{check.consistency_ratio:.2f}" for check in bad)
    return [
        ProposalWarning(
            "inconsistent_pairwise",
            f"{_count(len(bad), 'set', 'sets')} of pairwise judgements {'is' if len(bad) == 1 else 'are'} "
            f"inconsistent (consistency ratio {ratios}, "
            f"above {CR_WARNING:.2f}).",
            reverse("evaluator:pairwise", args=[evaluation.pk]),
        )
    ]


def _old_facts(results: Results) -> list[ProposalWarning]:
    inputs = results.inputs
    today = inputs.today
    oldest_assessment = today - datetime.timedelta(days=FACT_MAX_AGE_DAYS)
    out = []
    for vendor_id, name in inputs.candidates.set_index("vendor_id")["name"].items():
        reasons = []
        assessed = inputs.assessments.loc[inputs.assessments["vendor_id"] == vendor_id, "assessed_on"]
        newest = pd.to_datetime(assessed).max() if len(assessed) else None
        if newest is not None and not pd.isna(newest) and newest.date() < oldest_assessment:
            reasons.append(f"newest capability assessment {newest.date():%Y-%m-%d}")
        years = inputs.financials.loc[inputs.financials["vendor_id"] == vendor_id, "fiscal_year"]
        if len(years) and int(years.max()) < today.year - FINANCIAL_MAX_AGE_YEARS:
            reasons.append(f"newest financial year {int(years.max())}")
        if reasons:
            out.append(
                ProposalWarning(
                    "old_facts",
                    f"{name}: facts older than the evaluation allows ({'; '.join(reasons)}; scored as of "
                    f"{today:%Y-%m-%d}).",
                    reverse("vendors:detail", args=[results.slugs[vendor_id]])
                    if vendor_id in results.slugs
                    else "",
                )
            )
    return out


def _responses(evaluation) -> list[ProposalWarning]:
    pending = list(
        Response.objects.filter(evaluation=evaluation)
        .exclude(status__in=(ResponseStatus.ACCEPTED, ResponseStatus.LOCKED))
        .select_related("vendor")
        .order_by("vendor__name", "pk")
    )
    return [
        ProposalWarning(
            "responses_not_accepted",
            f"The questionnaire response of {response.vendor.name} is {response.get_status_display().lower()}, "
            "not accepted.",
            response.get_absolute_url(),
        )
        for response in pending
    ]


def _fragile_winner(evaluation, results: Results) -> list[ProposalWarning]:
    table = results.table
    if not table.ranked:
        return []
    fragile = [entry for entry in table.sensitivity if entry.fragile and entry.new_leader]
    if not fragile:
        return []
    entry = most_fragile(fragile)
    points = abs(entry.share_change) * 100
    return [
        ProposalWarning(
            "fragile_winner",
            f"The winner is fragile: {entry.new_leader} comes first if {entry.criterion} moves from "
            f"{entry.weight * 100:.1f} % to {entry.renormalised_weight * 100:.1f} % of the weight "
            f"({points:.1f} points; {_count(len(fragile), 'criterion', 'criteria')} can change the "
            f"winner with a move of {FRAGILE_SHARE_CHANGE * 100:.0f} points or less).",
            reverse("evaluator:dashboard", args=[evaluation.pk]),
        )
    ]


def proposal_warnings(evaluation, results: Results) -> list[ProposalWarning]:
    """Every warning for proposing ``evaluation`` now, in the order of the module docstring."""
    return [
        *_disagreements(evaluation),
        *_missing_inputs(evaluation, results),
        *_inconsistent_pairwise(evaluation),
        *_old_facts(results),
        *_responses(evaluation),
        *_fragile_winner(evaluation, results),
    ]
