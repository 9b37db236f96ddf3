"""``manage.py import_signals --source kev|nvd|feed FILE_OR_URL``: vendor signals from a published feed.

A URL is fetched with a timeout, a size limit and a conditional request (ETag /
If-Modified-Since kept per URL), so a scheduled run fetches only what changed. Re-importing
the same catalog adds nothing. A bad file is refused whole, naming the entry at fault.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.jobs.commands import add_enqueue_argument, report_job
from vendors.models import SignalKind, Vendor
from vendors.signals import services
from vendors.signals.tasks import start_import


class Command(BaseCommand):
    help = "Import vendor signals from a CISA KEV catalog, an NVD CVE API 2.0 response or an RSS/Atom feed."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=["kev", "nvd", "feed"])
        parser.add_argument("location", help="a file path or an http(s) URL")
        parser.add_argument(
            "--kind",
            default=SignalKind.NEWS,
            choices=SignalKind.values,
            help="feeds only: what the entries are (default news; a vendor's advisory feed: advisory)",
        )
        parser.add_argument("--vendor", help="feeds only: the slug of the vendor every entry is about")
        add_enqueue_argument(parser)

    def handle(self, *args, source, location, kind, vendor, enqueue=False, **options):
        owner = None
        if vendor:
            owner = Vendor.objects.filter(slug=vendor).first()
            if owner is None:
                raise CommandError(f"No vendor with the slug {vendor!r}.")
        if enqueue:
            if not location.startswith(("http://", "https://")):
                location = str(Path(location).resolve())  # the worker has another working folder
            report_job(self, start_import(source, location, kind=kind, vendor=owner))
            return
        try:
            if location.startswith(("http://", "https://")):
                report = services.refresh_url(source, location, kind=kind, vendor=owner)
            else:
                report = services.import_file(source, location, kind=kind, vendor=owner)
        except services.ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(report.summary())
