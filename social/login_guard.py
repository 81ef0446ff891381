"""Rate limits on signing in (and on registering and accepting invites).

Every attempt is counted *before* the password is checked, with an atomic increment in the
cache (Redis INCR in production), so parallel attempts cannot all pass a check made before
any of them was recorded. Counted per fixed window of LOGIN_GUARD_WINDOW seconds:
- per (account, address): LOGIN_GUARD_PAIR_LIMIT — guessing one account from one place;
- per account, from anywhere: LOGIN_GUARD_ACCOUNT_LIMIT — the same, spread over many places;
- per address, any account: LOGIN_GUARD_ADDRESS_LIMIT, much higher — many people behind one
  NAT or proxy share it, so failures with made-up emails must not lock them all out.
A successful sign-in takes its own attempt back and clears its (account, address) count.
The address is `config.addresses.client_address` (X-Forwarded-For only from trusted proxies).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled

logger = logging.getLogger(__name__)


def _window() -> int:
    return int(getattr(settings, "LOGIN_GUARD_WINDOW", 300))


def _count(key: str, window: int) -> int:
    """Atomically add one to `key` in the current window and return the new count."""
    bucket = f"guard:{key}:{int(time.time() // window)}"
    try:
        cache.add(bucket, 0, timeout=window + 5)
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(bucket, 1, timeout=window + 5)
        return 1
    except Exception:  # noqa: BLE001 - a cache outage must not turn every login into a 500
        logger.warning("login guard: cache unavailable", exc_info=True)
        return 0


def _uncount(key: str, window: int, *, clear: bool = False) -> None:
    bucket = f"guard:{key}:{int(time.time() // window)}"
    try:
        if clear:
            cache.delete(bucket)
        else:
            cache.decr(bucket)
    except Exception:  # noqa: BLE001 - missing key or cache outage: nothing to take back
        pass


def _wait(window: int) -> int:
    return max(1, int(window - time.time() % window))


def _account(identifier: str) -> str:
    return hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Attempt:
    account: str
    address: str

    def succeeded(self) -> None:
        """The password was right: this attempt does not count against anyone."""
        window = _window()
        _uncount(f"acct:{self.account}", window)
        _uncount(f"addr:{self.address}", window)
        _uncount(f"pair:{self.account}:{self.address}", window, clear=True)


def attempt(identifier: str, address: str) -> Attempt:
    """Count one sign-in attempt; raises Throttled (429) when a limit is passed, before any
    password is checked."""
    window = _window()
    account = _account(identifier)
    over = [
        _count(f"pair:{account}:{address}", window) > settings.LOGIN_GUARD_PAIR_LIMIT,
        _count(f"acct:{account}", window) > settings.LOGIN_GUARD_ACCOUNT_LIMIT,
        _count(f"addr:{address}", window) > settings.LOGIN_GUARD_ADDRESS_LIMIT,
    ]
    if any(over):
        raise Throttled(wait=_wait(window))
    return Attempt(account, address)


def limit(action: str, key: str, *, per_hour: int) -> None:
    """A plain per-hour ceiling (registrations per address, invite acceptances per user)."""
    if _count(f"{action}:{key}", 3600) > per_hour:
        raise Throttled(wait=_wait(3600))
