from django.contrib import admin

from ledger.finance import actions
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    BudgetAlert,
    Category,
    ExchangeRate,
    FinanceSettings,
    ImportBatch,
    ImportRow,
    ImportSource,
    Recurring,
    RecurringOccurrence,
    Rule,
    Transaction,
    TransactionPart,
    TransactionReceipt,
)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Rates an admin enters apply to everyone (owner empty) unless a user has their own."""

    list_display = ("base", "quote", "rate", "effective_date", "owner")
    list_filter = ("base", "quote")
    search_fields = ("base", "quote")
    date_hierarchy = "effective_date"
    fields = ("base", "quote", "rate", "effective_date")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def save_model(self, request, obj, form, change):
        if change and obj.pk and {"base", "quote", "effective_date"} & set(form.changed_data):
            # Moving a rate to another pair or date: the old one goes, the new one is set.
            actions.delete_rate(request.user, rate=type(obj).objects.get(pk=obj.pk))
        saved = actions.set_rate(request.user, base=obj.base, quote=obj.quote, rate=obj.rate,
                                 effective_date=obj.effective_date, shared=True)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        actions.delete_rate(request.user, rate=obj)

    def delete_queryset(self, request, queryset):
        for rate in queryset.order_by("pk"):
            actions.delete_rate(request.user, rate=rate)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Users' own records: visible for support, changed only through the app (actions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner", "kind", "currency", "archived", "deleted_at")
    list_filter = ("kind", "archived")
    search_fields = ("name", "owner__email")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ("date", "owner", "direction", "amount", "currency", "payee", "source", "deleted_at")
    list_filter = ("direction", "source")
    search_fields = ("payee", "owner__email")
    list_select_related = ("owner",)


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner", "kind", "parent")
    search_fields = ("name", "owner__email")


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner", "period", "amount", "currency")


@admin.register(BudgetAlert)
class BudgetAlertAdmin(ReadOnlyAdmin):
    list_display = ("budget", "threshold", "period_start", "percentage")


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ("name", "owner", "amount", "currency", "repeat", "next_due")


@admin.register(Recurring)
class RecurringAdmin(ReadOnlyAdmin):
    list_display = ("payee", "owner", "amount", "currency", "repeat", "next_date")


@admin.register(TransactionPart)
class TransactionPartAdmin(ReadOnlyAdmin):
    list_display = ["transaction", "category", "amount", "currency", "date", "direction"]
    list_select_related = ["transaction", "category"]


@admin.register(TransactionReceipt)
class TransactionReceiptAdmin(ReadOnlyAdmin):
    # The file itself is not linked: it is its owner's alone.
    list_display = ["name", "transaction", "content_type", "size", "created_at", "deleted_at"]
    list_select_related = ["transaction"]
    exclude = ["file"]


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "position", "active", "payee_contains", "set_category", "set_payee", "deleted_at"]
    list_filter = ["active"]
    search_fields = ["name", "payee_contains", "owner__email"]
    list_select_related = ["owner", "set_category"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "owner", "format", "status", "created_at")


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdmin):
    list_display = ("batch", "line", "date", "amount", "payee", "status", "reason")
    list_filter = ("status",)


@admin.register(ImportSource)
class ImportSourceAdmin(ReadOnlyAdmin):
    """The uploaded file of a batch in preview; shown for support, never the bytes."""

    list_display = ("batch", "size")
    exclude = ("content",)

    @admin.display(description="bytes")
    def size(self, obj) -> int:
        return len(obj.content or b"")


@admin.register(RecurringOccurrence)
class RecurringOccurrenceAdmin(ReadOnlyAdmin):
    list_display = ("recurring", "date", "transaction")


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "post_shared_expenses", "shared_expense_account")
