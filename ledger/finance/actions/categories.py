from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction

from config.api.errors import Conflict, Invalid
from ledger.finance.actions._common import lock, owned, save, tombstone
from ledger.finance.models import Category, CategoryKind
from realtime.feed import action, publish


def _parent(user, parent_id, kind: str | None) -> Category | None:
    parent = owned(Category, user.id, parent_id, "parent_id", "category")
    if parent is None:
        return None
    if parent.parent_id is not None:
        raise Invalid("Categories nest one level only.", code="too_deep", fields={"parent_id": ["That category is itself a sub-category."]})
    if kind is not None and parent.kind != kind:
        raise Invalid("A sub-category has its parent's kind.", fields={"parent_id": ["Parent is of another kind."]})
    return parent


def _save_unique(obj: Category, event: str, create: bool) -> None:
    try:
        with transaction.atomic():
            if create:
                obj.save(force_insert=True)
                publish(obj, event)
            else:
                save(obj, event)
    except IntegrityError:
        raise Invalid("You already have a category with that name here.", code="duplicate", fields={"name": ["Already exists."]})


@action
def create_category(user, *, name: str, kind: str = CategoryKind.EXPENSE, parent_id: UUID | None = None,
                    id: UUID | None = None) -> Category:
    if id is not None:
        existing = Category.objects.filter(pk=id).first()
        if existing is not None:
            if existing.owner_id != user.id:
                raise Conflict("That id is taken.", code="id_taken", fields={"id": ["Already used."]})
            return existing
    parent = _parent(user, parent_id, kind)
    obj = Category(owner_id=user.id, name=name.strip(), kind=kind, parent=parent)
    if id is not None:
        obj.id = id
    _save_unique(obj, "category.created", create=True)
    return obj


@action
def update_category(user, *, category: Category, expected_version: int | None = None, **changes) -> Category:
    category = lock(Category, category.pk, expected_version)
    if "name" in changes:
        category.name = changes["name"].strip()
    if "parent_id" in changes:
        parent = _parent(user, changes["parent_id"], category.kind)
        if parent is not None and (parent.id == category.id or category.children.filter(deleted_at__isnull=True).exists()):
            raise Invalid("Categories nest one level only.", code="too_deep", fields={"parent_id": ["This category has sub-categories."]})
        category.parent = parent
    _save_unique(category, "category.updated", create=False)
    return category


@action
def delete_category(user, *, category: Category, expected_version: int | None = None) -> Category:
    """A tombstone: transactions keep pointing at it (history stays as recorded)."""
    category = lock(Category, category.pk, expected_version)
    if category.children.filter(deleted_at__isnull=True).exists():
        raise Conflict("Delete or move its sub-categories first.", code="category_has_children")
    tombstone(category, "category.deleted")
    return category
