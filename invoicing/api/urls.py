from django.urls import path

from invoicing.api import views as v

urlpatterns = [
    path("invoices", v.InvoicesView.as_view(), name="invoices"),
    path("invoices/from-bill", v.FromBillView.as_view(), name="invoice-from-bill"),
    path("invoices/<uuid:invoice_id>", v.InvoiceView.as_view(), name="invoice"),
    path("invoices/<uuid:invoice_id>/list", v.ListInvoiceView.as_view(), name="invoice-list"),
    path("invoices/<uuid:invoice_id>/withdraw", v.WithdrawInvoiceView.as_view(), name="invoice-withdraw"),
    path("invoices/<uuid:invoice_id>/fund", v.FundInvoiceView.as_view(), name="invoice-fund"),
    path("invoices/<uuid:invoice_id>/repay", v.RepayInvoiceView.as_view(), name="invoice-repay"),
    path("invoices/<uuid:invoice_id>/investments", v.InvoiceInvestmentsView.as_view(), name="invoice-investments"),
    path("investments", v.InvestmentsView.as_view(), name="investments"),
    path("marketplace", v.MarketplaceView.as_view(), name="marketplace"),
    path("portfolio", v.PortfolioView.as_view(), name="portfolio"),
    path("dashboard/seller", v.SellerDashboardView.as_view(), name="dashboard-seller"),
    path("dashboard/investor", v.InvestorDashboardView.as_view(), name="dashboard-investor"),
]
