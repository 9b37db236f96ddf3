"""python manage.py import_answers FILE --vendor SLUG --questionnaire ID"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evaluator.management.commands._questionnaire_args import (
    add_target_arguments,
    resolve_evaluation,
    resolve_target,
)
from evaluator.responses.importing import import_answers, report_csv


class Command(BaseCommand):
    help = (
        "Import a filled answers file (.xlsx or .csv) into a vendor's response. All or nothing: "
        "any bad row saves nothing, prints the row-level report and exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file to import")
        add_target_arguments(parser)
        parser.add_argument("--user", help="Username recorded as having entered the answers")
        parser.add_argument("--report", help="Also write the error report as CSV to this path")

    def handle(self, *args, **options):
        vendor, questionnaire = resolve_target(options)
        evaluation = resolve_evaluation(options, vendor)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        show_progress = self.stderr.isatty() if hasattr(self.stderr, "isatty") else False
        result = import_answers(
            path.read_bytes(),
            path.name,
            vendor,
            questionnaire,
            user,
            on_progress=self._progress if show_progress or options["verbosity"] > 1 else None,
            evaluation=evaluation,
        )
        if result.ok:
            self.stdout.write(self.style.SUCCESS(result.summary()))
            self.stdout.write(
                f"{vendor} · {questionnaire}: {result.response.required_answered}/"
                f"{result.response.required_total} required questions answered."
            )
            return
        self.stderr.write(f"{'row':>6}  {'question':<12} {'column':<16} {'value':<30} reason")
        for error in result.errors:
            row = str(error.row) if error.row else "file"
            self.stderr.write(
                f"{row:>6}  {error.question[:12]:<12} {error.column[:16]:<16} {error.value[:30]:<30} {error.reason}"
            )
        if options["report"]:
            Path(options["report"]).write_text(report_csv(result.errors), encoding="utf-8")
        raise CommandError(result.summary())

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = f"\rChecking rows [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        self.stderr.write(bar, ending="\n" if done == total else "")
