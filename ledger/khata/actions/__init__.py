"""Khata's writes: the only code that creates, changes or deletes khata rows. Each is an
atomic `@action` taking the acting user first; each checks the actor's role itself, so the
API, pages, admin, sync replays and Celery behave the same."""

from ledger.khata.actions.bills import (
    cancel_bill,
    create_bill,
    delete_bill,
    delete_payment,
    issue_bill,
    record_payment,
    record_purchase_bill,
    update_bill,
)
from ledger.khata.actions.business import (
    STAFF_INVITE,
    add_member,
    change_role,
    create_business,
    delete_business,
    invite_staff,
    join_by_invite,
    remove_member,
    update_settings,
)
from ledger.khata.actions.cashbook import delete_cash, edit_cash, record_cash
from ledger.khata.actions.credit_notes import cancel_credit_note, issue_credit_note
from ledger.khata.actions.entries import delete_entry, edit_entry, record_entry, restore_entry
from ledger.khata.actions.financing import link_bill, record_financed_payment, unlink_bill
from ledger.khata.actions.parties import (
    create_party,
    delete_party,
    import_parties,
    restore_party,
    update_party,
    withdraw_statement_links,
)
from ledger.khata.actions.portable import restore_business
from ledger.khata.actions.receipts import (  # noqa: E402
    attach_bill_receipt,
    attach_entry_receipt,
    purge_entry_receipts,
    remove_entry_receipt,
)
from ledger.khata.actions.reminders import mark_bill_overdue, remind_party
from ledger.khata.actions.staff import (
    create_staff,
    punch,
    remove_staff,
    set_day_status,
    update_staff,
)

__all__ = [
    "STAFF_INVITE", "add_member", "cancel_bill", "change_role", "create_bill", "create_business", "create_party",
    "create_staff", "delete_bill", "delete_business", "delete_cash", "delete_entry", "delete_party",
    "delete_payment", "edit_cash", "edit_entry", "import_parties", "invite_staff", "issue_bill", "join_by_invite",
    "link_bill", "mark_bill_overdue", "punch", "record_financed_payment", "unlink_bill", "record_cash", "record_entry", "record_payment", "remind_party", "remove_member", "restore_business",
    "remove_staff", "restore_entry", "restore_party", "set_day_status", "update_bill", "update_party",
    "update_settings", "update_staff", "attach_entry_receipt", "purge_entry_receipts", "remove_entry_receipt",
    "withdraw_statement_links", "attach_bill_receipt", "cancel_credit_note", "issue_credit_note",
    "record_purchase_bill",
]
