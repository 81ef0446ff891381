"""What deleting an account means for khata: a business the person owns holds other people's
records (its parties, staff, bills), so it must be deleted or handed over first; where the
person is staff, they leave (the owner's devices hear it)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from config.phrases import Sentence, say
from ledger.khata.actions.business import remove_member
from ledger.khata.models import Membership, Role
from social import personal_data


def blockers(user) -> list[str]:
    owned = Membership.objects.filter(user=user, role=Role.OWNER, deleted_at=None,
                                      business__deleted_at=None).select_related("business")
    return [Sentence(say(gettext_noop("You own the business “%(business)s”: delete it or hand it over first."),
                         business=m.business.name)) for m in owned]


def erase(user) -> None:
    for membership in Membership.objects.filter(user=user, deleted_at=None).exclude(role=Role.OWNER):
        remove_member(user, membership=membership)


personal_data.register("khata", blockers=blockers, erase=erase)
