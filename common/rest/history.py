"""``GET /api/<resource>/{id}/history/``: a record's audit history, for any viewset.

A viewset adds ``HistoryActionMixin`` to its bases. The record is found by the
viewset's own ``get_object()``, so the history has exactly the visibility of the
record (an evaluation outside the caller's reach is 404, another evaluator's manual
score too). The entries are those of the History pages (common/history.py).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from common.history import history_entries


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as in the record's own representation.")
    label = serializers.CharField(help_text="The field's name as the pages show it.")
    old = serializers.JSONField(
        source="old_value",
        help_text="The value before, as stored: ids for related records, a sorted id list for many-to-many.",
    )
    new = serializers.JSONField(source="new_value", help_text="The value after, as stored.")
    old_display = serializers.CharField(source="old", help_text="The value before, as the pages show it.")
    new_display = serializers.CharField(source="new", help_text="The value after, as the pages show it.")
    added = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Many-to-many fields only (members, candidates): who or what was added; else null.",
    )
    removed = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Many-to-many fields only: who or what was removed; else null.",
    )


class HistoryEntrySerializer(serializers.Serializer):
    history_id = serializers.IntegerField(help_text="The historical row's id; grows with every change.")
    when = serializers.DateTimeField()
    who = serializers.CharField(
        source="username", allow_null=True, help_text="Username; null for the system (imports, daily checks)."
    )
    action = serializers.ChoiceField(source="kind", choices=["created", "changed", "deleted"])
    reason = serializers.CharField(allow_blank=True, help_text="Why, when the change was given a reason.")
    changes = HistoryChangeSerializer(
        many=True,
        help_text="Each field's old and new value; on creation only the members or candidates set with it.",
    )


class HistoryActionMixin:
    """Adds the read-only ``history/`` route to a record viewset."""

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        summary="Audit history: who changed what, when, and why (newest first)",
        description=(
            "Every saved change of this record, newest first: who (null for the system), when, "
            "created/changed/deleted, the reason given, and each field's old and new value. "
            "Visible to whoever may read the record; read-only."
        ),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, *args, **kwargs):
        subject = self.get_object()
        # The list is about past rows, not the record as it is: no ETag for If-Match to reuse.
        self._etag_instance = None
        page = self.paginate_queryset(self.history_of(subject))
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)

    def history_of(self, subject):
        """The entries; a viewset whose records hold values some readers may not see overrides it."""
        return history_entries(subject)
