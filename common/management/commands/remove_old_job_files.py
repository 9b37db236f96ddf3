"""``manage.py remove_old_job_files``: delete the files jobs made (PDFs) older than DJANGO_JOB_FILES_KEEP_HOURS.

Each new PDF does this too; run it from cron (or the scheduler) so that files go on a quiet site.
"""

from django.core.management.base import BaseCommand

from common.jobs.services import remove_old_outputs


class Command(BaseCommand):
    help = (
        "Delete the files background jobs made (PDFs) once they are older than DJANGO_JOB_FILES_KEEP_HOURS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{remove_old_outputs()} file(s) removed.")
