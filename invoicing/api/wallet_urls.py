"""/api/wallet routes (outside /api/invoicing/)."""

from django.urls import path

from invoicing.api import wallet_views as v

urlpatterns = [
    path("wallet", v.WalletView.as_view(), name="wallet"),
    path("wallet/transactions", v.TransactionsView.as_view(), name="wallet-transactions"),
    path("wallet/top-up", v.TopUpView.as_view(), name="wallet-top-up"),
    path("wallet/withdraw", v.WithdrawView.as_view(), name="wallet-withdraw"),
]
