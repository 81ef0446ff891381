"""GSTIN (India's GST identification number): structure, state code and check character.

15 characters: the state code (2 digits, a GST state or territory), the holder's PAN (5
letters, 4 digits, a letter), the registration number within the state (1-9, A-Z), a
letter or digit (Z for ordinary taxpayers), and a check character: the GSTN's base-36
Luhn-style checksum over the first 14 (odd positions weigh 1, even 2; each product adds
its base-36 digits).

Hand-written rather than from python-stdnum (which has `stdnum.in_.gstin`): the algorithm
is these few lines, and the shared virtualenv takes no new dependency mid-session.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from config.phrases import sentence

CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SHAPE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][0-9A-Z][0-9A-Z]$")
# 01-38 the states and union territories (38 Ladakh), 97 other territory, 99 centre jurisdiction.
STATE_CODES = frozenset({f"{n:02d}" for n in range(1, 39)} | {"97", "99"})


def check_character(first14: str) -> str:
    total = 0
    for position, char in enumerate(first14):
        product = CHARS.index(char) * (1 if position % 2 == 0 else 2)
        total += product // 36 + product % 36
    return CHARS[(36 - total % 36) % 36]


def normalize(value: str) -> str:
    return (value or "").strip().upper()


def problem(value: str) -> str | None:
    """Why `value` (normalized) is not a GSTIN, or None when it is one."""
    if len(value) != 15:
        return sentence(gettext_noop("A GSTIN has 15 characters."))
    if not SHAPE.match(value):
        return sentence(gettext_noop("Not a GSTIN: 2-digit state code, 10-character PAN (AAAAA9999A), then 3 letters or digits."))
    if value[:2] not in STATE_CODES:
        return sentence(gettext_noop("%(code)s is not a GST state code."), code=value[:2])
    if check_character(value[:14]) != value[14]:
        return sentence(gettext_noop("The check character (the last one) does not match: a character is mistyped."))
    return None


def check_fields(fields: dict) -> None:
    """Validate and normalize `fields["gstin"]` (a business's or party's fields, changed in
    place); derive the state code from it, or refuse a state code that contradicts it.
    Raises Invalid with a field error."""
    from config.api.errors import Invalid

    if not fields.get("gstin"):
        return
    value = fields["gstin"] = normalize(fields["gstin"])
    why = problem(value)
    if why:
        raise Invalid(why, code="invalid_gstin", fields={"gstin": [why]})
    state = fields.get("state_code")
    if state and state != value[:2]:
        raise Invalid("The state code differs from the GSTIN's.", code="invalid_gstin",
                      fields={"state_code": [sentence(gettext_noop("The GSTIN is registered in state %(code)s."), code=value[:2])]})
    fields["state_code"] = value[:2]
