"""Finance over the API: each view parses, fetches with access, calls an action, serializes."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.query import list_schema
from config.api.serializers import represent
from ledger.finance import actions, selectors
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView, parse
from realtime.preconditions import expected_version

_paginated: dict = {}


def paginated(out: type[serializers.Serializer]) -> type[serializers.Serializer]:
    if out not in _paginated:
        _paginated[out] = type(
            f"Paginated{out.__name__}", (serializers.Serializer,), {
                "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True), "results": out(many=True),
            },
        )
    return _paginated[out]


# --- settings ---------------------------------------------------------------------------------
class SettingsView(FinanceView):
    @extend_schema(responses=s.SettingsOut)
    def get(self, request: Request) -> Response:
        return Response(represent(s.SettingsOut, selectors.settings_of(request.user)))

    @extend_schema(request=s.SettingsPatch, responses=s.SettingsOut)
    def patch(self, request: Request) -> Response:
        data = parse(s.SettingsPatch, request.data)
        kwargs = {"post_shared_expenses": data.get("post_shared_expenses")}
        if "shared_expense_account_id" in data:
            kwargs["shared_expense_account_id"] = data["shared_expense_account_id"]
        obj = actions.update_settings(request.user, expected_version=expected_version(request), **kwargs)
        return Response(represent(s.SettingsOut, obj))


# --- accounts -----------------------------------------------------------------------------------
class AccountsView(FinanceView):
    @list_schema(
        OpenApiParameter("archived", bool, description="include archived accounts (default true)"),
        operation_id="finance_accounts_list", responses=paginated(s.AccountOut),
    )
    def get(self, request: Request) -> Response:
        include = request.query_params.get("archived", "true").lower() not in ("false", "0", "no")
        qs = selectors.accounts_of(request.user, include_archived=include)
        return self.paginate(request, qs, s.AccountOut, prepare=selectors.with_balances)

    @extend_schema(request=s.AccountIn, responses={201: s.AccountOut})
    def post(self, request: Request) -> Response:
        obj = actions.create_account(request.user, **parse(s.AccountIn, request.data))
        return Response(represent(s.AccountOut, obj), status=status.HTTP_201_CREATED)


class AccountView(FinanceView):
    @extend_schema(responses=s.AccountOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.AccountOut, selectors.get_account_for(request.user, pk)))

    @extend_schema(request=s.AccountPatch, responses=s.AccountOut)
    def patch(self, request: Request, pk) -> Response:
        account = selectors.get_account_for(request.user, pk)
        obj = actions.update_account(request.user, account=account, expected_version=expected_version(request),
                                     **parse(s.AccountPatch, request.data))
        return Response(represent(s.AccountOut, obj))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        account = selectors.get_account_for(request.user, pk)
        actions.delete_account(request.user, account=account, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- categories ---------------------------------------------------------------------------------
class CategoriesView(FinanceView):
    @list_schema(operation_id="finance_categories_list", responses=paginated(s.CategoryOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, selectors.categories_of(request.user), s.CategoryOut)

    @extend_schema(request=s.CategoryIn, responses={201: s.CategoryOut})
    def post(self, request: Request) -> Response:
        obj = actions.create_category(request.user, **parse(s.CategoryIn, request.data))
        return Response(represent(s.CategoryOut, obj), status=status.HTTP_201_CREATED)


class CategoryView(FinanceView):
    @extend_schema(responses=s.CategoryOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.CategoryOut, selectors.get_category_for(request.user, pk)))

    @extend_schema(request=s.CategoryPatch, responses=s.CategoryOut)
    def patch(self, request: Request, pk) -> Response:
        cat = selectors.get_category_for(request.user, pk)
        obj = actions.update_category(request.user, category=cat, expected_version=expected_version(request),
                                      **parse(s.CategoryPatch, request.data))
        return Response(represent(s.CategoryOut, obj))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        cat = selectors.get_category_for(request.user, pk)
        actions.delete_category(request.user, category=cat, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
