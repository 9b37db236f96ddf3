import copy
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings


class ModelRulesMixin:
    """Run the model's own rules (clean(), unique fields, constraints) before saving.

    The forms get these checks from ModelForm; here they are run on a copy of
    the record with the request's values applied, so a rule broken by a
    partial update is caught as a 400 naming the field, never as a 500 from
    the database.
    """

    def prepare_candidate(self, candidate, attrs) -> None:
        """Set what the request implies on the candidate before the checks (e.g. its owner); a
        Django ValidationError raised here is a 400 like the model's own rules."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(candidate, name, value)
        try:
            self.prepare_candidate(candidate, attrs)
            candidate.clean()
            candidate.validate_unique()
            candidate.validate_constraints()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
        # Fields the model's clean() derives (a vendor's slug from its name) are saved as derived.
        for name in getattr(self.Meta, "derived_fields", ()):
            attrs[name] = getattr(candidate, name)
        return attrs


class VersionedModelSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A record with a version: read it, and send it back on updates to be safe from lost updates."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text=(
            "Goes up by one on every change. Send the version you read with an update "
            "(or If-Match); if the record has changed since, the answer is 412."
        ),
    )


class UsernameField(serializers.SlugRelatedField):
    """A read-only user reference shown as the username (null when unset).

    A related field, not ``CharField(source="user.username", default=None)``: DRF skips a
    field whose default stands in for a missing value on partial updates, so a PATCH
    answer would leave the key out instead of saying null (schemathesis found it).
    """

    def __init__(self, user_field: str, **kwargs):
        super().__init__(slug_field="username", read_only=True, allow_null=True, **kwargs)
        self.user_field = user_field

    def bind(self, field_name, parent):
        if self.user_field != field_name:  # DRF refuses a source equal to the field's name
            self.source = self.user_field
        super().bind(field_name, parent)


def username(user_field: str) -> UsernameField:
    return UsernameField(user_field)


class PlainFieldsFastMixin:
    """The same representation as DRF's, with less work per row for plain model columns.

    DRF's ``Serializer.to_representation`` walks ``_readable_fields`` and each field's
    generic ``get_attribute`` (dotted sources, callables, missing related objects) for every
    row, and every request builds the serializer's fields anew (``get_fields``: a deep copy of
    the declared fields and a model-field mapping per column). Here the readable fields are
    built once per serializer class and process, each read as ``getattr(instance, column)``
    when it is a column of the serializer's model, and each value turned into JSON by the
    field's own ``to_representation``, so the output is DRF's by construction.

    A list can go further with ``row_columns()`` and ``represent_rows()``: the rows read as
    tuples (``values_list``, no model instances) and the values the database hands back as
    they are when DRF would not change them (text, integers), dates and aware time stamps in
    ISO 8601 as DRF writes them (in the current time zone, ``Z`` for UTC); anything else goes
    through the field's ``to_representation``. On the vendor list (tests/perf/bench_api.py)
    building the fields per request, model instances and DRF's per-field calls were about
    half of the API's time; tests/api/test_vendor_list_output.py compares the answers with a
    plain ModelSerializer's.

    Only for serializers whose fields do not depend on the request or the context.
    """

    @classmethod
    def _class_plan(cls):
        """[(field name, column or None, field, converter)] for the readable fields, built once."""
        plan = cls.__dict__.get("_fast_plan")
        if plan is None:
            plan = []
            model = cls.Meta.model
            columns = {field.name: field for field in model._meta.concrete_fields if not field.is_relation}
            for field in cls(context={})._readable_fields:
                plain = (
                    type(field).get_attribute is serializers.Field.get_attribute
                    and len(field.source_attrs) == 1
                    and field.source_attrs[0] in columns
                )
                column = columns[field.source_attrs[0]] if plain else None
                plan.append(
                    (field.field_name, column.attname if plain else None, field, _converter(field, column))
                )
            cls._fast_plan = plan
        return plan

    @classmethod
    def row_columns(cls) -> list[str] | None:
        """The columns to read with ``values_list`` for ``represent_rows``; None when a readable
        field is not a plain column (then serialize instances)."""
        plan = cls._class_plan()
        if any(column is None for _, column, _, _ in plan):
            return None
        return [column for _, column, _, _ in plan]

    @classmethod
    def represent_rows(cls, rows) -> list[dict]:
        """DRF's representation of rows read as tuples of ``row_columns()``."""
        plan = cls._class_plan()
        names = [name for name, *_ in plan]
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        conversions = []
        for index, (_, _, field, converter) in enumerate(plan):
            if converter is _AS_IS:
                continue
            if converter is _ISO_DATETIME:
                converter = _iso_datetime(field, zone)
            conversions.append((index, converter))
        result = []
        for row in rows:
            values = list(row)
            for index, converter in conversions:
                value = values[index]
                if value is not None:
                    values[index] = converter(value)
            result.append(dict(zip(names, values, strict=True)))
        return result

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        result = {}
        for name, column, field, _ in self._class_plan():
            if column is not None:
                value = getattr(instance, column)
            else:
                field = self.fields[name]  # bound to this serializer, with its context
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            if column is None and isinstance(value, PKOnlyObject):
                result[name] = None if value.pk is None else field.to_representation(value)
            elif value is None:
                result[name] = None
            else:
                result[name] = field.to_representation(value)
        return result


_AS_IS = object()  # the database's value is already what DRF writes
_ISO_DATETIME = object()  # an aware time stamp in ISO 8601, in the current time zone


def _converter(field, column):
    """How ``represent_rows`` turns a column's database value into DRF's representation."""
    if column is None:
        return field.to_representation
    kind = type(field)
    text_column = isinstance(column, (models.CharField, models.TextField)) and not column.choices
    integer_column = isinstance(column, models.IntegerField) and not column.choices
    if text_column and kind in (serializers.CharField, serializers.SlugField, serializers.URLField):
        return _AS_IS  # str(value) of a str
    if integer_column and kind is serializers.IntegerField:
        return _AS_IS  # int(value) of an int
    if kind is serializers.ChoiceField and isinstance(column, (models.CharField, models.IntegerField)):
        return field.to_representation  # choice_strings_to_values, already cheap
    if (
        kind is serializers.DateTimeField
        and isinstance(column, models.DateTimeField)
        and not hasattr(field, "timezone")
        and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601
    ):
        return _ISO_DATETIME
    return field.to_representation


def _iso_datetime(field, zone):
    """DRF's DateTimeField.to_representation for ISO 8601 without its per-value look-ups."""

    def represent(value):
        if zone is None or value.utcoffset() is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent
