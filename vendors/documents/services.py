"""Writing a vendor's vault: the one place that checks and saves a document, for the procurement
pages, the API and the vendor portal alike.

A document is checked whole before anything is written (dates, the file's size and content, the
answers it supports belonging to the same vendor); a ValidationError names the field at fault and
leaves the database as it was.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from common.attachments import validate_attachment
from common.models import StaleVersion, claim_version
from vendors.models import VendorDocument

EDITABLE_FIELDS = (
    "kind",
    "title",
    "issuer",
    "scope",
    "valid_from",
    "valid_until",
    "file",
    "owner",
    "contact_email",
)


def check_dates(valid_from, valid_until) -> None:
    if valid_until is not None and valid_from is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": "“Valid until” cannot be before “valid from”."})


def check_file(file) -> None:
    # A new upload is checked on its content; a name already in storage was checked when it came.
    if isinstance(file, UploadedFile):
        try:
            validate_attachment(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None


def _check_answers(vendor, answers) -> list:
    answers = list(answers)
    if any(answer.response.vendor_id != vendor.pk for answer in answers):
        raise ValidationError({"answers": "A document can only support its own vendor's answers."})
    return answers


def _checked(*checks) -> list:
    """Run every check and raise one ValidationError naming each field at fault (not only the first)."""
    results, errors = [], {}
    for check in checks:
        try:
            results.append(check())
        except ValidationError as error:
            results.append(None)
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return results


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
    answers = _checked(
        lambda: check_dates(valid_from, valid_until),
        lambda: check_file(file),
        lambda: _check_answers(vendor, answers),
    )[2]
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
    if answers:
        document.answers.add(*answers)
    return document


@transaction.atomic
def update_document(
    document: VendorDocument,
    *,
    version: int | None = None,
    claim: bool = True,
    capabilities=None,
    answers=None,
    **changes,
) -> VendorDocument:
    """Change a document's fields (``EDITABLE_FIELDS``; ``file=None`` keeps the file) and, when
    given, replace the capabilities and answers it supports.

    ``version`` is the version the writer saw: a document saved by someone else since raises
    StaleVersion and nothing is written. A new "valid until" clears the expiry notice, so the
    owner is told again before the new date. ``claim=False``: the caller has claimed the version
    in this transaction already (the API's OptimisticLockingMixin).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if changes.get("file") is None:
        changes.pop("file", None)
    valid_from = changes.get("valid_from", document.valid_from)
    valid_until = changes.get("valid_until", document.valid_until)
    answers = _checked(
        lambda: check_dates(valid_from, valid_until),
        lambda: check_file(changes.get("file")),
        lambda: _check_answers(document.vendor, answers) if answers is not None else None,
    )[2]
    if "valid_until" in changes and changes["valid_until"] != document.valid_until:
        document.expiry_notice_sent_at = None
    for name, value in changes.items():
        setattr(document, name, value)
    document.full_clean()
    if version is not None:
        document.version = version
    if claim:
        claim_version(document)
    document.save()
    if capabilities is not None:
        document.capabilities.set(capabilities)
    if answers is not None:
        document.answers.set(answers)
    return document


__all__ = ["EDITABLE_FIELDS", "StaleVersion", "add_document", "update_document"]
