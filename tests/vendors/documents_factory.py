"""Vault documents for tests: ``make_document(vendor, ...)`` saves one with a small PDF file."""

import datetime

from django.core.files.base import ContentFile

from vendors.models import DocumentKind, VendorDocument

PDF = b"%PDF-1.4\n% test document\n%%EOF\n"


def make_document(vendor, *, title="ISO 27001 certificate", capabilities=(), answers=(), **fields):
    document = VendorDocument(
        vendor=vendor,
        kind=fields.pop("kind", DocumentKind.ISO27001),
        title=title,
        valid_from=fields.pop("valid_from", datetime.date(2025, 3, 4)),
        valid_until=fields.pop("valid_until", datetime.date(2026, 3, 3)),
        **fields,
    )
    document.file.save("certificate.pdf", ContentFile(PDF), save=False)
    document.save()
    if capabilities:
        document.capabilities.set(capabilities)
    if answers:
        document.answers.set(answers)
    return document
