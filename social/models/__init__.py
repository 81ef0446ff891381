from social.models.balances import NO_GROUP, GroupBalance, PairBalance
from social.models.expenses import Activity, Comment, Expense, Share, SplitMethod
from social.models.friends import Friendship, Invite
from social.models.groups import Group, Membership
from social.models.settlements import IOU, Direction, Settlement
from social.models.users import Profile, User

__all__ = [
    "IOU", "NO_GROUP", "Activity", "Comment", "Direction", "Expense", "Friendship", "Group",
    "GroupBalance", "Invite", "Membership", "PairBalance", "Profile", "Settlement", "Share",
    "SplitMethod", "User",
]
