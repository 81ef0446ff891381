"""The beat schedule: every periodic job of every app, in one place. Exactly one beat runs.

Jobs are idempotent per period (they claim their work with a unique row), so a second beat
or a late run acts once.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # --- realtime ---
    "realtime-prune-changes": {
        "task": "realtime.tasks.prune_changes",
        "schedule": crontab(minute=17, hour=3),
    },
    "realtime-prune-idempotency": {
        "task": "realtime.tasks.prune_idempotency",
        "schedule": crontab(minute=47),
    },
    # --- social ---
    # --- khata ---
    # --- finance ---
    # --- invoicing ---
}
