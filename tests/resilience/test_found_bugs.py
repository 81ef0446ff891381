"""Bugs the resilience suite found in other areas, kept as regression tests once fixed."""

from __future__ import annotations

import pytest

from realtime.actions import notify
from realtime.models import Notification

pytestmark = pytest.mark.django_db


# Was: realtime/feed.py _flush keyed streams by UUID, so a str user id (as every Celery task
# receives it) raised KeyError. Fixed in realtime (ids normalised to UUID).
def test_notify_accepts_a_user_id_given_as_a_string(alice):
    notify(str(alice.id), kind="test", title="From a task", dedupe_key="str-id")
    assert Notification.objects.filter(user=alice, dedupe_key="str-id").count() == 1
