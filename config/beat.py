"""The beat schedule: every periodic job of every app, in one place.

settings.CELERY_BEAT_SCHEDULE is `schedule()`, so `celery -A config beat` (the Procfiles)
sends every job below. Jobs are idempotent per period (they claim their work with a unique
row), so a second beat or a late run acts once.
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
    "social-materialise-recurring-expenses": {
        "task": "social.tasks.materialise_recurring_expenses",
        "schedule": crontab(minute="20,50"),  # twice an hour: each author's midnight is caught
    },
    "social-purge-receipts": {
        "task": "social.tasks.purge_receipts",
        "schedule": crontab(minute=40, hour=2),
    },
    # --- khata ---
    # Hourly: each business is reminded from its own 09:00 and its bills go overdue just after
    # its own midnight, whatever its zone (once per party and day / per bill: claimed rows).
    "khata-payment-reminders": {
        "task": "ledger.khata.tasks.send_payment_reminders",
        "schedule": crontab(minute=0),
    },
    "khata-overdue-bills": {
        "task": "ledger.khata.tasks.flag_overdue_bills",
        "schedule": crontab(minute=5),
    },
    "khata-purge-receipts": {
        "task": "ledger.khata.tasks.purge_receipts",
        "schedule": crontab(minute=50, hour=2),
    },
    # --- finance ---
    "finance-materialise-recurring": {
        "task": "ledger.finance.tasks.materialise_recurring",
        "schedule": crontab(minute="5,35"),  # twice an hour: each user's midnight is caught
    },
    "finance-remind-bills": {
        "task": "ledger.finance.tasks.remind_bills",
        "schedule": crontab(minute=10),  # hourly; once per bill, kind and due date
    },
    "finance-sweep-budget-thresholds": {
        "task": "ledger.finance.tasks.sweep_budget_thresholds",
        "schedule": crontab(minute="*/15"),
    },
    "finance-purge-receipts": {
        "task": "ledger.finance.tasks.purge_receipts",
        "schedule": crontab(minute=45, hour=2),
    },
    "finance-drop-stale-import-files": {
        "task": "ledger.finance.tasks.drop_stale_import_files",
        "schedule": crontab(minute=25, hour=2),
    },
    # --- invoicing ---
    "invoicing-overdue-and-default": {
        "task": "invoicing.tasks.mark_overdue_and_defaulted",
        "schedule": crontab(minute=5, hour="*/1"),
    },
}


def schedule(every_seconds: float = 0) -> dict[str, dict]:
    """The schedule beat runs. `every_seconds` > 0 (setting BEAT_EVERY_SECONDS) runs every
    job that often instead: for smoke tests and demos that cannot wait for the clock."""
    if every_seconds <= 0:
        return dict(BEAT_SCHEDULE)
    return {name: dict(entry, schedule=float(every_seconds)) for name, entry in BEAT_SCHEDULE.items()}
