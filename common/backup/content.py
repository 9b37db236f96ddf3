"""Which rows a backup holds, how they are serialised, and the schema they belong to."""

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by migrations (content types, permissions) or short-lived state
# (sessions, sign-in lockouts, background jobs and the task queue, the data generation, which
# the restore's own writes move on): restoring them would fight
# the target database, and a restored queue would run its tasks again.
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "common.job",
    "common.datageneration",
}
EXCLUDED_APPS = {"axes", "django_tasks_db"}

# Working folders a restore makes inside MEDIA_ROOT; never part of a backup.
STAGING_PREFIX = ".restore-incoming-"
BEFORE_PREFIX = ".restore-replaced-"


def backed_up_models() -> list:
    """Every concrete model whose rows a backup holds, parents before children."""
    app_models = []
    for app_config in apps.get_app_configs():
        if app_config.label in EXCLUDED_APPS:
            continue
        models = [
            model
            for model in app_config.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in EXCLUDED_MODELS
        ]
        if models:
            app_models.append((app_config, models))
    # Models with natural keys come before the models that point at them by those keys.
    return serializers.sort_dependencies(app_models, allow_cycles=True)


def schema_versions(using: str = "default") -> dict[str, str]:
    """The latest applied migration of each app in the database (names sort by their number)."""
    latest: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app_label, ""):
            latest[app_label] = name
    return dict(sorted(latest.items()))


def serialise_rows(using: str = "default") -> tuple[list[dict], dict[str, int]]:
    """All rows as serializer dicts, in a stable order, and the count per model."""
    rows: list[dict] = []
    counts: dict[str, int] = {}
    for model in backed_up_models():
        queryset = model._base_manager.using(using).order_by("pk")
        objects = serializers.serialize("python", queryset.iterator(), use_natural_foreign_keys=True)
        m2m_names = [field.name for field in model._meta.many_to_many]
        for obj in objects:
            for name in m2m_names:
                # Related-manager order is whatever the database returns; sort for stable content.
                obj["fields"][name] = sorted(obj["fields"][name], key=repr)
        rows.extend(objects)
        counts[model._meta.label_lower] = len(objects)
    return rows, counts


def encode(rows) -> bytes:
    return DjangoJSONEncoder(indent=1, sort_keys=True, ensure_ascii=False).encode(rows).encode()


def canonical_content(rows: list[dict]) -> list[dict]:
    """Rows in a form two backups of the same data agree on, whatever their archive timestamps."""
    import json

    normalised = json.loads(encode(rows))
    return sorted(normalised, key=lambda row: (row["model"], json.dumps(row.get("pk"))))
