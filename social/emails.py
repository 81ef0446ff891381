"""Account mail: password-reset links and address-verification links, their tokens, and
sending them through Django's email framework (SMTP from EMAIL_URL, else the console).

- Reset links carry Django's own PasswordResetTokenGenerator token: an HMAC over the user's
  password hash, last login and email, so it expires (PASSWORD_RESET_TIMEOUT) and stops
  working once used (the password it was made against has changed).
- Verification links carry a signed (django.core.signing, timestamped) claim "user U owns
  address A"; it works for EMAIL_VERIFY_SECONDS and only while A is the user's address or the
  pending new one (once applied, a replay changes nothing).
- Mail goes out from a Celery task (social.tasks), so a request for a reset takes as long
  whether or not the address has an account.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from social.models import User

logger = logging.getLogger(__name__)

VERIFY_SALT = "hisaab.social.verify-email"


# --- password reset ---------------------------------------------------------------------------
def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.HISAAB_BASE_URL + reverse("password-reset-confirm", args=[uid, token])


def user_for_reset(uid: str, token: str) -> User | None:
    """The active user the (uid, token) pair of a reset link is for; None when the link is
    forged, expired or already used."""
    try:
        pk = uuid.UUID(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


# --- address verification ---------------------------------------------------------------------
def verify_token(user: User, address: str) -> str:
    return signing.dumps({"u": str(user.pk), "e": address.lower()}, salt=VERIFY_SALT, compress=True)


def verify_link(user: User, address: str) -> str:
    return settings.HISAAB_BASE_URL + reverse("verify-email", args=[verify_token(user, address)])


def read_verify_token(token: str) -> tuple[uuid.UUID, str] | None:
    """(user id, address) from a verification token that is genuine and not expired."""
    try:
        claim = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFY_SECONDS)
        return uuid.UUID(claim["u"]), str(claim["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


# --- sending ----------------------------------------------------------------------------------
def _send(template: str, to: str, context: dict) -> None:
    """The mail in its reader's language (the profile's locale, as their pages and notifications)."""
    from config.locale import language_of

    profile = getattr(context["user"], "profile", None)
    with translation.override(language_of(getattr(profile, "locale", None)) or settings.LANGUAGE_CODE):
        subject, _, body = render_to_string(template, context).partition("\n")
    send_mail(subject.strip(), body.lstrip("\n"), settings.DEFAULT_FROM_EMAIL, [to])


def send_password_reset(user: User) -> None:
    _send("social/email/password_reset.txt", user.email, {
        "user": user, "link": reset_link(user), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60})


def send_verification(user: User, address: str) -> None:
    _send("social/email/verify_email.txt", address, {
        "user": user, "link": verify_link(user, address), "address": address,
        "hours": settings.EMAIL_VERIFY_SECONDS // 3600, "new": address.lower() != user.email.lower()})


def request_password_reset(email: str, *, address: str) -> None:
    """Mail a reset link if `email` has an active account; the caller answers the same either
    way. Limited per asked-for email and per client address (Throttled: 429)."""
    from social import login_guard

    login_guard.limit("reset-address", address, per_hour=settings.PASSWORD_RESETS_PER_ADDRESS_HOUR)
    login_guard.limit("reset-email", email.strip().lower(), per_hour=settings.PASSWORD_RESETS_PER_EMAIL_HOUR)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None and user.has_usable_password():
        queue("reset", user.pk)


def resend_verification(user: User) -> str:
    """Mail the verification link again (to the pending new address if any); returns the
    address. Limited per user (Throttled: 429)."""
    from social import login_guard

    login_guard.limit("verify-mail", str(user.pk), per_hour=settings.PASSWORD_RESETS_PER_EMAIL_HOUR)
    address = user.pending_email or user.email
    queue("verify", user.pk, address)
    return address


def queue(kind: str, user_id: uuid.UUID, address: str | None = None) -> None:
    """Hand the mail to the worker (kind: "reset" or "verify"). A broker outage is logged and
    the request still answers the same (a reset request never says whether mail went out)."""
    from social.tasks import send_account_email

    try:
        send_account_email.delay(kind, str(user_id), address)
    except Exception:
        logger.exception("Could not queue %s mail", kind)
