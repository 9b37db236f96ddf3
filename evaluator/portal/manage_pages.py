"""Procurement's side of the portal: invite a vendor contact to a response, show the link once,
revoke an invitation, read what the contact did.

The raw token leaves the server twice: in the invitation e-mail and on the page shown right
after inviting. Between the invite and that page it waits in the inviter's session, which the
page empties as it reads it, so a second visit (or the back button) finds nothing to show.
"""

import logging
import smtplib

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView

from evaluator.access.mixins import ResponseMixin
from evaluator.models import Invitation, PortalEvent
from evaluator.portal import invitations
from evaluator.portal.emails import portal_link, send_invitation
from evaluator.portal.manage_forms import InviteForm
from evaluator.portal.manage_selectors import invitation_rows

log = logging.getLogger(__name__)

LINKS_SESSION_KEY = "portal_invitation_links"  # {invitation pk: raw token}, each read once
FORM_FIELDS = set(InviteForm.base_fields)


def panel_url(response) -> str:
    return f"{response.get_absolute_url()}#invitations"


class InvitationMixin(ResponseMixin):
    """Loads the invitation of the URL, inside the response the user may see (404 otherwise)."""

    def get_invitation(self) -> Invitation:
        if not hasattr(self, "_invitation"):
            self._invitation = get_object_or_404(
                Invitation.objects.select_related("invited_by", "revoked_by"),
                pk=self.kwargs["invitation_pk"],
                response=self.get_response(),
            )
        return self._invitation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.get_invitation()
        context.update(
            response=self.get_response(), invitation=invitation, row=invitation_rows([invitation])[0]
        )
        return context


class InviteView(ResponseMixin, FormView):
    """The invite form (also on the response page); errors come back here, on the fields."""

    permission_required = "evaluator.add_invitation"
    form_class = InviteForm
    template_name = "evaluator/invitations/invite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["response"] = self.get_response()
        return context

    def form_valid(self, form):
        response = self.get_response()
        data = form.cleaned_data
        try:
            # The e-mail is part of the invite: if it cannot be sent, nothing is kept.
            with transaction.atomic():
                invitation, token = invitations.invite(
                    response,
                    data["email"],
                    data["deadline"],
                    self.request.user,
                    grace_days=data["grace_days"],
                    message=data["message"],
                    require_code=data["require_code"],
                )
                send_invitation(invitation, token)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in FORM_FIELDS else NON_FIELD_ERRORS, problems)
            return self.form_invalid(form)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("Invitation e-mail to %s could not be sent: %s", data["email"], error)
            form.add_error(
                NON_FIELD_ERRORS,
                "The invitation e-mail could not be sent, so no invitation was made. Try again later "
                "or tell the administrator (the mail server refused or did not answer).",
            )
            return self.form_invalid(form)
        links = self.request.session.get(LINKS_SESSION_KEY, {})
        links[str(invitation.pk)] = token
        self.request.session[LINKS_SESSION_KEY] = links
        return redirect("questionnaires:invitation_link", pk=response.pk, invitation_pk=invitation.pk)


@method_decorator(never_cache, name="dispatch")
class InvitationLinkView(InvitationMixin, TemplateView):
    """The link, once: the token is taken out of the session as the page is drawn."""

    permission_required = "evaluator.add_invitation"
    template_name = "evaluator/invitations/link_once.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = self.request.session.get(LINKS_SESSION_KEY, {})
        token = links.pop(str(self.get_invitation().pk), None)
        if token is not None:
            self.request.session[LINKS_SESSION_KEY] = links
        context["link"] = portal_link(token) if token else None
        return context


class InvitationDetailView(InvitationMixin, ListView):
    """One invitation and everything its contact did in the portal, newest first."""

    permission_required = "evaluator.view_invitation"
    template_name = "evaluator/invitations/detail.html"
    context_object_name = "events"
    paginate_by = 100

    def get_queryset(self):
        return PortalEvent.objects.filter(invitation=self.get_invitation())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_revoke"] = user.has_perm("evaluator.change_invitation") and context["row"].usable
        return context


class RevokeView(InvitationMixin, TemplateView):
    """GET asks for confirmation; POST revokes (the link stops working at once)."""

    permission_required = "evaluator.change_invitation"
    template_name = "evaluator/invitations/revoke.html"

    def post(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        if invitation.revoked_at:
            messages.info(request, f"The invitation to {invitation.email} was already revoked.")
        else:
            invitations.revoke(invitation, request.user)
            messages.success(request, f"Revoked: the link sent to {invitation.email} no longer works.")
        return redirect(panel_url(self.get_response()))
