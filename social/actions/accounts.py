"""Account actions: registering and changing who a person is and how they like things shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError

from config.api.errors import Invalid
from realtime.feed import action
from social.models import Profile, User

PROFILE_FIELDS = ("display_name", "default_currency", "time_zone", "locale", "upi_id", "notification_preferences")


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
def register_user(*, email: str, password: str, name: str, phone: str | None = None) -> User:
    email = email.strip().lower()
    _unique(email, phone)
    _check_password(password, User(email=email, name=name))
    try:
        return User.objects.create_user(email, password, name=name, phone=phone)
    except IntegrityError:  # a concurrent registration won the race
        raise Invalid("That account already exists.", code="already_registered", fields={"email": ["Taken."]})


@action
def update_account(user: User, *, changes: dict[str, Any], current_password: str | None = None) -> User:
    """Change name, phone, email (needs the current password) and profile fields."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email = changes.get("email")
    if email is not None and email.lower() != user.email:
        if not current_password or not user.check_password(current_password):
            raise Invalid(
                "Changing the email needs your current password.",
                code="password_required",
                fields={"password": ["Wrong or missing password."]},
            )
        user.email = email.lower()
    if "phone" in changes:
        user.phone = changes["phone"] or None
    if "name" in changes:
        user.name = changes["name"]
    _unique(user.email, user.phone, exclude=user)
    user.save()
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    touched = [f for f in PROFILE_FIELDS if f in changes]
    for field in touched:
        setattr(profile, field, changes[field])
    if touched:
        profile.version += 1
        profile.save()
    return user


@action
def admin_save_user(user: User, *, changed: list[str]) -> User:
    """The admin's edit form: the same rules as the API (unique email/phone)."""
    _unique(user.email, user.phone, exclude=user if user.pk else None)
    user.email = user.email.lower()
    user.save()
    Profile.objects.get_or_create(user=user, defaults={"display_name": user.name})
    return user
