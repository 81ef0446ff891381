"""Staff and attendance. Check-ins and check-outs are punches with client-chosen ids, so a
device offline for a day replays them without doubling; hours are computed from the
punches by the business's shift rules, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.money import amount_field
from ledger.khata.models.business import Business
from realtime.models import Synced


class StaffStatus(models.TextChoices):
    ACTIVE = "active"
    INACTIVE = "inactive"
    ON_LEAVE = "on_leave"


class SalaryType(models.TextChoices):
    MONTHLY = "monthly"
    DAILY = "daily"
    HOURLY = "hourly"


class Staff(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=16, blank=True)
    role = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=8, choices=StaffStatus.choices, default=StaffStatus.ACTIVE)
    salary_type = models.CharField(max_length=7, choices=SalaryType.choices, default=SalaryType.MONTHLY)
    salary_amount = amount_field(default=0)
    joining_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "staff"
        constraints = [models.CheckConstraint(condition=Q(salary_amount__gte=0), name="khata_staff_salary_pos")]

    def __str__(self) -> str:
        return self.name

    @property
    def currency(self) -> str:
        return self.business.currency


class PunchKind(models.TextChoices):
    IN = "in"
    OUT = "out"


class Punch(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="punches")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="punches")
    kind = models.CharField(max_length=3, choices=PunchKind.choices)
    at = models.DateTimeField()
    # The working day it belongs to (a night shift's check-out may be after midnight).
    date = models.DateField()
    device = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["staff", "date", "at"], name="khata_punch_day_idx")]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present"
    ABSENT = "absent"
    HALF_DAY = "half_day"
    LEAVE = "leave"
    HOLIDAY = "holiday"


class AttendanceDay(Synced):
    """A status set by hand for one day (leave, holiday, or an override); without one the
    status is derived from the punches."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="attendance_days")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="attendance_days")
    date = models.DateField()
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "date"], condition=Q(deleted_at=None), name="khata_one_status_per_day"
            )
        ]
