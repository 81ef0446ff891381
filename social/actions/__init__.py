"""social's writes. Other apps import from here (and from social.selectors), nothing deeper."""

from social.actions.accounts import register_user, update_account
from social.actions.expenses import (
    add_comment,
    delete_expense,
    edit_expense,
    record_expense,
    restore_expense,
)
from social.actions.friends import accept_invite, befriend, create_invite, remove_friend
from social.actions.groups import add_member, create_group, leave_group, remove_member, update_group
from social.actions.imports import import_splitwise_csv
from social.actions.settlements import delete_settlement, record_iou, record_settlement, settle_iou

__all__ = [
    "accept_invite", "add_comment", "add_member", "befriend", "create_group", "create_invite",
    "delete_expense", "delete_settlement", "edit_expense", "import_splitwise_csv", "leave_group", "record_expense", "record_iou",
    "record_settlement", "register_user", "remove_friend", "remove_member", "restore_expense", "settle_iou",
    "update_account", "update_group",
]
