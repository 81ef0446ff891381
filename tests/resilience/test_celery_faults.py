"""Celery under faults: a worker killed mid-task (redelivered, effect once) and two beat
processes at once (every periodic job acts once per period). The broker is a private
redis-server; the database is the test database, shared with the child processes."""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from celery import Celery
from django.apps import apps
from django.conf import settings
from django.db import connection

from config.beat import BEAT_SCHEDULE
from realtime.models import Notification
from tests.resilience.procs import (
    RedisServer,
    celery_beat,
    celery_worker,
    child_env,
    running,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _sender(broker: str) -> Celery:
    return Celery("sender", broker=broker)


def test_worker_killed_mid_task_redelivers_and_the_effect_happens_once(alice):
    broker = RedisServer()
    env = child_env(broker.url, RES_VISIBILITY_TIMEOUT="3")
    first = celery_worker(env, name="first")
    second = celery_worker(env, name="second")
    key = f"resilience:{uuid.uuid4()}"
    try:
        broker.start()
        counter = redis.Redis.from_url(broker.url)
        first.start()
        _sender(broker.url).send_task("resilience.effect_then_linger", args=[str(alice.id), key, 30])
        # The effect is committed, the task still runs (not acknowledged): kill it now.
        wait_until(lambda: counter.get(f"res-effects-done:{key}"), timeout=60, message="first run's effect", logs=(first,))
        first.kill()
        assert Notification.objects.filter(user=alice, dedupe_key=key).count() == 1
        # A fresh worker gets the unacknowledged message once the visibility timeout passes.
        second.start()
        wait_until(lambda: int(counter.get(f"res-runs:{key}") or 0) >= 2, timeout=60,
                   message="redelivery", logs=(second,))
        wait_until(lambda: int(counter.get(f"res-effects-done:{key}") or 0) >= 2, timeout=30,
                   message="second run")
        assert Notification.objects.filter(user=alice, dedupe_key=key).count() == 1
    finally:
        first.cleanup()
        second.cleanup()
        broker.cleanup()


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
                continue
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def _seed_demo() -> None:
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


def test_two_beat_processes_act_once_per_period():
    """Every job of config/beat.py fired every second by two beat processes for several
    seconds does exactly what one run does: afterwards, running each job once more in this
    process changes no table (the period's work was claimed once)."""
    _seed_demo()
    broker = RedisServer()
    env = child_env(broker.url, BEAT_EVERY_SECONDS="1")
    worker = celery_worker(env)
    beats = [celery_beat(env, name="beat-a"), celery_beat(env, name="beat-b")]
    with running(broker, worker, *beats):
        counter = redis.Redis.from_url(broker.url)

        def every_job_sent_three_times_by_each() -> bool:
            return all(beat.output(tail=None).count(f"Sending due task {name} ") >= 3
                       for beat in beats for name in BEAT_SCHEDULE)

        # A beat fires each job every second once it is up (start-up time varies by machine).
        wait_until(every_job_sent_three_times_by_each, timeout=90, interval=0.5,
                   message="every job sent 3 times by each beat", logs=tuple(beats))
        # Let the worker drain what the two beats sent.
        wait_until(lambda: counter.llen("celery") == 0, timeout=60, message="queue drained")
        for beat in beats:
            assert beat.alive(), beat.output()
        for beat in beats:
            log = beat.output(tail=None)
            for name in BEAT_SCHEDULE:
                assert log.count(f"Sending due task {name} ") >= 3, log
        time.sleep(1.5)  # the last message taken may still be running
    before = _row_counts()
    from config.celery import app

    app.autodiscover_tasks(lambda: settings.INSTALLED_APPS, force=True)
    for entry in BEAT_SCHEDULE.values():
        app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
    assert _row_counts() == before
