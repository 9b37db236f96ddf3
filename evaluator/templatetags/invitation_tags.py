"""``{% invitations_panel response %}``: the response page's vendor-portal invitations and the
portal activity (evaluator/portal/manage_selectors.py: two queries however many there are)."""

from django import template

from evaluator.portal.manage_forms import InviteForm
from evaluator.portal.manage_selectors import RECENT_EVENTS, response_events, response_invitations

register = template.Library()


@register.inclusion_tag("evaluator/invitations/_panel.html", takes_context=True)
def invitations_panel(context, response):
    user = context["request"].user
    may_invite = user.has_perm("evaluator.add_invitation")
    return {
        "response": response,
        "rows": response_invitations(response),
        "events": response_events(response),
        "recent_limit": RECENT_EVENTS,
        "may_invite": may_invite,
        "can_invite_now": may_invite and response.is_editable,
        "can_revoke": user.has_perm("evaluator.change_invitation"),
        "form": InviteForm(auto_id="invite_%s") if may_invite and response.is_editable else None,
        "csrf_token": context.get("csrf_token"),
    }
