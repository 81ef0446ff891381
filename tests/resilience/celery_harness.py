"""Runs the project's Celery app for fault tests: `python -m tests.resilience.celery_harness
worker|beat [celery args]`.

It is the real app (config.celery, same settings, same tasks) with three test-only knobs,
all from the environment so the test process controls them:
- RES_VISIBILITY_TIMEOUT: seconds before an unacknowledged message is redelivered (the
  Redis transport's default is one hour; a test cannot wait that long);
- RES_BEAT_EVERY: run every job of config.beat's schedule every N seconds (two beat
  processes then fire every job many times in the same period);
- plus `tests.resilience.tasks`, a task that makes a visible effect through a real action
  and then lingers, so a test can kill the worker after the effect and before the ack.
"""

from __future__ import annotations

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.celery import app  # noqa: E402


def configure() -> None:
    visibility = os.environ.get("RES_VISIBILITY_TIMEOUT")
    if visibility:
        options = dict(app.conf.broker_transport_options or {})
        # Sweep for abandoned messages every second (defaults: every 10 s x throttle 10).
        options.update(visibility_timeout=int(visibility), unacked_restore_interval=1,
                       unacked_restore_throttle=1)
        app.conf.broker_transport_options = options
    every = os.environ.get("RES_BEAT_EVERY")
    if every:
        from config.beat import BEAT_SCHEDULE

        schedule = {name: dict(entry, schedule=float(every)) for name, entry in BEAT_SCHEDULE.items()}
        app.conf.beat_schedule = schedule
    app.conf.include = [*list(app.conf.include or []), "tests.resilience.tasks"]
    import tests.resilience.tasks  # noqa: F401  (registers the test task)


if __name__ == "__main__":
    configure()
    app.start(argv=sys.argv[1:])
