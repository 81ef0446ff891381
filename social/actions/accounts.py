"""Account actions: registering and changing who a person is and how they like things shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.api.errors import Invalid
from realtime.actions import sign_out_sockets
from realtime.feed import action, publish
from social import emails
from social.actions.sessions import revoke_all_sessions
from social.balance_events import group_moved
from social.models import Profile, User
from social.selectors import member_group_ids

PROFILE_FIELDS = (
    "display_name", "default_currency", "time_zone", "locale", "upi_id", "avatar_url", "notification_preferences",
)
# What the people who know a user see of them (the `person` entity).
SEEN_BY_OTHERS = ("name", "display_name", "avatar_url")
# What a group's settle-up plan shows of a payee (its UPI links: pa, pn).
IN_SETTLE_UP = ("upi_id", "display_name")


def _check_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise Invalid("The password is too weak.", code="weak_password", fields={"password": exc.messages})


def _unique(email: str | None, phone: str | None, exclude: User | None = None) -> None:
    users = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    fields: dict[str, list[str]] = {}
    if email and users.filter(email__iexact=email).exists():
        fields["email"] = ["An account with this email exists."]
    if phone and users.filter(phone=phone).exists():
        fields["phone"] = ["An account with this phone exists."]
    if fields:
        raise Invalid("That account already exists.", code="already_registered", fields=fields)


@action
def register_user(*, email: str, password: str, name: str, phone: str | None = None,
                  locale: str | None = None) -> User:
    """`locale`: the language the person signed up in (the sign-up page's), so their pages and
    their first e-mail (the address confirmation) are in it; None keeps the default."""
    email = email.strip().lower()
    _unique(email, phone)
    _check_password(password, User(email=email, name=name))
    try:
        user = User.objects.create_user(email, password, name=name, phone=phone)
    except IntegrityError:  # a concurrent registration won the race
        raise Invalid("That account already exists.", code="already_registered",
                      fields={"email": ["That address is taken."]})
    if locale:
        Profile.objects.filter(user=user).update(locale=locale)
    transaction.on_commit(lambda: emails.queue("verify", user.pk, email))
    return user


@action
def update_account(user: User, *, changes: dict[str, Any], current_password: str | None = None) -> User:
    """Change name, phone, email and profile fields. A new email needs the current password
    and is only asked for: it becomes `pending_email`, and replaces the address once a link
    mailed to it is followed (verify_email)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email = changes.get("email")
    if email is not None and email.lower() != user.email:
        if not current_password or not user.check_password(current_password):
            raise Invalid(
                "Changing the email needs your current password.",
                code="password_required",
                fields={"password": ["Wrong or missing password."]},
            )
        _unique(email.lower(), None, exclude=user)
        user.pending_email = email.lower()
        transaction.on_commit(lambda: emails.queue("verify", user.pk, email.lower()))
    if "phone" in changes:
        user.phone = changes["phone"] or None
    renamed = "name" in changes and changes["name"] != user.name
    if "name" in changes:
        user.name = changes["name"]
    _unique(user.email, user.phone, exclude=user)
    user.save()
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    touched = [f for f in PROFILE_FIELDS if f in changes and changes[f] != getattr(profile, f)]
    for field in touched:
        value = changes[field]
        if field == "notification_preferences":  # one kind switched leaves the others as they were
            value = {**(profile.notification_preferences or {}), **value}
        setattr(profile, field, value)
    _save_profile(profile, seen=renamed or any(f in SEEN_BY_OTHERS for f in touched), changed=bool(touched))
    if renamed or any(f in IN_SETTLE_UP for f in touched):
        # Devices keep the group_balances event's settle-up plan: resend it, or they would
        # offer to pay an old UPI id.
        for group_id in member_group_ids(user.pk).values_list("group_id", flat=True):
            group_moved(group_id)
    return user


def _save_profile(profile: Profile, *, seen: bool, changed: bool) -> None:
    """Save a changed profile; when what others see of the person changed, their friends'
    and fellow members' devices get the `person` (and the person's own devices too)."""
    if not (seen or changed):
        return
    profile.version += 1
    profile.save()
    if seen:
        publish(profile, "person.updated")


@action
def reset_password(user: User, *, password: str) -> User:
    """Set a new password (from a reset link, whose token the caller checked) and revoke every
    sign-in of the user: refresh tokens and their families here, page sessions through
    Django's session hash and access tokens through their password hash claim (both cover
    the password), and open sockets are closed (4401) so they must sign in again."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_all_sessions(user)
    sign_out_sockets(user.pk)
    return user


@action
def verify_email(*, token: str) -> User:
    """Follow a verification link: the address it names becomes the user's verified email (a
    pending new address replaces the old one). A forged, expired or superseded link is refused."""
    claim = emails.read_verify_token(token)
    user = User.objects.select_for_update().filter(pk=claim[0], is_active=True).first() if claim else None
    if user is None or claim[1] not in (user.email, user.pending_email):
        raise Invalid("This link is invalid or has expired.", code="invalid_token",
                      fields={"token": ["Invalid or expired."]})
    if claim[1] != user.email:  # the pending new address: it replaces the old one
        _unique(claim[1], None, exclude=user)
        user.email, user.pending_email, user.email_verified_at = claim[1], "", timezone.now()
    elif user.email_verified_at is None:
        user.email_verified_at = timezone.now()
    if user.pending_email == user.email:
        user.pending_email = ""
    user.save(update_fields=["email", "pending_email", "email_verified_at"])
    return user


@action
def admin_save_user(user: User, *, changed: list[str]) -> User:
    """The admin's edit form: the same rules as the API (unique email/phone)."""
    _unique(user.email, user.phone, exclude=user if user.pk else None)
    user.email = user.email.lower()
    user.save()
    profile, created = Profile.objects.select_for_update().get_or_create(user=user, defaults={"display_name": user.name})
    if not created:
        _save_profile(profile, seen="name" in changed, changed=False)
    return user
