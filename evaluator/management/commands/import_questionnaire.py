"""python manage.py import_questionnaire FILE --format vsaq [--family ID] [--user NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evaluator.questionnaires.importing import FORMATS, ImportRefused, import_questionnaire


class Command(BaseCommand):
    help = (
        "Import a standard questionnaire file (Google's VSAQ JSON) as a new questionnaire version, "
        "keeping its question ids, conditions and tip severities. All or nothing: a malformed file "
        "saves nothing, names the item and exits with status 1."
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
            imported = import_questionnaire(
                path.read_bytes(), path.name, user, fmt=options["format"], family=options["family"]
            )
        except ImportRefused as refused:
            raise CommandError(f"{path.name}: {refused} Nothing was saved.") from None
        self.stdout.write(self.style.SUCCESS(imported.summary()))
        for line in imported.plan.not_applied:
            self.stdout.write(f"  condition kept as text, not applied: {line}")
