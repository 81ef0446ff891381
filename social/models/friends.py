"""Friendships and invites.

A friendship is one row per pair (`user_low` < `user_high` by id), tombstoned when removed
and restored when the two become friends again. An invite is generic: `purpose` says what
accepting it does ("friend" makes the two friends; other apps react to `invite.accepted`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from realtime.models import Synced


class Friendship(Synced):
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="friendship_unique_pair"),
            models.CheckConstraint(condition=models.Q(user_low__lt=models.F("user_high")), name="friendship_ordered_pair"),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"], name="friendship_high_idx")]

    def __str__(self) -> str:
        return f"{self.user_low_id} ~ {self.user_high_id}"

    def member_ids(self) -> list:
        return [self.user_low_id, self.user_high_id]


class Invite(Synced):
    inviter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=32, default="friend")
    payload = models.JSONField(default=dict, blank=True)
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=16, blank=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["inviter", "-created_at"], name="invite_inviter_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} invite by {self.inviter_id}"

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None
