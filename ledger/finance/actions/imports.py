"""Statement imports: preview (a stored batch with a verdict per row), then confirm.

Duplicates: a row with a bank id (OFX FITID, or a mapped CSV id column) is a duplicate
when the account already holds that id (even tombstoned: a deleted line stays deleted);
the database's unique (account, fitid) backs this up. A row without one is a duplicate
when the account already holds as many transactions with the same date, direction,
amount and payee (case-insensitive) as this file has up to and including the row — so two
identical coffees on one day both import once, and importing the file again adds nothing.
The verdicts are computed again at confirmation, under the account's row lock, so two
confirmations of overlapping files in parallel cannot both add a line.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from config.api.errors import Conflict, Invalid
from config.money import has_valid_precision
from ledger.finance import importers
from ledger.finance.actions._common import owned
from ledger.finance.models import (
    Account,
    BatchStatus,
    Direction,
    ImportBatch,
    ImportFormat,
    ImportRow,
    RowStatus,
    Source,
    Transaction,
)
from realtime.feed import action, publish


def _signature(date, direction, amount, payee) -> tuple:
    return (date, direction, Decimal(amount).normalize(), (payee or "").strip().lower())


def _judge(account: Account, rows: list[ImportRow]) -> None:
    """Set status/reason of every readable row against the account's transactions now."""
    readable = [r for r in rows if r.status != RowStatus.INVALID]
    fitids = {r.fitid for r in readable if r.fitid}
    known = set(
        Transaction.objects.filter(account=account, fitid__in=fitids).values_list("fitid", flat=True)
    ) if fitids else set()
    dates = {r.date for r in readable if not r.fitid}
    existing: Counter = Counter()
    if dates:
        qs = (
            Transaction.objects.filter(account=account, date__in=dates)
            .filter(Q(deleted_at__isnull=True) | Q(source=Source.IMPORT))
            .exclude(direction=Direction.TRANSFER)
            .annotate(p=Lower("payee")).values_list("date", "direction", "amount", "p").annotate(n=Count("id"))
        )
        for d, direction, amount, p, n in qs:
            existing[_signature(d, direction, amount, p)] += n
    seen_ids: set[str] = set()
    ordinal: Counter = Counter()
    for r in readable:
        if r.fitid:
            if r.fitid in known:
                r.status, r.reason = RowStatus.DUPLICATE, f"already imported (bank id {r.fitid})"
            elif r.fitid in seen_ids:
                r.status, r.reason = RowStatus.DUPLICATE, f"bank id {r.fitid} repeated in this file"
            else:
                r.status, r.reason = RowStatus.NEW, ""
            seen_ids.add(r.fitid)
            continue
        sig = _signature(r.date, r.direction, r.amount, r.payee)
        ordinal[sig] += 1
        if ordinal[sig] <= existing[sig]:
            r.status, r.reason = RowStatus.DUPLICATE, "same date, amount and payee as an existing transaction"
        else:
            r.status, r.reason = RowStatus.NEW, ""


@action
def preview_import(
    user, *, account_id: UUID, format: str, content: bytes | str, filename: str = "",
    mapping: dict | None = None, day_first: bool = False,
) -> ImportBatch:
    account = owned(Account, user.id, account_id, "account_id", "account")
    if account.archived:
        raise Invalid("This account is archived.", code="account_archived", fields={"account_id": ["Archived."]})
    try:
        if format == ImportFormat.OFX:
            parsed, currency = importers.parse_ofx(content)
            if currency and currency != account.currency:
                raise Invalid(
                    f"The statement is in {currency}, the account in {account.currency}.", code="currency_mismatch",
                    fields={"account_id": [f"Choose a {currency} account."]},
                )
        elif format == ImportFormat.QIF:
            parsed = importers.parse_qif(content, day_first=day_first)
        else:
            parsed = importers.parse_csv(content, mapping=mapping or {})
    except importers.UnreadableFile as exc:
        raise Invalid(str(exc), code="unreadable_file", fields={"file": [str(exc)]})
    if not parsed:
        raise Invalid("The file holds no transactions.", code="empty_file", fields={"file": ["No transactions found."]})
    batch = ImportBatch.objects.create(owner_id=user.id, account=account, format=format, filename=filename[:255])
    rows = []
    for p in parsed:
        row = ImportRow(batch=batch, line=p.line, date=p.date, payee=p.payee, notes=p.notes, fitid=p.fitid,
                        status=RowStatus.NEW)
        if p.error:
            row.status, row.reason = RowStatus.INVALID, p.error
        elif p.date is None:
            row.status, row.reason = RowStatus.INVALID, "no date"
        elif not date(1900, 1, 1) <= p.date <= date(2999, 12, 31):
            row.status, row.reason = RowStatus.INVALID, "date outside 1900–2999"
        elif p.amount is None or p.amount == 0:
            row.status, row.reason = RowStatus.INVALID, "zero or missing amount"
        elif abs(p.amount) >= Decimal("1000000000000"):
            row.status, row.reason = RowStatus.INVALID, "amount too large"
        elif not has_valid_precision(p.amount, account.currency):
            row.status, row.reason = RowStatus.INVALID, f"more decimal places than {account.currency} has"
        else:
            row.amount = abs(p.amount)
            row.direction = Direction.EXPENSE if p.amount < 0 else Direction.INCOME
        rows.append(row)
    _judge(account, rows)
    ImportRow.objects.bulk_create(rows)
    return batch


@action
def confirm_import(user, *, batch: ImportBatch) -> ImportBatch:
    # The account's lock serialises confirmations into one account (see the docstring).
    account = Account.objects.select_for_update().get(pk=batch.account_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.PREVIEW:
        raise Conflict(f"This import is already {batch.status}.", code=f"import_{batch.status}")
    if account.deleted_at is not None or account.archived:
        raise Conflict("The account is no longer open for imports.", code="account_closed")
    rows = list(batch.rows.order_by("line"))
    _judge(account, rows)
    new = [r for r in rows if r.status == RowStatus.NEW]
    txns = [
        Transaction(owner_id=user.id, account=account, direction=r.direction, amount=r.amount,
                    currency=account.currency, payee=r.payee, notes=r.notes, date=r.date,
                    source=Source.IMPORT, fitid=r.fitid)
        for r in new
    ]
    # Bulk for speed (a 5,000-line statement); each still reaches the feed.
    Transaction.objects.bulk_create(txns, batch_size=1000)
    for r, t in zip(new, txns, strict=True):
        r.status, r.transaction = RowStatus.IMPORTED, t
        publish(t, "transaction.created")
    def _prep(value):  # raw SQL parameter as the ORM would send it (uuid, or hex on SQLite)
        return Transaction._meta.pk.get_db_prep_value(value, connection) if isinstance(value, UUID) else value

    with connection.cursor() as cursor:  # one pipelined statement per row; bulk_update's CASE is slow
        cursor.executemany(
            f"UPDATE {ImportRow._meta.db_table} SET status = %s, reason = %s, transaction_id = %s WHERE id = %s",
            [(r.status, r.reason, _prep(r.transaction.id) if r.transaction else None, _prep(r.id)) for r in rows],
        )
    batch.status, batch.committed_at = BatchStatus.COMMITTED, timezone.now()
    batch.save(update_fields=["status", "committed_at"])
    if any(t.direction == Direction.EXPENSE for t in txns):
        from ledger.finance.actions.budgets import check_budget_thresholds

        # Overall budgets and those of no category: imported lines are uncategorised.
        check_budget_thresholds(user.id, category=None, day=max(t.date for t in txns))
    return batch


@action
def discard_import(user, *, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.PREVIEW:
        raise Conflict(f"This import is already {batch.status}.", code=f"import_{batch.status}")
    batch.status = BatchStatus.DISCARDED
    batch.save(update_fields=["status"])
    return batch
