"""/api/wallet…: balances, the journal, demo top-up and withdrawal. The first access makes
the wallet (and credits the demo money) through `ensure_wallet`."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.query import list_schema
from invoicing import actions, selectors
from invoicing.api import serializers as s
from invoicing.models import Leg


def _wallets(user) -> Response:
    return Response(s.WalletsOut({"wallets": selectors.wallets_for(user)}).data)


class WalletView(APIView):
    @extend_schema(responses={200: s.WalletsOut})
    def get(self, request: Request) -> Response:
        actions.ensure_wallet(request.user, currency=settings.INVOICING_DEMO_CURRENCY)
        return _wallets(request.user)


class TransactionsView(GenericAPIView):
    serializer_class = s.WalletTransactionOut
    queryset = Leg.objects.none()  # for the schema; reads go through selectors

    @list_schema(s.WalletTransactionsQuery, responses={200: s.WalletTransactionOut(many=True)})
    def get(self, request: Request) -> Response:
        """The journal lines of your wallets, newest first."""
        query = s.WalletTransactionsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        actions.ensure_wallet(request.user, currency=settings.INVOICING_DEMO_CURRENCY)
        page = self.paginate_queryset(selectors.journal_for(request.user, **query.validated_data))
        return self.get_paginated_response(s.WalletTransactionOut(page, many=True).data)


class TopUpView(APIView):
    @extend_schema(request=s.WalletMoveIn, responses={200: s.WalletOut})
    def post(self, request: Request) -> Response:
        """Demo top-up from the platform treasury."""
        data = s.WalletMoveIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.WalletOut(actions.top_up_wallet(request.user, **data.validated_data)).data)


class WithdrawView(APIView):
    @extend_schema(request=s.WalletMoveIn, responses={200: s.WalletOut})
    def post(self, request: Request) -> Response:
        """Demo withdrawal to the bank (refused beyond the balance)."""
        data = s.WalletMoveIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.WalletOut(actions.withdraw_from_wallet(request.user, **data.validated_data)).data)
