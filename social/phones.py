"""Phone numbers in E.164, parsed by `phonenumbers` (Google's libphonenumber rules)."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "IN"


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """'+91 98765 43210' or '09876543210' -> '+919876543210'; raises InvalidPhone."""
    try:
        number = phonenumbers.parse(str(raw), region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"{raw!r} is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
