"""API representation of a vault document. Writes go through documents.services (the pages' rule):
"valid until" before "valid from", a refused file or an answer of another vendor is a 400 naming
the field, and nothing is saved."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from common.rest.serializers import VersionedModelSerializer, username
from vendors.directory.serializers import VendorSummarySerializer
from vendors.documents import services
from vendors.documents.rules import document_status
from vendors.documents.selectors import answer_model
from vendors.models import Capability, VendorDocument


def _as_400(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(error))


class VendorDocumentSerializer(VersionedModelSerializer):
    vendor_detail = VendorSummarySerializer(source="vendor", read_only=True)
    capabilities = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Capability.objects.all(), help_text="Capability ids it documents."
    )
    answers = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=answer_model().objects.none(),
        help_text="Ids of questionnaire answers of the same vendor it supports (answers you may see).",
    )
    owner = serializers.PrimaryKeyRelatedField(
        required=False,
        allow_null=True,
        queryset=VendorDocument._meta.get_field("owner").related_model.objects.filter(is_active=True),
        help_text="The user told 30 days before it expires (id).",
    )
    file = serializers.FileField(
        write_only=True,
        required=False,
        help_text="The document (multipart): at most 5 MB, PDF, PNG, JPEG, XLSX, DOCX, CSV or TXT, checked on "
        "its content. Required on creation; leave it out of an update to keep the file.",
    )
    file_name = serializers.SerializerMethodField(help_text="The stored file's name.")
    uploaded_by = username("uploaded_by")
    # Plain strings in the schema: "" (none given) is not an e-mail address.
    contact_email = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=254,
        validators=[EmailValidator()],
        help_text="The vendor contact told 30 days before it expires (an e-mail address, or empty).",
    )
    uploaded_by_email = serializers.CharField(
        read_only=True, help_text="The vendor contact who uploaded it through the portal; empty otherwise."
    )
    status = serializers.SerializerMethodField(
        help_text='"in_force", "expiring", "expired" or "not_yet", today.'
    )
    status_label = serializers.SerializerMethodField(help_text='The status in words: "expires in 12 days".')
    download_url = serializers.SerializerMethodField(help_text="The file, as a download (same permissions).")

    class Meta:
        model = VendorDocument
        fields = [
            "id",
            "vendor",
            "vendor_detail",
            "kind",
            "title",
            "issuer",
            "scope",
            "valid_from",
            "valid_until",
            "status",
            "status_label",
            "file",
            "file_name",
            "download_url",
            "capabilities",
            "answers",
            "owner",
            "contact_email",
            "uploaded_by",
            "uploaded_by_email",
            "expiry_notice_sent_at",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["uploaded_by_email", "expiry_notice_sent_at", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "answers" in self.fields:
            self.fields["answers"].child_relation.queryset = (
                answer_model().objects.visible_to(request.user).select_related("response")
            )

    def _status(self, document):
        return document_status(document.valid_from, document.valid_until, timezone.localdate())

    def get_status(self, document) -> str:
        return self._status(document).key

    def get_status_label(self, document) -> str:
        return self._status(document).label

    def get_download_url(self, document) -> str:
        return reverse("api:document-download", args=[document.pk])

    def get_file_name(self, document) -> str:
        return document.file.name.rsplit("/", 1)[-1] if document.file else ""

    def validate_vendor(self, vendor):
        if self.instance is not None and vendor.pk != self.instance.vendor_id:
            raise serializers.ValidationError("A document cannot move to another vendor.")
        return vendor

    def validate(self, attrs):
        # The service's own checks first, so that the dates and the file are field errors.
        if self.instance is None and not attrs.get("file"):
            raise serializers.ValidationError({"file": "Upload the document's file (multipart)."})
        valid_from = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        valid_until = attrs.get("valid_until", getattr(self.instance, "valid_until", None))
        try:
            services.check_dates(valid_from, valid_until)
            services.check_file(attrs.get("file"))
        except DjangoValidationError as error:
            raise _as_400(error) from None
        return super().validate(attrs)

    def create(self, validated_data):
        data = dict(validated_data)
        vendor = data.pop("vendor")
        try:
            return services.add_document(vendor, uploaded_by=self.context["request"].user, **data)
        except DjangoValidationError as error:
            raise _as_400(error) from None

    def update(self, instance, validated_data):
        data = dict(validated_data)
        data.pop("vendor", None)
        try:
            # The viewset's OptimisticLockingMixin claimed the version in this transaction.
            return services.update_document(instance, claim=False, **data)
        except DjangoValidationError as error:
            raise _as_400(error) from None
