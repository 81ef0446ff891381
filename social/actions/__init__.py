"""social's writes. Other apps import from here (and from social.selectors), nothing deeper."""

from social.actions.accounts import register_user, reset_password, update_account, verify_email
from social.actions.activity import record_activity
from social.actions.expenses import (
    add_comment,
    delete_expense,
    edit_expense,
    record_expense,
    restore_expense,
)
from social.actions.friends import (
    accept_invite,
    befriend,
    cancel_invite,
    create_invite,
    remove_friend,
)
from social.actions.groups import add_member, create_group, leave_group, remove_member, update_group
from social.actions.imports import import_splitwise_csv
from social.actions.people import introduce as introduce_people
from social.actions.receipts import (
    attach_receipt,
    purge_receipts_of_deleted_expenses,
    remove_receipt,
)
from social.actions.recurring import (
    create_recurring_expense,
    edit_recurring_expense,
    materialise_all_recurring_expenses,
    materialise_recurring_expense,
    stop_recurring_expense,
)
from social.actions.settlements import (
    confirm_iou_payment,
    delete_iou,
    delete_settlement,
    dispute_iou_payment,
    edit_iou,
    record_iou,
    record_iou_payment,
    record_settlement,
    settle_iou,
)

__all__ = [
    "accept_invite", "add_comment", "add_member", "befriend", "cancel_invite", "confirm_iou_payment", "create_group",
    "create_invite", "delete_expense", "delete_iou", "delete_settlement", "dispute_iou_payment", "edit_expense",
    "edit_iou", "import_splitwise_csv", "introduce_people", "leave_group", "record_expense", "record_iou",
    "record_iou_payment", "record_settlement",
    "register_user", "remove_friend", "remove_member", "reset_password", "restore_expense", "settle_iou",
    "update_account", "update_group", "verify_email",
    "create_recurring_expense", "edit_recurring_expense", "materialise_all_recurring_expenses",
    "materialise_recurring_expense", "stop_recurring_expense",
    "record_activity", "attach_receipt", "purge_receipts_of_deleted_expenses", "remove_receipt",
]
