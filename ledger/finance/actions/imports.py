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
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_noop

from config.api.errors import Conflict, Invalid
from config.money import has_valid_precision
from config.phrases import sentence
from ledger.finance import importers
from ledger.finance.actions._common import owned
from ledger.finance.actions.rules import RuleBook, check_budgets_after
from ledger.finance.models import (
    Account,
    BatchStatus,
    Direction,
    ImportBatch,
    ImportFormat,
    ImportRow,
    ImportSource,
    RowStatus,
    Source,
    Transaction,
)
from realtime.feed import action, publish

SOURCE_KEPT = timedelta(days=1)  # how long a preview can still be read again


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


def _read(format: str, content: bytes | str, options: dict) -> importers.Statement:
    try:
        if format == ImportFormat.OFX:
            return importers.parse_ofx(content)
        if format == ImportFormat.QIF:
            return importers.parse_qif(content, date_order=options.get("date_order"))
        return importers.parse_csv(content, mapping=options.get("mapping"), preset=options.get("preset"),
                                   date_order=options.get("date_order"))
    except importers.NeedsColumns as exc:
        raise Invalid(exc.message, code="unreadable_file", fields={exc.field: [exc.message]})
    except importers.UnreadableFile as exc:
        raise Invalid(exc.message, code="unreadable_file", fields={"file": [exc.message]})


def _verdict(p: importers.ParsedRow, currency: str) -> str:
    """Why a parsed row cannot be imported into an account in `currency`, or ''."""
    if p.error:
        return p.error
    if p.date is None:
        return "no date"
    if not date(1900, 1, 1) <= p.date <= date(2999, 12, 31):
        return "date outside 1900–2999"
    if p.currency and p.currency != currency:
        return f"in {p.currency[:10]}, the account is in {currency}"
    if p.amount is None or p.amount == 0:
        return "zero or missing amount"
    if abs(p.amount) >= Decimal("1000000000000"):
        return "amount too large"
    if not has_valid_precision(p.amount, currency):
        return f"more decimal places than {currency} has"
    return ""


@action
def preview_import(
    user, *, account_id: UUID, format: str, content: bytes | str, filename: str = "",
    mapping: dict | None = None, preset: str | None = None, date_order: str | None = None,
    day_first: bool | None = None,
) -> ImportBatch:
    """`date_order` ('dmy' | 'mdy', or None to detect) and `preset` (a key of
    importers.PRESETS, or None to detect) apply to QIF and CSV; `day_first` is the older
    spelling of date_order."""
    account = owned(Account, user.id, account_id, "account_id", "account")
    if account.archived:
        raise Invalid("This account is archived.", code="account_archived", fields={"account_id": ["Archived."]})
    if day_first is not None and date_order is None:
        date_order = "dmy" if day_first else "mdy"
    options = {k: v for k, v in {"mapping": mapping, "preset": preset, "date_order": date_order}.items() if v}
    statement = _read(format, content, options)
    if statement.currency and statement.currency != account.currency:
        raise Invalid(
            sentence(gettext_noop("The statement is in %(statement)s, the account in %(account)s."),
                     statement=statement.currency, account=account.currency),
            code="currency_mismatch",
            fields={"account_id": [sentence(gettext_noop("Choose a %(currency)s account."), currency=statement.currency)]},
        )
    if not statement.rows:
        raise Invalid("The file holds no transactions.", code="empty_file", fields={"file": ["No transactions found."]})
    batch = ImportBatch.objects.create(owner_id=user.id, account=account, format=format, filename=filename[:255],
                                       warnings=[w[:500] for w in statement.warnings[:20]],
                                       settings=statement.settings)
    data = content.encode("utf-8") if isinstance(content, str) else content
    # Files of previews left open for a day are dropped (the preview stays; only "read again" goes).
    ImportSource.objects.filter(batch__owner_id=user.id, batch__created_at__lt=timezone.now() - SOURCE_KEPT).delete()  # see drop_stale_import_files
    ImportSource.objects.create(batch=batch, content=data, options=options)
    rows = []
    for p in statement.rows:
        row = ImportRow(batch=batch, line=p.line, date=p.date, payee=p.payee, notes=p.notes, fitid=p.fitid,
                        status=RowStatus.NEW)
        if reason := _verdict(p, account.currency):
            row.status, row.reason = RowStatus.INVALID, reason[:300]
        else:
            row.amount = abs(p.amount)
            row.direction = Direction.EXPENSE if p.amount < 0 else Direction.INCOME
        rows.append(row)
    _judge(account, rows)
    ImportRow.objects.bulk_create(rows)
    return batch


@action
def reread_import(user, *, batch: ImportBatch, preset: str | None = None, date_order: str | None = None,
                  ) -> ImportBatch:
    """The same file read again with another preset or date order: a new preview; this one
    is discarded. Options not given stay as they were."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.PREVIEW:
        raise Conflict(f"This import is already {batch.status}.", code=f"import_{batch.status}")
    source = ImportSource.objects.filter(batch=batch).first()
    if source is None:
        raise Conflict("This preview no longer has its file; upload it again.", code="import_no_file")
    options = dict(source.options)
    if preset:
        options.pop("mapping", None)  # a preset replaces named columns (their delimiter etc. too)
        options["preset"] = preset
    if date_order:
        options["date_order"] = date_order
    new = preview_import(user, account_id=batch.account_id, format=batch.format, content=bytes(source.content),
                         filename=batch.filename, **options)
    _close(batch, BatchStatus.DISCARDED)
    return new


def _close(batch: ImportBatch, status: str) -> None:
    batch.status = status
    if status == BatchStatus.COMMITTED:
        batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "committed_at"])
    ImportSource.objects.filter(batch=batch).delete()


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
    book = RuleBook(user.id)
    for t in txns:
        book.apply_to(t)  # the user's rules: category, payee, tags
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
    _close(batch, BatchStatus.COMMITTED)
    # Budgets of every category the rules put lines in (uncategorised lines: overall budgets).
    check_budgets_after(user.id, txns)
    return batch


@action
def discard_import(user, *, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.PREVIEW:
        raise Conflict(f"This import is already {batch.status}.", code=f"import_{batch.status}")
    _close(batch, BatchStatus.DISCARDED)
    return batch



def drop_stale_import_files(*, now=None) -> int:
    """The daily job: the uploaded file of every preview older than SOURCE_KEPT is dropped
    (a preview's own upload drops only its owner's), so files of previews nobody comes back
    to do not stay in the database. The preview itself stays, to confirm or discard."""
    cutoff = (now or timezone.now()) - SOURCE_KEPT
    deleted, _ = ImportSource.objects.filter(batch__created_at__lt=cutoff).delete()
    return deleted
