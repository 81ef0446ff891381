"""Text a person types that is shown to other people: what it may not contain, in one place.

- Bidirectional controls (U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates) are
  refused in every text field: they reorder what is shown ("invoice‮fdp.exe"), so a
  description or note can display something other than what was stored.
- Names (of people, groups, parties, accounts …) also refuse invisible characters that make
  one name look like another: zero-width space, word joiner, BOM, Mongolian vowel separator.
  Zero-width (non-)joiners are refused too unless both neighbours are non-ASCII: Indic
  scripts and emoji sequences need them there, while "al\u200dice" is a look-alike of "alice".
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e]")
JOINER = re.compile("[\u200c\u200d]")

BIDI_MESSAGE = "Contains bidirectional control characters (U+202A–U+202E, U+2066–U+2069)."
INVISIBLE_MESSAGE = "Contains invisible (zero-width) characters."


def _joiner_ok(text: str, at: int) -> bool:
    before, after = text[at - 1:at], text[at + 1:at + 2]
    return bool(before and after) and not before.isascii() and not after.isascii() and not JOINER.match(after)


def is_name_field(field: str) -> bool:
    return field == "name" or field.endswith("_name") or field in {"title", "payee"}


def text_problem(value: str, *, name: bool = False) -> str | None:
    """Why `value` is refused, or None when it is fine."""
    if BIDI_CONTROLS.search(value):
        return BIDI_MESSAGE
    if name:
        if INVISIBLE.search(value):
            return INVISIBLE_MESSAGE
        if any(not _joiner_ok(value, m.start()) for m in JOINER.finditer(value)):
            return INVISIBLE_MESSAGE
    return None


def field_problems(values: dict) -> dict[str, list[str]]:
    """Errors by field for the strings of a parsed form or serializer's data."""
    problems = {}
    for field, value in values.items():
        if isinstance(value, str):
            problem = text_problem(value, name=is_name_field(field))
            if problem:
                problems[field] = [problem]
    return problems
