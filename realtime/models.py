"""The change feed's tables and the base every synced model inherits.

Each user has a stream: a head row (`Stream`) whose `head` is the last seq handed out and
whose `floor` is the last seq pruned. `Change` rows are numbered 1, 2, 3 … per user with no
gap, because numbers are taken under a lock on the head row (see `realtime.feed`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Synced(models.Model):
    """Base for every object that reaches devices: a client-choosable UUID (offline creation
    is idempotent), a version (1 on create, +1 per change) and a tombstone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Stream(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    head = models.BigIntegerField(default=0)
    floor = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(floor__gte=0) & models.Q(head__gte=models.F("floor")),
                name="stream_floor_below_head",
            )
        ]

    def __str__(self) -> str:
        return f"stream {self.user_id} head={self.head} floor={self.floor}"


class Op(models.TextChoices):
    UPSERT = "upsert"
    DELETE = "delete"


class Change(models.Model):
    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    seq = models.BigIntegerField()
    event = models.CharField(max_length=64)
    entity = models.CharField(max_length=64)
    op = models.CharField(max_length=8, choices=Op.choices)
    object_id = models.UUIDField()
    version = models.PositiveIntegerField()
    data = models.JSONField(encoder=DjangoJSONEncoder)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "seq"], name="change_unique_user_seq"),
        ]
        indexes = [models.Index(fields=["at"], name="change_at_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}#{self.seq} {self.event}"

    def envelope(self) -> dict:
        return {
            "seq": self.seq,
            "event": self.event,
            "entity": self.entity,
            "op": self.op,
            "id": str(self.object_id),
            "version": self.version,
            "data": self.data,
            "at": self.at.isoformat().replace("+00:00", "Z"),
        }


class Notification(Synced):
    """Something a person must not miss (invoice funded, budget threshold, bill due …).
    Created only by `realtime.actions.notify`, delivered as a change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Actions that must notify once per period pass a key; the constraint makes it once.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class IdempotencyKey(models.Model):
    """The outcome of one `Idempotency-Key`, per user: claimed (in flight) before the view
    runs, filled in when it answers, replayed afterwards. Kept at least 24 h."""

    class State(models.TextChoices):
        IN_FLIGHT = "in_flight"
        DONE = "done"

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_FLIGHT)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_once_per_user_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} {self.state}"


class PushClient(models.Model):
    """One offline queue (a device/app install) of a user: the last mutation id applied.
    Its row is the lock that serialises two pushes from the same client."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client_id = models.UUIDField()
    last_mutation_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="push_client_once"),
            models.CheckConstraint(
                condition=models.Q(last_mutation_id__gte=0), name="push_client_id_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.client_id} @{self.last_mutation_id}"


class PushedMutation(models.Model):
    """The recorded result of one replayed mutation, returned again when it is repeated."""

    id = models.BigAutoField(primary_key=True)
    client = models.ForeignKey(PushClient, on_delete=models.CASCADE, related_name="mutations", db_index=False)
    mutation_id = models.BigIntegerField()
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "mutation_id"], name="pushed_mutation_once")
        ]
        indexes = [models.Index(fields=["created_at"], name="pushed_mutation_created_idx")]

    def __str__(self) -> str:
        return f"{self.client_id}#{self.mutation_id} -> {self.status}"
