"""``/api/documents/``: the evidence vault (registered in config/api.py).

Every signed-in role reads; risk leaders and procurement write (role permissions on
VendorDocument). Create and update take multipart (the file) or JSON (without a file on update).
The list is one query for the page, plus the count, plus one per prefetched relation
(capabilities, answers), however many documents (tests/vendors/test_documents_api.py).
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from common.downloads import stored_file
from common.rest.history import HistoryActionMixin
from common.rest.negotiation import JsonErrorsNegotiation
from common.rest.viewsets import RecordViewSet
from vendors.documents.selectors import answer_model
from vendors.documents.serializers import VendorDocumentSerializer
from vendors.models import VendorDocument


class VendorDocumentViewSet(HistoryActionMixin, RecordViewSet):
    serializer_class = VendorDocumentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = {
        "vendor": ["exact"],
        "vendor__slug": ["exact"],
        "kind": ["exact"],
        "valid_until": ["gte", "lte", "isnull"],
        "capabilities": ["exact"],
    }
    search_fields = ["title", "issuer", "scope", "vendor__name"]
    ordering_fields = ["valid_from", "valid_until", "title", "updated_at"]
    ordering = ["vendor__name", "valid_until", "title"]

    def get_queryset(self):
        answers = answer_model().objects.visible_to(self.request.user).only("pk")
        return (
            VendorDocument.objects.select_related("vendor", "uploaded_by")
            .prefetch_related("capabilities", Prefetch("answers", queryset=answers))
            .distinct()
        )

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download the document's file (404 when it has none)",
    )
    @action(
        detail=True,
        methods=["get"],
        content_negotiation_class=JsonErrorsNegotiation,
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, pk=None):
        """The document's file, as an attachment."""
        document = self.get_object()
        if not document.file:
            raise exceptions.NotFound("This document has no file.")
        try:
            return stored_file(document.file)
        except FileNotFoundError:
            raise exceptions.NotFound("The document's file is missing.") from None
