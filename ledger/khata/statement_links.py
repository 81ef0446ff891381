"""A party's statement shared by link: the business sends it to the customer or supplier,
who reads it without an account.

The link carries a signed, timestamped claim "party P of business B" (django.core.signing,
its own salt), so it cannot be forged or pointed at another party; it works for
SHARE_DAYS and only while the party and its business are live. Making one writes nothing.
The claim also carries the party's share generation: withdrawing the links
(actions.withdraw_statement_links) moves it on, so every link sent before stops at once."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

SALT = "hisaab.khata.statement-share"
SHARE_DAYS = 30


def token_for(party: Any) -> str:
    claim = {"p": str(party.pk), "b": str(party.business_id)}
    if party.share_generation:
        claim["g"] = party.share_generation
    return signing.dumps(claim, salt=SALT, compress=True)


def share_path(party: Any) -> str:
    return reverse("khata-shared-statement", args=[token_for(party)])


def read(token: str) -> tuple[str, str, int] | None:
    """(party id, business id, share generation) of a genuine, unexpired link; None otherwise."""
    try:
        claim = signing.loads(token, salt=SALT, max_age=SHARE_DAYS * 24 * 3600)
        return str(claim["p"]), str(claim["b"]), int(claim.get("g", 0))
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
