"""A test-only task, loaded by the Celery harness: it makes its effect through a real
action (a deduplicated notification, the product's exactly-once mechanism for tasks),
counts its runs in the broker's Redis, then lingers so the worker can be killed after the
effect and before the acknowledgement."""

from __future__ import annotations

import os
import time
import uuid

import redis
from celery import shared_task

from realtime.actions import notify


@shared_task(name="resilience.effect_then_linger", acks_late=True)
def effect_then_linger(user_id: str, key: str, linger: float) -> None:
    counter = redis.Redis.from_url(os.environ["REDIS_URL"])
    counter.incr(f"res-runs:{key}")
    # UUID(...): realtime.feed keys streams by UUID (a str id raises KeyError, see
    # tests/resilience/test_found_bugs.py).
    notify(uuid.UUID(user_id), kind="resilience.test", title="Exactly once", dedupe_key=key)
    counter.incr(f"res-effects-done:{key}")
    time.sleep(linger)
