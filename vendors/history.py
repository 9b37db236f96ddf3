"""Audit history pages: turn django-simple-history rows into "who, when, what changed".

Every domain model carries ``history = HistoricalRecords()``; a save through the
ORM writes one historical row with the user of the request (HistoryRequestMiddleware).
Bulk writes that bypass save() write no row: see docs/operations.md ("Audit history").
"""

from dataclasses import dataclass, field

# Bookkeeping that changes on every save and says nothing a reader needs (diff_against compares
# editable fields only, so these are skipped anyway; listed to say so).
NOISE_FIELDS = ("updated_at", "version", "created_at")

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _shown(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def history_entries(obj) -> list[HistoryEntry]:
    """The object's history, newest first, each row diffed against the one before it.

    One query (the historical rows with their users); the diffs compare field
    values in memory, foreign keys by id, so the count does not grow with rows.
    """
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    model_fields = {f.name: f for f in type(obj)._meta.fields}
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=NOISE_FIELDS)
            for change in delta.changes:
                model_field = model_fields.get(change.field)
                label = str(model_field.verbose_name) if model_field else change.field
                changes.append(
                    FieldChange(label, _shown(model_field, change.old), _shown(model_field, change.new))
                    if model_field
                    else FieldChange(label, str(change.old), str(change.new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
