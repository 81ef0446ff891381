"""Sign-in sessions: one family per sign-in, shared by every refresh token rotated from it.

A refresh token is single use: refreshing spends it and hands out its successor, in the same
family. Spending an already spent token is a reuse (a copy was stolen, or raced): the whole
family is revoked and the client must sign in again. The family row is what concurrent
refreshes lock, so exactly one of them can spend a given token.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SessionFamily(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_families")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"session {self.id} of {self.user_id}"
