"""Query parameters of the API's lists, declared once: for the OpenAPI schema and for the
check that refuses the ones a list does not know.

A list is declared with `@list_schema(*parameters, ...)` on its `get`: the parameters (an
`OpenApiParameter` each, or a serializer class whose fields are the parameters) go into
the schema together with `limit`/`offset`, and their names are the only ones the
handler and the paginator let through. Any other name is answered 400 `unknown_parameter` naming it,
so `?search=` on a list that has no `search` is an error, not a silent "everything"."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from config.api.errors import Invalid

PAGE_PARAMS = (
    OpenApiParameter("limit", int, description="Page size (at most 500)."),
    OpenApiParameter("offset", int, description="Items to skip."),
)
PAGE_NAMES = frozenset(p.name for p in PAGE_PARAMS)
_ATTRIBUTE = "list_query_names"

Parameter = OpenApiParameter | type[serializers.Serializer]


def _names(parameter: Parameter) -> set[str]:
    if isinstance(parameter, OpenApiParameter):
        return {parameter.name} if parameter.location == OpenApiParameter.QUERY else set()
    return set(parameter().fields)


def list_schema(*parameters: Parameter, **schema: Any) -> Callable:
    """`extend_schema` for a paginated list's `get`, which also records the query
    parameters the list accepts (the paginator refuses the others)."""
    names = frozenset().union(PAGE_NAMES, *(_names(p) for p in parameters))
    documented = extend_schema(parameters=[*parameters, *PAGE_PARAMS], **schema)

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def checked(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
            refuse_unknown(request, names)  # before the filters are read: the name is the first problem
            return handler(view, request, *args, **kwargs)

        setattr(checked, _ATTRIBUTE, names)
        return documented(checked)

    return decorate


def accepted_names(view: Any, request: Request) -> frozenset[str]:
    """What the view's handler for this request declared (only paging if nothing)."""
    handler = getattr(view, request.method.lower(), None) if view is not None else None
    return getattr(handler, _ATTRIBUTE, PAGE_NAMES)


def refuse_unknown(request: Request, accepted: Iterable[str]) -> None:
    unknown = sorted(set(request.query_params) - set(accepted))
    if unknown:
        raise Invalid(
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.",
            code="unknown_parameter",
            fields={name: ["Unknown parameter."] for name in unknown},
        )
