"""Files stored by a FileField leave storage once no row names them any more, after the commit.

A replaced, cleared or deleted file (the row deleted itself or by a cascade)
would otherwise stay on disk for ever and go into every backup. The removal
runs in ``transaction.on_commit``: a rollback keeps the row naming the old
file, so it keeps the file too. Just before removing, the callback checks
that no row of the model still names the file (several rows can share one, as
carried-forward answers do), so a file is never removed from under a row.

``remove_unused_files(Model, "field", ...)`` connects the signals, once per
model, beside the model. Queryset ``update()`` and ``bulk_update()`` send no
signals: code that changes a file field that way must call ``remove_when_unused``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

_STORED = "_stored_file_names"


def remove_when_unused(model, field_name: str, name: str, using: str | None = None) -> None:
    """After the current transaction commits, delete the file ``name`` of ``model.field_name`` unless a row names it."""
    if not name:
        return
    field = model._meta.get_field(field_name)

    def remove():
        if not model._default_manager.using(using).filter(**{field_name: name}).exists():
            field.storage.delete(name)

    transaction.on_commit(remove, using=using)


def _names(instance, field_names) -> dict[str, str | None]:
    # The raw value, not the descriptor (which would build a FieldFile); None when the field is deferred.
    names = {}
    for field_name in field_names:
        value = instance.__dict__.get(field_name)
        names[field_name] = getattr(value, "name", value)
    return names


def remove_unused_files(model, *field_names: str) -> None:
    """Connect the signals that remove ``model``'s replaced and deleted files once committed."""

    def remember(sender, instance, **kwargs):
        instance.__dict__[_STORED] = _names(instance, field_names)

    def saved(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
        if raw:
            return
        before = instance.__dict__.get(_STORED, {})
        now = _names(instance, field_names)
        for field_name in field_names:
            if update_fields is not None and field_name not in update_fields:
                continue
            old = before.get(field_name)
            if old and old != now[field_name]:
                remove_when_unused(model, field_name, old, using)
        instance.__dict__[_STORED] = now

    def deleted(sender, instance, using=None, **kwargs):
        for field_name, name in _names(instance, field_names).items():
            remove_when_unused(model, field_name, name, using)

    uid = f"remove_unused_files:{model._meta.label}"
    post_init.connect(remember, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
