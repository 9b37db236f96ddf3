from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, write_backup
from common.backup.tasks import start_backup
from common.jobs.commands import add_enqueue_argument, report_job


class Command(BaseCommand):
    help = (
        "Write every row of every app and every uploaded file to FILE (a zip with a "
        "manifest naming the schema version). Restore it with 'manage.py restore FILE'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. backups/2026-11-27.zip")
        parser.add_argument("--database", default="default")
        add_enqueue_argument(parser)

    def handle(self, *args, **options):
        if options["enqueue"]:
            # Absolute: the worker does not share this command's working folder.
            report_job(self, start_backup(options["file"].resolve()))
            return
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
