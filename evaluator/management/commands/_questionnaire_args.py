"""Arguments shared by import_answers and export_answers."""

from django.core.management.base import CommandError

from evaluator.models import Questionnaire
from vendors.models import Vendor


def add_target_arguments(parser) -> None:
    parser.add_argument("--vendor", required=True, help="The vendor's slug, e.g. northwind-security")
    parser.add_argument("--questionnaire", required=True, type=int, help="The questionnaire version's id")


def resolve_target(options) -> tuple[Vendor, Questionnaire]:
    vendor = Vendor.objects.filter(slug=options["vendor"]).first()
    if vendor is None:
        raise CommandError(f"No vendor with the slug {options['vendor']!r}.")
    questionnaire = Questionnaire.objects.filter(pk=options["questionnaire"]).first()
    if questionnaire is None:
        raise CommandError(f"No questionnaire with the id {options['questionnaire']}.")
    return vendor, questionnaire
