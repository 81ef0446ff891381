"""Deleting one's account: what others need stays with them, everything personal goes.

Shared records keep their amounts (expenses, settlements, IOUs with friends and the balances
built from them are untouched); the person behind them becomes "Former member" with no
email, phone or profile left. A deletion is refused (409 `account_in_use`, each reason a
message) while something still ties others to the person: an open balance with anyone, or
what another app reports (`social.personal_data.register`). Otherwise, in one transaction:
the person leaves every group and friendship (their devices hear it; the others see the
person renamed), their personal records in every app are erased, every sign-in is revoked,
open sockets close, and the account can never sign in again."""

from __future__ import annotations

import uuid

from django.utils import timezone
from django.utils.translation import gettext_noop

from config.api.errors import Conflict, Invalid
from config.phrases import Sentence, money_arg, say
from realtime.actions import sign_out_sockets
from realtime.feed import action
from realtime.models import Notification
from social import balances, personal_data, selectors
from social.actions.accounts import _save_profile
from social.actions.friends import remove_friend
from social.actions.groups import leave_group
from social.actions.sessions import revoke_all_sessions
from social.models import IOU, Profile, User

FORMER_MEMBER = "Former member"


def blockers(user: User) -> list[str]:
    """Why the account cannot be deleted yet (empty: it can): Sentences, English in the API and
    in the page's language on the page."""
    reasons: list[str] = []
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[o for o, _, _ in balances.people_balances(user.pk)])}
    for other, currency, amount in balances.people_balances(user.pk):
        if amount:
            words = (gettext_noop("%(person)s owes you %(amount)s: settle up first.") if amount > 0 else
                     gettext_noop("You owe %(person)s %(amount)s: settle up first."))
            reasons.append(Sentence(say(words, person=names.get(other, FORMER_MEMBER),
                                        amount=money_arg(abs(amount), currency))))
    for section in personal_data.sections():
        if section.blockers is not None:
            reasons += section.blockers(user)
    return reasons


@action
def delete_account(user: User, *, password: str) -> User:
    """The person deletes their own account (the current password confirms it)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        raise Invalid("Wrong password.", code="wrong_password", fields={"password": ["Wrong password."]})
    return erase_account(user)


@action
def erase_account(user: User) -> User:
    """Anonymise `user` (also the admin's support action). Call with nothing open (see blockers)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active and user.email.endswith("@deleted.invalid"):
        return user  # already deleted
    reasons = blockers(user)
    if reasons:
        raise Conflict("The account cannot be deleted yet.", code="account_in_use", fields={"account": reasons})
    now = timezone.now()
    IOU.objects.filter(owner=user, friend=None, deleted_at=None).update(  # notes about contacts
        deleted_at=now, contact_name="", contact_phone="", note="")
    for section in personal_data.sections():
        if section.erase is not None:
            section.erase(user)
    Notification.objects.filter(user=user).delete()
    revoke_all_sessions(user)
    sign_out_sockets(user.pk)
    user.name, user.phone, user.pending_email = FORMER_MEMBER, None, ""
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.is_active, user.is_staff, user.is_superuser = False, False, False
    user.set_unusable_password()
    user.save()
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    profile.display_name, profile.upi_id, profile.avatar_url = FORMER_MEMBER, "", ""
    profile.notification_preferences = {}
    # While they still know the person, friends' and fellow members' devices rename them ...
    _save_profile(profile, seen=True, changed=True)
    # ... then the person leaves (their groups and friendships go from their own devices).
    for group in selectors.groups_visible_to(user):
        leave_group(user, group=group)
    for friend_id in selectors.friend_ids(user.pk):
        remove_friend(user, friend_id=friend_id)
    return user
