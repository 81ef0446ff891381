"""Names for the people a page mentions, in one query."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from social.models import User


def people(ids: Iterable[UUID]) -> dict[UUID, User]:
    ids = list(ids)
    if not ids:
        return {}
    users = User.objects.filter(pk__in=ids).select_related("profile").order_by("name", "email")
    return {u.pk: u for u in users}
