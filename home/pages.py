"""The home page: what needs the signed-in user's attention, each entry linking to its fact."""

from django.utils import timezone
from django.views.generic import TemplateView

from common.pages import RolePermissionMixin
from home import rules
from home.expiring import expiring_soon
from home.selectors import attention
from home.services import start_visit


class HomeView(RolePermissionMixin, TemplateView):
    """Every role: executives read; procurement and risk leaders also see their work items."""

    # Every role reads the vendor record; a signed-in user without a role gets 403.
    permission_required = "vendors.view_vendor"
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since, first_visit = start_visit(self.request.user, self.request.session)
        today = timezone.localdate()
        context.update(attention(self.request.user, since, today))
        context["expiring"] = expiring_soon(self.request.user, today)
        context.update({"since": since, "first_visit": first_visit, "today": today, "rules": rules})
        return context
