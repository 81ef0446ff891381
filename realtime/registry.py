"""Which models reach devices, who sees them, and how they look on the wire.

A domain app registers each synced model once, in its AppConfig.ready():

    realtime.registry.register(
        Expense, entity="expense", serializer=ExpenseOut,
        audience=lambda e: e.member_ids(),          # user ids who can see this object now
        visible=selectors.expenses_visible_to,     # user -> queryset of live objects (snapshot)
    )

realtime never imports a domain app: domain apps come to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import models
from rest_framework import serializers

from config.api.serializers import represent


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[models.Model]
    serializer: type[serializers.BaseSerializer]
    audience: Callable[[Any], Iterable[UUID]]
    visible: Callable[[Any], models.QuerySet]

    def serialize(self, obj: models.Model) -> dict[str, Any]:
        """The object as it goes into the feed: as the API returns it, without a request or
        context (so one serializer per thread serves every change)."""
        return dict(represent(self.serializer, obj))


_by_model: dict[type[models.Model], Entity] = {}
_by_name: dict[str, Entity] = {}


def register(
    model: type[models.Model],
    *,
    entity: str,
    serializer: type[serializers.BaseSerializer],
    audience: Callable[[Any], Iterable[UUID]],
    visible: Callable[[Any], models.QuerySet],
) -> Entity:
    spec = Entity(entity, model, serializer, audience, visible)
    existing = _by_name.get(entity)
    if existing is not None and existing.model is not model:
        raise ValueError(f"Entity name {entity!r} is taken by {existing.model.__name__}.")
    _by_model[model] = spec
    _by_name[entity] = spec
    return spec


def entity_for(obj_or_model: models.Model | type[models.Model]) -> Entity:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _by_model:
            return _by_model[klass]
    raise LookupError(f"{model.__name__} is not registered with realtime.registry.")


def entities() -> list[Entity]:
    return list(_by_name.values())
