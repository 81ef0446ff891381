"""An action's refusal in the page's language.

The API keeps its English messages (clients show their own words; codes are stable). A page
shows a refusal translated: an action's fixed message (`FIXED`) is itself the message id; a
message with details (an amount, a limit) is rebuilt from the refusal's `extra` or the settings
(`WORDS`, callables); otherwise the sentence for its code (`WORDS`). A refusal none of these
covers keeps the action's own (English) message, since its text carries details (which payer,
which amount) one sentence would lose. A change a page pushed from its offline queue is refused
in the API's shape; `say_answered` turns that answer into the page's sentence. `tests/pages/test_refusal_words.py` finds every fixed
message the actions raise and fails on one missing here, or on a copy here that no action
raises any more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from config import display
from config.phrases import Phrase, Sentence, shown

# The actions' fixed refusal messages, shown through gettext on pages (msgids, untranslated here).
FIXED = frozenset((
    # khata
    gettext_noop("This bill is financed on the marketplace: it is settled through its invoice. Withdraw the listing first."),
    gettext_noop("Only a draft bill can be edited."),
    gettext_noop("Only a draft can be deleted; cancel an issued bill."),
    gettext_noop("This bill is already issued."),
    gettext_noop("Only an issued bill without payments can be cancelled (delete its payments first)."),
    gettext_noop("Payments are recorded against issued bills only."),
    gettext_noop("The bill changed while it was being listed; try again."),
    gettext_noop("The bill is not financed by this invoice."),
    gettext_noop("The owner is already a member."),
    gettext_noop("The owner cannot be removed."),
    gettext_noop("The owner's role cannot change."),
    gettext_noop("The currency cannot change once the business has parties."),
    gettext_noop("The next invoice number cannot go back."),
    gettext_noop("Restore the party first."),
    gettext_noop("Restore the entry before editing it."),
    gettext_noop("This entry is deleted: restore it first."),
    gettext_noop("This bill is deleted."),
    gettext_noop("Delete the payment or entry this was posted from."),
    gettext_noop("Edit the payment or entry this was posted from."),
    gettext_noop("A bill needs at least one line."),
    gettext_noop("A line discount cannot exceed the line amount."),
    gettext_noop("The bill discount cannot exceed the subtotal."),
    gettext_noop("The bill total is too large."),
    gettext_noop("Invalid phone number."),
    gettext_noop("The state code differs from the GSTIN's."),
    gettext_noop("The CSV needs a header row with at least a `name` column."),
    gettext_noop("Unknown CSV columns."),
    gettext_noop("Cancel its credit notes first."),
    gettext_noop("Credit notes are issued against sale bills."),
    gettext_noop("Credit notes are issued against issued bills only."),
    gettext_noop("A credit note must credit something."),
    gettext_noop("Only a sale bill can be financed."),
    gettext_noop("A purchase bill is from a supplier."),
    gettext_noop("This supplier's bill is already recorded."),
    # personal finance
    gettext_noop("This account is archived."),
    gettext_noop("The account is no longer open for imports."),
    gettext_noop("Its account was deleted."),
    gettext_noop("This account has transactions: archive it instead, or delete them first."),
    gettext_noop("Choose the account your shares are posted to."),
    gettext_noop("Say which account pays it."),
    gettext_noop("This bill has no occurrence left to pay."),
    gettext_noop("Delete or move its sub-categories first."),
    gettext_noop("Categories nest one level only."),
    gettext_noop("You already have a category with that name here."),
    gettext_noop("The file holds no transactions."),
    gettext_noop("This preview no longer has its file; upload it again."),
    gettext_noop("A rule needs at least one condition."),
    gettext_noop("A rule needs something to do."),
    gettext_noop("Restore this transaction before editing it."),
    gettext_noop("This transaction is deleted: restore it first."),
    gettext_noop("This rule is deleted."),
    gettext_noop("A split transaction has its categories in its parts."),
    # receipts
    gettext_noop("Send the receipt as a file upload."),
    gettext_noop("The file is empty."),
    gettext_noop("A receipt must be a JPEG, PNG, WebP or HEIC photo or a PDF."),
    gettext_noop("The only size of a receipt is “thumb”."),
    # marketplace
    gettext_noop("Only an issued bill can be listed."),
    gettext_noop("Nothing is outstanding on this bill."),
    gettext_noop("The bill has no due date."),
    gettext_noop("This bill is already listed."),
    gettext_noop("Only the business's owner can list its bills."),
    gettext_noop("The listing cannot be due before the bill."),
    gettext_noop("At this rate and term the advance is too small to list."),
    gettext_noop("That is below the minimum ticket."),
    gettext_noop("That is more than is left to fund."),
    gettext_noop("That is more than is outstanding."),
    gettext_noop("This listing's due date has passed."),
    gettext_noop("You cannot fund your own invoice."),
    gettext_noop("Not enough money in the wallet for this."),
    gettext_noop("That top-up is too large."),
    gettext_noop("You already have an invoice with this number."),
    # friends, groups, expenses, IOUs, accounts
    gettext_noop("That id is taken."),
    gettext_noop("This link is invalid or has expired."),
    gettext_noop("This reset link is invalid, expired or already used."),
    gettext_noop("The account cannot be deleted yet."),
    gettext_noop("Map every person column to a group member."),
    gettext_noop("The CSV could not be imported."),
    gettext_noop("Less than is already repaid or waiting."),
    gettext_noop("The group was deleted."),
    gettext_noop("Bad amount."),
    gettext_noop("Name a friend or a contact."),
    gettext_noop("Only someone in the expense can ask for a correction."),
    gettext_noop("Outside a group, record only your own payments."),
    gettext_noop("Someone in this expense has left the group."),
    gettext_noop("A repayment of this IOU waits for the lender to confirm it."),
    gettext_noop("The rest of this IOU waits for the lender to confirm a payment."),
    gettext_noop("Part of this IOU is repaid or waiting: its direction cannot change."),
    gettext_noop("This repeat is stopped."),
    gettext_noop("This IOU is deleted."),
    gettext_noop("This expense is deleted: restore it first."),
    gettext_noop("IOUs are with friends (or a contact by name)."),
    gettext_noop("Outside a group, an expense is between friends only."),
    gettext_noop("Outside a group, settle only with friends."),
    gettext_noop("Both people must be members."),
    gettext_noop("Settle up first: there is an open balance with this friend."),
    gettext_noop("This member has an open balance in the group: settle up first."),
    gettext_noop("Only the one who recorded an IOU changes or deletes it."),
    gettext_noop("No such group."),
))

# Refusals whose field messages say more than their message (which address is taken, what a
# password lacks): a page shows those, each through gettext (Django's validators already
# speak the page's language; these are the ones we raise).
FIELD_FIRST = frozenset({"already_registered", "weak_password", "invalid_expense"})
FIELD_MESSAGES = (
    gettext_noop("An account with this email exists."),
    gettext_noop("An account with this phone exists."),
    gettext_noop("That address is taken."),
)


def english() -> bool:
    """The page is in English, the language the actions speak."""
    return (translation.get_language() or "en").startswith("en")


def _outside_english(words: Any) -> Callable[[Any], str]:
    """A sentence that loses the action's details (which role may do what): in English the
    action's own message says more."""
    return lambda exc: exc.message if english() else str(words)


def _with(words: Any, source: Callable[[Any], dict[str, Any]]) -> Callable[[Any], str]:
    """A sentence with details filled in from the refusal (its `extra`) or the settings."""
    return lambda exc: str(words) % source(exc)


WORDS: dict[str, Any] = {
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
    "bill_financed": _("This bill is financed on the marketplace: withdraw the listing or let it be repaid first."),
    "credit_limit_exceeded": _with(
        _("This takes the balance to %(balance_after)s, over the credit limit of %(credit_limit)s. "
          "A manager or owner may override it."), lambda exc: exc.extra),
    "credit_note_exceeds_bill": _with(_("More than is left to credit on this bill (%(creditable)s at most)."),
                                      lambda exc: {"creditable": exc.extra.get("creditable", "…")}),
    "overpayment": _with(_("More than the outstanding %(outstanding)s."), lambda exc: exc.extra),
    "due_date_too_soon": _with(_("The due date must be at least %(days)s days ahead to list."),
                               lambda exc: {"days": settings.INVOICING_MIN_DAYS_TO_DUE}),
    "due_date_too_far": _with(_("The due date can be at most %(days)s days ahead."),
                              lambda exc: {"days": settings.INVOICING_MAX_DAYS_TO_DUE}),
    "receipt_too_large": _with(_("The file is too large (%(mb)s MB at most)."),
                               lambda exc: {"mb": settings.RECEIPT_MAX_BYTES // 1_000_000}),
    "too_many_receipts": _with(_("A record holds %(limit)s receipts at most."),
                               lambda exc: {"limit": settings.RECEIPTS_PER_RECORD}),
    "not_found": _("That is not one of yours, or it was deleted."),
    "insufficient_role": _outside_english(_("Your role in this business does not allow this.")),
}


def in_page_language(exc: Any) -> str | None:
    """The refusal in the active language, or None when neither its message nor its code has
    a page sentence."""
    message = getattr(exc, "message", "")
    if getattr(exc, "code", "") in FIELD_FIRST:
        return None
    if message in FIXED:
        return gettext(message)
    if isinstance(message, Sentence):  # a message with its details, as a message id
        return message.render()
    words = WORDS.get(getattr(exc, "code", "") or "")
    if callable(words):
        try:
            return words(exc)
        except (KeyError, TypeError, ValueError):  # a refusal without the details: its own words
            return None
    return None if words is None else str(words)


def say(exc: Any, *, prefer_fields: bool = False) -> str:
    """One line for a page: the refusal in the page's language, else the action's message.
    `prefer_fields`: in English, the field messages when there are any (they are shorter)."""
    if prefer_fields and english() and exc.fields:
        return " ".join(str(m) for ms in exc.fields.values() if isinstance(ms, list) for m in ms) or exc.message
    words = in_page_language(exc)
    if words is None and getattr(exc, "code", "") == "invalid" and not english():
        return _unnamed_invalid(exc)
    return words or shown(exc.message)


def _unnamed_invalid(exc: Any) -> str:
    """A refusal of input the API's validation wrote (DRF's English field messages, "A valid
    number is required."): the fields it names, in the page's language."""
    names = [n for n in (exc.fields or {}) if n != "non_field_errors"]
    if names and all(n in display.FIELD_NAMES for n in names):
        return gettext("Check %(fields)s and try again.") % {"fields": ", ".join(display.field_name(n) for n in names)}
    return gettext("Something in this change is not valid: check it and try again.")


@dataclass(frozen=True)
class AnsweredRefusal:
    """A refusal as the API answered it (the `error` of its body), for `say`."""

    code: str
    message: str
    fields: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: dict[str, Any]) -> AnsweredRefusal:
        rest = {k: v for k, v in error.items() if k not in ("code", "message", "fields")}
        fields = error.get("fields")
        words = Phrase.from_json(rest.get("words"))  # a message with details, as its message id
        return cls(
            code=str(error.get("code") or ""),
            message=Sentence(words) if words else str(error.get("message") or ""),
            fields=fields if isinstance(fields, dict) else {},
            extra=rest,
        )


def say_answered(error: dict[str, Any]) -> str:
    """An answered refusal for a page: in English the API's own message (it names the details,
    e.g. which party), in another language `say`'s sentence."""
    refusal = AnsweredRefusal.of(error)
    return refusal.message if english() else say(refusal)
