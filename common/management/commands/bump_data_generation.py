"""``manage.py bump_data_generation``: after a change made outside the app (psql, a script on
another connection without Django), so that no cached page keeps showing the data before it
(common/data_generation.py)."""

from django.core.management.base import BaseCommand

from common import data_generation


class Command(BaseCommand):
    help = "Move the data generation on, so cached result pages are computed again."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        data_generation.bump(database)
        self.stdout.write(f"Data generation now {data_generation.current(database)}.")
