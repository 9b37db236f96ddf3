"""Whole-site backups: every app's rows and every uploaded file in one zip.

Layout of an archive (``FORMAT_VERSION`` 1)::

    manifest.json   format version, schema (latest applied migration per app),
                    object counts per model, SHA-256 of data.json and of every file
    data.json       the rows, Django's serializer format with natural foreign keys
    media/...       the files under MEDIA_ROOT

``write_backup`` and ``restore_backup`` are the public entry points; the
management commands ``backup`` and ``restore`` are thin wrappers.
"""

from .archive import FORMAT_VERSION, BackupError, Limits
from .content import canonical_content
from .restore import restore_backup
from .write import write_backup

__all__ = ["FORMAT_VERSION", "BackupError", "Limits", "canonical_content", "restore_backup", "write_backup"]
