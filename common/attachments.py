"""Uploaded evidence files (answer attachments, vault documents): a size limit and a type allow-list
checked on the content, not only the name. Shared by the questionnaires and the vendor vault."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from common.uploads import UnsafeArchive, check_zip_upload

MAX_ATTACHMENT_BYTES = getattr(settings, "QUESTIONNAIRE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "xlsx", "docx", "csv", "txt")


def _zip_has(head: bytes, uploaded, folder: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def _is_text(uploaded) -> bool:
    uploaded.seek(0)
    data = uploaded.read(MAX_ATTACHMENT_BYTES + 1)
    uploaded.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detected_kind(uploaded) -> str | None:
    """The allowed kind the content really is ('pdf', 'png', ...), or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if _zip_has(head, uploaded, "xl/"):
        return "xlsx"
    if _zip_has(head, uploaded, "word/"):
        return "docx"
    if _is_text(uploaded):
        return "text"
    return None


def validate_attachment(uploaded) -> None:
    """Raise ValidationError unless the file is small enough and its content matches an allowed type."""
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            f"The file is too large ({uploaded.size:,} bytes); the limit is {MAX_ATTACHMENT_BYTES:,} bytes."
        )
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            f"This type of file is not accepted; upload one of: {', '.join(ALLOWED_EXTENSIONS)}."
        )
    kind = detected_kind(uploaded)
    expected = {"jpeg": "jpg", "csv": "text", "txt": "text"}.get(extension, extension)
    if kind != expected:
        raise ValidationError(
            f"The file is named .{extension} but its content is not a {extension.upper()} file."
        )
    if kind in ("xlsx", "docx"):
        try:
            check_zip_upload(uploaded)
        except UnsafeArchive as exc:
            raise ValidationError(str(exc)) from None
