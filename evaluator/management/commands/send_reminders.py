import datetime

from django.core.management.base import BaseCommand, CommandError

from common.jobs.commands import add_enqueue_argument, report_job
from evaluator.portal.reminder_tasks import start_reminders
from evaluator.portal.reminders import run_daily


class Command(BaseCommand):
    help = (
        "Remind vendor contacts of questionnaire deadlines (the days in PORTAL_REMINDER_DAYS_BEFORE "
        "and _AFTER, each once) and send each inviter one digest a day of their overdue invitations. "
        "Safe to run as often as you like; meant for a daily schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="send what is due on this day (YYYY-MM-DD) instead of today",
        )
        add_enqueue_argument(parser)

    def handle(self, *args, **options):
        if options["enqueue"]:
            report_job(self, start_reminders(options["date"]))
            return
        try:
            result = run_daily(options["date"])
        except OSError as exc:
            raise CommandError(f"Could not send the e-mails ({exc}); the next run sends the rest.") from None
        for line in result.lines():
            self.stdout.write(line)
