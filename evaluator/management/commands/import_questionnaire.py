"""python manage.py import_questionnaire FILE --format vsaq|caiq|columns [--family ID] [--preview] [column options]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evaluator.questionnaires.importing import FORMATS, ImportRefused, import_questionnaire
from evaluator.questionnaires.spreadsheet import KINDS, SheetRefused, mapping_from


class Command(BaseCommand):
    help = (
        "Import a standard questionnaire file as a new questionnaire version: Google's VSAQ JSON "
        "(question ids, conditions and tip severities kept), your own CSA CAIQ v4 workbook, or any "
        "spreadsheet by naming its columns. All or nothing: a malformed file saves nothing, names the "
        "item and exits with status 1; --preview shows what would be imported and saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The questionnaire file")
        parser.add_argument(
            "--format", choices=FORMATS, default="vsaq", help="The file's format (default vsaq)"
        )
        parser.add_argument(
            "--family",
            default="",
            help="Questionnaire id to add a version to (default: from the file name); a new one is created",
        )
        parser.add_argument("--user", help="Username recorded as having created the version")
        parser.add_argument(
            "--preview", action="store_true", help="Show what would be imported; save nothing"
        )
        sheet = parser.add_argument_group("spreadsheets (caiq: defaults of the CAIQ v4 workbook)")
        sheet.add_argument("--id-column", help="Header of the question-id column (CAIQ: 'Question ID')")
        sheet.add_argument("--text-column", help="Header of the question-text column (CAIQ: 'Question')")
        sheet.add_argument("--section-column", help="Header of the section column (default: the id's prefix)")
        sheet.add_argument("--help-column", help="Header of a column with guidance shown under the question")
        sheet.add_argument("--kind", choices=KINDS, help="Type of the questions (CAIQ: single_choice)")
        sheet.add_argument("--choices", help="Choices separated by ';' (CAIQ: 'Yes;No;NA')")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            mapping = mapping_from(options["format"], options)
            imported = import_questionnaire(
                path.read_bytes(),
                path.name,
                user,
                fmt=options["format"],
                family=options["family"],
                mapping=mapping,
                preview=options["preview"],
            )
        except (ImportRefused, SheetRefused) as refused:
            raise CommandError(f"{path.name}: {refused} Nothing was saved.") from None
        self.stdout.write(self.style.SUCCESS(imported.summary()))
        if imported.where:
            self.stdout.write(f"  read from the {imported.where}")
        for problem in imported.problems:
            self.stdout.write(f"  problem: {problem}")
        if options["preview"]:
            for section in imported.plan.sections:
                self.stdout.write(f"  {section.title}: {len(section.questions)} question(s)")
                for question in section.questions[:3]:
                    self.stdout.write(f"    {question.code}  {question.kind}  {question.text[:70]}")
        for line in imported.plan.not_applied:
            self.stdout.write(f"  condition kept as text, not applied: {line}")
