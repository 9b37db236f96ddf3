"""Arguments shared by import_answers and export_answers."""

from django.core.management.base import CommandError

from evaluator.models import Evaluation, Questionnaire
from vendors.models import Vendor


def add_target_arguments(parser) -> None:
    parser.add_argument("--vendor", required=True, help="The vendor's slug, e.g. northwind-security")
    parser.add_argument("--questionnaire", required=True, type=int, help="The questionnaire version's id")
    parser.add_argument(
        "--evaluation", type=int, help="The evaluation's id, for the vendor's response within that selection"
    )


def resolve_evaluation(options, vendor: Vendor) -> Evaluation | None:
    """The evaluation named by --evaluation (None without it); the vendor must be a candidate."""
    if options.get("evaluation") is None:
        return None
    evaluation = Evaluation.objects.filter(pk=options["evaluation"]).first()
    if evaluation is None:
        raise CommandError(f"No evaluation with the id {options['evaluation']}.")
    if not evaluation.candidates.filter(pk=vendor.pk).exists():
        raise CommandError(f"{vendor} is not a candidate in {evaluation}.")
    return evaluation


def resolve_target(options) -> tuple[Vendor, Questionnaire]:
    vendor = Vendor.objects.filter(slug=options["vendor"]).first()
    if vendor is None:
        raise CommandError(f"No vendor with the slug {options['vendor']!r}.")
    questionnaire = Questionnaire.objects.filter(pk=options["questionnaire"]).first()
    if questionnaire is None:
        raise CommandError(f"No questionnaire with the id {options['questionnaire']}.")
    return vendor, questionnaire
