from django.contrib.auth.mixins import PermissionRequiredMixin


class RolePermissionMixin(PermissionRequiredMixin):
    """Signed-in users without the permission get 403; LoginRequiredMiddleware handles the rest."""

    raise_exception = True
