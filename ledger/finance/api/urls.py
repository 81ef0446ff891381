from django.urls import path

from ledger.finance.api import data_views as d
from ledger.finance.api import plan_views as p
from ledger.finance.api import receipt_views as rc
from ledger.finance.api import rule_views as r
from ledger.finance.api import transaction_views as t
from ledger.finance.api import views as v

urlpatterns = [
    path("settings", v.SettingsView.as_view(), name="finance-settings"),
    path("accounts", v.AccountsView.as_view(), name="finance-accounts"),
    path("accounts/<uuid:pk>", v.AccountView.as_view(), name="finance-account"),
    path("categories", v.CategoriesView.as_view(), name="finance-categories"),
    path("categories/<uuid:pk>", v.CategoryView.as_view(), name="finance-category"),
    path("transactions", t.TransactionsView.as_view(), name="finance-transactions"),
    path("transactions/export.csv", t.ExportView.as_view(), name="finance-export"),
    path("export", t.ExportAllView.as_view(), name="finance-export-all"),
    path("restore", t.RestoreView.as_view(), name="finance-restore"),
    path("transactions/<uuid:pk>", t.TransactionView.as_view(), name="finance-transaction"),
    path("transactions/<uuid:pk>/restore", t.TransactionRestoreView.as_view(), name="finance-transaction-restore"),
    path("rules", r.RulesView.as_view(), name="finance-rules"),
    path("rules/<uuid:pk>", r.RuleView.as_view(), name="finance-rule"),
    path("rules/<uuid:pk>/preview", r.RulePreviewView.as_view(), name="finance-rule-preview"),
    path("rules/<uuid:pk>/apply", r.RuleApplyView.as_view(), name="finance-rule-apply"),
    path("transactions/<uuid:pk>/receipts", rc.TransactionReceiptsView.as_view(), name="finance-transaction-receipts"),
    path("receipts/<uuid:pk>", rc.ReceiptView.as_view(), name="finance-receipt"),
    path("receipts/<uuid:pk>/file", rc.ReceiptFileView.as_view(), name="finance-receipt-file"),
    path("budgets", p.BudgetsView.as_view(), name="finance-budgets"),
    path("budgets/<uuid:pk>", p.BudgetView.as_view(), name="finance-budget"),
    path("budget-alerts", p.BudgetAlertsView.as_view(), name="finance-budget-alerts"),
    path("bills", p.BillsView.as_view(), name="finance-bills"),
    path("bills/<uuid:pk>", p.BillView.as_view(), name="finance-bill"),
    path("bills/<uuid:pk>/pay", p.BillPayView.as_view(), name="finance-bill-pay"),
    path("recurring", p.RecurringListView.as_view(), name="finance-recurring-list"),
    path("recurring/<uuid:pk>", p.RecurringView.as_view(), name="finance-recurring"),
    path("rates", d.RatesView.as_view(), name="finance-rates"),
    path("rates/<int:pk>", d.RateView.as_view(), name="finance-rate"),
    path("imports", d.ImportsView.as_view(), name="finance-imports"),
    path("imports/<uuid:pk>", d.ImportView.as_view(), name="finance-import"),
    path("imports/<uuid:pk>/confirm", d.ImportConfirmView.as_view(), name="finance-import-confirm"),
    path("imports/<uuid:pk>/reread", d.ImportRereadView.as_view(), name="finance-import-reread"),
    path("reports/spending-by-category", d.SpendingByCategoryView.as_view(), name="finance-report-categories"),
    path("reports/income-expense", d.IncomeExpenseView.as_view(), name="finance-report-income-expense"),
    path("reports/net-worth", d.NetWorthView.as_view(), name="finance-report-net-worth"),
    path("reports/monthly", d.MonthlyView.as_view(), name="finance-report-monthly"),
]
