"""Invites, friends and the overall balances."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config import money
from config.api.errors import NotFound
from config.api.serializers import represent
from social import actions, balances, login_guard, selectors
from social.api.common import parse
from social.api.inputs import AcceptIn, FriendOut, InviteCreatedOut, InviteIn, OverallBalancesOut
from social.api.serializers import InviteOut
from social.models import GroupBalance, Invite, User


class InviteCreateView(generics.ListAPIView):
    """GET: the invites the user made (pending, accepted, expired; cancelled ones are gone) and
    the ones they accepted, newest first: what devices keep of the `invite` entity."""

    serializer_class = InviteOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invite.objects.none()
        return selectors.invites_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=InviteIn, responses={201: InviteCreatedOut})
    def post(self, request: Request) -> Response:
        """An invite link. Naming an `email` or `phone` makes it for that person only: it can be
        accepted only from an account with that (confirmed) email or that phone."""
        data = parse(InviteIn, request)
        invite = actions.create_invite(request.user, purpose="friend", **data)
        out = represent(InviteOut, invite)
        return Response({k: out[k] for k in ("code", "link", "expires_at")}, status=status.HTTP_201_CREATED)


class InviteDetailView(APIView):
    @extend_schema(responses=InviteOut)
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(InviteOut, selectors.get_invite_for(request.user, pk)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: UUID) -> Response:
        """Cancel an invite nobody has used yet (the inviter only): its link stops working.
        Already used: 409 `invite_used`."""
        actions.cancel_invite(request.user, invite=selectors.get_invite_for(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteAcceptView(APIView):
    @extend_schema(request=AcceptIn, responses={200: InviteOut})
    def post(self, request: Request) -> Response:
        """Accept an invite by its code. An invite meant for someone else answers 403
        `invite_not_for_you`; meant for this account's email while it is unconfirmed, 403
        `email_unconfirmed`."""
        data = parse(AcceptIn, request)  # malformed requests are refused before they count
        login_guard.limit("invite", str(request.user.pk), per_hour=settings.INVITE_ACCEPTS_PER_USER_HOUR)
        return Response(represent(InviteOut, actions.accept_invite(request.user, code=data["code"])))


def _amounts(rows: list[tuple[str, Decimal]]) -> list[dict[str, str]]:
    return [{"currency": c, "amount": money.format_amount(a, c)} for c, a in rows]


class FriendListView(generics.ListAPIView):
    serializer_class = FriendOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return User.objects.filter(id__in=selectors.friend_ids(self.request.user.pk)).order_by("name", "id")

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(friend_rows(request.user, page))


def friend_rows(user: User, people: list[User]) -> list[dict]:
    by_person: dict[UUID, list[tuple[str, Decimal]]] = defaultdict(list)
    for other, currency, amount in balances.people_balances(user.pk):
        by_person[other].append((currency, amount))
    since = {
        (f.user_high_id if f.user_low_id == user.pk else f.user_low_id): f.updated_at
        for f in selectors.friendships_visible_to(user)
    }
    return [
        {"user": str(p.pk), "name": p.name, "email": p.email, "since": since.get(p.pk),
         "balances": _amounts(by_person.get(p.pk, []))}
        for p in people
    ]


class FriendDetailView(APIView):
    def _friend(self, request: Request, user_id: UUID) -> User:
        if not selectors.are_friends(request.user.pk, user_id):
            raise NotFound("No such friend.")
        return User.objects.get(pk=user_id)

    @extend_schema(responses={200: FriendOut})
    def get(self, request: Request, user_id: UUID) -> Response:
        return Response(friend_rows(request.user, [self._friend(request, user_id)])[0])

    @extend_schema(responses={204: None})
    def delete(self, request: Request, user_id: UUID) -> Response:
        self._friend(request, user_id)
        actions.remove_friend(request.user, friend_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BalancesView(APIView):
    """Where the user stands with every person (over all groups, direct expenses and IOUs)
    and in every group, per currency. Positive: is owed."""

    @extend_schema(responses={200: OverallBalancesOut})
    def get(self, request: Request) -> Response:
        rows = balances.people_balances(request.user.pk)
        names = dict(User.objects.filter(id__in={r[0] for r in rows}).values_list("id", "name"))
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for _, currency, amount in rows:
            totals[currency] += amount
        mine = (
            GroupBalance.objects.filter(user=request.user, group__in=selectors.groups_visible_to(request.user))
            .exclude(net=0).select_related("group").order_by("group__name", "group_id", "currency")
        )
        return Response({
            "people": [
                {"user": str(u), "name": names.get(u, ""), "currency": c, "amount": money.format_amount(a, c)}
                for u, c, a in rows
            ],
            "groups": [
                {"group": str(b.group_id), "name": b.group.name, "currency": b.currency,
                 "amount": money.format_amount(b.net, b.currency)}
                for b in mine
            ],
            "totals": _amounts(sorted(totals.items())),
        })


