from django.core.management.base import BaseCommand

from common.jobs.schedule import TICK_SECONDS, daily_jobs, loop


class Command(BaseCommand):
    help = (
        "Enqueue the daily jobs (portal reminders, the roadmap slip check, document expiry notices) "
        f"once a day, checking every {TICK_SECONDS} s. Several servers may run it: the database "
        "lets only one enqueue each job a day. Without a worker the jobs run in this process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit (for cron and tests)")

    def handle(self, *args, **options):
        if not options["once"]:
            self.stdout.write(f"Schedule running: {', '.join(daily_jobs())} daily.")
        loop(once=options["once"], out=self.stdout.write)
