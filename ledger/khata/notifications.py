"""What khata tells whom: the kinds of its reminders (written by the reminder actions), and
a person added to a business."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from config.phrases import say, state_arg
from realtime.notifications import register_kind, tell

BUSINESS_ADDED = "khata.business.added"

register_kind(BUSINESS_ADDED, gettext_noop("Someone adds you to a business"))
register_kind("khata.reminder", gettext_noop("A customer is due a reminder"))
register_kind("khata.bill_overdue", gettext_noop("A khata bill is overdue"))


def added_to_business(actor: Any, business: Any, *, user_id: Any, role: str) -> None:
    tell(actor.pk, [user_id], kind=BUSINESS_ADDED, title=say(gettext_noop("%(actor)s added you to %(business)s as %(role)s"), actor=str(actor),
                                                              business=business.name, role=state_arg(role)),
         data={"business": str(business.pk), "role": role})
