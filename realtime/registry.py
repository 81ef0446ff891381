"""Which models reach devices, who sees them, and how they look on the wire.

A domain app registers each synced model once, in its AppConfig.ready():

    realtime.registry.register(
        Expense, entity="expense", serializer=ExpenseOut,
        audience=lambda e: e.member_ids(),          # user ids who can see this object now
        visible=selectors.expenses_visible_to,     # user -> queryset of live objects (snapshot)
        # event=True: changes are figures or cards as they are now (a balance), not kept objects
        restricted=...,  # optional: obj -> (readers of every field, the shape the others get)
    )

realtime never imports a domain app: domain apps come to it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
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
    # When only some readers may see every field (a khata clerk sees a staff member without
    # the salary): obj -> (ids of the readers of the full shape, the serializer everyone
    # else gets). Anyone not named gets the narrow shape, so a reader who just lost access
    # is never sent more than they were allowed.
    restricted: Callable[[Any], tuple[Collection[UUID], type[serializers.BaseSerializer]]] | None = None
    # True for an event entity: its changes tell devices that a figure (a balance) or a card
    # (a person's name) changed and what it is now; devices replace it whatever its version
    # (the group's or friendship's, which a balance does not bump). The snapshot still carries
    # each as it stands at its cursor (`visible(user)`), so a device that resyncs has them.
    event: bool = False

    def serialize(self, obj: models.Model, serializer: type[serializers.BaseSerializer] | None = None) -> dict[str, Any]:
        """The object as it goes into the feed: as the API returns it, without a request or
        context (so one serializer per thread serves every change)."""
        return dict(represent(serializer or self.serializer, obj))

    def shapes(self, obj: models.Model, users: Iterable[UUID]) -> list[tuple[list[UUID], dict[str, Any]]]:
        """`users` grouped by the shape of `obj` each may read, with that shape's data."""
        users = list(users)
        if self.restricted is None:
            return [(users, self.serialize(obj))]
        full_readers, narrow = self.restricted(obj)
        full = set(full_readers)
        groups = [([u for u in users if u in full], None), ([u for u in users if u not in full], narrow)]
        return [(group, self.serialize(obj, serializer)) for group, serializer in groups if group]

    def serialize_for(self, obj: models.Model, user_id: UUID) -> dict[str, Any]:
        """The object as `user_id` may read it (the snapshot)."""
        [(_, data)] = self.shapes(obj, [user_id])
        return data


_by_model: dict[type[models.Model], Entity] = {}
_by_name: dict[str, Entity] = {}


def register(
    model: type[models.Model],
    *,
    entity: str,
    serializer: type[serializers.BaseSerializer],
    audience: Callable[[Any], Iterable[UUID]],
    visible: Callable[[Any], models.QuerySet],
    restricted: Callable[[Any], tuple[Collection[UUID], type[serializers.BaseSerializer]]] | None = None,
    event: bool = False,
) -> Entity:
    spec = Entity(entity, model, serializer, audience, visible, restricted, event)
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
