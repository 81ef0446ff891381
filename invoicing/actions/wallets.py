"""Wallets: made lazily on a user's first wallet or invoicing access (social knows nothing
of invoicing), credited once with demo money from the treasury; demo top-ups and
withdrawals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction

from config import money
from config.api.errors import Invalid
from invoicing.actions.journal import platform_account, post
from invoicing.models import Account, AccountKind, PostingKind
from realtime.feed import action, publish


def existing_wallet(user, currency: str) -> Account | None:
    return Account.objects.filter(kind=AccountKind.WALLET, owner=user, currency=currency).first()


@action
def ensure_wallet(user, *, currency: str) -> Account:
    """The user's wallet in `currency`, made (and, in the demo currency, credited with the
    demo credit) on first use. Exactly once: the wallet's unique constraint decides which
    of two concurrent first accesses makes it; the credit's posting has a unique reference."""
    wallet = existing_wallet(user, currency)
    if wallet is not None:
        return wallet
    try:
        with transaction.atomic():
            wallet = Account.objects.create(kind=AccountKind.WALLET, owner=user, currency=currency)
    except IntegrityError:  # a concurrent first access made it (and credited it)
        return Account.objects.get(kind=AccountKind.WALLET, owner=user, currency=currency)
    credit = Decimal(str(settings.INVOICING_DEMO_CREDIT))
    if currency == settings.INVOICING_DEMO_CURRENCY and credit > 0:
        treasury = platform_account(AccountKind.TREASURY, currency)
        post(
            kind=PostingKind.DEMO_CREDIT,
            legs=[(treasury, -credit), (wallet, credit)],
            actor_id=user.pk,
            memo="Demo credit for a new wallet",
            reference=f"demo-credit:{user.pk}:{currency}",
        )
    else:
        publish(wallet, "wallet.created")
    wallet.refresh_from_db()
    return wallet


def _check_amount(amount: Decimal, currency: str) -> None:
    if amount <= 0:
        raise Invalid("The amount must be positive.", fields={"amount": ["Must be more than zero."]})
    if not money.has_valid_precision(amount, currency):
        raise Invalid(
            f"{currency} amounts have {money.exponent(currency)} decimal places at most.",
            fields={"amount": [f"{money.exponent(currency)} decimal places at most for {currency}."]},
        )


@action
def top_up_wallet(user, *, amount: Decimal, currency: str) -> Account:
    """Demo top-up: money comes from the platform treasury."""
    _check_amount(amount, currency)
    if amount > Decimal(str(settings.INVOICING_MAX_TOP_UP)):
        raise Invalid("That top-up is too large.", code="top_up_too_large",
                      fields={"amount": [f"At most {settings.INVOICING_MAX_TOP_UP}."]})
    wallet = ensure_wallet(user, currency=currency)
    treasury = platform_account(AccountKind.TREASURY, currency)
    post(kind=PostingKind.TOP_UP, legs=[(treasury, -amount), (wallet, amount)], actor_id=user.pk, memo="Demo top-up")
    wallet.refresh_from_db()
    return wallet


@action
def withdraw_from_wallet(user, *, amount: Decimal, currency: str) -> Account:
    """Demo withdrawal: money leaves the platform (back to the treasury). Refused with
    insufficient_funds beyond the balance."""
    _check_amount(amount, currency)
    wallet = ensure_wallet(user, currency=currency)
    treasury = platform_account(AccountKind.TREASURY, currency)
    post(kind=PostingKind.WITHDRAWAL, legs=[(wallet, -amount), (treasury, amount)], actor_id=user.pk,
         memo="Withdrawal to bank")
    wallet.refresh_from_db()
    return wallet
