"""Load the demo data: ``python manage.py seed_demo``.

Runs every seeder in ``SEEDERS`` in order, each in its own transaction, then
prints the demo logins. Seeders are idempotent, so running the command again
changes nothing. The data is in ``demo/data/*.json``; a seeder is a function
``seed(stdout)`` that reads its file and creates only what is missing, and one
more is added by adding its dotted path here.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from demo.load import DemoDataError
from demo.users import DEMO_PASSWORD, DEMO_USERS

SEEDERS = [
    "demo.users.seed_users",
    "demo.vendors.seed",
    "demo.questionnaires.seed",
    "demo.documents.seed",
    "demo.evaluations.seed",
    "demo.signals.seed",
]


class Command(BaseCommand):
    help = "Create the demo users and the fictional demo vendor landscape (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even though DEBUG is off (a throw-away demo server only: the demo "
            "superuser's password is published).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            # The demo creates a superuser whose password is in the README.
            raise CommandError(
                "seed_demo creates a superuser with a published password, so it runs only with "
                "DJANGO_DEBUG=1. On a throw-away demo server, pass --allow-without-debug."
            )
        started = time.perf_counter()
        for path in SEEDERS:
            self.stdout.write(f"{path}:")
            try:
                seeder = import_string(path)
                with transaction.atomic():
                    seeder(self.stdout)
            except DemoDataError as exc:
                raise CommandError(f"The demo data has a mistake: {exc}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({elapsed:.1f} s)."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['username']:<12} {user['description']}")
