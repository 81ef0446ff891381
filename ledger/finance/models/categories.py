from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from realtime.models import Synced


class CategoryKind(models.TextChoices):
    EXPENSE = "expense"
    INCOME = "income"


class Category(Synced):
    """A user's category; custom ones may sit under a top-level one (one level only, checked
    by the action: a parent must itself have no parent)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_categories")
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=8, choices=CategoryKind.choices, default=CategoryKind.EXPENSE)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                "owner", Lower("name"), "kind", condition=models.Q(deleted_at__isnull=True, parent__isnull=True),
                name="fin_category_top_unique",
            ),
            models.UniqueConstraint(
                "owner", "parent", Lower("name"), condition=models.Q(deleted_at__isnull=True, parent__isnull=False),
                name="fin_category_child_unique",
            ),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="fin_category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name
