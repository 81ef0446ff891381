from social.models.balances import NO_GROUP, GroupBalance, PairBalance
from social.models.expenses import Activity, Comment, Expense, Share, SplitMethod
from social.models.friends import Friendship, Invite
from social.models.groups import Group, Membership
from social.models.receipts import Receipt
from social.models.recurring import RecurringExpense, RecurringExpenseOccurrence, RecurringRepeat
from social.models.sessions import SessionFamily
from social.models.settlements import IOU, Direction, IOUPayment, PaymentStatus, Settlement
from social.models.users import Profile, User

__all__ = [
    "IOU", "NO_GROUP", "Activity", "Comment", "Direction", "Expense", "Friendship", "Group",
    "GroupBalance", "IOUPayment", "Invite", "Membership", "PairBalance", "PaymentStatus", "Profile",
    "Receipt", "RecurringExpense", "RecurringExpenseOccurrence", "RecurringRepeat", "SessionFamily", "Settlement", "Share",
    "SplitMethod", "User",
]
