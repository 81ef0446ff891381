"""Staff and attendance. Punches carry client-chosen ids: a device that was offline replays
its check-ins and check-outs and each lands once, whatever order devices sync in."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.api.errors import Conflict, Invalid
from ledger.khata import selectors
from ledger.khata.actions.cashbook import check_precision
from ledger.khata.models import AttendanceDay, Business, Punch, Role, Staff
from realtime.feed import action, publish
from realtime.preconditions import check_version


@action
def create_staff(actor: Any, *, business: Business, name: str, id: UUID | None = None, **fields: Any) -> Staff:
    selectors.require_role(actor, business.id, Role.MANAGER)
    if id is not None:
        existing = Staff.objects.filter(pk=id).first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    if fields.get("salary_amount") is not None:
        check_precision(business, fields["salary_amount"], "salary_amount")
    staff = Staff.objects.create(business=business, name=name, **({"id": id} if id else {}), **fields)
    publish(staff, "khata.staff.added")
    return staff


@action
def update_staff(actor: Any, *, staff: Staff, expected_version: int | None = None, **changes: Any) -> Staff:
    selectors.require_role(actor, staff.business_id, Role.MANAGER)
    staff = Staff.objects.select_for_update().select_related("business").get(pk=staff.pk)
    check_version(staff, expected_version)
    if changes.get("salary_amount") is not None:
        check_precision(staff.business, changes["salary_amount"], "salary_amount")
    for key, value in changes.items():
        setattr(staff, key, value)
    staff.version += 1
    staff.save()
    publish(staff, "khata.staff.updated")
    return staff


@action
def remove_staff(actor: Any, *, staff: Staff, expected_version: int | None = None) -> None:
    selectors.require_role(actor, staff.business_id, Role.MANAGER)
    staff = Staff.objects.select_for_update().select_related("business").get(pk=staff.pk)
    check_version(staff, expected_version)
    staff.deleted_at = timezone.now()
    staff.version += 1
    staff.save()
    publish(staff, "khata.staff.removed")


@action
def punch(
    actor: Any, *, staff: Staff, kind: str, at: dt.datetime | None = None, date: dt.date | None = None,
    device: str = "", id: UUID | None = None,
) -> tuple[Punch, bool]:
    """Record a check-in or check-out (clerks and above). Returns (punch, created)."""
    selectors.require_role(actor, staff.business_id, Role.CLERK)
    if id is not None:
        existing = Punch.objects.filter(pk=id).first()
        if existing is not None:
            if existing.staff_id != staff.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing, False
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise Invalid("A punch cannot be in the future.", fields={"at": ["In the future."]})
    row = Punch(
        business_id=staff.business_id, staff=staff, kind=kind, at=at, date=date or staff.business.day_of(at),
        device=device, recorded_by=actor, **({"id": id} if id else {}),
    )
    # Two replays of one id racing: the second insert waits for the first and fails on the
    # primary key; it then returns the row the first one made.
    try:
        with transaction.atomic():
            row.save(force_insert=True)
        created = True
    except IntegrityError:
        created = False
    row = Punch.objects.select_related("business").get(pk=row.pk)
    if created:
        publish(row, "khata.attendance.punched")
    return row, created


@action
def set_day_status(actor: Any, *, staff: Staff, date: dt.date, status: str | None, note: str = "") -> AttendanceDay | None:
    """Mark a day by hand (leave, holiday, an override); status None clears the mark."""
    selectors.require_role(actor, staff.business_id, Role.CLERK)
    Staff.objects.select_for_update().get(pk=staff.pk)  # one status writer per staff member at a time
    day = AttendanceDay.objects.filter(staff=staff, date=date, deleted_at=None).first()
    if status is None:
        if day is not None:
            day.deleted_at = timezone.now()
            day.version += 1
            day.save()
            publish(day, "khata.attendance.cleared")
        return None
    if day is None:
        day = AttendanceDay.objects.create(business_id=staff.business_id, staff=staff, date=date, status=status,
                                           note=note)
        publish(day, "khata.attendance.marked")
    elif day.status != status or day.note != note:
        day.status, day.note = status, note
        day.version += 1
        day.save()
        publish(day, "khata.attendance.marked")
    return day
