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
    Recurring,
    RecurringOccurrence,
    Transaction,
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


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "owner", "format", "status", "created_at")


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdmin):
    list_display = ("batch", "line", "date", "amount", "payee", "status", "reason")
    list_filter = ("status",)


@admin.register(RecurringOccurrence)
class RecurringOccurrenceAdmin(ReadOnlyAdmin):
    list_display = ("recurring", "date", "transaction")


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "post_shared_expenses", "shared_expense_account")
