from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its key (shown this once; only its hash is "
        "stored). Users can also create their own on the API tokens page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'GRC sync'.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        if not name.strip():
            raise CommandError("Give the token a name that says what it is for.")
        _, key = ApiToken.issue(user, name)
        self.stdout.write(key)
