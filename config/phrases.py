"""Words written once and read in each reader's language.

An activity line or a notification is kept as an English message id (marked with
`gettext_noop`, so it is in the catalogues) and its arguments; it is shown by looking the
message up in the reader's language and putting in the arguments, amounts and dates through
config.display. The English rendering is kept too (the API's `summary`, `title`, `body`).

    say(gettext_noop("%(actor)s added “%(what)s” (%(amount)s)"),
        actor=str(user), what="Villa", amount=money_arg(Decimal("36000"), "INR"))
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from config import display


def money_arg(amount: Decimal, currency: str) -> dict[str, str]:
    return {"money": str(amount), "currency": currency}


def date_arg(day: dt.date) -> dict[str, str]:
    return {"date": day.isoformat()}


def state_arg(value: str) -> dict[str, str]:
    return {"state": value}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        if "money" in value:
            return display.money(value["money"], value.get("currency") or "INR")
        if "date" in value:
            return display.date(value["date"])
        if "state" in value:
            return display.state(value["state"])
        if "fields" in value:
            return ", ".join(display.field_name(n) for n in value["fields"])
        if "phrase" in value:  # a sentence inside a sentence ("Line 4: <why>")
            inner = Phrase.from_json(value["phrase"])
            return inner.render() if inner else ""
    return str(value)


@dataclass(frozen=True)
class Phrase:
    text: str
    args: dict[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        """In `language` (a Django code), else the active one."""
        with translation.override(language) if language else nullcontext():
            if not self.args:  # a message id alone ("%" in it is not a placeholder)
                return gettext(self.text)
            shown = {k: _show(v) for k, v in self.args.items()}
            try:
                return gettext(self.text) % shown
            except (KeyError, ValueError, TypeError):  # a translation with broken placeholders
                return self.text % shown

    def english(self) -> str:
        return self.render("en")

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "args": self.args}

    @classmethod
    def from_json(cls, data: Any) -> Phrase | None:
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return cls(data["text"], dict(data.get("args") or {}))
        return None


def say(text: str, **args: Any) -> Phrase:
    return Phrase(text, args)


class Sentence(str):
    """A refusal's field message: its English (what the API says; a plain string wherever a
    string goes) that a page shows in its own language (`render`)."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> Sentence:
        sentence = super().__new__(cls, phrase.english())
        sentence.phrase = phrase
        return sentence

    def render(self) -> str:
        return self.phrase.render()


def sentence(text: str, **args: Any) -> Sentence:
    """A refusal's message with its details: English for the API, `text` (marked with
    `gettext_noop`) in the page's language on a page."""
    return Sentence(Phrase(text, args))


def phrase_arg(message: str) -> dict[str, Any]:
    """A message inside another ("Line 4: %(why)s"): a Sentence keeps its words, any other
    message is looked up as a message id (an action's fixed English)."""
    phrase = message.phrase if isinstance(message, Sentence) else Phrase(str(message))
    return {"phrase": phrase.as_json()}


def shown(message: str) -> str:
    """A message for a page: a Sentence in the page's language, anything else as it is."""
    return message.render() if isinstance(message, Sentence) else message


def sums_differ(text: str, total: Decimal, amount: Decimal, currency: str) -> Sentence:
    """Parts that do not add up ("Payers add up to %(total)s, not %(amount)s."): both sums
    through the money formatter."""
    return Sentence(Phrase(text, {"total": money_arg(total, currency), "amount": money_arg(amount, currency)}))


def language_of_user(user_id: Any) -> str | None:
    """The Django language of a user's profile locale ("hi_IN" -> "hi"), None if unknown."""
    from django.apps import apps

    from config.locale import language_of

    Profile = apps.get_model("social", "Profile")
    return language_of(Profile.objects.filter(user_id=user_id).values_list("locale", flat=True).first())


def fields_arg(names: Any) -> dict[str, list[str]]:
    """The names of changed fields ("description", "paid_by"), shown as words."""
    return {"fields": [str(n) for n in names]}


def in_language(value: Any, language: str | None) -> Any:
    """A Phrase in `language` (English when unknown); anything else as it is."""
    from django.conf import settings

    return value.render(language or settings.LANGUAGE_CODE) if isinstance(value, Phrase) else value
