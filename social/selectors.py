"""social's reads, with access checks built in."""

from __future__ import annotations

from uuid import UUID

from config.api.errors import NotFound
from social.models import User


def get_user(user_id: UUID | str) -> User:
    try:
        return User.objects.select_related("profile").get(pk=user_id, is_active=True)
    except (User.DoesNotExist, ValueError):
        raise NotFound("No such user.")


def find_login_user(identifier: str) -> User | None:
    """The active user whose email (any case) or phone is `identifier`."""
    from social.phones import InvalidPhone, normalize_phone

    identifier = identifier.strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first()
    try:
        phone = normalize_phone(identifier)
    except InvalidPhone:
        return None
    return User.objects.filter(phone=phone, is_active=True).first()
