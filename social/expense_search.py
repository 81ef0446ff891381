"""Expense search: the filters the API (`GET /api/expenses?q=…`), the expenses page and
the admin share. Only ever narrows `expenses_visible_to(user)`, so a filter can never show
someone else's expense; a group the user is not in is a 404, as everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from config.api.errors import Invalid
from social import selectors
from social.models import Expense, Share, User

MAX_TERMS = 10


@dataclass(frozen=True)
class ExpenseFilter:
    q: str = ""  # every word in the description, notes or category (any case)
    person: UUID | None = None  # paid or owes a part
    category: str = ""  # exactly (any case)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    currency: str = ""
    group: UUID | str | None = None  # a malformed id is a missing group (404)

    def check(self) -> None:
        """Ranges the wrong way round are a field error, not an empty answer."""
        problems: dict[str, list[str]] = {}
        if self.date_from and self.date_to and self.date_from > self.date_to:
            problems["from"] = ["Must not be after `to`."]
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            problems["min_amount"] = ["Must not be more than `max_amount`."]
        if len(self.q.split()) > MAX_TERMS:
            problems["q"] = [f"At most {MAX_TERMS} words."]
        if problems:
            raise Invalid(next(iter(problems.values()))[0], fields=problems)


def text_match(q: str, fields: tuple[str, ...] = ("description", "notes", "category")) -> Q:
    """Every word of `q` in one of `fields` (case-insensitive)."""
    match = Q()
    for term in q.split():
        one = Q()
        for field in fields:
            one |= Q(**{f"{field}__icontains": term})
        match &= one
    return match


def narrow(qs: QuerySet[Expense], f: ExpenseFilter) -> QuerySet[Expense]:
    """The filters applied to a queryset of expenses (already limited to what may be seen)."""
    f.check()
    if f.q.strip():
        qs = qs.filter(text_match(f.q))
    if f.person is not None:
        takes_part = Share.objects.filter(expense=OuterRef("pk"), user_id=f.person).filter(
            Q(paid__gt=0) | Q(owed__gt=0)
        )
        qs = qs.filter(Exists(takes_part))
    if f.category:
        qs = qs.filter(category__iexact=f.category)
    if f.date_from:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(date__lte=f.date_to)
    if f.min_amount is not None:
        qs = qs.filter(amount__gte=f.min_amount)
    if f.max_amount is not None:
        qs = qs.filter(amount__lte=f.max_amount)
    if f.currency:
        qs = qs.filter(currency=f.currency.upper())
    return qs


def search_expenses(user: User, f: ExpenseFilter) -> QuerySet[Expense]:
    qs = selectors.expenses_visible_to(user)
    if f.group is not None:
        qs = qs.filter(group=selectors.get_group_for(user, f.group))
    return narrow(qs, f)
