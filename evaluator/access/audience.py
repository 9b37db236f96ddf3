"""The people of the evaluations a vendor is a candidate in: told about that vendor's alerts.

Registered with the vendor alerts (vendors/alerts/audience.py) by ``EvaluatorConfig.ready``;
decided evaluations count too: a slip of the chosen vendor matters most after the decision.
"""

from collections import defaultdict

from evaluator.models import Evaluation


def evaluation_people(vendor_ids: set[int]) -> dict[int, set[int]]:
    """Vendor id -> owner and member ids of every evaluation with it as a candidate (two queries)."""
    found: dict[int, set[int]] = defaultdict(set)
    evaluation_vendors: dict[int, set[int]] = defaultdict(set)
    candidacies = Evaluation.candidates.through.objects.filter(vendor__in=vendor_ids)
    for evaluation_id, vendor_id, owner_id in candidacies.values_list(
        "evaluation", "vendor", "evaluation__owner"
    ):
        evaluation_vendors[evaluation_id].add(vendor_id)
        found[vendor_id].add(owner_id)
    members = Evaluation.members.through.objects.filter(evaluation__in=list(evaluation_vendors))
    for evaluation_id, user_id in members.values_list("evaluation", "user"):
        for vendor_id in evaluation_vendors[evaluation_id]:
            found[vendor_id].add(user_id)
    return found
