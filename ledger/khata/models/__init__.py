"""Khata's tables, one module per aggregate."""

from ledger.khata.models.attendance import (
    AttendanceDay,
    AttendanceStatus,
    Punch,
    PunchKind,
    SalaryType,
    Staff,
    StaffStatus,
)
from ledger.khata.models.bills import (
    Bill,
    BillKind,
    BillLine,
    BillState,
    BillStatus,
    CreditNote,
    CreditNoteLine,
    CreditNoteState,
    Payment,
    TaxMode,
)
from ledger.khata.models.business import ROLE_RANK, Business, Membership, Role
from ledger.khata.models.cashbook import CashDirection, CashEntry, CashSource, PaymentMode
from ledger.khata.models.parties import (
    Entry,
    EntryKind,
    EntryRevision,
    Party,
    PartyKind,
    Settlement,
)
from ledger.khata.models.receipts import EntryReceipt
from ledger.khata.models.reminders import Reminder

__all__ = [
    "AttendanceDay", "AttendanceStatus", "Bill", "BillKind", "BillLine", "CreditNote", "CreditNoteLine",
    "CreditNoteState", "BillState", "BillStatus",
    "Business", "CashDirection", "CashEntry", "CashSource", "Entry", "EntryKind", "EntryReceipt",
    "EntryRevision", "Membership", "Party", "PartyKind", "Payment", "PaymentMode", "Punch",
    "PunchKind", "ROLE_RANK", "Reminder", "Role", "SalaryType", "Settlement", "Staff", "StaffStatus", "TaxMode",
]
