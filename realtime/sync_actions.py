"""Feed maintenance: pruning old changes and raising each user's floor."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from realtime.models import Change, Stream


def prune_changes() -> int:
    """Delete changes older than the retention window; a stream's floor becomes the highest
    seq deleted, so a client with a cursor below it is told to resync (410)."""
    cutoff = timezone.now() - timedelta(days=settings.CHANGE_RETENTION_DAYS)
    old = Change.objects.filter(at__lt=cutoff)
    floors = old.values("user_id").annotate(top=Max("seq"))
    deleted = 0
    for row in floors.iterator():
        with transaction.atomic():
            Stream.objects.filter(user_id=row["user_id"], floor__lt=row["top"]).update(floor=row["top"])
            deleted += Change.objects.filter(user_id=row["user_id"], seq__lte=row["top"]).delete()[0]
    return deleted
