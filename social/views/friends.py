"""Friends (with balances and presence), invites (create, accept by link) and IOUs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from social import balances, selectors
from social.actions import accept_invite, create_invite, record_iou, settle_iou
from social.forms import AcceptInviteForm, InviteForm, IOUForm, SettleIOUForm
from social.page_tools import page, run_action
from social.views.people import people


def invite_link(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("social-invite", args=[code]))


@page
def friends(request: HttpRequest) -> HttpResponse:
    me = request.user
    ids = selectors.friend_ids(me.pk)
    by_id = people(ids)
    owed: dict = {}
    for other, currency, amount in balances.people_balances(me.pk):
        owed.setdefault(other, []).append((currency, amount))
    rows = [{"user": by_id[i], "balances": owed.get(i, [])} for i in ids if i in by_id]
    strangers = [{"user": u, "balances": owed[i]} for i, u in people([i for i in owed if i not in by_id]).items()]
    form = InviteForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        invite = run_action(form, create_invite, me, **form.cleaned_data)
        if invite is not None:
            link = invite_link(request, invite.code)
            form = InviteForm()
    return render(request, "social/friends.html", {
        "rows": rows, "others": strangers, "form": form, "link": link, "accept_form": AcceptInviteForm(),
    })


@login_required
def invite_accept(request: HttpRequest, code: str = "") -> HttpResponse:
    form = AcceptInviteForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, accept_invite, request.user, code=form.cleaned_data["code"]) is not None
    ):
        messages.success(request, "Invite accepted: you are friends now.")
        return redirect("social-friends")
    return render(request, "social/invite_accept.html", {"form": form, "code": code})


@page
def ious(request: HttpRequest) -> HttpResponse:
    me = request.user
    friends_by_id = people(selectors.friend_ids(me.pk))
    form = IOUForm(request.POST or None, friends=friends_by_id.values(),
                   initial={"date": timezone.localdate(), "currency": me.profile.default_currency})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        iou = run_action(form, record_iou, me, direction=d["direction"], amount=d["amount"],
                         currency=d["currency"], date=d["date"], friend_id=d["friend"] or None,
                         contact_name=d["contact_name"], note=d["note"])
        if iou is not None:
            messages.success(request, "IOU recorded.")
            return redirect("social-ious")
    items = list(selectors.ious_visible_to(me).select_related("owner", "friend")[:200])
    for item in items:
        item.mine = item.owner_id == me.pk
    return render(request, "social/ious.html", {"form": form, "items": items, "settle_form": SettleIOUForm()})


@page
def iou_settle(request: HttpRequest, iou_id: str) -> HttpResponse:
    iou = selectors.get_iou_for(request.user, iou_id)
    form = SettleIOUForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (
        run_action(form, settle_iou, request.user, iou=iou, amount=form.cleaned_data["amount"]) is not None
    ):
        messages.success(request, "IOU settled.")
        return redirect("social-ious")
    return render(request, "social/iou_settle.html", {"form": form, "iou": iou})
