"""Audit history: turn django-simple-history rows into "who, when, what changed".

Every domain model carries ``history = HistoricalRecords()``; a save through the
ORM writes one historical row with the user of the request (HistoryRequestMiddleware).
Bulk writes that bypass save() write no row: see docs/operations.md ("Audit history").
Models that list ``m2m_fields`` (an evaluation's members and candidates) also snapshot
those relations on each row, and an add or remove writes a row of its own.

One implementation for the History pages and the API's ``history/`` endpoints
(common/rest/history.py): each change carries the field's name and raw values for
machines, and its label and shown values for people.
"""

import datetime
import re
from dataclasses import dataclass, field

from simple_history.utils import get_m2m_reverse_field_name

# Bookkeeping that changes on every save and says nothing a reader needs (diff_against compares
# editable fields only, so these are skipped anyway; listed to say so).
NOISE_FIELDS = ("updated_at", "version", "created_at")

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
ACTION_KINDS = {"+": "created", "~": "changed", "-": "deleted"}
EMPTY = "–"
FORMER = "a former one"
# Rows written this close together by the same user for the same reason are one save.
SAME_SAVE = datetime.timedelta(seconds=2)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    # For machines: the model field's name and the stored values (ids for relations).
    field: str = ""
    old_value: object = None
    new_value: object = None
    # Many-to-many fields only: who or what joined and left, as shown.
    added: list[str] | None = None
    removed: list[str] | None = None

    @property
    def is_m2m(self) -> bool:
        return self.added is not None

    @property
    def summary(self) -> str:
        """A many-to-many change as people read it: "+ alice, − bob"."""
        return ", ".join(
            [f"+ {name}" for name in self.added or []] + [f"− {name}" for name in self.removed or []]
        )


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    history_id: int | None = None
    kind: str = ""  # created / changed / deleted

    @property
    def username(self) -> str | None:
        return self.who.get_username() if self.who is not None else None

    @property
    def outside_actor(self) -> str | None:
        """Who made a change without an account (a vendor contact in the portal), from its reason."""
        if self.who is not None:
            return None
        match = OUTSIDE_ACTOR.match(self.reason)
        return match.group(1) if match else None


# A change made without an account names its actor in the change reason (outside_actor_reason),
# since simple_history's history_user can only be a user.
OUTSIDE_ACTOR_FORMAT = "Vendor contact {} (portal)"
OUTSIDE_ACTOR = re.compile(r"^Vendor contact (\S+) \(portal\)")


def outside_actor_reason(email: str) -> str:
    return OUTSIDE_ACTOR_FORMAT.format(email)


def _shown(model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _field_change(model_fields, change) -> FieldChange:
    model_field = model_fields.get(change.field)
    if model_field is None:
        return FieldChange(
            change.field, str(change.old), str(change.new), change.field, change.old, change.new
        )
    return FieldChange(
        str(model_field.verbose_name),
        _shown(model_field, change.old),
        _shown(model_field, change.new),
        model_field.name,
        change.old,
        change.new,
    )


def record_changes(record, previous, model_fields, excluded=NOISE_FIELDS, shown_as=None) -> list[FieldChange]:
    """The fields that differ between two historical rows of one record, oldest value first.

    ``shown_as`` maps a field to {stored value: what the reader may see} for values that must
    not be revealed as stored (a blind evaluation's candidate: its grid label, never its id);
    those replace the stored value too, and a value missing from the map reads "a former one".
    """
    changes = []
    for change in record.diff_against(previous, excluded_fields=excluded).changes:
        names = (shown_as or {}).get(change.field)
        if names is None:
            changes.append(_field_change(model_fields, change))
            continue
        old, new = (
            EMPTY if value is None else names.get(value, FORMER) for value in (change.old, change.new)
        )
        label = model_fields[change.field].verbose_name if change.field in model_fields else change.field
        changes.append(FieldChange(str(label), old, new, change.field, old, new))
    return changes


def _m2m_snapshots(history_model, m2m_fields, records) -> dict[str, dict[int, dict[int, str]]]:
    """For each tracked many-to-many field: history_id → {related id: shown name}.

    One query per field for every row at once (the related names joined in), so the
    count does not grow with the rows.
    """
    snapshots = {}
    history_ids = [record.history_id for record in records]
    for m2m_field in m2m_fields:
        target = get_m2m_reverse_field_name(m2m_field)
        rows = getattr(history_model, m2m_field.name).model.objects.filter(history_id__in=history_ids)
        by_row: dict[int, dict[int, str]] = {history_id: {} for history_id in history_ids}
        for row in rows.select_related(target).order_by("pk"):
            related_id = getattr(row, f"{target}_id")
            related = getattr(row, target)
            by_row[row.history_id][related_id] = str(related) if related is not None else f"#{related_id}"
        snapshots[m2m_field.name] = by_row
    return snapshots


def _m2m_change(m2m_field, before: dict[int, str], after: dict[int, str]) -> FieldChange | None:
    if before.keys() == after.keys():
        return None
    added = sorted((after[pk] for pk in after.keys() - before.keys()), key=str.casefold)
    removed = sorted((before[pk] for pk in before.keys() - after.keys()), key=str.casefold)
    return FieldChange(
        label=str(m2m_field.verbose_name),
        old=", ".join(sorted(before.values(), key=str.casefold)) or EMPTY,
        new=", ".join(sorted(after.values(), key=str.casefold)) or EMPTY,
        field=m2m_field.name,
        old_value=sorted(before),
        new_value=sorted(after),
        added=added,
        removed=removed,
    )


def _continues(last_record, record, field_changes, m2m_changes) -> bool:
    """Whether ``record`` is the many-to-many tail of the save before it.

    Saving a form writes the record, then one row per relation it sets (removals, then
    additions); read as one change, as the user made it.
    """
    return (
        record.history_type == "~"
        and not field_changes
        and bool(m2m_changes)
        and record.history_user_id == last_record.history_user_id
        and (record.history_change_reason or "") == (last_record.history_change_reason or "")
        and record.history_date - last_record.history_date <= SAME_SAVE
    )


def history_entries(obj, shown_as=None) -> list[HistoryEntry]:
    """The object's history, newest first, each row diffed against the one before it.

    One query for the historical rows with their users, plus one per tracked many-to-many
    field; the diffs compare field values in memory, foreign keys by id, so the count does
    not grow with rows. The relation rows a save writes right after it join its entry.
    ``shown_as``: see record_changes.
    """
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    model_fields = {f.name: f for f in type(obj)._meta.fields}
    m2m_fields = list(obj.history.model._history_m2m_fields)
    # diff_against would query the many-to-many snapshots twice per row; they are diffed below.
    excluded = (*NOISE_FIELDS, *(f.name for f in m2m_fields))
    snapshots = _m2m_snapshots(obj.history.model, m2m_fields, records) if records and m2m_fields else {}

    def m2m_changes(before, after) -> list[FieldChange]:
        changes = []
        for m2m_field in m2m_fields:
            by_row = snapshots[m2m_field.name]
            old = by_row[before.history_id] if before is not None else {}
            change = _m2m_change(m2m_field, old, by_row[after.history_id])
            if change is not None:
                changes.append(change)
        return changes

    entries: list[HistoryEntry] = []
    previous = entry_base = None  # the row before this one; the row the last entry diffs against
    for record in records:
        field_changes = []
        if previous is not None:
            field_changes = record_changes(record, previous, model_fields, excluded, shown_as)
        relation_changes = m2m_changes(previous, record) if previous is not None else []
        if entries and _continues(previous, record, field_changes, relation_changes):
            entry = entries[-1]
            entry.changes = [c for c in entry.changes if not c.is_m2m] + m2m_changes(entry_base, record)
            entry.history_id = record.history_id
        else:
            entry_base = previous
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=ACTIONS.get(record.history_type, record.history_type),
                    reason=record.history_change_reason or "",
                    changes=field_changes + relation_changes,
                    history_id=record.history_id,
                    kind=ACTION_KINDS.get(record.history_type, record.history_type),
                )
            )
        previous = record
    entries.reverse()
    return entries
