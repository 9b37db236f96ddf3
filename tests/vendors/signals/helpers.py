import json
from pathlib import Path

from tests import factories
from vendors.models import VendorAlias, VendorProduct

DATA = Path(__file__).resolve().parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def gatekeep():
    """A vendor known in feeds as "Gatekeep Systems Inc." and by CPE vendor "gatekeep", with one product."""
    vendor = factories.VendorFactory(name="Gatekeep", slug="gatekeep")
    VendorAlias(vendor=vendor, kind="name", name="Gatekeep Systems Inc.").save()
    VendorAlias(vendor=vendor, kind="cpe_vendor", name="gatekeep").save()
    VendorProduct.objects.create(
        vendor=vendor, name="Gatekeep Door Controller", cpe_product="door_controller", family="door firmware"
    )
    return vendor


def kev_catalog(entries: int, vendors: list[str], version: str = "2026.11.20") -> bytes:
    """A KEV catalog in the published schema with ``entries`` entries spread over ``vendors``."""
    return json.dumps(
        {
            "title": "CISA Catalog of Known Exploited Vulnerabilities",
            "catalogVersion": version,
            "dateReleased": "2026-11-20T17:00:00.0000Z",
            "count": entries,
            "vulnerabilities": [
                {
                    "cveID": f"CVE-2026-{30000 + n}",
                    "vendorProject": vendors[n % len(vendors)],
                    "product": f"Product {n % 7}",
                    "vulnerabilityName": f"Product {n % 7} Vulnerability {n}",
                    "dateAdded": f"2026-{1 + n % 10:02d}-{1 + n % 27:02d}",
                    "shortDescription": "Generated entry.",
                    "requiredAction": "Apply mitigations per vendor instructions.",
                    "dueDate": "2026-12-01",
                    "knownRansomwareCampaignUse": "Known" if n % 5 == 0 else "Unknown",
                    "notes": "",
                    "cwes": ["CWE-79"],
                }
                for n in range(entries)
            ],
        }
    ).encode()
