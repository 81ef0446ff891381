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
    "khata-payment-reminders": {
        "task": "ledger.khata.tasks.send_payment_reminders",
        "schedule": crontab(minute=0, hour=4),
    },
    "khata-overdue-bills": {
        "task": "ledger.khata.tasks.flag_overdue_bills",
        "schedule": crontab(minute=5, hour=0),
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
    # --- invoicing ---
    "invoicing-overdue-and-default": {
        "task": "invoicing.tasks.mark_overdue_and_defaulted",
        "schedule": crontab(minute=5, hour="*/1"),
    },
}
