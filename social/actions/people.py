"""People meeting: when someone comes to know others (a friendship, a group, a business), each
side's devices get the other's card (the `person` entity: name, display name, avatar), so the
newcomer's name and avatar show on every device at once, not only after their next change or a
resync. Call inside the action that made them meet."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from realtime.feed import publish
from social.models import Profile


def introduce(newcomers: Iterable[UUID], *, to: Iterable[UUID]) -> None:
    """Each newcomer's card to everyone (the others in `to` and the other newcomers); each of
    `to`'s cards to the newcomers."""
    new, known = set(newcomers), set(to)
    for profile in Profile.objects.filter(user_id__in=new | known).select_related("user").order_by("user_id"):
        audience = (new | known if profile.user_id in new else new) - {profile.user_id}
        if audience:
            publish(profile, "person.introduced", audience=sorted(audience))
