"""Runs the project's Celery app for fault tests: `python -m tests.resilience.celery_harness
worker|beat [celery args]`.

It is the real app (config.celery, same settings, same tasks, the real beat schedule, which
the BEAT_EVERY_SECONDS setting compresses) with two test-only knobs, both from the
environment so the test process controls them:
- RES_VISIBILITY_TIMEOUT: seconds before an unacknowledged message is redelivered (the
  Redis transport's default is one hour; a test cannot wait that long);
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
    app.conf.include = [*list(app.conf.include or []), "tests.resilience.tasks"]
    import tests.resilience.tasks  # noqa: F401  (registers the test task)


if __name__ == "__main__":
    configure()
    app.start(argv=sys.argv[1:])
