from __future__ import annotations

from django.db.models import QuerySet

from realtime.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, deleted_at=None).order_by("-created_at", "-id")
