"""Writing a backup archive."""

import datetime
import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

import django
from django.conf import settings

from common.backup.archive import DATA, FORMAT_VERSION, MANIFEST, MEDIA_PREFIX, BackupError
from common.backup.content import BEFORE_PREFIX, STAGING_PREFIX, encode, schema_versions, serialise_rows


def media_files(root: Path) -> list[Path]:
    """Regular files below root; symbolic links are left out so a backup never leaves MEDIA_ROOT."""
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not (Path(directory) / d).is_symlink() and not d.startswith((STAGING_PREFIX, BEFORE_PREFIX))
        )
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def write_backup(target: Path, using: str = "default") -> dict:
    """Write every row and every media file to ``target`` (a zip); return the manifest.

    Rows are read inside one transaction so the copy is consistent. The archive
    is written beside ``target`` and renamed into place, so a failed backup never
    leaves a half-written file under the final name.
    """
    from django.db import transaction

    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    with transaction.atomic(using=using):
        rows, counts = serialise_rows(using)
        schema = schema_versions(using)
    data = encode(rows)
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    manifest = {
        "format_version": FORMAT_VERSION,
        "application": "vendor-tracker",
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "django_version": django.get_version(),
        "database_vendor": transaction.get_connection(using).vendor,
        "schema": schema,
        "counts": counts,
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "media": {path.relative_to(media_root).as_posix(): file_sha256(path) for path in files},
    }
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, encode(manifest))
            archive.writestr(DATA, data)
            for path in files:
                archive.write(path, MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest
