from rest_framework.permissions import DjangoModelPermissions

VIEW = ["%(app_label)s.view_%(model_name)s"]


class RoleModelPermissions(DjangoModelPermissions):
    """Model permissions granted to the role groups decide, reads included.

    DRF's DjangoModelPermissions lets any signed-in user read; the UI asks
    for ``view_<model>``, so the API does too.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": VIEW,
        "HEAD": VIEW,
        "OPTIONS": VIEW,
    }
