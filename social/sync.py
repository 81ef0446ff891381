"""social's models as they reach devices: registered with realtime's change feed."""

from __future__ import annotations

from realtime import presence, registry
from social import selectors
from social.api.serializers import (
    CommentOut,
    ExpenseOut,
    FriendBalanceFeedOut,
    FriendshipOut,
    GroupBalancesFeedOut,
    GroupOut,
    InviteOut,
    IOUOut,
    IOUPaymentOut,
    PersonCardOut,
    ReceiptOut,
    RecurringExpenseOut,
    SettlementOut,
)
from social.balance_events import FriendPosition, GroupBalanceSheet
from social.models import (
    IOU,
    Comment,
    Expense,
    Friendship,
    Group,
    Invite,
    IOUPayment,
    Profile,
    Receipt,
    RecurringExpense,
    Settlement,
)

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
    RecurringExpense, entity="recurring_expense", serializer=RecurringExpenseOut,
    audience=selectors.recurring_expense_audience,
    visible=lambda user: selectors.recurring_expenses_visible_to(user).filter(deleted_at=None),
)
registry.register(
    Comment, entity="comment", serializer=CommentOut,
    audience=lambda c: selectors.expense_audience(c.expense),
    visible=selectors.comments_visible_to,
)
registry.register(
    Receipt, entity="receipt", serializer=ReceiptOut,
    audience=lambda r: selectors.expense_audience(r.expense),
    visible=selectors.receipts_visible_to,
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
registry.register(
    IOUPayment, entity="iou_payment", serializer=IOUPaymentOut,
    audience=lambda p: p.iou.member_ids(),
    visible=selectors.iou_payments_visible_to,
)
# Event entities: a person's card and balances (see social.balance_events) tell devices what
# changed and what it is now; the snapshot carries them as they stand (a group for each of the
# user's groups, a position for each friend, the card of everyone they know).
registry.register(
    Profile, entity="person", serializer=PersonCardOut,
    audience=lambda p: selectors.acquaintance_ids(p.user_id),
    visible=selectors.people_visible_to,
    event=True,
)
registry.register(
    GroupBalanceSheet, entity="group_balances", serializer=GroupBalancesFeedOut,
    audience=lambda sheet: sheet.group.member_ids() if sheet.members is None else sheet.members,
    visible=selectors.groups_visible_to,
    event=True,
)
registry.register(
    FriendPosition, entity="friend_balance", serializer=FriendBalanceFeedOut,
    audience=lambda position: [position.viewer],
    visible=selectors.friend_positions_of,
    event=True,
)

# Friends see each other's presence (realtime asks; it never imports social).
presence.register_audience(selectors.friend_ids)
