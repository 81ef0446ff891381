"""Khata's reads, with access built in: someone who is not a member of a business gets
NotFound for everything in it (its existence is not theirs to learn); a member whose role
is too low gets Forbidden with code `insufficient_role` (from `require_role`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from config.api.errors import Forbidden, NotFound
from ledger.khata.models import (
    ROLE_RANK,
    AttendanceDay,
    Bill,
    BillKind,
    BillState,
    Business,
    CashEntry,
    CreditNote,
    CreditNoteState,
    Entry,
    EntryKind,
    EntryReceipt,
    Membership,
    Party,
    Payment,
    Punch,
    Reminder,
    Role,
    Staff,
)

ZERO = Decimal(0)

# What each role may do, by the lowest role allowed.
WHAT_ROLE_MAY = {
    Role.CLERK: "record entries and attendance and read the books",
    Role.MANAGER: "manage parties, bills, payments, the cashbook and staff",
    Role.OWNER: "change settings and members",
}


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except (TypeError, ValueError):
        raise NotFound()


# --- membership and roles ------------------------------------------------------------------


# The lowest role that may read each kind of object, on every read path: the API refuses
# the rest (403 insufficient_role), the change feed and the snapshot leave them out, and the
# pages refuse them. Not listed: every member (clerk and up).
READ_ROLE: dict[type, str] = {CashEntry: Role.MANAGER, Reminder: Role.MANAGER}
# Who may read a staff member's pay (salary type and amount, month sheets); lower roles see
# the staff member without it.
PAY_ROLE = Role.MANAGER


def read_role(model: type) -> str:
    return READ_ROLE.get(model, Role.CLERK)


def roles_at_least(role: str) -> list[str]:
    return [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[role]]


def may_read(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def member_ids(business_id: UUID, *, at_least: str = Role.CLERK) -> list[UUID]:
    """Users who can see the business now with at least role `at_least` (the audience of
    everything in it that such a role may read). Read for every change in a business: on
    PostgreSQL one plain statement, as building the ORM query cost 3× running it."""
    if connection.vendor != "postgresql":
        return list(
            Membership.objects.filter(business_id=business_id, deleted_at=None, business__deleted_at=None,
                                      role__in=roles_at_least(at_least))
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute(_MEMBER_IDS, [_uuid(business_id), roles_at_least(at_least)])
        return [user_id for (user_id,) in cursor.fetchall()]


_MEMBER_IDS = (
    f'SELECT m."user_id" FROM "{Membership._meta.db_table}" m'
    f' JOIN "{Business._meta.db_table}" b ON b."id" = m."business_id"'
    ' WHERE m."business_id" = %s AND m."deleted_at" IS NULL AND b."deleted_at" IS NULL AND m."role" = ANY(%s)'
    ' ORDER BY m."user_id"'
)


def role_of(user: Any, business_id: UUID) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if connection.vendor == "postgresql" and isinstance(business_id, UUID):
        # Every khata write checks it: one plain statement, as for member_ids.
        with connection.cursor() as cursor:
            cursor.execute(_ROLE_OF, [business_id, user.pk])
            row = cursor.fetchone()
        return row[0] if row else None
    return (
        Membership.objects.filter(business_id=business_id, user_id=user.pk, deleted_at=None, business__deleted_at=None)
        .values_list("role", flat=True)
        .first()
    )


# At most one live membership per user and business (khata_one_live_membership).
_ROLE_OF = (
    f'SELECT m."role" FROM "{Membership._meta.db_table}" m'
    f' JOIN "{Business._meta.db_table}" b ON b."id" = m."business_id"'
    ' WHERE m."business_id" = %s AND m."user_id" = %s AND m."deleted_at" IS NULL AND b."deleted_at" IS NULL'
)


def require_role(user: Any, business_id: UUID, needed: str) -> str:
    """The user's role, if at least `needed`; NotFound for non-members, Forbidden otherwise."""
    role = role_of(user, business_id)
    if role is None:
        raise NotFound()
    if ROLE_RANK[role] < ROLE_RANK[needed]:
        raise Forbidden(
            f"A {role} cannot do this: only {'an owner' if needed == Role.OWNER else 'a ' + needed + ' or owner'}"
            f" may {WHAT_ROLE_MAY[needed]}.",
            code="insufficient_role",
        )
    return role


def businesses_for(user: Any) -> QuerySet[Business]:
    return Business.objects.filter(
        deleted_at=None, memberships__user_id=user.pk, memberships__deleted_at=None
    ).order_by("name", "id")


def get_business_for(user: Any, business_id: Any) -> Business:
    business = businesses_for(user).filter(pk=_uuid(business_id)).first()
    if business is None:
        raise NotFound("No such business.")
    return business


def _member_filter(user: Any, prefix: str = "business__", *, at_least: str = Role.CLERK) -> Q:
    return Q(
        **{
            f"{prefix}memberships__user_id": user.pk,
            f"{prefix}memberships__deleted_at": None,
            f"{prefix}memberships__role__in": roles_at_least(at_least),
            f"{prefix}deleted_at": None,
        }
    )


def _get(qs: QuerySet, user: Any, obj_id: Any, *, include_deleted: bool = False, what: str = "object"):
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    qs = qs.filter(_member_filter(user), pk=_uuid(obj_id))
    if not include_deleted:
        qs = qs.filter(deleted_at=None)
    obj = qs.first()
    if obj is None:
        raise NotFound(f"No such {what}.")
    return obj


def memberships_of(business: Business) -> QuerySet[Membership]:
    return business.memberships.filter(deleted_at=None).select_related("user").order_by("created_at", "id")


def pending_staff_invites(business: Business) -> QuerySet:
    """Invites to join the business nobody has used yet, still valid, newest first."""
    from django.utils import timezone

    from ledger.khata.actions.business import STAFF_INVITE
    from social.models import Invite

    return (Invite.objects.filter(purpose=STAFF_INVITE, payload__business_id=str(business.pk), deleted_at=None,
                                  accepted_at=None, expires_at__gt=timezone.now())
            .order_by("-created_at", "id"))


def get_membership_for(user: Any, membership_id: Any) -> Membership:
    return _get(Membership.objects.select_related("business", "user"), user, membership_id, what="member")


# --- visible querysets (the realtime snapshot) --------------------------------------------


def visible(model: type, user: Any) -> QuerySet:
    """Live objects of `model` in the businesses where `user` has a role that may read them."""
    qs = (
        model.objects.filter(_member_filter(user, at_least=read_role(model)), deleted_at=None)
        .select_related("business").distinct()
    )
    if model in (Bill, CreditNote):
        qs = qs.select_related("party").prefetch_related("lines")
    return qs


def visible_businesses(user: Any) -> QuerySet[Business]:
    return businesses_for(user)


def visible_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(_member_filter(user), deleted_at=None).select_related("user")


# --- parties --------------------------------------------------------------------------------


def parties_of(
    business: Business, *, q: str = "", kind: str = "", balance: str = "", deleted: bool = False
) -> QuerySet[Party]:
    qs = Party.objects.filter(business=business).select_related("business")
    qs = qs.exclude(deleted_at=None) if deleted else qs.filter(deleted_at=None)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(phone__contains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if balance == "owes_me":
        qs = qs.filter(balance__gt=0)
    elif balance == "i_owe":
        qs = qs.filter(balance__lt=0)
    elif balance == "settled":
        qs = qs.filter(balance=0)
    return qs.order_by("name", "id")


def get_party_for(user: Any, party_id: Any, *, include_deleted: bool = False) -> Party:
    return _get(Party.objects.select_related("business"), user, party_id, include_deleted=include_deleted,
                what="party")


def get_shared_party(party_id: Any, business_id: Any, generation: int = 0) -> Party:
    """The live party a statement link names (ledger.khata.statement_links checked the
    signature: the link is the access), with a live business, its links not withdrawn since;
    NotFound otherwise."""
    party = (Party.objects.select_related("business")
             .filter(pk=_uuid(party_id), business_id=_uuid(business_id), deleted_at=None,
                     business__deleted_at=None, share_generation=generation).first())
    if party is None:
        raise NotFound("No such party.")
    return party


def recomputed_totals(party: Party) -> tuple[Decimal, Decimal, Decimal]:
    """(debits, credits, balance) from the records, ignoring the stored figures."""

    def total(qs: QuerySet, field: str) -> Decimal:
        return qs.aggregate(s=Coalesce(Sum(field), Value(ZERO)))["s"]

    live = {"party": party, "deleted_at": None}
    gave = total(Entry.objects.filter(**live, kind=EntryKind.GAVE), "amount")
    got = total(Entry.objects.filter(**live, kind=EntryKind.GOT), "amount")
    sales = total(Bill.objects.filter(**live, state=BillState.ISSUED, kind=BillKind.SALE), "total")
    purchases = total(Bill.objects.filter(**live, state=BillState.ISSUED, kind=BillKind.PURCHASE), "total")
    paid_in = total(Payment.objects.filter(**live, bill__kind=BillKind.SALE), "amount")
    paid_out = total(Payment.objects.filter(**live, bill__kind=BillKind.PURCHASE), "amount")
    credited = total(CreditNote.objects.filter(**live, state=CreditNoteState.ISSUED), "total")
    debits, credits = gave + sales + paid_out, got + paid_in + purchases + credited
    return debits, credits, party.opening_balance + debits - credits


def statement(party: Party, *, start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    """Opening balance at `start`, every movement in [start, end] with its running balance,
    and the closing balance. Movements: gave (+), got (-), issued sale bills (+), payments on
    them (-), credit notes (-), suppliers' purchase bills (-) and payments on them (+), in
    (date, created_at, id) order."""
    from django.db import connection

    from config.money import exponent

    currency = party.business.currency
    opening = party.opening_balance + _movement_sum(party, before=start) if start else party.opening_balance
    if connection.vendor == "postgresql":
        rows = _statement_rows_sql(party, start=start, end=end, opening=opening, places=exponent(currency))
    else:
        rows = _statement_rows_python(party, start=start, end=end, opening=opening, currency=currency)
    movements = [
        {"date": d, "type": t, "id": i, "text": x, "debit": dr, "credit": cr, "balance": bal}
        for d, t, i, x, dr, cr, bal in rows
    ]
    closing = Decimal(movements[-1]["balance"]) if movements else opening
    debit = sum((Decimal(m["debit"]) for m in movements), ZERO)
    credit = sum((Decimal(m["credit"]) for m in movements), ZERO)
    return {
        "party": {"id": str(party.id), "name": party.name, "kind": party.kind, "phone": party.phone},
        "currency": currency,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "opening": _fmt(opening, currency),
        "movements": movements,
        "closing": _fmt(closing, currency),
        "total_debit": _fmt(debit, currency),
        "total_credit": _fmt(credit, currency),
    }


def _movement_sum(party: Party, *, before: dt.date) -> Decimal:
    """Net of every movement dated before `before` (debits minus credits)."""
    live = {"party": party, "deleted_at": None}
    entries = Entry.objects.filter(**live, date__lt=before).aggregate(
        gave=Coalesce(Sum("amount", filter=Q(kind=EntryKind.GAVE)), Value(ZERO)),
        got=Coalesce(Sum("amount", filter=Q(kind=EntryKind.GOT)), Value(ZERO)),
    )
    bills = Bill.objects.filter(**live, state=BillState.ISSUED, issue_date__lt=before).aggregate(
        sale=Coalesce(Sum("total", filter=Q(kind=BillKind.SALE)), Value(ZERO)),
        purchase=Coalesce(Sum("total", filter=Q(kind=BillKind.PURCHASE)), Value(ZERO)),
    )
    paid = Payment.objects.filter(**live, date__lt=before).aggregate(
        sale=Coalesce(Sum("amount", filter=Q(bill__kind=BillKind.SALE)), Value(ZERO)),
        purchase=Coalesce(Sum("amount", filter=Q(bill__kind=BillKind.PURCHASE)), Value(ZERO)),
    )
    credited = CreditNote.objects.filter(**live, state=CreditNoteState.ISSUED, date__lt=before).aggregate(
        s=Coalesce(Sum("total"), Value(ZERO)))["s"]
    return (entries["gave"] - entries["got"] + bills["sale"] - bills["purchase"] - paid["sale"] + paid["purchase"]
            - credited)


_STATEMENT_SQL = """
WITH m AS (
    SELECT e.date AS d, e.created_at AS c, e.id::text AS id, e.kind AS t,
           CASE WHEN e.kind = 'gave' THEN e.amount ELSE -e.amount END AS amt, e.note AS x
      FROM khata_entry e WHERE e.party_id = %(party)s AND e.deleted_at IS NULL {entry_range}
    UNION ALL
    SELECT b.issue_date, b.created_at, b.id::text,
           CASE WHEN b.kind = 'purchase' THEN 'purchase_bill' ELSE 'bill' END,
           CASE WHEN b.kind = 'purchase' THEN -b.total ELSE b.total END, b.number
      FROM khata_bill b WHERE b.party_id = %(party)s AND b.deleted_at IS NULL AND b.state = 'issued' {bill_range}
    UNION ALL
    SELECT p.date, p.created_at, p.id::text, 'payment',
           CASE WHEN pb.kind = 'purchase' THEN p.amount ELSE -p.amount END, p.note
      FROM khata_payment p JOIN khata_bill pb ON pb.id = p.bill_id
     WHERE p.party_id = %(party)s AND p.deleted_at IS NULL {payment_range}
    UNION ALL
    SELECT n.date, n.created_at, n.id::text, 'credit_note', -n.total, n.number
      FROM khata_creditnote n WHERE n.party_id = %(party)s AND n.deleted_at IS NULL AND n.state = 'issued' {note_range}
)
SELECT to_char(d, 'YYYY-MM-DD'), t, id, x,
       ROUND(GREATEST(amt, 0), %(places)s)::text, ROUND(GREATEST(-amt, 0), %(places)s)::text,
       ROUND(%(opening)s + SUM(amt) OVER (ORDER BY d, c, id ROWS UNBOUNDED PRECEDING), %(places)s)::text
  FROM m ORDER BY d, c, id
"""


def _statement_rows_sql(party: Party, *, start, end, opening: Decimal, places: int) -> list[tuple]:
    """One query: the database orders, sums and formats (1,000 movements in a few ms)."""
    from django.db import connection

    def span(column: str) -> str:
        return (f" AND {column} >= %(start)s" if start else "") + (f" AND {column} <= %(end)s" if end else "")

    sql = _STATEMENT_SQL.format(entry_range=span("e.date"), bill_range=span("b.issue_date"),
                                payment_range=span("p.date"), note_range=span("n.date"))
    with connection.cursor() as cur:
        cur.execute(sql, {"party": party.id, "start": start, "end": end, "opening": opening, "places": places})
        return cur.fetchall()


def _statement_rows_python(party: Party, *, start, end, opening: Decimal, currency: str) -> list[tuple]:
    """The same rows without PostgreSQL (the no-server SQLite setup)."""
    live = {"party": party, "deleted_at": None}
    sources = [
        (Entry.objects.filter(**live), "date", ("id", "date", "created_at", "kind", "amount", "note")),
        (Bill.objects.filter(**live, state=BillState.ISSUED), "issue_date",
         ("id", "issue_date", "created_at", "number", "total", "kind")),
        (Payment.objects.filter(**live), "date", ("id", "date", "created_at", "amount", "note", "bill__kind")),
        (CreditNote.objects.filter(**live, state=CreditNoteState.ISSUED), "date",
         ("id", "date", "created_at", "number", "total")),
    ]
    raw: list[tuple] = []
    for n, (qs, date_field, fields) in enumerate(sources):
        if start is not None:
            qs = qs.filter(**{f"{date_field}__gte": start})
        if end is not None:
            qs = qs.filter(**{f"{date_field}__lte": end})
        for r in qs.values_list(*fields):
            if n == 0:
                raw.append((r[1], r[2], str(r[0]), r[3], r[4] if r[3] == EntryKind.GAVE else -r[4], r[5]))
            elif n == 1:
                purchase = r[5] == BillKind.PURCHASE
                raw.append((r[1], r[2], str(r[0]), "purchase_bill" if purchase else "bill",
                            -r[4] if purchase else r[4], r[3]))
            elif n == 2:
                raw.append((r[1], r[2], str(r[0]), "payment", r[3] if r[5] == BillKind.PURCHASE else -r[3], r[4]))
            else:
                raw.append((r[1], r[2], str(r[0]), "credit_note", -r[4], r[3]))
    raw.sort(key=lambda r: (r[0], r[1], r[2]))
    running = opening
    rows = []
    for date, _created, obj_id, kind, signed, text in raw:
        running += signed
        rows.append((date.isoformat(), kind, obj_id, text, _fmt(max(signed, ZERO), currency),
                     _fmt(max(-signed, ZERO), currency), _fmt(running, currency)))
    return rows


def _fmt(amount: Decimal, currency: str) -> str:
    from config.money import format_amount

    return format_amount(amount, currency)


# --- entries --------------------------------------------------------------------------------


def entries_of(business: Business, *, party_id: UUID | None = None, deleted: bool = False) -> QuerySet[Entry]:
    qs = Entry.objects.filter(business=business).select_related("business")
    qs = qs.exclude(deleted_at=None) if deleted else qs.filter(deleted_at=None)
    if party_id:
        qs = qs.filter(party_id=party_id)
    return qs.order_by("-date", "-created_at", "-id")


def get_entry_for(user: Any, entry_id: Any, *, include_deleted: bool = False) -> Entry:
    return _get(Entry.objects.select_related("business"), user, entry_id, include_deleted=include_deleted,
                what="entry")


def receipts_of_entry(entry: Entry) -> QuerySet[EntryReceipt]:
    return EntryReceipt.objects.filter(entry=entry, deleted_at=None).select_related("business").order_by("created_at", "id")


def receipts_of_bill(bill: Bill) -> QuerySet[EntryReceipt]:
    return EntryReceipt.objects.filter(bill=bill, deleted_at=None).select_related("business").order_by("created_at", "id")


def get_entry_receipt_for(user: Any, receipt_id: Any) -> EntryReceipt:
    return _get(EntryReceipt.objects.select_related("business", "entry"), user, receipt_id, what="receipt")


# --- bills ----------------------------------------------------------------------------------


def bills_of(
    business: Business, *, party_id: UUID | None = None, status: str = "", kind: str = ""
) -> QuerySet[Bill]:
    """Sale and purchase bills, or one `kind` of them."""
    qs = (
        Bill.objects.filter(business=business, deleted_at=None)
        .select_related("business", "party")
        .prefetch_related("lines")
    )
    if party_id:
        qs = qs.filter(party_id=party_id)
    if kind:
        qs = qs.filter(kind=kind)
    today = business.today()
    issued_open = Q(state=BillState.ISSUED, paid__lt=F("total") - F("credited"))
    by_status = {
        "draft": Q(state=BillState.DRAFT),
        "cancelled": Q(state=BillState.CANCELLED),
        "paid": Q(state=BillState.ISSUED, paid__gte=F("total") - F("credited"), credited__lt=F("total")),
        "credited": Q(state=BillState.ISSUED, credited__gte=F("total")),
        "overdue": issued_open & Q(due_date__lt=today),
        "pending": issued_open & Q(due_date__gte=today, paid=0),
        "partially_paid": issued_open & Q(due_date__gte=today, paid__gt=0),
    }
    if status:
        qs = qs.filter(by_status[status])
    return qs.order_by("-issue_date", "-created_at", "-id")


def get_bill_for(user: Any, bill_id: Any) -> Bill:
    """The bill, if `user` is a member of its business; NotFound otherwise (the interface
    invoicing relies on: number, party.name/gstin, total, currency, issue_date, due_date,
    business_id)."""
    return _get(
        Bill.objects.select_related("business", "party").prefetch_related("lines"), user, bill_id, what="bill"
    )


def credit_notes_of(
    business: Business, *, bill: Bill | None = None, party_id: UUID | None = None
) -> QuerySet[CreditNote]:
    """Credit notes, cancelled ones too (they keep their numbers), newest first."""
    qs = CreditNote.objects.filter(business=business, deleted_at=None)
    if bill is not None:
        qs = qs.filter(bill=bill)
    if party_id:
        qs = qs.filter(party_id=party_id)
    return qs.select_related("business", "party", "bill").prefetch_related("lines").order_by("-date", "-seq", "-id")


def get_credit_note_for(user: Any, note_id: Any) -> CreditNote:
    return _get(CreditNote.objects.select_related("business", "party", "bill").prefetch_related("lines"), user,
                note_id, what="credit note")


def input_tax(business: Business, month: dt.date) -> dict[str, Any]:
    """The month's input tax credit (ITC) from issued purchase bills dated in it: taxable value
    and IGST, CGST, SGST summed exactly, with the bills counted."""
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    agg = Bill.objects.filter(
        business=business, kind=BillKind.PURCHASE, state=BillState.ISSUED, deleted_at=None,
        issue_date__gte=start, issue_date__lt=end,
    ).aggregate(**{f: Coalesce(Sum(f), Value(ZERO)) for f in ("taxable", "igst", "cgst", "sgst", "tax_total", "total")},
                bills=Count("id"))
    from config.money import quantize

    count = agg.pop("bills")
    return {"month": start.strftime("%Y-%m"), "currency": business.currency, "bills": count,
            **{k: quantize(v, business.currency) for k, v in agg.items()}}


def is_owner(user: Any, business_id: UUID) -> bool:
    return role_of(user, business_id) == Role.OWNER


def payments_of(bill: Bill) -> QuerySet[Payment]:
    return bill.payments.filter(deleted_at=None).select_related("business").order_by("date", "created_at", "id")


def get_payment_for(user: Any, payment_id: Any) -> Payment:
    return _get(Payment.objects.select_related("business", "bill"), user, payment_id, what="payment")


# --- cashbook -------------------------------------------------------------------------------


def cash_entries_of(business: Business) -> QuerySet[CashEntry]:
    return CashEntry.objects.filter(business=business, deleted_at=None).select_related("business")


def cash_balance_before(business: Business, day: dt.date) -> Decimal:
    agg = cash_entries_of(business).filter(date__lt=day).aggregate(
        cin=Coalesce(Sum("amount", filter=Q(direction="in")), Value(ZERO)),
        cout=Coalesce(Sum("amount", filter=Q(direction="out")), Value(ZERO)),
    )
    return agg["cin"] - agg["cout"]


def cashbook_with_running_balance(
    business: Business, *, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[Decimal, QuerySet[CashEntry]]:
    """(opening balance, entries in date order annotated with `running`)."""
    from django.db.models import Case, When, Window

    qs = cash_entries_of(business)
    opening = ZERO
    if start is not None:
        opening = cash_balance_before(business, start)
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    signed = Case(When(direction="in", then=F("amount")), default=-F("amount"))
    qs = qs.annotate(
        running=Window(Sum(signed), order_by=[F("date").asc(), F("created_at").asc(), F("id").asc()])
    ).order_by("date", "created_at", "id")
    return opening, qs


def cash_report(business: Business, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Opening, per-day in/out/closing, per-category totals, closing, for [start, end]."""
    currency = business.currency
    opening = cash_balance_before(business, start)
    qs = cash_entries_of(business).filter(date__gte=start, date__lte=end)
    per_day = (
        qs.values("date")
        .annotate(
            cin=Coalesce(Sum("amount", filter=Q(direction="in")), Value(ZERO)),
            cout=Coalesce(Sum("amount", filter=Q(direction="out")), Value(ZERO)),
        )
        .order_by("date")
    )
    days = []
    running = opening
    total_in = total_out = ZERO
    for row in per_day:
        day_open = running
        running += row["cin"] - row["cout"]
        total_in += row["cin"]
        total_out += row["cout"]
        days.append(
            {"date": row["date"].isoformat(), "opening": _fmt(day_open, currency), "cash_in": _fmt(row["cin"], currency),
             "cash_out": _fmt(row["cout"], currency), "closing": _fmt(running, currency)}
        )
    categories = [
        {"category": r["category"], "direction": r["direction"], "total": _fmt(r["s"], currency)}
        for r in qs.values("category", "direction").annotate(s=Sum("amount")).order_by("direction", "category")
    ]
    return {
        "currency": currency, "start": start.isoformat(), "end": end.isoformat(),
        "opening": _fmt(opening, currency), "cash_in": _fmt(total_in, currency),
        "cash_out": _fmt(total_out, currency),
        "closing": _fmt(running, currency), "days": days, "categories": categories,
    }


def get_cash_entry_for(user: Any, cash_id: Any) -> CashEntry:
    return _get(CashEntry.objects.select_related("business"), user, cash_id, what="cash entry")


# --- staff and attendance -------------------------------------------------------------------


def pay_readers(staff: Staff) -> list[UUID]:
    """Who may read this staff member's pay (the full shape of a staff member)."""
    return member_ids(staff.business_id, at_least=PAY_ROLE)


def staff_of(business: Business) -> QuerySet[Staff]:
    return Staff.objects.filter(business=business, deleted_at=None).select_related("business").order_by("name", "id")


def get_staff_for(user: Any, staff_id: Any) -> Staff:
    return _get(Staff.objects.select_related("business"), user, staff_id, what="staff member")


def punches_of(staff: Staff, *, start: dt.date, end: dt.date) -> QuerySet[Punch]:
    return staff.punches.filter(deleted_at=None, date__gte=start, date__lte=end).order_by("at", "id")


def days_of(staff: Staff, *, start: dt.date, end: dt.date) -> QuerySet[AttendanceDay]:
    return staff.attendance_days.filter(deleted_at=None, date__gte=start, date__lte=end).order_by("date")


def reminders_of(business: Business) -> QuerySet[Reminder]:
    return Reminder.objects.filter(business=business, deleted_at=None).select_related("business", "party").order_by(
        "-day", "id"
    )


def month_sheet(staff: Staff, *, year: int, month: int) -> dict[str, Any]:
    """Every day of the month with hours, overtime and status, and the salary it implies."""
    import calendar

    from ledger.khata.worktime import ShiftRules
    from ledger.khata.worktime import month_sheet as sheet

    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    business = staff.business
    sheet_data = sheet(
        year=year, month=month,
        punches=punches_of(staff, start=start, end=end).values_list("date", "kind", "at"),
        statuses=dict(days_of(staff, start=start, end=end).values_list("date", "status")),
        rules=ShiftRules(business.shift_minutes, business.half_day_minutes, business.grace_minutes),
        salary_type=staff.salary_type, salary_amount=staff.salary_amount, currency=business.currency,
    )
    sheet_data["staff"] = {"id": str(staff.id), "name": staff.name}
    return sheet_data
