"""The API's routes, read from the URL conf (so routes added later are seen), and the
OpenAPI schema, read from drf-spectacular in-process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
NOT_API = {"schema", "docs"}


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # Django route syntax, e.g. "api/khata/parties/<uuid:pk>"
    params: tuple[str, ...]
    methods: tuple[str, ...]
    view: Any

    def sample_url(self) -> str:
        """The route with made-up parameters of the right type."""
        kinds = dict((name, kind) for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.path))
        import uuid

        return self.url(**{p: (1 if kinds.get(p) == "int" else uuid.uuid4()) for p in self.params})

    def url(self, **kwargs: Any) -> str:
        missing = set(self.params) - set(kwargs)
        if missing:
            raise KeyError(f"{self.name} needs {sorted(missing)}")
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), self.path)


def _methods(callback: Any) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    actions = getattr(callback, "actions", None)  # DRF viewsets
    if actions:
        return tuple(sorted(m for m in actions if m in HTTP_METHODS))
    if view_class is None:
        return ()
    return tuple(m for m in HTTP_METHODS if hasattr(view_class, m))


def _walk(patterns: list, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append((prefix + route, entry))
    return found


@cache
def api_routes() -> tuple[Route, ...]:
    routes = []
    for path, pattern in _walk(get_resolver().url_patterns):
        if not path.startswith("api/") or pattern.name in NOT_API:
            continue
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", path))
        name = pattern.name or f"{pattern.callback.__module__}.{pattern.callback.__name__}"
        routes.append(Route(name, path, params, _methods(pattern.callback), pattern.callback))
    return tuple(routes)


def all_paths() -> dict[str, str]:
    """Every route of the URL conf, pages too: name -> Django route syntax."""
    return {pattern.name or path: path for path, pattern in _walk(get_resolver().url_patterns)}


def object_routes() -> dict[str, Route]:
    """Routes that address one object (a path parameter): each must hide other users' objects."""
    return {r.name: r for r in api_routes() if r.params}


@cache
def openapi() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def resolve_ref(schema: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def properties(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    node = resolve_ref(schema, node)
    if not isinstance(node, dict):
        return {}
    props = dict(node.get("properties", {}))
    for sub in node.get("allOf", []):
        props.update(properties(schema, sub))
    return props
