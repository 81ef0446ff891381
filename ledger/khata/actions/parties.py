"""Parties (customers and suppliers) and their CSV import."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Conflict, Invalid
from config.csv_import import UnreadableRow, numbered
from config.phrases import sentence
from ledger.khata import gstin, selectors
from ledger.khata.actions.balances import _track_owed_since
from ledger.khata.actions.financing import refuse_if_any_financed
from ledger.khata.models import Business, Party, PartyKind, Role
from realtime.feed import action, publish
from realtime.preconditions import check_version
from social.phones import InvalidPhone, normalize_phone

MAX_IMPORT_ROWS = 5000


def clean_phone(raw: str) -> str:
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise Invalid("Invalid phone number.", code="invalid_phone", fields={"phone": ["Not a valid phone number."]})


def _check_amounts(business: Business, fields: dict[str, Any]) -> None:
    bad = {
        name: [f"{money.exponent(business.currency)} decimal places at most for {business.currency}."]
        for name in ("opening_balance", "credit_limit")
        if fields.get(name) is not None and not money.has_valid_precision(fields[name], business.currency)
    }
    if bad:
        raise Invalid("Too many decimal places.", fields=bad)


@action
def create_party(actor: Any, *, business: Business, kind: str, name: str, id: UUID | None = None,
                 **fields: Any) -> Party:
    selectors.require_role(actor, business.id, Role.MANAGER)
    if id is not None:
        existing = Party.objects.filter(pk=id).first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    fields["phone"] = clean_phone(fields.get("phone", ""))
    _check_amounts(business, fields)
    gstin.check_fields(fields)
    opening = fields.pop("opening_balance", None) or Decimal(0)
    party = Party(business=business, kind=kind, name=name, opening_balance=opening, balance=opening,
                  **({"id": id} if id else {}), **fields)
    _track_owed_since(party, False, None)
    party.save()
    publish(party, "khata.party.created")
    return party


@action
def update_party(actor: Any, *, party: Party, expected_version: int | None = None, **changes: Any) -> Party:
    selectors.require_role(actor, party.business_id, Role.MANAGER)
    party = Party.objects.select_for_update().select_related("business").get(pk=party.pk)
    check_version(party, expected_version)
    if "phone" in changes:
        changes["phone"] = clean_phone(changes["phone"])
    _check_amounts(party.business, changes)
    gstin.check_fields(changes)
    if changes.get("opening_balance") is None:
        changes.pop("opening_balance", None)
    was_owed = party.balance > 0
    for key, value in changes.items():
        setattr(party, key, value)
    party.balance = party.opening_balance + party.debits - party.credits
    _track_owed_since(party, was_owed, None)
    party.version += 1
    party.save()
    publish(party, "khata.party.updated")
    return party


@action
def withdraw_statement_links(actor: Any, *, party: Party) -> Party:
    """Every statement link of the party sent so far stops working (a new one can be shared)."""
    selectors.require_role(actor, party.business_id, Role.MANAGER)
    party = Party.objects.select_for_update().select_related("business").get(pk=party.pk)
    party.share_generation += 1
    party.version += 1
    party.save(update_fields=["share_generation", "version", "updated_at"])
    publish(party, "khata.party.updated")
    return party


@action
def delete_party(actor: Any, *, party: Party, expected_version: int | None = None) -> Party:
    """Soft delete: the party and its records stay, hidden, until restored."""
    selectors.require_role(actor, party.business_id, Role.MANAGER)
    party = Party.objects.select_for_update().select_related("business").get(pk=party.pk)
    check_version(party, expected_version)
    refuse_if_any_financed(party=party)
    party.deleted_at = timezone.now()
    party.version += 1
    party.save()
    publish(party, "khata.party.deleted")
    return party


@action
def restore_party(actor: Any, *, party: Party) -> Party:
    selectors.require_role(actor, party.business_id, Role.MANAGER)
    party = Party.objects.select_for_update().select_related("business").get(pk=party.pk)
    if party.deleted_at is None:
        return party
    party.deleted_at = None
    party.version += 1
    party.save()
    publish(party, "khata.party.restored")
    return party


CSV_COLUMNS = {"name", "kind", "phone", "email", "address", "gstin", "state_code", "opening_balance",
               "credit_limit", "notes"}


@action
def import_parties(actor: Any, *, business: Business, text: str, kind: str | None = None) -> dict[str, Any]:
    """Create a party per CSV row; good rows are kept, bad ones reported by row number
    (the header is row 1, so the first party is row 2, as a spreadsheet shows it)."""

    selectors.require_role(actor, business.id, Role.MANAGER)
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise Invalid(sentence(gettext_noop("Row 1 cannot be read as CSV (%(why)s)."), why=str(exc)), code="csv_unreadable",
                      fields={"csv": [f"Row 1: {exc}."]})
    header = {(h or "").strip().lower() for h in fieldnames}
    if "name" not in header:
        raise Invalid("The CSV needs a header row with at least a `name` column.", code="csv_header",
                      fields={"csv": ["Missing header with a name column."]})
    unknown = header - CSV_COLUMNS
    if unknown:
        raise Invalid("Unknown CSV columns.", code="csv_header", fields={"csv": [f"Unknown columns: {sorted(unknown)}"]})
    try:
        return _import_rows(actor, business, reader, kind)
    except UnreadableRow as exc:  # a field over csv's size limit, a NUL byte …
        raise Invalid(sentence(gettext_noop("The CSV could not be read (%(why)s)."), why=str(exc)), code="csv_unreadable",
                      fields={"csv": [str(exc)]})


def _import_rows(actor: Any, business: Business, reader: csv.DictReader, kind: str | None) -> dict[str, Any]:
    from ledger.khata.api.serializers import PartyIn

    rows: list[dict[str, Any]] = []
    created = failed = 0
    for number, raw in numbered(reader):
        if number - 1 > MAX_IMPORT_ROWS:
            raise Invalid(sentence(gettext_noop("At most %(rows)s rows per import."), rows=MAX_IMPORT_ROWS), code="csv_too_long",
                          fields={"csv": ["Too many rows."]})
        data = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        data = {k: v for k, v in data.items() if v != "" or k == "name"}
        data.setdefault("kind", kind or PartyKind.CUSTOMER)
        parsed = PartyIn(data=data)
        if not parsed.is_valid():
            failed += 1
            rows.append({"row": number, "status": "error", "errors": _plain(parsed.errors)})
            continue
        try:
            with transaction.atomic():
                party = create_party(actor, business=business, **parsed.validated_data)
        except Invalid as exc:
            failed += 1
            rows.append({"row": number, "status": "error", "errors": exc.fields or {"row": [exc.message]}})
            continue
        except (IntegrityError, InvalidOperation) as exc:  # pragma: no cover - defensive
            failed += 1
            rows.append({"row": number, "status": "error", "errors": {"row": [str(exc)[:200]]}})
            continue
        created += 1
        rows.append({"row": number, "status": "created", "id": str(party.id)})
    return {"created": created, "failed": failed, "rows": rows}


def _plain(errors: Any) -> Any:
    if isinstance(errors, dict):
        return {k: _plain(v) for k, v in errors.items()}
    if isinstance(errors, list):
        return [_plain(v) for v in errors]
    return str(errors)
