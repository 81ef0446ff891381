"""Khata pages, mounted at /khata/ (the printable pages are at /khata/print/)."""

from django.urls import path

from ledger.khata import portable_pages, team_pages, views

urlpatterns = [
    path("", views.home, name="khata"),
    path("import/", portable_pages.import_business, name="khata-import-page"),
    path("<uuid:business_id>/", views.parties, name="khata-parties"),
    path("<uuid:business_id>/export.zip", portable_pages.export_zip, name="khata-export-zip-page"),
    path("<uuid:business_id>/bills/", views.bills, name="khata-bills"),
    path("<uuid:business_id>/bills/new/", views.bill_new, name="khata-bill-new"),
    path("<uuid:business_id>/purchases/", views.purchases, name="khata-purchases"),
    path("<uuid:business_id>/cashbook/", views.cashbook, name="khata-cashbook"),
    path("<uuid:business_id>/staff/", views.staff, name="khata-staff"),
    path("<uuid:business_id>/settings/", views.settings_page, name="khata-settings"),
    path("<uuid:business_id>/team/", team_pages.team, name="khata-team"),
    path("<uuid:business_id>/team/invites/<str:invite_id>/cancel/", team_pages.cancel, name="khata-invite-cancel"),
    path("members/<uuid:membership_id>/", team_pages.member, name="khata-member"),
    path("parties/<uuid:party_id>/", views.party, name="khata-party"),
    path("parties/<uuid:party_id>/statement-links/withdraw/", views.withdraw_links,
         name="khata-statement-links-withdraw"),
    path("bills/<uuid:bill_id>/", views.bill, name="khata-bill"),
    path("entries/<uuid:entry_id>/receipts/", views.entry_receipts, name="khata-entry-receipts-page"),
    path("bills/<uuid:bill_id>/receipts/", views.bill_receipts, name="khata-bill-receipts-page"),
    path("receipts/<uuid:receipt_id>/", views.receipt_file, name="khata-receipt-file-page"),
    path("receipts/<uuid:receipt_id>/remove/", views.receipt_remove, name="khata-receipt-remove-page"),
    path("credit-notes/<uuid:note_id>/cancel/", views.credit_note_cancel, name="khata-credit-note-cancel"),
    path("bills/<uuid:bill_id>/<str:verb>/", views.bill_state, name="khata-bill-state"),
    path("staff/<uuid:staff_id>/", views.staff_member, name="khata-staff-member"),
]
