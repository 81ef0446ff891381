"""social's models as they reach devices: registered with realtime's change feed."""

from __future__ import annotations

from realtime import presence, registry
from social import selectors
from social.api.serializers import (
    CommentOut,
    ExpenseOut,
    FriendshipOut,
    GroupOut,
    InviteOut,
    IOUOut,
    SettlementOut,
)
from social.models import IOU, Comment, Expense, Friendship, Group, Invite, Settlement

registry.register(
    Friendship, entity="friend", serializer=FriendshipOut,
    audience=lambda f: f.member_ids(),
    visible=selectors.friendships_visible_to,
)
registry.register(
    Invite, entity="invite", serializer=InviteOut,
    audience=lambda i: [u for u in (i.inviter_id, i.accepted_by_id) if u],
    visible=selectors.invites_visible_to,
)
registry.register(
    Group, entity="group", serializer=GroupOut,
    audience=lambda g: g.member_ids(),
    visible=selectors.groups_visible_to,
)
registry.register(
    Expense, entity="expense", serializer=ExpenseOut,
    audience=selectors.expense_audience,
    visible=selectors.expenses_visible_to,
)
registry.register(
    Comment, entity="comment", serializer=CommentOut,
    audience=lambda c: selectors.expense_audience(c.expense),
    visible=selectors.comments_visible_to,
)
registry.register(
    Settlement, entity="settlement", serializer=SettlementOut,
    audience=selectors.settlement_audience,
    visible=selectors.settlements_visible_to,
)
registry.register(
    IOU, entity="iou", serializer=IOUOut,
    audience=lambda i: i.member_ids(),
    visible=selectors.ious_visible_to,
)

# Friends see each other's presence (realtime asks; it never imports social).
presence.register_audience(selectors.friend_ids)
