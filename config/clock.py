"""Days in the right time zone. Timestamps are stored in UTC; "today", default dates, day
boundaries and schedules are computed in a zone: the business's for khata, the user's
(profile.time_zone) for everything personal. One place, so every caller agrees."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

DEFAULT_ZONE = "Asia/Kolkata"


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo:
    """The zone named `name` (IANA); UTC for an unknown or empty name."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def today_in(name: str | None) -> dt.date:
    return timezone.now().astimezone(zone(name)).date()


def day_of(instant: dt.datetime, name: str | None) -> dt.date:
    """The calendar day `instant` falls on in zone `name`."""
    return instant.astimezone(zone(name)).date()


def user_zone(user: Any) -> str:
    """A user's own zone (their profile's), the default when they have none."""
    return getattr(getattr(user, "profile", None), "time_zone", None) or DEFAULT_ZONE


def user_today(user: Any) -> dt.date:
    return today_in(user_zone(user))


def shown_in(name: str | None):
    """A context manager: pages rendered inside it show times in zone `name` (Django's
    current zone, for the template only; actions and API payloads stay in UTC)."""
    return timezone.override(zone(name))
