"""Personal-finance pages, mounted at /finance/."""

from django.urls import path

from ledger.finance import views

urlpatterns = [
    path("", views.accounts, name="finance"),
    path("transactions/", views.transactions, name="finance-transactions"),
    path("budgets/", views.budgets, name="finance-budgets"),
    path("bills/", views.bills, name="finance-bills"),
    path("bills/<uuid:bill_id>/pay/", views.bill_pay, name="finance-bill-pay"),
    path("import/", views.imports, name="finance-imports"),
    path("import/<uuid:batch_id>/", views.import_batch, name="finance-import"),
    path("reports/", views.report, name="finance-report"),
]
