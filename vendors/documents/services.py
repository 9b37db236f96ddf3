"""Adding a document to a vendor's vault: the one place that checks and saves it, for the
procurement pages, the API and the vendor portal alike."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vendors.models import VendorDocument


@transaction.atomic
def add_document(
    vendor,
    *,
    kind: str,
    title: str,
    valid_from,
    file,
    valid_until=None,
    issuer: str = "",
    scope: str = "",
    capabilities=(),
    answers=(),
    uploaded_by=None,
    uploaded_by_email: str = "",
    owner=None,
    contact_email: str = "",
) -> VendorDocument:
    """Save a document (or raise ValidationError with field errors, saving nothing) and link it
    to the capabilities and answers it supports."""
    if valid_until is not None and valid_from is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": "“Valid until” cannot be before “valid from”."})
    document = VendorDocument(
        vendor=vendor,
        kind=kind,
        title=title,
        issuer=issuer,
        scope=scope,
        valid_from=valid_from,
        valid_until=valid_until,
        file=file,
        owner=owner,
        uploaded_by=uploaded_by,
        uploaded_by_email=uploaded_by_email,
        contact_email=contact_email,
    )
    document.full_clean()
    document.save()
    if capabilities:
        document.capabilities.set(capabilities)
    for answer in answers:
        if answer.response.vendor_id != vendor.pk:
            raise ValidationError({"answers": "A document can only support its own vendor's answers."})
        answer.documents.add(document)
    return document
