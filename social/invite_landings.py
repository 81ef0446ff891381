"""Where the accept-invite page goes once an invite is accepted, by the invite's purpose: a
friend invite lands on the friends page; an app whose invites mean something else registers
its own landing in its ready() (khata: the business a staff invite joined). Social imports no
other app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

Landing = Callable[[Any], tuple[str, str]]  # invite -> (message, url)
_landings: dict[str, Landing] = {}


def register(purpose: str, landing: Landing) -> None:
    _landings[purpose] = landing


def landing(invite: Any) -> tuple[str, str]:
    own = _landings.get(invite.purpose)
    if own is not None:
        return own(invite)
    return _("Invite accepted: you are friends now."), reverse("social-friends")
