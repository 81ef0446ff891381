"""Friends (with balances and presence), invites (create, accept by link) and IOUs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import clock, display
from config.api.errors import Conflict
from social import balances, invite_landings, selectors
from social.actions import (
    accept_invite,
    cancel_invite,
    create_invite,
    record_expense,
    record_iou,
    settle_iou,
)
from social.actions.friends import meant_for, not_for
from social.forms import AcceptInviteForm, ExpenseForm, InviteForm, IOUForm, SettleIOUForm
from social.page_tools import page, rate_limited, run_action
from social.views.expense_rows import with_payers_and_share
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
    default = me.profile.default_currency
    rows = [{"user": by_id[i], "balances": owed.get(i, []),
             # No balance yet in my currency: a hidden zero the offline client can move.
             "zero": None if any(cur == default for cur, __ in owed.get(i, [])) else default}
            for i in ids if i in by_id]
    strangers = [{"user": u, "balances": owed[i]} for i, u in people([i for i in owed if i not in by_id]).items()]
    form = InviteForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        invite = run_action(form, create_invite, me, **form.cleaned_data)
        if invite is not None:
            link = invite_link(request, invite.code)
            form = InviteForm()
    direct = with_payers_and_share(selectors.expenses_visible_to(me).filter(group=None)[:20], me=me, known=by_id)
    for e in direct:  # the page whose form edits it offline: the one with its other person, a friend
        others = [s.user_id for s in selectors.shares_of(e) if s.user_id != me.pk]
        e.form_url = reverse("social-friend-expense-new", args=[others[0]]) if len(others) == 1 and others[0] in by_id else ""
    pending = list(selectors.pending_invites_of(me)[:20])
    for invite in pending:
        invite.target = invite.name or meant_for(invite)
    return render(request, "social/friends.html", {
        "rows": rows, "others": strangers, "form": form, "link": link, "accept_form": AcceptInviteForm(),
        "direct": direct, "pending": pending,
    })


@page
@require_POST
def invite_cancel(request: HttpRequest, invite_id: str) -> HttpResponse:
    invite = selectors.get_invite_for(request.user, invite_id)
    try:
        cancel_invite(request.user, invite=invite)
    except Conflict:
        messages.error(request, _("That invite has already been accepted."))
    else:
        messages.success(request, _("Invite cancelled: its link no longer works."))
    return redirect(reverse("social-friends") + "#pending-invites")


@page
def friend_expense_new(request: HttpRequest, user_id: str) -> HttpResponse:
    """An expense between me and one friend, outside any group."""
    me = request.user
    friend = people([i for i in selectors.friend_ids(me.pk) if str(i) == str(user_id)]).values()
    friend = next(iter(friend), None)
    if friend is None:
        raise Http404("No such friend.")
    form = ExpenseForm(request.POST or None, people=[me, friend], me=me,
                       initial={"currency": me.profile.default_currency, "date": clock.user_today(request.user)})
    if request.method == "POST" and form.is_valid() and (
        run_action(form, record_expense, me, group=None, **form.action_kwargs()) is not None
    ):
        messages.success(request, _("Expense added."))
        return redirect("social-friends")
    return render(request, "social/expense_form.html", {"form": form, "group": None, "expense": None, "friend": friend})


def invite_in(path: str):
    """The open, unexpired invite a `next` path leads to (/invite/<code>/), or None: the sign-up
    and log-in pages name it to a signed-out invitee."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    if match.url_name != "social-invite":
        return None
    invite = selectors.open_invite(match.kwargs["code"])
    return invite if invite is not None and invite.expires_at > timezone.now() else None


def invite_accept(request: HttpRequest, code: str = "") -> HttpResponse:
    if not request.user.is_authenticated:  # an invitee is most likely new: sign-up first (it links to log-in)
        return redirect(f"{reverse('signup')}?{urlencode({'next': request.get_full_path()})}")
    form = AcceptInviteForm(request.POST or None, initial={"code": code})
    accepted = None
    if request.method == "POST" and form.is_valid() and rate_limited(form, "invite", str(request.user.pk)):
        accepted = run_action(form, accept_invite, request.user, code=form.cleaned_data["code"])
    if accepted is not None:
        message, url = invite_landings.landing(accepted)
        messages.success(request, message)
        return redirect(url)
    invite = selectors.open_invite(code) if code else None
    target = meant_for(invite) if invite is not None else ""
    mine = invite is not None and not_for(invite, request.user) is None
    inviter = invite.inviter if invite is not None and invite.inviter_id != request.user.pk else None
    return render(request, "social/invite_accept.html",
                  {"form": form, "code": code, "target": target, "mine": mine, "inviter": inviter})


@page
def ious(request: HttpRequest) -> HttpResponse:
    me = request.user
    friends_by_id = people(selectors.friend_ids(me.pk))
    form = IOUForm(request.POST or None, friends=friends_by_id.values(),
                   initial={"date": clock.user_today(request.user), "currency": me.profile.default_currency})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        iou = run_action(form, record_iou, me, direction=d["direction"], amount=d["amount"],
                         currency=d["currency"], date=d["date"], friend_id=d["friend"] or None,
                         contact_name=d["contact_name"], note=d["note"])
        if iou is not None:
            messages.success(request, _("IOU recorded."))
            return redirect("social-ious")
    items = list(selectors.ious_visible_to(me).select_related("owner", "friend")
                 .prefetch_related(selectors.pending_payments())[:200])
    for item in items:
        item.mine = item.owner_id == me.pk
    return render(request, "social/ious.html", {"form": form, "items": items, "settle_form": SettleIOUForm()})


@page
def iou_settle(request: HttpRequest, iou_id: str) -> HttpResponse:
    iou = selectors.get_iou_for(request.user, iou_id)
    form = SettleIOUForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and rate_limited(form, "invite", str(request.user.pk)) and (
        (done := run_action(form, settle_iou, request.user, iou=iou, amount=form.cleaned_data["amount"])) is not None
    ):
        # A part payment leaves the IOU open: say what is left, never "settled".
        if getattr(done, "settled_at", None):
            messages.success(request, _("IOU settled."))
        else:
            left = display.money(done.amount - done.settled, done.currency)
            messages.success(request, _("Payment recorded: %(amount)s still to settle.") % {"amount": left})
        return redirect("social-ious")
    return render(request, "social/iou_settle.html", {"form": form, "iou": iou})
