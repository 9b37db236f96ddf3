from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write every row of every app and every uploaded file to FILE (a zip with a "
        "manifest naming the schema version). Restore it with 'manage.py restore FILE'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. backups/2026-11-27.zip")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            manifest = write_backup(options["file"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(manifest['counts'])} models and "
                f"{len(manifest['media'])} files to {options['file']}."
            )
        )
