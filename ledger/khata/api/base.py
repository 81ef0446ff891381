"""Small helpers the khata views share: parse input, page a queryset, document both."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import LimitOffsetPagination
from config.api.query import PAGE_PARAMS  # noqa: F401 - re-exported; new lists use list_schema

_paginated: dict[type, type] = {}


def paginated(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The list envelope {count, next, previous, results} for the schema."""
    if item not in _paginated:
        _paginated[item] = type(
            f"Paginated{item.__name__.removesuffix('Out')}List",
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True),
            },
        )
    return _paginated[item]


def parse(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    parsed = serializer_class(data=data, **kwargs)
    parsed.is_valid(raise_exception=True)
    return dict(parsed.validated_data)


class KhataView(APIView):
    def page(self, request: Request, queryset: Any, serializer_class: type, context: dict | None = None) -> Response:
        paginator = LimitOffsetPagination()
        items = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(serializer_class(items, many=True, context=context or {}).data)
