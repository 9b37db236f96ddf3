import datetime

from django.core.management.base import BaseCommand, CommandError

from vendors.documents.expiry import notify_expiring


class Command(BaseCommand):
    help = (
        "Tell the owners (in the app and by e-mail) and the vendor contacts (by e-mail) of vault documents "
        "that expire within 30 days, once per document. Safe to run as often as you like; meant for a daily schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="check as of this day (YYYY-MM-DD) instead of today",
        )

    def handle(self, *args, **options):
        try:
            noticed = notify_expiring(options["date"])
        except OSError as exc:
            raise CommandError(
                f"Could not send the expiry e-mails ({exc}); the next run will retry."
            ) from None
        self.stdout.write(f"{noticed} document(s) noticed.")
