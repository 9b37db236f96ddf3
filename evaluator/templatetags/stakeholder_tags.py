"""``{% stakeholder_whatif %}``: the live what-if (evaluator/stakeholders/whatif.py) on any
evaluation page with one line. It reads the page's own results (``EvaluationMixin.results()``,
once per request), so it adds no query; ``{% stakeholder_whatif data %}`` takes ``whatif_data``
computed already (the dashboard keeps it with its cached sections)."""

from django import template

from evaluator.decisions.guard import is_frozen
from evaluator.stakeholders.whatif import whatif_data

register = template.Library()


@register.inclusion_tag("evaluator/stakeholders/_whatif.html", takes_context=True)
def stakeholder_whatif(context, data=None):
    evaluation = context["evaluation"]
    user = context["request"].user
    may_edit = (
        user.has_perm("evaluator.change_evaluation")
        and evaluation.is_governed_by(user)
        and not is_frozen(evaluation)
    )
    return {
        "evaluation": evaluation,
        "whatif": data if data is not None else whatif_data(context["view"].results()),
        "may_edit": may_edit,
        "csrf_token": context.get("csrf_token"),
    }
