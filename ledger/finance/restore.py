"""Restoring a finance export (read by ledger.finance.backup) into the user's finance.

Every live record comes back through the ordinary actions, checked by the API's own input
serializers (so it reaches the change feed and passes the rules a new record passes), in the
order references need: categories (parents first), accounts, transactions, rules, budgets,
bills, recurring items, settings, exchange rates. All or nothing: one action.

- Ids: a record keeps its id when the id is free; one someone else holds gets an id derived
  from the user and the exported id (uuid5), so it is the same id the next time; a record the
  user already has under either id is "already there": restoring the same export twice adds
  nothing. References follow the ids. A category is matched by name, kind and parent with one of the
  user's own (the default categories a new user starts with).
- Deleted records stay deleted (not restored); a reference to a category the export does not
  hold (one deleted since: exports leave deleted categories out) is left empty. Budget alerts are worked out again.
- Transactions come back as recorded (their category, payee and tags: rules do not rewrite
  them; a statement's FITID is kept, so importing that statement again finds them). The link
  of a transaction posted from a shared expense is not restored.
- Receipts: each file in the ZIP (`finance/receipts/<id>-<name>`) is attached to its restored
  transaction through attach_transaction_receipt (its checks: type from the bytes, 10 MB); a
  receipt whose file the upload lacks (a data.json alone) is left out and counted in
  `skipped`. A failed restore deletes the files it stored (config.receipt_archive).
- Bills come back as far as they were paid (anchor, next due date, last paid on: no reminder
  fires again for a paid occurrence; a paid one-off stays paid), recurring items where they had
  got to (start date and next date: what they already recorded is among the transactions and
  is not recorded again; a finished one stays finished).
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.translation import gettext_noop

from config.api.errors import DomainError, Invalid
from config.phrases import phrase_arg, sentence
from config.receipt_archive import Stored
from ledger.finance import actions
from ledger.finance.api import serializers as s
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    Category,
    ExchangeRate,
    Recurring,
    Rule,
    Source,
    Transaction,
    TransactionReceipt,
)
from realtime.feed import action


def _bad(entity: str, index: int, message: str, fields: Any = None) -> Invalid:
    """Which record (the kind and its place in the export) and why, in the page's language
    where `message` is a message id (the serializers' own field messages stay as written)."""
    return Invalid(sentence(gettext_noop("%(entity)s %(number)s: %(why)s"), entity=entity, number=index + 1,
                            why=phrase_arg(message)),
                   code="invalid_backup", fields={f"{entity}[{index}]": fields if fields is not None else [message]})


def _live(objects: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, o) for i, o in enumerate(objects) if not o.get("deleted_at")]


class _Restore:
    def __init__(self, user: Any, entities: dict[str, list[dict[str, Any]]]) -> None:
        self.user = user
        self.ids: dict[str, UUID] = {}  # exported id -> id here
        self.gone = {str(o.get("id")) for objects in entities.values() for o in objects if o.get("deleted_at")}
        self.created: Counter[str] = Counter()
        self.already: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    # ids and references
    def claim(self, model: type[models.Model], entity: str, index: int, obj: dict[str, Any]) -> UUID | None:
        """The id to create the record with, or None when the user already has it."""
        try:
            old = UUID(str(obj.get("id")))
        except ValueError:
            raise _bad(entity, index, gettext_noop("The record has no valid id.")) from None
        for candidate in (old, uuid.uuid5(old, str(self.user.id))):
            owner = model.objects.filter(pk=candidate).values_list("owner_id", flat=True).first()
            self.ids[str(old)] = candidate
            if owner is None:
                return candidate
            if owner == self.user.id:
                self.already[entity] += 1
                return None
        self.ids[str(old)] = uuid.uuid4()  # both taken by others: not to be expected
        return self.ids[str(old)]

    def ref(self, value: Any, entity: str, index: int, field: str, *, optional: bool = False) -> str | None:
        """The id here of an exported reference; `optional` (a category): empty when the
        export does not hold it."""
        if value in (None, "") or str(value) in self.gone:
            return None
        if str(value) not in self.ids:
            if optional:
                return None
            raise _bad(entity, index, sentence(gettext_noop("%(field)s names a record that is not in the export."), field=field),
                           {field: ["Not in the export."]})
        return str(self.ids[str(value)])

    def parse(self, serializer: type, data: dict[str, Any], entity: str, index: int) -> dict[str, Any]:
        checked = serializer(data=data)
        if not checked.is_valid():
            errors = {k: [str(m) for m in v] if isinstance(v, list) else str(v) for k, v in checked.errors.items()}
            first = next(iter(errors.items()))
            raise _bad(entity, index, f"{first[0]}: {first[1][0] if isinstance(first[1], list) else first[1]}", errors)
        return dict(checked.validated_data)

    @staticmethod
    def pick(obj: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {k: obj[k] for k in keys if k in obj and obj[k] is not None}

    # the records, in the order references need
    def categories(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_category"
        pending = _live(objects)
        while pending:
            ready = [(i, o) for i, o in pending if not o.get("parent_id") or str(o["parent_id"]) in self.ids]
            if not ready:
                i, _ = pending[0]
                raise _bad(entity, i, gettext_noop("parent_id names a category that is not in the export."))
            for i, obj in ready:
                data = self.pick(obj, "name", "kind")
                data["parent_id"] = self.ref(obj.get("parent_id"), entity, i, "parent_id")
                values = self.parse(s.CategoryIn, data, entity, i)
                same = Category.objects.filter(owner_id=self.user.id, deleted_at__isnull=True,
                                               kind=values.get("kind", "expense"), parent_id=values.get("parent_id"),
                                               name__iexact=values["name"].strip()).first()
                if same is not None:
                    self.ids[str(obj.get("id"))] = same.pk
                    self.already[entity] += 1
                    continue
                new_id = self.claim(Category, entity, i, obj)
                if new_id is not None:
                    actions.create_category(self.user, id=new_id, **values)
                    self.created[entity] += 1
            pending = [(i, o) for i, o in pending if (i, o) not in ready]

    def create(self, model: type[models.Model], entity: str, index: int, obj: dict[str, Any], serializer: type,
               data: dict[str, Any], make: Callable[..., Any]) -> None:
        """Check `data` as the API would, then make the record unless the user has it already."""
        values = self.parse(serializer, data, entity, index)
        new_id = self.claim(model, entity, index, obj)
        if new_id is not None:
            make(self.user, id=new_id, **values)
            self.created[entity] += 1

    def refs(self, obj: dict[str, Any], entity: str, index: int, *, required: tuple[str, ...] = (),
             optional: tuple[str, ...] = ()) -> dict[str, str | None]:
        """The record's references as ids here: `required` ones must be in the export,
        `optional` ones (categories) are left empty when it does not hold them."""
        found = {f: self.ref(obj.get(f), entity, index, f) for f in required}
        return found | {f: self.ref(obj.get(f), entity, index, f, optional=True) for f in optional}

    def accounts(self, objects: list[dict[str, Any]]) -> None:
        for i, obj in _live(objects):
            data = self.pick(obj, "name", "kind", "currency", "opening_balance", "archived")
            self.create(Account, "finance_account", i, obj, s.AccountIn, data, actions.create_account)

    def transactions(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_transaction"
        for i, obj in _live(objects):
            data = self.pick(obj, "direction", "amount", "transfer_amount", "payee", "date", "notes", "tags")
            data |= self.refs(obj, entity, i, required=("account_id", "transfer_account_id"), optional=("category_id",))
            if obj.get("parts"):
                data["parts"] = [{**self.pick(p, "amount", "note"),
                                  "category_id": self.ref(p.get("category_id"), entity, i, "parts", optional=True)}
                                 for p in obj["parts"] if isinstance(p, dict)]
            source = obj.get("source") if obj.get("source") in Source.values else Source.MANUAL
            fitid = obj.get("fitid") if isinstance(obj.get("fitid"), str) and len(obj["fitid"]) <= 255 else None
            self.create(Transaction, entity, i, obj, s.TransactionIn, data, functools.partial(
                actions.record_transaction, source=source, fitid=fitid, allow_archived=True, apply_rules=False))

    def rules(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_rule"
        for i, obj in _live(objects):
            data = self.pick(obj, "name", "position", "active", "payee_contains", "direction", "currency",
                             "min_amount", "max_amount", "set_payee", "add_tags")
            data |= self.refs(obj, entity, i, required=("account_id",), optional=("set_category_id",))
            self.create(Rule, entity, i, obj, s.RuleIn, data, actions.create_rule)

    def budgets(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_budget"
        for i, obj in _live(objects):
            data = self.pick(obj, "name", "period", "amount", "currency", "thresholds")
            data |= self.refs(obj, entity, i, optional=("category_id",))
            self.create(Budget, entity, i, obj, s.BudgetIn, data, actions.create_budget)

    def bills(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_bill"
        for i, obj in _live(objects):
            data = self.pick(obj, "name", "amount", "amount_max", "currency", "payee", "repeat", "remind_days",
                             "anchor_date", "last_paid_on")
            data["due_date"] = obj.get("next_due")
            data |= self.refs(obj, entity, i, required=("account_id",), optional=("category_id",))
            self.create(Bill, entity, i, obj, s.BillRestoreIn, data, actions.create_bill)

    def recurring(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_recurring"

        def make(user: Any, *, next_date: Any = None, **values: Any) -> Recurring:
            return actions.create_recurring(user, resume_at=next_date, finished=next_date is None, **values)

        for i, obj in _live(objects):
            data = self.pick(obj, "direction", "amount", "transfer_amount", "payee", "notes", "tags", "repeat",
                             "start_date", "end_date")
            data["next_date"] = obj.get("next_date")
            data |= self.refs(obj, entity, i, required=("account_id", "transfer_account_id"), optional=("category_id",))
            self.create(Recurring, entity, i, obj, s.RecurringRestoreIn, data, make)

    def receipts(self, objects: list[dict[str, Any]], file_of: Callable[[str, str], Any] | None,
                 stored: Stored) -> None:
        entity = "finance_receipt"
        for i, obj in _live(objects):
            txn_id = self.ref(obj.get("transaction_id"), entity, i, "transaction_id")
            if txn_id is None:
                continue  # its transaction was deleted: so is the receipt, for the reader
            new_id = self._receipt_id(entity, i, obj)
            if new_id is None:
                continue
            upload = file_of(str(obj.get("id")), str(obj.get("name") or "receipt")) if file_of else None
            if upload is None:
                self.skipped[entity] += 1
                continue
            transaction = Transaction.objects.get(pk=txn_id)
            try:
                with upload:
                    receipt = actions.attach_transaction_receipt(self.user, transaction=transaction, upload=upload,
                                                                 id=new_id)
            except DomainError as exc:
                raise _bad(entity, i, exc.message, exc.fields) from exc
            stored.add(receipt)
            self.created[entity] += 1

    def _receipt_id(self, entity: str, index: int, obj: dict[str, Any]) -> UUID | None:
        """claim() for a receipt (whose owner is its transaction's)."""
        try:
            old = UUID(str(obj.get("id")))
        except ValueError:
            raise _bad(entity, index, gettext_noop("The record has no valid id.")) from None
        for candidate in (old, uuid.uuid5(old, str(self.user.id))):
            owner = (TransactionReceipt.objects.filter(pk=candidate)
                     .values_list("transaction__owner_id", flat=True).first())
            if owner is None and not TransactionReceipt.objects.filter(pk=candidate).exists():
                return candidate
            if owner == self.user.id:
                self.already[entity] += 1
                return None
        return uuid.uuid4()

    def settings(self, objects: list[dict[str, Any]]) -> None:
        entity = "finance_settings"
        for i, obj in _live(objects)[:1]:
            data = self.pick(obj, "post_shared_expenses")
            data["shared_expense_account_id"] = self.ref(obj.get("shared_expense_account_id"), entity, i,
                                                         "shared_expense_account_id")
            values = self.parse(s.SettingsPatch, data, entity, i)
            actions.update_settings(self.user, **values)
            self.created[entity] += 1

    def rates(self, objects: list[dict[str, Any]]) -> None:
        entity = "exchange_rate"
        for i, obj in enumerate(objects):
            values = self.parse(s.RateIn, self.pick(obj, "base", "quote", "rate", "effective_date"), entity, i)
            if ExchangeRate.objects.filter(owner_id=self.user.id, **values).exists():
                self.already[entity] += 1
                continue
            actions.set_rate(self.user, **values)
            self.created[entity] += 1


@action
def restore_finance(user: Any, *, entities: dict[str, list[dict[str, Any]]],
                    receipt_file: Callable[[str, str], Any] | None = None) -> dict[str, dict[str, int]]:
    """Restore an export's records (see the module docstring); what was created, what was
    already there and what was left out, by kind of record. `receipt_file(receipt id, name)`:
    the receipt's file from the upload as an UploadedFile, or None (ledger.finance.backup)."""
    actions.ensure_finance(user)
    run = _Restore(user, entities)
    stored = Stored()
    with stored.removed_on_failure():
        run.categories(entities["finance_category"])
        run.accounts(entities["finance_account"])
        run.transactions(entities["finance_transaction"])
        run.receipts(entities.get("finance_receipt", []), receipt_file, stored)
        run.rules(entities["finance_rule"])
        run.budgets(entities["finance_budget"])
        run.bills(entities["finance_bill"])
        run.recurring(entities["finance_recurring"])
        run.settings(entities["finance_settings"])
        run.rates(entities["exchange_rate"])
    return {"created": dict(run.created), "already_there": dict(run.already), "skipped": dict(run.skipped)}
