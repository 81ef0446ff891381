"""social's Celery tasks: account mail (social/emails.py). They take ids, read the user afresh
and build the message in the worker."""

from __future__ import annotations

from celery import shared_task

from social import actions, emails
from social.models import User


@shared_task(name="social.tasks.send_account_email", ignore_result=True)
def send_account_email(kind: str, user_id: str, address: str | None = None) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    if kind == "reset":
        emails.send_password_reset(user)
    elif kind == "verify" and address and address.lower() in (user.email.lower(), user.pending_email.lower()):
        emails.send_verification(user, address)
    else:
        return False
    return True


@shared_task(name="social.tasks.materialise_recurring_expenses")
def materialise_recurring_expenses() -> int:
    """Recurring group expenses: every period due, exactly once (the action claims each)."""
    return actions.materialise_all_recurring_expenses()


@shared_task(name="social.tasks.purge_receipts")
def purge_receipts() -> int:
    """Receipts of expenses deleted longer ago than RECEIPT_RETENTION_DAYS: files and rows go."""
    return actions.purge_receipts_of_deleted_expenses()
