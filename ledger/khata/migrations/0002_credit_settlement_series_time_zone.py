"""Credit is not cash; bill series; the business's time zone.

Data: before this migration every gave/got entry defaulted to mode "cash" and so posted to
the cashbook. An entry with another method (UPI, bank, card) was chosen explicitly: it
stays a payment with that method. An entry in "cash" cannot be told apart from the old
default, so it becomes credit and the cash posting it made is tombstoned (every member of
the business is sent the delete through the change feed, as an action would). Cash bill
payments and cash entries made by hand are explicit cash and stay.
Issued bills get the series their number was printed with (the prefix before the number)."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def _tell_members(apps, unposted):
    """Append a delete change for each tombstoned posting to each member's stream, numbered
    under the lock on the stream's head row (users in id order), like realtime.feed."""
    Membership = apps.get_model("khata", "Membership")
    Stream = apps.get_model("realtime", "Stream")
    Change = apps.get_model("realtime", "Change")
    members = defaultdict(list)
    for business_id, user_id in Membership.objects.filter(
        business_id__in={c.business_id for c in unposted}, deleted_at=None
    ).values_list("business_id", "user_id"):
        members[business_id].append(user_id)
    users = sorted({u for ids in members.values() for u in ids})
    if not users:
        return
    Stream.objects.bulk_create([Stream(user_id=u) for u in users], ignore_conflicts=True)
    streams = {s.user_id: s for s in Stream.objects.select_for_update().filter(user_id__in=users).order_by("user_id")}
    now = timezone.now()
    rows = []
    for cash in unposted:
        data = {"id": str(cash.id), "version": cash.version, "business": str(cash.business_id),
                "deleted_at": now.isoformat().replace("+00:00", "Z")}
        for user_id in members[cash.business_id]:
            streams[user_id].head += 1
            rows.append(Change(user_id=user_id, seq=streams[user_id].head, event="khata.cash.unposted",
                               entity="khata.cash_entry", op="delete", object_id=cash.id, version=cash.version,
                               data=data, at=now))
    Change.objects.bulk_create(rows, batch_size=1000)
    Stream.objects.bulk_update(list(streams.values()), ["head"], batch_size=1000)


def credit_is_not_cash(apps, schema_editor):
    Entry = apps.get_model("khata", "Entry")
    CashEntry = apps.get_model("khata", "CashEntry")
    Entry.objects.exclude(mode__in=["cash", ""]).update(settlement="payment")
    Entry.objects.filter(mode__in=["cash", ""]).update(settlement="credit", mode="")
    unposted = list(CashEntry.objects.select_for_update().filter(source="entry", deleted_at=None).order_by("id"))
    now = timezone.now()
    for cash in unposted:
        cash.deleted_at = now
        cash.version += 1
    CashEntry.objects.bulk_update(unposted, ["deleted_at", "version"], batch_size=1000)
    _tell_members(apps, unposted)


def credit_back_to_cash_mode(apps, schema_editor):
    apps.get_model("khata", "Entry").objects.filter(settlement="credit").update(mode="cash")


def series_of_numbered_bills(apps, schema_editor):
    Bill = apps.get_model("khata", "Bill")
    bills = list(Bill.objects.filter(seq__isnull=False).only("id", "seq", "number"))
    for bill in bills:
        digits = f"{bill.seq:04d}"
        bill.series = bill.number[: -len(digits)] if bill.number.endswith(digits) else ""
    Bill.objects.bulk_update(bills, ["series"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('khata', '0001_initial'),
        ('realtime', '0003_sync_push_idempotency'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='bill',
            name='khata_bill_number_unique',
        ),
        migrations.AddField(
            model_name='bill',
            name='financed_by',
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='bill',
            name='series',
            field=models.CharField(blank=True, default='', max_length=16),
        ),
        migrations.AddField(
            model_name='business',
            name='time_zone',
            field=models.CharField(default='Asia/Kolkata', max_length=64),
        ),
        migrations.AddField(
            model_name='entry',
            name='settlement',
            field=models.CharField(choices=[('credit', 'Credit'), ('payment', 'Payment')], default='credit', max_length=7),
        ),
        migrations.AlterField(
            model_name='cashentry',
            name='mode',
            field=models.CharField(choices=[('cash', 'Cash'), ('upi', 'Upi'), ('bank', 'Bank'), ('card', 'Card'), ('cheque', 'Cheque')], default='cash', max_length=6),
        ),
        migrations.AlterField(
            model_name='entry',
            name='mode',
            field=models.CharField(blank=True, default='', max_length=8),
        ),
        migrations.RunPython(credit_is_not_cash, credit_back_to_cash_mode),
        migrations.RunPython(series_of_numbered_bills, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='bill',
            constraint=models.UniqueConstraint(condition=models.Q(('seq__isnull', False)), fields=('business', 'series', 'seq'), name='khata_bill_number_unique_in_series'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('settlement', 'credit'), ('mode', '')), models.Q(('settlement', 'payment'), models.Q(('mode', ''), _negated=True)), _connector='OR'), name='khata_entry_mode_iff_payment'),
        ),
    ]
