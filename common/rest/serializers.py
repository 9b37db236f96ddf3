import copy
from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject


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
    row; for a column of the serializer's model (not a relation, not a method) that is
    ``getattr(instance, name)``. This builds that plan once per serializer and then calls
    each field's own ``to_representation``, so the output is DRF's by construction; any other
    field takes DRF's own path. On the vendor list it was a third of the serializer's time
    (tests/perf/bench_api.py).
    """

    def _representation_plan(self):
        plan = getattr(self, "_plan", None)
        if plan is None:
            model = self.Meta.model
            columns = {field.name for field in model._meta.concrete_fields if not field.is_relation}
            plan = []
            for field in self._readable_fields:
                plain = (
                    type(field).get_attribute is serializers.Field.get_attribute
                    and len(field.source_attrs) == 1
                    and field.source_attrs[0] in columns
                )
                plan.append((field.field_name, field.source_attrs[0] if plain else None, field))
            self._plan = plan
        return plan

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        result = {}
        for name, column, field in self._representation_plan():
            if column is not None:
                value = getattr(instance, column)
            else:
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
