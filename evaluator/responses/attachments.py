"""Answer attachments are checked by the shared file checks (common/attachments.py); kept importable here."""

from common.attachments import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_BYTES, detected_kind, validate_attachment

__all__ = ["ALLOWED_EXTENSIONS", "MAX_ATTACHMENT_BYTES", "detected_kind", "validate_attachment"]
