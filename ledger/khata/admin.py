"""Khata in the admin: read-only. Every write goes through ledger.khata.actions (balances,
bill numbers and the change feed depend on it), so the admin looks and searches."""

from django.contrib import admin

from ledger.khata.models import (
    AttendanceDay,
    Bill,
    BillLine,
    Business,
    CashEntry,
    CreditNote,
    CreditNoteLine,
    Entry,
    EntryReceipt,
    EntryRevision,
    Membership,
    Party,
    Payment,
    Punch,
    Reminder,
    Staff,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited: also lets non-editable fields (changed_at) be listed.
        return self.fields or ()


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "deleted_at"]


@admin.register(Business)
class BusinessAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "gstin", "state_code", "currency", "time_zone", "next_invoice_number", "deleted_at"]
    search_fields = ["name", "gstin", "owner__email"]
    list_select_related = ["owner"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["business", "user", "role", "deleted_at"]
    list_filter = ["role"]
    search_fields = ["business__name", "user__email"]
    list_select_related = ["business", "user"]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ["name", "business", "kind", "phone", "balance", "credit_limit", "deleted_at"]
    list_filter = ["kind"]
    search_fields = ["name", "phone", "business__name"]
    list_select_related = ["business"]


class RevisionInline(ReadOnlyInline):
    model = EntryRevision
    fields = ["version", "kind", "amount", "date", "note", "deleted", "changed_by", "changed_at"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "party", "kind", "amount", "settlement", "mode", "business", "deleted_at"]
    list_filter = ["kind", "settlement", "mode"]
    search_fields = ["party__name", "note", "business__name"]
    list_select_related = ["party", "business"]
    date_hierarchy = "date"
    inlines = [RevisionInline]


@admin.register(EntryReceipt)
class EntryReceiptAdmin(ReadOnlyAdmin):
    # The file itself is not linked: it is for the business's members only.
    list_display = ["name", "entry", "bill", "business", "content_type", "size", "created_at", "deleted_at"]
    list_select_related = ["entry", "bill", "business"]
    exclude = ["file"]


@admin.register(EntryRevision)
class EntryRevisionAdmin(ReadOnlyAdmin):
    list_display = ["entry", "version", "kind", "amount", "deleted", "changed_by", "changed_at"]
    list_select_related = ["changed_by"]


class LineInline(ReadOnlyInline):
    model = BillLine
    fields = ["position", "description", "hsn", "quantity", "unit_price", "tax_rate", "taxable", "cgst", "sgst",
              "igst", "amount"]


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    # financed_by: the marketplace invoice the bill is paid through while listed or funded.
    list_display = ["number", "kind", "party", "state", "issue_date", "due_date", "total", "paid", "credited",
                    "financed_by", "business"]
    list_filter = ["kind", "state", "tax_mode", ("financed_by", admin.EmptyFieldListFilter)]
    search_fields = ["number", "party__name", "business__name"]
    list_select_related = ["party", "business"]
    inlines = [LineInline]


class CreditNoteLineInline(ReadOnlyInline):
    model = CreditNoteLine
    fields = LineInline.fields


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "bill", "party", "state", "date", "total", "business"]
    list_filter = ["state", "tax_mode"]
    search_fields = ["number", "bill__number", "party__name", "business__name"]
    list_select_related = ["bill", "party", "business"]
    inlines = [CreditNoteLineInline]


@admin.register(BillLine)
class BillLineAdmin(ReadOnlyAdmin):
    list_display = ["bill", "position", "description", "hsn", "amount"]
    list_select_related = ["bill"]


@admin.register(CreditNoteLine)
class CreditNoteLineAdmin(ReadOnlyAdmin):
    list_display = ["note", "position", "description", "hsn", "amount"]
    list_select_related = ["note"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["date", "bill", "party", "amount", "mode", "deleted_at"]
    list_select_related = ["bill", "party"]


@admin.register(CashEntry)
class CashEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "business", "direction", "amount", "category", "mode", "source", "deleted_at"]
    list_filter = ["direction", "mode", "source"]
    search_fields = ["category", "note", "business__name"]
    list_select_related = ["business"]


@admin.register(Staff)
class StaffAdmin(ReadOnlyAdmin):
    list_display = ["name", "business", "role", "status", "salary_type", "salary_amount"]
    list_filter = ["status", "salary_type"]
    search_fields = ["name", "phone", "business__name"]
    list_select_related = ["business"]


@admin.register(Punch)
class PunchAdmin(ReadOnlyAdmin):
    list_display = ["staff", "kind", "at", "date", "device"]
    list_filter = ["kind"]
    list_select_related = ["staff"]


@admin.register(AttendanceDay)
class AttendanceDayAdmin(ReadOnlyAdmin):
    list_display = ["staff", "date", "status"]
    list_filter = ["status"]
    list_select_related = ["staff"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "party", "amount", "business"]
    list_select_related = ["party", "business"]
    search_fields = ["party__name"]
