"""Small helpers the social views share."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request


def parse(serializer_cls: type[serializers.Serializer], request: Request, **kwargs: Any) -> dict[str, Any]:
    data = serializer_cls(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)
