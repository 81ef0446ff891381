"""Marketplace pages, mounted at /market/."""

from django.urls import path

from invoicing import views

urlpatterns = [
    path("", views.market, name="market"),
    path("invoices/<uuid:invoice_id>/", views.invoice, name="market-invoice"),
    path("invoices/<uuid:invoice_id>/<str:verb>/", views.invoice_action, name="market-invoice-action"),
    path("bills/<uuid:bill_id>/list/", views.list_bill, name="market-list-bill"),
    path("mine/", views.my_invoices, name="market-mine"),
    path("portfolio/", views.portfolio, name="market-portfolio"),
    path("wallet/", views.wallet, name="market-wallet"),
]
