"""Personal-finance pages, mounted at /finance/."""

from django.urls import path

from ledger.finance import views

urlpatterns = [
    path("", views.accounts, name="finance"),
    path("transactions/", views.transactions, name="finance-transactions"),
    path("transactions/<uuid:transaction_id>/split/", views.split, name="finance-split"),
    path("transactions/<uuid:transaction_id>/receipts/", views.receipt_add, name="finance-receipt-add"),
    path("receipts/<uuid:receipt_id>/", views.receipt_file, name="finance-receipt-file"),
    path("receipts/<uuid:receipt_id>/remove/", views.receipt_remove, name="finance-receipt-remove"),
    path("budgets/", views.budgets, name="finance-budgets"),
    path("bills/", views.bills, name="finance-bills"),
    path("bills/<uuid:bill_id>/pay/", views.bill_pay, name="finance-bill-pay"),
    path("rules/", views.rules, name="finance-rules"),
    path("rules/<uuid:rule_id>/", views.rule, name="finance-rule"),
    path("import/", views.imports, name="finance-imports"),
    path("restore/", views.restore_export, name="finance-restore"),
    path("import/<uuid:batch_id>/", views.import_batch, name="finance-import"),
    path("reports/", views.report, name="finance-report"),
]
