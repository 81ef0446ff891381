"""The business's team page (/khata/<id>/team/): who is a member with which role, the invites
not used yet (each with its link, to send again or cancel), and for the owner the forms that
invite, change a role and remove a member; a member may leave. Every change is an action
(ledger.khata.actions.business, social.actions.cancel_invite)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ledger.khata import actions, selectors
from ledger.khata.actions.business import STAFF_INVITE
from ledger.khata.models import Role
from ledger.khata.views import _ctx
from social import invite_landings
from social.actions import cancel_invite
from social.forms import InviteForm
from social.page_tools import page, run_action
from social.views.friends import invite_link

ROLES = [(Role.MANAGER, gettext_lazy("Manager")), (Role.CLERK, gettext_lazy("Clerk"))]


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLES, initial=Role.CLERK)
    field_order = ["role", "name", "email", "phone"]


def _joined(invite) -> tuple[str, str]:
    """Where a staff invite's accepter lands: the business they joined."""
    from ledger.khata.models import Business

    business = Business.objects.filter(pk=(invite.payload or {}).get("business_id")).first()
    if business is None:
        return _("Invite accepted."), reverse("khata")
    return (_("You joined %(business)s.") % {"business": business.name},
            reverse("khata-parties", args=[business.pk]))


invite_landings.register(STAFF_INVITE, _joined)


@page
def team(request: HttpRequest, business_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    ctx = _ctx(request, business, members=selectors.memberships_of(business), roles=ROLES)
    is_owner = ctx["role"] == Role.OWNER
    form = StaffInviteForm(request.POST or None) if is_owner else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            values = {k: v or "" for k, v in form.cleaned_data.items()}
            if run_action(form, actions.invite_staff, request.user, business=business, **values) is not None:
                messages.success(request, _("Invite made: send its link below."))
                return redirect("khata-team", business_id=business.pk)
    invites = list(selectors.pending_staff_invites(business)) if is_owner else []
    for invite in invites:
        invite.link = invite_link(request, invite.code)
    return render(request, "khata/team.html", {**ctx, "form": form, "invites": invites, "is_owner": is_owner})


@page
@require_POST
def member(request: HttpRequest, membership_id: str) -> HttpResponse:
    """verb=role (with role) or verb=remove; a member removing themselves leaves."""
    membership = selectors.get_membership_for(request.user, membership_id)
    verb = request.POST.get("verb")
    if verb == "role":
        actions.change_role(request.user, membership=membership, role=request.POST.get("role", ""))
        messages.success(request, _("Role changed."))
    elif verb == "remove":
        actions.remove_member(request.user, membership=membership)
        if membership.user_id == request.user.pk:
            messages.success(request, _("You left the business."))
            return redirect("khata")
        messages.success(request, _("Removed from the business."))
    else:
        raise Http404
    return redirect("khata-team", business_id=membership.business_id)


@page
@require_POST
def cancel(request: HttpRequest, business_id: str, invite_id: str) -> HttpResponse:
    business = selectors.get_business_for(request.user, business_id)
    invite = next((i for i in selectors.pending_staff_invites(business) if str(i.pk) == invite_id), None)
    if invite is None:
        raise Http404
    cancel_invite(request.user, invite=invite)
    messages.success(request, _("Invite cancelled: its link no longer works."))
    return redirect("khata-team", business_id=business.pk)
