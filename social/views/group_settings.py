"""A group's settings page: rename (name, currency, simplify debts), add and remove members,
leave. Every change goes through the group actions, with the API's rules (members must be
friends; nobody leaves or is removed with an open balance)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import refusals
from config.api.errors import DomainError, NotFound
from social import balances, selectors
from social.actions import add_member, leave_group, remove_member, update_group
from social.forms import AddMemberForm, GroupEditForm
from social.page_tools import page, posted_version, run_action
from social.views.people import people


def _context(request: HttpRequest, group, edit_form=None, add_form=None) -> dict:
    me = request.user
    member_ids = set(selectors.active_members(group).values_list("pk", flat=True))
    members = people(member_ids)
    nets = balances.group_balances(group.pk)
    owing = {u for per in nets.values() for u in per}  # zero rows are left out
    candidates = [f for i, f in people(selectors.friend_ids(me.pk)).items() if i not in member_ids]
    return {
        "group": group,
        "members": [{"user": u, "me": u.pk == me.pk, "open": u.pk in owing} for u in members.values()],
        "edit_form": edit_form or GroupEditForm(initial={"name": group.name, "currency": group.currency,
                                                         "simplify_debts": group.simplify_debts,
                                                         "version": group.version}),
        "add_form": add_form or AddMemberForm(friends=candidates),
        "candidates": candidates,
        "my_open": me.pk in owing,
    }


@page
def group_settings(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    form = GroupEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = posted_version(request, g.version)
        if run_action(form, update_group, request.user, group=g, changes=form.changes(), expected_version=version):
            messages.success(request, _("Group saved."))
            return redirect("social-group", group_id=g.pk)
    return render(request, "social/group_settings.html", _context(request, g, edit_form=form if form.is_bound else None))


@page
@require_POST
def member_add(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    ctx = _context(request, g)
    form = AddMemberForm(request.POST, friends=ctx["candidates"])
    if form.is_valid():
        try:
            add_member(request.user, group=g, user_id=form.cleaned_data["user"])
        except DomainError as exc:
            form.add_error("user", refusals.say(exc))
        else:
            messages.success(request, _("Member added."))
            return redirect("social-group-settings", group_id=g.pk)
    return render(request, "social/group_settings.html", {**ctx, "add_form": form})


@page
@require_POST
def member_remove(request: HttpRequest, group_id: str, user_id: UUID) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    try:
        remove_member(request.user, group=g, user_id=user_id)  # not a member: NotFound, a 404 page
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, refusals.say(exc))
    else:
        name = people([user_id]).get(user_id, "")
        messages.success(request, _("%(name)s is no longer in the group.") % {"name": name})
    return redirect("social-group-settings", group_id=g.pk)


@page
@require_POST
def leave(request: HttpRequest, group_id: str) -> HttpResponse:
    g = selectors.get_group_for(request.user, group_id)
    try:
        leave_group(request.user, group=g)
    except DomainError as exc:
        messages.error(request, refusals.say(exc))
        return redirect("social-group-settings", group_id=g.pk)
    messages.success(request, _("You left %(group)s.") % {"group": g.name})
    return redirect("social-groups")
