from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace ALL data and uploaded files with those in a backup made by 'manage.py backup'. "
        "The database must be migrated to the backup's schema; on any error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive written by 'manage.py backup'")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                f"This replaces every row in the '{options['database']}' database and every uploaded "
                "file with the backup's, and signs everybody out. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            manifest = restore_backup(options["file"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {len(manifest['media'])} files from {options['file']} "
                f"(made {manifest.get('created_at', 'at an unknown time')})."
            )
        )
