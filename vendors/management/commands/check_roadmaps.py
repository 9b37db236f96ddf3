import datetime

from django.core.management.base import BaseCommand, CommandError

from common.jobs.commands import add_enqueue_argument, report_job
from vendors.alerts.slips import run_daily_check
from vendors.alerts.tasks import start_daily_check


class Command(BaseCommand):
    help = (
        "Mark roadmap items whose target date has passed without delivery as presumed slips and "
        "notify the watchers of their vendors (in the app and by email), once per slip. "
        "Safe to run as often as you like; meant for a daily schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="check as of this day (YYYY-MM-DD) instead of today",
        )
        add_enqueue_argument(parser)

    def handle(self, *args, **options):
        if options["enqueue"]:
            report_job(self, start_daily_check(options["date"]))
            return
        try:
            result = run_daily_check(options["date"])
        except OSError as exc:
            # The slips and notifications are saved; unsent emails go out on the next run.
            raise CommandError(f"Could not send the alert emails ({exc}); the next run will retry.") from None
        self.stdout.write(
            f"{result.marked} item(s) newly marked as presumed slips, "
            f"{result.notified} notification(s) created, {result.emailed} email(s) sent."
        )
