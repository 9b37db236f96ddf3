"""Demo vault documents: one in force backing a verified capability, one expiring soon after the
demo day, one expired. Called by ``manage.py seed_demo`` after the questionnaires (a document can
back answers of the demo responses, named by question code).

Saved through the vault's own service (``vendors.documents.services.add_document``), the file a
small fictional PDF. Deterministic and idempotent: a document is created only when its vendor has
none with that title. None changes a demo ranking: the one linked to a capability is in force on
every as-of date of the demo evaluations, and the other two back no capability.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from demo import load
from evaluator.models import Answer
from vendors.documents.services import add_document
from vendors.models import Capability, DocumentKind, Vendor, VendorDocument

FILE = "documents.json"
REQUIRED = (
    "vendor",
    "kind",
    "title",
    "issuer",
    "scope",
    "valid_from",
    "valid_until",
    "capabilities",
    "answers",
)
OPTIONAL = ("owner", "contact_email")


def spec() -> list[dict]:
    """The checked documents of ``demo/data/documents.json``."""
    where = load.Where(FILE)
    data = load.record(load.read(FILE), where, ("documents",))
    rows = []
    for row, at in load.items(data["documents"], where / "documents"):
        load.record(row, at, REQUIRED, OPTIONAL)
        load.code(row["kind"], DocumentKind.values, at / "kind")
        rows.append(
            {
                **row,
                "valid_from": load.date(row["valid_from"], at / "valid_from"),
                "valid_until": load.date(row["valid_until"], at / "valid_until", null=True),
            }
        )
    return rows


def _pdf(title: str) -> bytes:
    # The smallest file the vault's content check accepts as a PDF; its text names it fictional.
    return f"%PDF-1.4\n% Demo document, fictional: {title}\n%%EOF\n".encode()


def seed(stdout) -> None:
    rows = spec()
    vendors = Vendor.objects.in_bulk([row["vendor"] for row in rows], field_name="slug")
    capabilities = Capability.objects.in_bulk(field_name="slug")
    users = {user.username: user for user in get_user_model().objects.all()}
    created = 0
    for n, row in enumerate(rows):
        at = load.Where(FILE, f"documents[{n}]")
        vendor = vendors.get(row["vendor"]) or (at / "vendor").fail("no demo vendor with this slug")
        if VendorDocument.objects.filter(vendor=vendor, title=row["title"]).exists():
            continue
        linked = [
            capabilities.get(slug) or (at / "capabilities").fail(f"no capability {slug}")
            for slug in row["capabilities"]
        ]
        answers = Answer.objects.filter(
            response__vendor=vendor, question__code__in=row["answers"]
        ).select_related("response")
        slug = row["title"].lower().replace(" ", "-").replace("/", "-").replace(":", "")
        add_document(
            vendor,
            kind=row["kind"],
            title=row["title"],
            issuer=row["issuer"],
            scope=row["scope"],
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            file=ContentFile(_pdf(row["title"]), name=f"{slug}.pdf"),
            capabilities=linked,
            answers=list(answers),
            owner=users.get(row.get("owner", "")),
            contact_email=row.get("contact_email", ""),
        )
        created += 1
    stdout.write(f"  {created} new vault documents")
