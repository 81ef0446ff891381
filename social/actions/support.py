"""What support staff do for people, from the admin: each an action, so it is audited (an
activity row naming the staff member) and reaches the person's devices."""

from __future__ import annotations

from django.db import transaction

from config.api.errors import Invalid
from realtime.actions import sign_out_sockets
from realtime.feed import action
from social import emails
from social.actions.activity import record_activity
from social.actions.sessions import revoke_all_sessions
from social.models import User


@action
def deactivate_user(staff: User, *, user: User, reason: str = "") -> User:
    """The account can no longer sign in: every refresh token and page session is revoked
    and every open socket closes (4401). Shared records stay as they are."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoke_all_sessions(user)
    sign_out_sockets(user.pk)
    record_activity(staff, verb="user.deactivated", entity="user", object_id=user.pk,
                    summary=f"{staff} deactivated {user.email}" + (f": {reason}" if reason else ""))
    return user


@action
def send_password_reset_link(staff: User, *, user: User) -> bool:
    """Mail the person a reset link (the same single-use link as "Forgot password")."""
    if not user.is_active or not user.has_usable_password():
        return False
    transaction.on_commit(lambda: emails.queue("reset", user.pk))
    record_activity(staff, verb="user.password_reset_sent", entity="user", object_id=user.pk,
                    summary=f"{staff} sent {user.email} a password-reset link")
    return True


@action
def correct_expense(staff: User, *, expense, requested_by: User, changes: dict, note: str):
    """Correct an expense's amounts (or other fields) on a member's request: the edit is made
    as that member (everyone in it must still be their group's members or their friends, as for
    any edit) and the history says which staff member made it and why."""
    from social.actions.expenses import edit_expense

    if requested_by.pk not in {s.user_id for s in expense.shares.all()} | {expense.created_by_id}:
        raise Invalid("Only someone in the expense can ask for a correction.", code="not_participant",
                      fields={"requested_by": ["Not in this expense."]})
    edited = edit_expense(requested_by, expense=expense, changes=changes)
    record_activity(staff, verb="expense.corrected", entity="expense", object_id=expense.pk,
                    group_id=expense.group_id,
                    summary=f"{staff} corrected “{expense.description}” at {requested_by}'s request: {note}"[:300],
                    changes={"requested_by": str(requested_by.pk), "fields": sorted(changes)})
    return edited
