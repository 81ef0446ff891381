from django.urls import path

from ledger.khata import print_views

urlpatterns = [
    path("parties/<str:party_id>/statement", print_views.party_statement, name="khata-print-statement"),
    path("shared/<str:token>/statement", print_views.shared_statement, name="khata-shared-statement"),
    path("bills/<str:bill_id>", print_views.bill_invoice, name="khata-print-invoice"),
    path("credit-notes/<str:note_id>", print_views.credit_note, name="khata-print-credit-note"),
]
