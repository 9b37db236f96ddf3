from rest_framework import viewsets

from .concurrency import OptimisticLockingMixin
from .permissions import RoleModelPermissions


class RecordViewSet(OptimisticLockingMixin, viewsets.ModelViewSet):
    """Read and write one kind of record, with role permissions and 412 on stale writes."""

    permission_classes = [RoleModelPermissions]


class ReadOnlyRecordViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RoleModelPermissions]
