"""python manage.py export_answers --vendor SLUG --questionnaire ID --format xlsx|csv -o FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand

from evaluator.management.commands._questionnaire_args import (
    add_target_arguments,
    resolve_evaluation,
    resolve_target,
)
from evaluator.models import Response
from evaluator.responses.exporting import export_csv, export_xlsx


class Command(BaseCommand):
    help = (
        "Write a vendor's answers (or the blank questionnaire if none yet) as the same file the page offers."
    )

    def add_arguments(self, parser):
        add_target_arguments(parser)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="Where to write the file")

    def handle(self, *args, **options):
        vendor, questionnaire = resolve_target(options)
        evaluation = resolve_evaluation(options, vendor)
        response = Response.objects.filter(
            vendor=vendor, questionnaire=questionnaire, evaluation=evaluation
        ).first()
        if options["format"] == "csv":
            data = export_csv(response, questionnaire)
        else:
            data = export_xlsx(response, questionnaire, vendor)
        Path(options["output"]).write_bytes(data)
        state = response.get_status_display().lower() if response else "blank, not issued yet"
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']} ({len(data):,} bytes, {state})."))
