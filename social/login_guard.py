"""Throttling of failed logins: after LIMIT failures for one identity (or one address) within
WINDOW seconds, further attempts answer 429 with Retry-After until the window passes.
Counts live in the cache (Redis in production), so every process sees them."""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from rest_framework.exceptions import Throttled

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW = 300


def _keys(identifier: str, address: str) -> list[str]:
    ident = hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:id:{ident}", f"login-fail:ip:{address}"]


def _get(key: str) -> dict | None:
    # Fail open: a cache outage must not turn every login into a 500.
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("login guard: cache unavailable", exc_info=True)
        return None


def check(identifier: str, address: str) -> None:
    now = time.time()
    for key in _keys(identifier, address):
        entry = _get(key)
        if entry and entry["count"] >= (LIMIT if ":id:" in key else LIMIT * 4):
            raise Throttled(wait=max(1, int(entry["until"] - now)))


def record_failure(identifier: str, address: str) -> None:
    now = time.time()
    for key in _keys(identifier, address):
        entry = _get(key) or {"count": 0, "until": now + WINDOW}
        entry["count"] += 1
        try:
            cache.set(key, entry, timeout=max(1, int(entry["until"] - now)))
        except Exception:  # noqa: BLE001
            logger.warning("login guard: cache unavailable", exc_info=True)


def clear(identifier: str) -> None:
    try:
        cache.delete(_keys(identifier, "-")[0])
    except Exception:  # noqa: BLE001
        logger.warning("login guard: cache unavailable", exc_info=True)
