"""Restoring a backup archive: all or nothing, and only into the schema it came from."""

import hashlib
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction

from common.backup.archive import (
    DATA,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    BackupReader,
    Limits,
    safe_media_name,
)
from common.backup.content import BEFORE_PREFIX, STAGING_PREFIX, backed_up_models, schema_versions

SESSION_TABLE = "django_session"


def read_manifest(reader: BackupReader) -> dict:
    manifest = reader.read_json(MANIFEST)
    if not isinstance(manifest, dict) or "format_version" not in manifest:
        raise BackupError("manifest.json has no format version; this is not a backup of this application.")
    if manifest["format_version"] != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {manifest['format_version']!r}; "
            f"this version of the application reads format {FORMAT_VERSION} only."
        )
    for key in ("schema", "counts", "data_sha256", "media"):
        if not isinstance(manifest.get(key), dict | str):
            raise BackupError(f"manifest.json lacks {key!r}.")
    return manifest


def check_schema(manifest: dict, using: str) -> None:
    current = schema_versions(using)
    wanted = manifest["schema"]
    if current == wanted:
        return
    differences = [
        f"{app}: backup at {wanted.get(app, 'no migrations')}, database at {current.get(app, 'no migrations')}"
        for app in sorted(current.keys() | wanted.keys())
        if current.get(app) != wanted.get(app)
    ]
    raise BackupError(
        "The database schema does not match the backup's, so nothing was restored. "
        "Restore with the application version that made the backup, into a database migrated "
        "to the same point (manage.py migrate APP MIGRATION). Differences: " + "; ".join(differences)
    )


def read_rows(reader: BackupReader, manifest: dict) -> list[dict]:
    data = reader.read(DATA)
    if hashlib.sha256(data).hexdigest() != manifest["data_sha256"]:
        raise BackupError("data.json does not match the checksum in the manifest; the backup is damaged.")
    try:
        import json

        rows = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"data.json is not valid JSON: {exc}") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) and "model" in row for row in rows):
        raise BackupError("data.json is not a list of serialised rows.")
    allowed = {model._meta.label_lower for model in backed_up_models()}
    found = Counter(str(row["model"]).lower() for row in rows)
    if unexpected := sorted(set(found) - allowed):
        raise BackupError(f"data.json holds rows of models a backup never contains: {unexpected}")
    if dict(found) != {label: count for label, count in manifest["counts"].items() if count}:
        raise BackupError("data.json does not hold the number of rows per model the manifest lists.")
    return rows


def stage_media(reader: BackupReader, manifest: dict, staging: Path) -> None:
    """Unpack the media files into ``staging``, checking each against the manifest."""
    names = reader.media_names()
    expected = {MEDIA_PREFIX + name for name in manifest["media"]}
    if set(names) != expected:
        raise BackupError("The media files in the archive are not the ones the manifest lists.")
    for name in names:
        relative = safe_media_name(name)
        destination = staging.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with destination.open("wb") as handle:
            for chunk in reader.chunks(name):
                digest.update(chunk)
                handle.write(chunk)
        if digest.hexdigest() != manifest["media"][relative.as_posix()]:
            raise BackupError(f"{name} does not match its checksum in the manifest; the backup is damaged.")


def tables_to_replace(models) -> list[str]:
    tables = {SESSION_TABLE}  # signed-in sessions could name users who differ after the restore
    for model in models:
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)


def load_rows(rows: list[dict], manifest: dict, using: str) -> None:
    connection = connections[using]
    models = backed_up_models()
    # Jobs and the task queue are not backed up (common/backup/content.py) but point at users:
    # a restore empties them too, or PostgreSQL refuses to truncate the tables they reference.
    cleared = [
        model
        for model in apps.get_models()
        if model._meta.label_lower == "common.job" or model._meta.app_label == "django_tasks_db"
    ]
    tables = sorted({*tables_to_replace(models), *(model._meta.db_table for model in cleared)})
    # PostgreSQL refuses to TRUNCATE tables with deferred foreign-key checks still
    # pending in this transaction; running them now clears the queue.
    connection.check_constraints(table_names=tables)
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
    )
    deferred = []
    for obj in serializers.deserialize("python", rows, using=using, handle_forward_references=True):
        # Setting an evaluation's members or candidates would write history rows of its own
        # (m2m_changed ignores raw saves); the history is restored from the backup instead.
        obj.object.skip_history_when_saving = True
        obj.save(using=using)
        if obj.deferred_fields:
            deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields(using=using)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    # Deferred foreign keys would only fail at commit; fail here, inside the transaction.
    connection.check_constraints(table_names=tables)
    for model in models:
        wanted = manifest["counts"].get(model._meta.label_lower, 0)
        if model._base_manager.using(using).count() != wanted:
            raise BackupError(f"{model._meta.label} did not restore to {wanted} rows.")


def swap_media(media_root: Path, staging: Path) -> None:
    """Replace the contents of media_root with those of staging (a folder inside it).

    Only entries inside media_root are renamed, never media_root itself: it is
    often a mount point (a volume shared by the app servers), which cannot be
    renamed, and a rename out of it would cross file systems.
    """
    previous = Path(tempfile.mkdtemp(dir=media_root, prefix=BEFORE_PREFIX))
    try:
        for entry in list(media_root.iterdir()):
            if entry not in (staging, previous):
                entry.rename(previous / entry.name)
        for entry in list(staging.iterdir()):
            entry.rename(media_root / entry.name)
    except OSError as exc:
        raise BackupError(
            f"The rows were restored, but the files could not be put in place ({exc}). "
            f"The backup's files are in {staging} and the files replaced so far in {previous}; "
            f"move the backup's files into {media_root} by hand."
        ) from None
    shutil.rmtree(previous, ignore_errors=True)
    staging.rmdir()


def restore_backup(source: Path, using: str = "default", limits: Limits | None = None) -> dict:
    """Replace every row and media file with the backup's; return its manifest.

    Refuses (BackupError, nothing changed) when the archive is damaged, too
    large, from another format or another database schema. The rows are
    replaced in one transaction, so a failure half-way leaves the database as
    it was; media files are unpacked aside first and swapped in only after the
    rows are in.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with BackupReader(source, limits or Limits()) as reader:
        manifest = read_manifest(reader)
        check_schema(manifest, using)
        rows = read_rows(reader, manifest)
        # Unpacked inside MEDIA_ROOT, so that swapping the files in is a rename on one file system.
        staging = Path(tempfile.mkdtemp(dir=media_root, prefix=STAGING_PREFIX))
        try:
            stage_media(reader, manifest, staging)
            try:
                with transaction.atomic(using=using):
                    load_rows(rows, manifest, using)
            except (DeserializationError, DatabaseError, ValidationError, ObjectDoesNotExist) as exc:
                raise BackupError(f"The restore failed and the database was left as it was: {exc}") from None
            except (ValueError, TypeError, KeyError) as exc:
                raise BackupError(
                    f"The backup holds a row this schema cannot take; the database was left as it was: {exc!r}"
                ) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    # The rows are in: now the files (a failure here names the folders to fix by hand).
    swap_media(media_root, staging)
    return manifest
