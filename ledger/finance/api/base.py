from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.views import APIView

from config.api.pagination import LimitOffsetPagination

# Users this process has seen set up and committed (the row goes only with the user),
# so a request costs no query for the check once a user is known.
_READY: set = set()


class FinanceView(APIView):
    """Finance views: the first request of a user makes their settings and default
    categories (social knows nothing of finance, so nothing exists before)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        from ledger.finance.actions.setup import ensure_finance, finance_ready

        user_id = request.user.pk
        if user_id in _READY:
            return
        if not finance_ready(request.user):
            ensure_finance(request.user)
            return  # remembered only once seen committed, by a later request
        if len(_READY) > 100_000:
            _READY.clear()
        _READY.add(user_id)

    def paginate(self, request: Request, queryset, serializer_class, context: dict | None = None, prepare=None):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        if prepare is not None:
            page = prepare(page)
        return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)


def parse(serializer_class, data, partial: bool = False) -> dict:
    s = serializer_class(data=data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)
