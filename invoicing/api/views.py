"""/api/invoicing/…: invoices, funding, repayment, marketplace, portfolio, dashboards."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.query import list_schema
from config.api.serializers import represent
from invoicing import actions, selectors
from invoicing.api import serializers as s
from invoicing.models import Investment, Invoice
from realtime.preconditions import expected_version


def _query(serializer_class, request: Request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _invoice(invoice) -> Response:
    return Response(represent(s.InvoiceOut, invoice))


class InvoicesView(GenericAPIView):
    serializer_class = s.InvoiceOut
    queryset = Invoice.objects.none()  # for the schema; reads go through selectors

    @list_schema(s.SellerInvoicesQuery, responses={200: s.InvoiceOut(many=True)})
    def get(self, request: Request) -> Response:
        """The seller's own invoices, newest first."""
        qs = selectors.seller_invoices(request.user, **_query(s.SellerInvoicesQuery, request))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.InvoiceOut(page, many=True).data)

    @extend_schema(request=s.InvoiceIn, responses={201: s.InvoiceOut})
    def post(self, request: Request) -> Response:
        """Create a draft."""
        data = s.InvoiceIn(data=request.data)
        data.is_valid(raise_exception=True)
        invoice = actions.create_invoice(request.user, **data.validated_data)
        return Response(represent(s.InvoiceOut, invoice), status=status.HTTP_201_CREATED)


class InvoiceView(APIView):
    @extend_schema(responses={200: s.InvoiceOut})
    def get(self, request: Request, invoice_id) -> Response:
        return _invoice(selectors.get_invoice_for(request.user, invoice_id))

    @extend_schema(request=s.InvoiceEditIn, responses={200: s.InvoiceOut})
    def patch(self, request: Request, invoice_id) -> Response:
        """Edit a draft (If-Match or `version` guards against stale edits)."""
        invoice = selectors.get_own_invoice(request.user, invoice_id)
        data = s.InvoiceEditIn(invoice, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        invoice = actions.update_invoice(
            request.user, invoice_id=invoice.pk, changes=data.validated_data,
            expected_version=expected_version(request),
        )
        return _invoice(invoice)

    @extend_schema(request=None, responses={200: s.InvoiceOut})
    def delete(self, request: Request, invoice_id) -> Response:
        """Withdraw (same as POST …/withdraw)."""
        invoice = selectors.get_own_invoice(request.user, invoice_id)
        return _invoice(actions.withdraw_invoice(
            request.user, invoice_id=invoice.pk, expected_version=expected_version(request)))


class ListInvoiceView(APIView):
    @extend_schema(request=s.InvoiceVersionIn, responses={200: s.InvoiceOut})
    def post(self, request: Request, invoice_id) -> Response:
        """Price the draft and put it on the marketplace."""
        invoice = selectors.get_own_invoice(request.user, invoice_id)
        s.InvoiceVersionIn(data=request.data).is_valid(raise_exception=True)
        return _invoice(actions.list_invoice(
            request.user, invoice_id=invoice.pk, expected_version=expected_version(request)))


class WithdrawInvoiceView(APIView):
    @extend_schema(request=s.InvoiceVersionIn, responses={200: s.InvoiceOut})
    def post(self, request: Request, invoice_id) -> Response:
        invoice = selectors.get_own_invoice(request.user, invoice_id)
        s.InvoiceVersionIn(data=request.data).is_valid(raise_exception=True)
        return _invoice(actions.withdraw_invoice(
            request.user, invoice_id=invoice.pk, expected_version=expected_version(request)))


class FundInvoiceView(APIView):
    @extend_schema(request=s.InvoiceAmountIn, responses={201: s.InvestmentOut})
    def post(self, request: Request, invoice_id) -> Response:
        """Fund part of the advance from your wallet (an Idempotency-Key makes retries safe)."""
        data = s.InvoiceAmountIn(data=request.data)
        if not data.is_valid():
            selectors.get_invoice_for(request.user, invoice_id)  # someone else's invoice: 404 first
            raise ValidationError(data.errors)
        # The action looks the invoice up as this user may see it (404 otherwise): the view
        # does not read it a second time.
        investment = actions.fund_invoice(request.user, invoice_id=invoice_id, amount=data.validated_data["amount"])
        return Response(represent(s.InvestmentOut, investment), status=status.HTTP_201_CREATED)


class RepayInvoiceView(APIView):
    @extend_schema(request=s.InvoiceAmountIn, responses={200: s.InvoiceOut})
    def post(self, request: Request, invoice_id) -> Response:
        """The seller repays (part of) the face value on the buyer's behalf."""
        invoice = selectors.get_own_invoice(request.user, invoice_id)
        data = s.InvoiceAmountIn(data=request.data)
        data.is_valid(raise_exception=True)
        return _invoice(actions.repay_invoice(
            request.user, invoice_id=invoice.pk, amount=data.validated_data["amount"]))


class InvoiceInvestmentsView(GenericAPIView):
    serializer_class = s.InvestmentOut
    queryset = Investment.objects.none()

    @extend_schema(responses={200: s.InvestmentOut(many=True)})
    def get(self, request: Request, invoice_id) -> Response:
        """The seller sees every investment in its invoice; an investor their own."""
        invoice = selectors.get_invoice_for(request.user, invoice_id)
        page = self.paginate_queryset(selectors.invoice_investments(request.user, invoice))
        return self.get_paginated_response(s.InvestmentOut(page, many=True).data)


class FromBillView(APIView):
    @extend_schema(request=s.FromBillIn, responses={201: s.InvoiceOut})
    def post(self, request: Request) -> Response:
        """Turn a khata bill into a listed invoice in one call."""
        data = s.FromBillIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        invoice = actions.list_bill(request.user, bill_id=fields.pop("bill"), **fields)
        return Response(represent(s.InvoiceOut, invoice), status=status.HTTP_201_CREATED)


class MarketplaceView(GenericAPIView):
    serializer_class = s.InvoiceOut
    queryset = Invoice.objects.none()

    @list_schema(s.MarketplaceQuery, responses={200: s.InvoiceOut(many=True)})
    def get(self, request: Request) -> Response:
        """Open listings with funded percentage, yield and days to due; filters and sorting."""
        query = _query(s.MarketplaceQuery, request)
        include_own = query.pop("include_own")
        qs = selectors.marketplace(seller=None if include_own else request.user, **query)
        page = self.paginate_queryset(qs)
        # One bound serializer per thread (`represent`), not fields copied per request.
        return self.get_paginated_response([represent(s.InvoiceOut, invoice) for invoice in page])


class PortfolioView(GenericAPIView):
    serializer_class = s.PositionOut

    @extend_schema(
        parameters=[OpenApiParameter("limit", {"type": "integer", "minimum": 1}),
                    OpenApiParameter("offset", {"type": "integer", "minimum": 0})],
        responses={200: s.PortfolioOut},
    )
    def get(self, request: Request) -> Response:
        """Your positions (paginated) and totals per currency over all of them."""
        investments = list(selectors.portfolio(request.user))
        positions = [selectors.position_of(i) for i in investments]
        page = self.paginate_queryset(positions)
        response = self.get_paginated_response(s.PositionOut(page, many=True).data)
        response.data["totals"] = s.PortfolioTotalsOut(selectors.portfolio_summary(positions), many=True).data
        return response


class SellerDashboardView(APIView):
    @extend_schema(responses={200: s.SellerDashboardOut})
    def get(self, request: Request) -> Response:
        return Response(represent(s.SellerDashboardOut, selectors.seller_dashboard(request.user)))


class InvestorDashboardView(APIView):
    @extend_schema(responses={200: s.InvestorDashboardOut})
    def get(self, request: Request) -> Response:
        actions.ensure_wallet(request.user, currency="INR")
        return Response(represent(s.InvestorDashboardOut, selectors.investor_dashboard(request.user)))


class InvestmentsView(GenericAPIView):
    serializer_class = s.InvestmentOut
    queryset = Investment.objects.none()

    @extend_schema(responses={200: s.InvestmentOut(many=True)})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.portfolio(request.user))
        return self.get_paginated_response(s.InvestmentOut(page, many=True).data)

