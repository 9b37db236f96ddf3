"""Demo vendor signals: aliases and products of three demo vendors, then their feeds imported.

Called by ``manage.py seed_demo``. ``demo/data/signals.json`` names the aliases and products and
the files to import; the files (``demo/data/signals/``) are fictional entries in the published
formats (a CISA KEV catalog, an NVD CVE API 2.0 response, an Atom news feed), imported by the
same service as ``manage.py import_signals``. One KEV entry names a vendor nobody tracks, so the
review queue has something in it. Idempotent: a second import adds nothing.
"""

from demo import load
from vendors.models import AliasKind, Capability, Signal, SignalKind, Vendor, VendorAlias, VendorProduct
from vendors.signals import services

FILE = "signals.json"


def spec() -> dict:
    """The checked content of ``demo/data/signals.json``."""
    where = load.Where(FILE)
    data = load.record(load.read(FILE), where, ("vendors", "imports"))
    for slug, vendor in load.of_type(data["vendors"], dict, where).items():
        at = where / "vendors" / slug
        load.record(vendor, at, ("aliases", "products"))
        for alias, alias_at in load.items(vendor["aliases"], at / "aliases"):
            load.record(alias, alias_at, ("kind", "name"))
            load.code(alias["kind"], AliasKind.values, alias_at / "kind")
        for product, product_at in load.items(vendor["products"], at / "products"):
            load.record(product, product_at, ("name",), ("cpe_product", "family", "capability"))
    for entry, at in load.items(data["imports"], where / "imports"):
        load.record(entry, at, ("source", "file"), ("kind",))
        load.code(entry["source"], services.formats.PARSERS, at / "source")
        if "kind" in entry:
            load.code(entry["kind"], SignalKind.values, at / "kind")
        if not (load.DATA_DIR / entry["file"]).is_file():
            (at / "file").fail(f"no such file: demo/data/{entry['file']}")
    return data


def seed(stdout) -> None:
    data = spec()
    vendors = Vendor.objects.in_bulk(list(data["vendors"]), field_name="slug")
    capabilities = Capability.objects.in_bulk(field_name="slug")
    for slug, vendor_spec in data["vendors"].items():
        vendor = vendors.get(slug) or load.Where(FILE, f"vendors.{slug}").fail(
            "no demo vendor with this slug"
        )
        for alias in vendor_spec["aliases"]:
            if not VendorAlias.objects.filter(vendor=vendor, kind=alias["kind"], name=alias["name"]).exists():
                VendorAlias(vendor=vendor, **alias).save()
        for product in vendor_spec["products"]:
            if VendorProduct.objects.filter(vendor=vendor, name=product["name"]).exists():
                continue
            capability = capabilities.get(product.get("capability", ""))
            VendorProduct.objects.create(
                vendor=vendor,
                name=product["name"],
                cpe_product=product.get("cpe_product", ""),
                family=product.get("family", ""),
                capability=capability,
            )
    before = Signal.objects.count()
    for entry in data["imports"]:
        report = services.import_file(
            entry["source"], load.DATA_DIR / entry["file"], kind=entry.get("kind", SignalKind.NEWS)
        )
        stdout.write(f"  {entry['file']}: {report.summary()}")
    stdout.write(f"  {Signal.objects.count() - before} new signals")
