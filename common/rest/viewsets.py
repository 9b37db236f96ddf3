from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.views import APIView

from common.rest.concurrency import OptimisticLockingMixin
from common.rest.permissions import RoleModelPermissions


class RecordViewSet(OptimisticLockingMixin, viewsets.ModelViewSet):
    """Read and write one kind of record, with role permissions and 412 on stale writes."""

    permission_classes = [RoleModelPermissions]
    # Any id-like segment reaches get_object(), which answers a JSON 404 for "0.5" as for "999".
    lookup_value_regex = "[^/]+"


class ReadOnlyRecordViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RoleModelPermissions]
    lookup_value_regex = "[^/]+"


class NotFoundView(APIView):
    """Any other address under /api/: a JSON 404 in the one error format, not an HTML page."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound("There is no API endpoint at this address; see /api/docs/.")

    post = put = patch = delete = get
