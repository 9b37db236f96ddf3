from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction

from vendors.models.base import StaleVersion, claim_version


class RolePermissionMixin(PermissionRequiredMixin):
    """Signed-in users without the permission get 403; LoginRequiredMiddleware handles the rest."""

    raise_exception = True


class StaleEditGuardMixin:
    """Edit pages of versioned records (TrackedModel): a page opened before someone else saved
    the record cannot overwrite their save unseen.

    The form carries the version it showed in a hidden ``version`` input; the save claims the
    next version with a conditional UPDATE in the same transaction (the API's If-Match rule).
    A post without the input (a script) is checked against the version read at its start.
    """

    stale_message = (
        "Someone else saved this record after you opened this page, so nothing was saved. "
        "Open the record again to see their changes, then make yours."
    )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, initial=form.instance.version
        )
        return form

    def form_valid(self, form):
        seen = form.cleaned_data.get("version")
        with transaction.atomic():
            if seen is not None:
                form.instance.version = seen
            try:
                claim_version(form.instance)
            except StaleVersion:
                form.add_error(None, self.stale_message)
                return self.form_invalid(form)
            return super().form_valid(form)
