"""Admin: read-only views of the journal, invoices and investments. Money moves only through
actions (the API), so the admin cannot edit balances or states behind the journal's back."""

from django.contrib import admin

from invoicing.models import Account, Investment, Invoice, Leg, Posting


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LegInline(admin.TabularInline):
    model = Leg
    fields = ["account", "amount", "balance_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ["id", "kind", "owner", "invoice", "currency", "balance", "updated_at"]
    list_filter = ["kind", "currency"]
    search_fields = ["owner__email", "id"]
    list_select_related = ["owner", "invoice"]


@admin.register(Posting)
class PostingAdmin(ReadOnly):
    list_display = ["id", "kind", "memo", "actor", "invoice", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["actor", "invoice"]
    inlines = [LegInline]


@admin.register(Leg)
class LegAdmin(ReadOnly):
    list_display = ["id", "posting", "account", "amount", "balance_after"]
    list_select_related = ["posting", "account"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ["number", "seller", "buyer_name", "status", "currency", "face_amount", "advance_amount",
                    "funded_amount", "repaid_amount", "due_date"]
    list_filter = ["status", "currency"]
    search_fields = ["number", "buyer_name", "buyer_gstin", "seller__email"]
    list_select_related = ["seller"]


@admin.register(Investment)
class InvestmentAdmin(ReadOnly):
    list_display = ["invoice", "investor", "amount", "face_share", "repaid_amount", "confirmed_at"]
    list_select_related = ["invoice", "investor"]
    search_fields = ["investor__email", "invoice__number"]
