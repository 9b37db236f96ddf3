"""What /api/campaigns/ reads and writes (explicit fields; the rules live in campaigns.py)."""

from django.utils import timezone
from rest_framework import serializers

from evaluator.models import Campaign, Evaluation
from evaluator.models.portal import DEFAULT_GRACE_DAYS
from evaluator.portal.campaigns import MAX_VENDORS, issuable_versions
from evaluator.portal.invitations import MAX_GRACE_DAYS
from vendors.models import Vendor


class CampaignSerializer(serializers.ModelSerializer):
    questionnaire_title = serializers.CharField(source="questionnaire.__str__", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    invited = serializers.IntegerField(read_only=True, help_text="Invitations in the campaign.")
    submitted = serializers.IntegerField(read_only=True, help_text="Of which submitted.")

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "questionnaire",
            "questionnaire_title",
            "evaluation",
            "deadline",
            "grace_days",
            "message",
            "created_by",
            "created_at",
            "invited",
            "submitted",
        ]
        read_only_fields = fields


class CampaignRowSerializer(serializers.Serializer):
    """One vendor of a campaign, as on its board."""

    vendor = serializers.IntegerField(source="response.vendor_id")
    vendor_name = serializers.CharField(source="response.vendor.name")
    response = serializers.IntegerField(source="response.pk")
    email = serializers.EmailField(source="invitation.email")
    state = serializers.CharField(help_text="sent, opened, in_progress, submitted, expired or revoked")
    progress_percent = serializers.IntegerField(source="response.progress_percent")
    deadline = serializers.DateField(source="invitation.deadline")
    overdue_days = serializers.IntegerField(
        help_text="Days past the deadline without a submission; 0 if none."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    response_status = serializers.CharField(source="response.status")
    accepted = serializers.BooleanField()
    last_activity_at = serializers.DateTimeField(source="invitation.last_activity_at", allow_null=True)


class CountsSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    opened = serializers.IntegerField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    overdue = serializers.IntegerField()


class CampaignDetailSerializer(serializers.Serializer):
    """A campaign's board: the campaign, its counts and one row per vendor."""

    campaign = CampaignSerializer()
    counts = CountsSerializer()
    vendors = CampaignRowSerializer(many=True)


class LinkSerializer(serializers.Serializer):
    vendor = serializers.IntegerField()
    email = serializers.EmailField()
    invitation = serializers.IntegerField()
    link = serializers.CharField(help_text="The private portal link: in this answer only, never stored.")


class CampaignCreatedSerializer(CampaignDetailSerializer):
    links = LinkSerializer(many=True)


class VendorContactSerializer(serializers.Serializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    email = serializers.EmailField()


class CampaignCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    questionnaire = serializers.PrimaryKeyRelatedField(
        queryset=issuable_versions(),
        help_text="An issued version, or the newest version of a questionnaire (sending it freezes it).",
    )
    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.none(),
        required=False,
        allow_null=True,
        help_text="Answers for one selection (every vendor must be a candidate); omit for general responses.",
    )
    vendors = VendorContactSerializer(many=True, help_text=f"One contact per vendor, 1 to {MAX_VENDORS}.")
    deadline = serializers.DateField()
    grace_days = serializers.IntegerField(min_value=0, max_value=MAX_GRACE_DAYS, default=DEFAULT_GRACE_DAYS)
    message = serializers.CharField(required=False, allow_blank=True, default="")
    require_code = serializers.BooleanField(default=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["questionnaire"].queryset = issuable_versions()
        request = self.context.get("request")
        if request is not None:
            # As on the page: only evaluations the caller can see; any other id is "invalid".
            fields["evaluation"].queryset = Evaluation.objects.visible_to(request.user)
        return fields

    def validate_deadline(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError("The deadline cannot be in the past.")
        return value

    def validate_vendors(self, value):
        if not value:
            raise serializers.ValidationError("List at least one vendor.")
        if len(value) > MAX_VENDORS:
            raise serializers.ValidationError(f"A campaign goes to at most {MAX_VENDORS} vendors.")
        seen = set()
        for index, item in enumerate(value):
            if item["vendor"].pk in seen:
                raise serializers.ValidationError(f"Item {index}: {item['vendor'].name} is listed twice.")
            seen.add(item["vendor"].pk)
        return value
