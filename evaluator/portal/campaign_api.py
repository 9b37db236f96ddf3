"""/api/campaigns/: list, read (the board's rows), create, and remind the late (issue 15 §2).

The same service as the pages (campaigns.py): creating is all or nothing (400 with what is
wrong, nothing saved) and answers 201 with each vendor's private link, in that answer only.
Reading needs the view permission (executives too); creating the add permission, reminding the
change permission. An evaluation's campaign is 404 for those who do not see the evaluation.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from common.rest.permissions import RoleModelPermissions
from evaluator.models import Campaign
from evaluator.portal import campaigns
from evaluator.portal.campaign_serializers import (
    CampaignCreatedSerializer,
    CampaignCreateSerializer,
    CampaignDetailSerializer,
    CampaignSerializer,
)
from evaluator.portal.campaigns import Entry
from evaluator.responses.answers_api import ChangePermission

RemindedSerializer = inline_serializer(
    "RemindLateResult", {"sent": serializers.IntegerField(help_text="Reminders sent now.")}
)


class CampaignViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Campaigns: one questionnaire version sent to many vendors, each with a private link."""

    permission_classes = [RoleModelPermissions]
    serializer_class = CampaignSerializer
    queryset = Campaign.objects.none()  # for the permissions and the schema; see get_queryset
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return (
            campaigns.visible_campaigns(self.request.user)
            .select_related("questionnaire", "created_by")
            .annotate(
                invited=Count("invitations"),
                submitted=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
            )
            .order_by("-created_at", "-pk")
        )

    def get_object(self) -> Campaign:
        value = str(self.kwargs["pk"])
        campaign = self.get_queryset().filter(pk=value).first() if value.isdigit() else None
        if campaign is None:
            raise NotFound("No such campaign.")
        return campaign

    def board(self, campaign: Campaign) -> dict:
        rows = campaigns.board_rows(campaign)
        return {"campaign": campaign, "counts": campaigns.board_counts(rows), "vendors": rows}

    @extend_schema(responses={200: CampaignDetailSerializer}, summary="A campaign with one row per vendor")
    def retrieve(self, request, pk=None):
        return Response(CampaignDetailSerializer(self.board(self.get_object())).data)

    @extend_schema(
        request=CampaignCreateSerializer,
        responses={201: CampaignCreatedSerializer},
        summary="Send a questionnaire version to many vendors (all or nothing); the links come back once",
    )
    def create(self, request):
        given = CampaignCreateSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            created = campaigns.create_campaign(
                title=data["title"],
                questionnaire=data["questionnaire"],
                evaluation=data.get("evaluation"),
                entries=[
                    Entry(item["vendor"], item["email"].lower(), n) for n, item in enumerate(data["vendors"])
                ],
                deadline=data["deadline"],
                grace_days=data["grace_days"],
                message=data["message"],
                require_code=data["require_code"],
                user=request.user,
            )
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        campaign = self.get_queryset().get(pk=created.campaign.pk)
        body = {
            **self.board(campaign),
            "links": [
                {
                    "vendor": invitation.response.vendor_id,
                    "email": invitation.email,
                    "invitation": invitation.pk,
                    "link": link,
                }
                for invitation, link in created.links
            ],
        }
        answer = Response(CampaignCreatedSerializer(body).data, status=status.HTTP_201_CREATED)
        answer["Cache-Control"] = "no-store"
        return answer

    @extend_schema(
        request=None,
        responses={200: RemindedSerializer},
        summary="Remind every contact who is overdue or due within 3 days and has not submitted (once a day)",
    )
    @action(detail=True, methods=["post"], url_path="remind-late", permission_classes=[ChangePermission])
    def remind_late(self, request, pk=None):
        return Response({"sent": campaigns.remind_late(self.get_object())})
