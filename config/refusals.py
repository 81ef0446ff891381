"""An action's refusal in the page's language.

The API keeps its English messages (clients show their own words; codes are stable). A page
that attaches a refusal to a form shows the sentence below for its code, translated; a code
not listed keeps the action's own (English) message, since its text carries details (which
payer, which amount) the one sentence would lose."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

WORDS = {
    "invite_not_found": _("No such invite."),
    "invite_used": _("This invite has already been used."),
    "invite_expired": _("This invite has expired."),
    "own_invite": _("This is your own invite."),
    "invite_not_for_you": _("This invite is for someone else: only that person can accept it."),
    "email_unconfirmed": _("Confirm your email address first: open the link we mailed to it, then accept again."),
    "stale_version": _("Someone changed this meanwhile: reload the page and try again."),
    "wrong_password": _("Wrong password."),
    "password_required": _("Changing the email needs your current password."),
    "open_balance": _("Settle up first: this member still has a balance in the group."),
    "already_member": _("Already a member."),
    "not_friends": _("Only your friends can be added to a group."),
    "not_members": _("Everyone in a group expense must be a member of the group."),
    "same_person": _("Someone cannot pay themselves."),
    "too_much": _("More than is outstanding."),
    "already_settled": _("This IOU is already settled."),
    "lender_settles": _("Only the lender marks an IOU repaid: record your payment for them to confirm."),
    "borrower_pays": _("Only the borrower records a payment to the lender."),
    "lender_decides": _("Only the lender confirms or disputes a payment."),
}


def in_page_language(exc: Any) -> str | None:
    """The translated sentence for the refusal's code, or None when the code has none."""
    words = WORDS.get(getattr(exc, "code", "") or "")
    return None if words is None else str(words)
